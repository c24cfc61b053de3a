"""What every reader returns: accepted activity, quarantine, counts and stated assumptions.

A reader never drops a row. Each *input unit* it reads ends up either accepted (it produced
activity rows, or was read and needed none, like the opening read of a register) or quarantined
with a reason. The counting unit is stated per layout (:attr:`LoadResult.count_unit`):

* ``row`` - one data line of the file (bills, deliveries, returns, claims ...);
* ``reading`` - one half-hour value cell of a *wide* interval export (a day row of 48 cells is
  48 readings; cells marked ``-`` because the period does not exist on that day are not
  readings). A problem that spoils a whole day row (bad date, wrong number of periods for the
  clock-change calendar, conflicting duplicate) quarantines all of that row's readings in one
  quarantine record whose ``count`` says how many;
* ``read`` - one cumulative register read (an advance is attributed to the later read);
* ``value`` - one mapped field value of an ERIC return.

``rows_in == rows_accepted + rows_quarantined`` is checked when the result is built; a reader
that breaks it raises (it is a bug, never a data problem).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

CountUnit = Literal["row", "reading", "read", "value"]

#: Columns of a quarantine table (``count`` = input units the record stands for).
QUARANTINE_COLUMNS = ("source_file", "source_row", "column", "value", "reason", "fix", "raw",
                      "count")
#: Columns of a warnings table: accepted data that a person should look at.
WARNING_COLUMNS = ("source_file", "source_row", "column", "value", "message")


def empty_quarantine() -> pd.DataFrame:
    """A quarantine table with no rows."""
    return pd.DataFrame({
        "source_file": pd.Series(dtype=object), "source_row": pd.Series(dtype="int64"),
        "column": pd.Series(dtype=object), "value": pd.Series(dtype=object),
        "reason": pd.Series(dtype=object), "fix": pd.Series(dtype=object),
        "raw": pd.Series(dtype=object), "count": pd.Series(dtype="int64"),
    })


def empty_warnings() -> pd.DataFrame:
    """A warnings table with no rows."""
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "source_row" else object)
                         for c in WARNING_COLUMNS})


@dataclass(frozen=True)
class LoadResult:
    """The outcome of reading one file.

    Attributes
    ----------
    layout : str
        Name of the layout the file was read as (``hh_wide``, ``gas_bills`` ...).
    source_file : str
        File name as given.
    batch_id : str
        Id of the load batch (written on every activity row).
    activity : pandas.DataFrame
        Accepted rows in the canonical form of :mod:`carbon.activity` (validated).
    quarantine : pandas.DataFrame
        Rejected input units, columns :data:`QUARANTINE_COLUMNS`.
    rows_in, rows_accepted : int
        Input units read and accepted, in :attr:`count_unit`.
    count_unit : {'row', 'reading', 'read', 'value'}
        What one unit of ``rows_in`` is (see the module docstring).
    assumptions : tuple of str
        Every choice the reader made that the file did not state (time basis, conversion
        defaults, inferred conventions). Printed in the load summary and kept with the batch.
    warnings : pandas.DataFrame
        Accepted data worth a look (supplier kWh that disagrees with the recomputed value,
        estimated reads, implausible advances), columns :data:`WARNING_COLUMNS`.
    reference : pandas.DataFrame, optional
        Reference rows that are not activity (the meter schedule of a trust).
    activity_rows : int
        Accepted activity rows. Equal to ``len(activity)``, except when the rows were passed
        to a sink while reading (the store's batch writer): ``activity`` is empty then.
    """

    layout: str
    source_file: str
    batch_id: str
    activity: pd.DataFrame
    quarantine: pd.DataFrame
    rows_in: int
    rows_accepted: int
    count_unit: CountUnit
    assumptions: tuple[str, ...] = ()
    warnings: pd.DataFrame = field(default_factory=empty_warnings)
    reference: pd.DataFrame | None = None
    activity_rows: int = 0

    def __post_init__(self) -> None:
        if self.rows_in != self.rows_accepted + self.rows_quarantined:
            raise RuntimeError(
                f"{self.source_file}: reader {self.layout!r} broke conservation of rows: "
                f"{self.rows_in} in, {self.rows_accepted} accepted, "
                f"{self.rows_quarantined} quarantined ({self.count_unit}s)")
        if len(self.activity) and self.activity_rows != len(self.activity):
            raise RuntimeError(f"{self.source_file}: activity_rows does not count the rows")
        if min(self.rows_in, self.rows_accepted) < 0:
            raise RuntimeError(f"{self.source_file}: negative row count from {self.layout!r}")

    @property
    def rows_quarantined(self) -> int:
        """Input units in quarantine (sum of the ``count`` column)."""
        return int(self.quarantine["count"].sum()) if len(self.quarantine) else 0


def quarantine_frame(source_file: str, source_row: np.ndarray | pd.Series | list[int],
                     column: str | pd.Series | np.ndarray, value: object, reason: str | pd.Series,
                     fix: str | pd.Series, raw: pd.Series | np.ndarray | list[str],
                     count: int | np.ndarray = 1) -> pd.DataFrame:
    """Build quarantine records for many rows at once (vectorised; scalars broadcast).

    Parameters
    ----------
    source_file : str
        File name.
    source_row : array_like of int
        1-based line numbers as the user sees them (header included).
    column, value, reason, fix : scalar or array_like
        Where and why; ``fix`` says what the user should do.
    raw : array_like of str
        The raw row text (cells joined by the file's delimiter).
    count : int or array_like of int
        Input units each record stands for.
    """
    rows = np.asarray(source_row, dtype="int64")
    n = len(rows)
    if n == 0:
        return empty_quarantine()

    def spread(item: object) -> object:
        if isinstance(item, pd.Series):
            return item.to_numpy(dtype=object)
        if isinstance(item, np.ndarray):
            return item.astype(object)
        return [item] * n

    frame = pd.DataFrame({
        "source_file": [source_file] * n, "source_row": rows, "column": spread(column),
        "value": spread(value), "reason": spread(reason), "fix": spread(fix), "raw": spread(raw),
        "count": np.broadcast_to(np.asarray(count, dtype="int64"), (n,)).copy(),
    })
    frame["value"] = frame["value"].map(_text)
    return frame


def warnings_frame(source_file: str, source_row: np.ndarray | pd.Series | list[int],
                   column: str, value: object, message: str | pd.Series) -> pd.DataFrame:
    """Build warning records for many rows at once (scalars broadcast)."""
    rows = np.asarray(source_row, dtype="int64")
    n = len(rows)
    if n == 0:
        return empty_warnings()
    values = value.to_numpy(dtype=object) if isinstance(value, pd.Series) else (
        value.astype(object) if isinstance(value, np.ndarray) else [value] * n)
    messages = message.to_numpy(dtype=object) if isinstance(message, pd.Series) else (
        [message] * n)
    frame = pd.DataFrame({"source_file": [source_file] * n, "source_row": rows,
                          "column": [column] * n, "value": values, "message": messages})
    frame["value"] = frame["value"].map(_text)
    return frame


def _text(value: object) -> object:
    """Quarantine values are shown as text (``None`` stays missing)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value)


def concat_frames(frames: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    """Concatenate quarantine or warning pieces, dropping empty ones."""
    parts = [f for f in frames if len(f)]
    if not parts:
        return empty
    return pd.concat(parts, ignore_index=True).sort_values(
        "source_row", kind="stable").reset_index(drop=True)
