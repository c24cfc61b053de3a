"""Shared machinery of the readers: the reading context, building canonical rows, finishing.

A reader parses its columns, sends unusable input units to quarantine through
:meth:`Context.reject`, builds activity rows with :func:`activity_frame` (each row tagged with
the input unit it came from) and hands them to :func:`finish`, which validates them with
:func:`carbon.activity.check_activity`, quarantines the units of invalid rows, and returns the
:class:`~carbon.readers.result.LoadResult` with counts that must add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from carbon import units
from carbon.activity import COLUMNS, TEXT_COLUMNS, check_activity, empty_activity
from carbon.errors import CarbonError
from carbon.readers.result import (
    LoadResult,
    concat_frames,
    empty_quarantine,
    empty_warnings,
    quarantine_frame,
    warnings_frame,
)
from carbon.readers.table import RawTable, build_table

if TYPE_CHECKING:
    from collections.abc import Callable

    from carbon.readers.options import LoadOptions
    from carbon.readers.result import CountUnit
    from carbon.readers.sniff import Source

#: Site label of activity that belongs to no single site (grey fleet, business travel).
TRUST_WIDE = "trust-wide"
#: Organisation label when none is given.
UNSPECIFIED = "unspecified"
#: Hidden column tying each activity row to its input unit.
UNIT = "_unit"


@dataclass
class Context:
    """What a reader needs, and what it reports back.

    The data rows (:attr:`table`) are read on first use, so a reader with its own fast path
    (large interval files through pyarrow) can set :attr:`table` itself instead.
    """

    source: Source
    header_index: int
    options: LoadOptions
    batch_id: str
    renames: dict[str, str] = field(default_factory=dict)
    meters: dict[str, str] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    quarantined: list[pd.DataFrame] = field(default_factory=list)
    warned: list[pd.DataFrame] = field(default_factory=list)
    progress: Callable[[str], None] = field(default=lambda stage: None)
    _table: RawTable | None = None

    @property
    def table(self) -> RawTable:
        """The data rows under the header (read on first use)."""
        if self._table is None:
            self._table = build_table(self.source, self.header_index, self.renames)
        return self._table

    @table.setter
    def table(self, value: RawTable) -> None:
        self._table = value

    @property
    def source_file(self) -> str:
        return self.source.name

    @property
    def organisation(self) -> str:
        return self.options.organisation or UNSPECIFIED

    def assume(self, text: str) -> None:
        """State a choice the file did not make (shown in the load summary)."""
        if text not in self.assumptions:
            self.assumptions.append(text)

    def reject(self, positions: np.ndarray, column: str | pd.Series | np.ndarray,
               value: Any, reason: str | pd.Series | np.ndarray, fix: str | pd.Series,
               count: int | np.ndarray = 1) -> None:
        """Quarantine data rows by position (``count`` input units per record)."""
        rows = np.asarray(positions, dtype="int64")
        if len(rows) == 0:
            return
        if isinstance(value, pd.Series):
            value = value.to_numpy(dtype=object)
        if isinstance(value, np.ndarray) and len(value) != len(rows):
            value = value[rows]
        self.quarantined.append(quarantine_frame(
            self.source_file, self.table.lines[rows], column, value, reason, fix,
            self.table.raw(rows), count))

    def warn(self, positions: np.ndarray, column: str, value: Any,
             message: str | pd.Series) -> None:
        """Record accepted data that a person should look at."""
        rows = np.asarray(positions, dtype="int64")
        if len(rows):
            self.warned.append(warnings_frame(self.source_file, self.table.lines[rows], column,
                                              value, message))

    def sites(self, meter_ids: pd.Series | None, column: str | None = None,
              default: str | None = None) -> pd.Series:
        """Site of each row: the file's site column, ``--site``, the meter schedule, ``default``.

        Rows left without a site get ``""`` (the caller quarantines them).
        """
        n = len(self.table.frame)
        site = pd.Series([""] * n, index=self.table.frame.index, dtype=object)
        if column is not None and self.table.has(column):
            site = self.table.column(column).astype(object)
        if self.options.site:
            site = site.where(site != "", self.options.site)
        if meter_ids is not None and self.meters:
            looked_up = meter_ids.map(self.meters).fillna("").astype(object)
            site = site.where(site != "", looked_up)
        if default is not None:
            site = site.where(site != "", default)
        return site


def reject_without_site(ctx: Context, keep: np.ndarray, site: pd.Series,
                        meter_column: str, meter_ids: pd.Series, count: Any = 1) -> np.ndarray:
    """Quarantine rows whose site is unknown; returns the narrowed ``keep`` mask."""
    nosite = keep & (site.to_numpy(dtype=object) == "")
    if nosite.any():
        positions = np.flatnonzero(nosite)
        counts = count[positions] if isinstance(count, np.ndarray) else count
        ctx.reject(positions, meter_column, meter_ids.to_numpy(dtype=object)[positions],
                   "meter is not in the meter schedule and no site was given",
                   "load the trust's meter schedule first (carbon load meters_and_sites.csv) "
                   "or pass --site", counts)
    return keep & ~nosite


def activity_frame(ctx: Context, unit_ids: np.ndarray, source_rows: np.ndarray,
                   **columns: Any) -> pd.DataFrame:
    """Build activity rows (canonical columns plus extras) tagged with their input unit.

    Scalars broadcast; text columns become ``category``. ``organisation``, ``source_file`` and
    ``batch_id`` are filled from the context when not given.
    """
    n = len(unit_ids)
    data: dict[str, Any] = {UNIT: np.asarray(unit_ids, dtype="int64")}
    defaults = {"organisation": ctx.organisation, "source_file": ctx.source_file,
                "batch_id": ctx.batch_id}
    for name in COLUMNS:
        if name == "calorific_basis":
            continue
        value = columns.pop(name, defaults.get(name))
        if value is None and name not in ("source_row",):
            raise TypeError(f"activity column {name!r} not given")
        data[name] = value if name != "source_row" else np.asarray(source_rows, dtype="int64")
    data.update(columns)
    frame = pd.DataFrame({k: (_broadcast(v, n)) for k, v in data.items()})
    for name in TEXT_COLUMNS:
        if not isinstance(frame[name].dtype, pd.CategoricalDtype):
            frame[name] = frame[name].astype("category")
    return frame


def _broadcast(value: Any, n: int) -> Any:
    """A column of ``n`` values (arrays kept as they are; scalars repeated cheaply)."""
    if isinstance(value, pd.Series):
        return value.array
    if isinstance(value, pd.Categorical | pd.Index | np.ndarray | list):
        return value
    if isinstance(value, str):
        return pd.Categorical.from_codes(np.zeros(n, dtype="int8"), [value])
    return np.full(n, value)


def finish(ctx: Context, layout: str, activity: pd.DataFrame | None, rows_in: int,
           count_unit: CountUnit, *, silent_units: int = 0,
           reference: pd.DataFrame | None = None) -> LoadResult:
    """Validate the activity rows, quarantine the units of invalid ones, and count.

    Parameters
    ----------
    activity : pandas.DataFrame or None
        Rows from :func:`activity_frame` (with the hidden unit column); ``None`` for none.
    rows_in : int
        Input units read.
    silent_units : int
        Units accepted without producing activity rows (opening register reads ...).
    """
    if activity is None:
        activity = empty_activity().assign(**{UNIT: pd.Series(dtype="int64")})
    problems = check_activity(activity) if len(activity) else pd.DataFrame()
    if len(problems):
        bad_rows = problems.drop_duplicates("row")
        rows = activity.loc[bad_rows["row"]]
        first = bad_rows.assign(unit=rows[UNIT].to_numpy()).drop_duplicates("unit")
        positions = _positions_of(ctx, first["source_row"].to_numpy(dtype="int64"))
        ctx.quarantined.append(quarantine_frame(
            ctx.source_file, first["source_row"].to_numpy(dtype="int64"), first["column"],
            first["value"].to_numpy(dtype=object), first["reason"], first["fix"],
            ctx.table.raw(positions)))
        activity = activity[~activity[UNIT].isin(first["unit"])]
    accepted_units = int(activity[UNIT].nunique()) if len(activity) else 0
    quarantine = concat_frames(ctx.quarantined, empty_quarantine())
    warnings = concat_frames(ctx.warned, empty_warnings())
    return LoadResult(
        layout=layout, source_file=ctx.source_file, batch_id=ctx.batch_id,
        activity=canonical(activity),
        quarantine=quarantine, rows_in=rows_in, rows_accepted=accepted_units + silent_units,
        count_unit=count_unit, assumptions=(*ctx.table.notes, *ctx.assumptions),
        warnings=warnings, reference=reference)


def _positions_of(ctx: Context, source_rows: np.ndarray) -> np.ndarray:
    return np.searchsorted(ctx.table.lines, source_rows)


def canonical(activity: pd.DataFrame) -> pd.DataFrame:
    """Canonical column order and dtypes of checked rows; the unit tag is dropped."""
    out = activity.drop(columns=[UNIT], errors="ignore").reset_index(drop=True)
    for name in TEXT_COLUMNS:
        out[name] = out[name].astype("category").cat.remove_unused_categories()
        out[name] = out[name].cat.rename_categories([str(c) for c in out[name].cat.categories])
    out["quantity"] = out["quantity"].astype("float64")
    out["source_row"] = out["source_row"].astype("int64")
    for name in ("period_start", "period_end"):
        out[name] = out[name].astype("datetime64[ns, UTC]")
    basis = {u: _basis(u) for u in out["unit"].cat.categories}
    out["calorific_basis"] = out["unit"].map(basis).astype("category")
    extra = [c for c in out.columns if c not in COLUMNS]
    return out[[*COLUMNS, *extra]]


def _basis(unit: str) -> str | None:
    try:
        return units.calorific_basis(unit)
    except CarbonError:
        return None


def local_midnight_utc(dates: np.ndarray) -> np.ndarray:
    """UTC instant of local (Europe/London) midnight for each naive date. [datetime64[ns]]

    Computed once per distinct date; UK clocks never change at midnight, so midnight is never
    ambiguous or missing.
    """
    days = np.asarray(dates, dtype="datetime64[D]")
    uniques, inverse = np.unique(days, return_inverse=True)
    starts = (pd.DatetimeIndex(uniques.astype("datetime64[ns]")).tz_localize("Europe/London")
              .tz_convert("UTC").tz_localize(None).to_numpy())
    return starts[inverse.reshape(-1)]


def utc(values: np.ndarray) -> pd.DatetimeIndex:
    """Naive UTC datetime64 values as an aware UTC index."""
    return pd.DatetimeIndex(np.asarray(values, dtype="datetime64[ns]")).tz_localize("UTC")


def day_bounds(first: np.ndarray, last_exclusive: np.ndarray | None = None
               ) -> tuple[pd.DatetimeIndex, pd.DatetimeIndex]:
    """UTC bounds of local dates: ``[first 00:00, last_exclusive 00:00)`` (one day by default).

    Parameters
    ----------
    first, last_exclusive : numpy.ndarray
        Local calendar dates. [datetime64]
    """
    start = np.asarray(first, dtype="datetime64[D]")
    end = start + np.timedelta64(1, "D") if last_exclusive is None else np.asarray(
        last_exclusive, dtype="datetime64[D]")
    return utc(local_midnight_utc(start)), utc(local_midnight_utc(end))


def month_bounds(months: np.ndarray) -> tuple[pd.DatetimeIndex, pd.DatetimeIndex]:
    """UTC bounds of local calendar months given by their first day."""
    first = np.asarray(months, dtype="datetime64[M]")
    return day_bounds(first.astype("datetime64[D]"),
                      (first + np.timedelta64(1, "M")).astype("datetime64[D]"))


def bill_end_inclusive(ctx: Context, meter: pd.Series, start: np.ndarray, end: np.ndarray,
                       ok: np.ndarray) -> bool:
    """Whether bill periods include their end date, judged from consecutive bills.

    Read-to-read bills end on the date the next one starts (exclusive end); calendar bills end
    the day before the next starts (inclusive end). The convention found is stated; mixed or
    unknown evidence falls back to exclusive (read-to-read), also stated.
    """
    frame = pd.DataFrame({"m": meter.to_numpy(), "s": start, "e": end})[ok].sort_values(
        ["m", "s"])
    following = frame.groupby("m")["s"].shift(-1)
    gap = (following - frame["e"]).dropna()
    inclusive = int((gap == pd.Timedelta(days=1)).sum())
    exclusive = int((gap == pd.Timedelta(0)).sum())
    if inclusive > exclusive:
        ctx.assume("bill periods include their end date (each bill starts the day after the "
                   "previous one ends)")
        return True
    ctx.assume("bill periods run read date to read date (each bill starts on the day the "
               "previous one ends)" if exclusive else
               "bill periods taken as read date to read date (end date excluded)")
    return False
