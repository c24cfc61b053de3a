"""Helpers shared by the readers of monthly returns, deliveries and transactions."""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon import resources
from carbon.readers.table import normalise

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
