"""Helpers shared by the readers of monthly returns, deliveries and transactions."""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon import resources
from carbon.readers.table import normalise, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.table import RawTable


class Rows:
    """A keep-mask over a table's rows with a one-line way to quarantine failures."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.table: RawTable = ctx.table
        self.n = len(self.table.frame)
        self.keep = np.ones(self.n, dtype=bool)

    def drop(self, mask: np.ndarray, column: str, reason: str | np.ndarray, fix: str) -> None:
        """Quarantine kept rows where ``mask`` is true."""
        hit = self.keep & np.asarray(mask, dtype=bool)
        if hit.any():
            where = np.flatnonzero(hit)
            frame = self.table.frame
            value = frame[column].to_numpy(dtype=object)[where] if column in frame else None
            why = reason[where] if isinstance(reason, np.ndarray) else reason
            self.ctx.reject(where, column, value, why, fix)
            self.keep &= ~hit

    def text(self, *names: str, default: str = "") -> pd.Series:
        """A column's text (stripped), or ``default`` when the file lacks it."""
        found = self.table.has(*names)
        if found is None:
            return pd.Series(default, index=self.table.frame.index, dtype=object)
        return self.table.column(found)

    def name(self, *names: str) -> str:
        """The normalised name of the first column that exists (else the first name)."""
        return self.table.has(*names) or normalise(names[0])

    @property
    def rows(self) -> np.ndarray:
        return np.flatnonzero(self.keep)


@cache
def vocabulary(package: str, name: str) -> pd.DataFrame:
    """A shipped mapping table with its text columns normalised for lookups."""
    frame = pd.read_csv(io.StringIO(resources.read_text(package, name)), dtype=str,
                        keep_default_na=False)
    return frame


def lookup(values: pd.Series, table: dict[str, str]) -> np.ndarray:
    """Map normalised labels through a dict; unmatched give ``""``."""
    return values.map(lambda v: table.get(normalise(v), "")).to_numpy(dtype=object)


#: Header texts of the money column of bills, tickets, returns and transactions [GBP].
COST_COLUMNS = ("cost gbp", "cost (£)", "cost", "net cost gbp", "total cost gbp", "charge gbp",
                "bill amount gbp", "invoice amount gbp", "amount gbp", "claim amount gbp")


def costs(r: Rows, *names: str) -> np.ndarray:
    """An optional money column in GBP (:data:`COST_COLUMNS` unless ``names`` are given).

    A cost that is not a number never costs the row its quantity: the row keeps no cost and a
    warning names the cell.

    Returns
    -------
    numpy.ndarray
        float64 per data row [GBP], NaN where the file has no such column, the cell is blank
        or not a number; credits may be negative.
    """
    column = r.table.has(*(names or COST_COLUMNS))
    if column is None:
        return np.full(r.n, np.nan)
    text = r.table.column(column).str.replace("£", "", regex=False)
    values, bad = to_number(text, r.ctx.options.decimal)
    if bad.any():
        r.ctx.warn(np.flatnonzero(bad), column, text.to_numpy(dtype=object)[bad],
                   "cost is not a number: the row is kept without a cost")
    return values
