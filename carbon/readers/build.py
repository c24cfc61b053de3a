"""Shared machinery of the readers: the reading context, building canonical rows, finishing.

A reader parses its columns, sends unusable input units to quarantine through
:meth:`Context.reject`, builds activity rows with :func:`activity_frame` (each row tagged with
the input unit it came from, or standing for itself) and hands them to :meth:`Context.emit`
(or to :func:`finish`). ``emit`` validates them once per class of equivalent rows
(:mod:`carbon.readers.checks`), quarantines the units of invalid rows, puts the rest in
canonical form and passes them on: to the result, or to a *sink* such as the store's batch
writer, so a large file can be read, checked and stored in pieces. :func:`finish` returns the
:class:`~carbon.readers.result.LoadResult` with counts that must add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray
from pandas.api.types import union_categoricals

from carbon import units
from carbon.activity import COLUMNS, TEXT_COLUMNS, empty_activity
from carbon.errors import CarbonError
from carbon.readers.checks import first_problems
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
#: Hidden column tying each activity row to its input unit (rows without it stand for
#: themselves: one row, one input unit).
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
    sink: Callable[[pd.DataFrame], None] | None = None
    accepted: list[pd.DataFrame] = field(default_factory=list)
    accepted_units: int = 0
    activity_rows: int = 0
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

    def emit(self, activity: pd.DataFrame) -> None:
        """Validate activity rows, quarantine the input units of invalid ones, pass on the rest.

        The rows go to :attr:`sink` when one is set (the store writes them), else they are
        kept for the :class:`~carbon.readers.result.LoadResult`. A reader may emit its rows
        in several pieces, as long as no input unit spans two pieces.
        """
        if activity.empty:
            return
        problem, problems = first_problems(activity)
        bad = problem >= 0
        units = (activity[UNIT].to_numpy() if UNIT in activity.columns
                 else np.arange(len(activity)))
        if bad.any():
            bad_units, first = np.unique(units[bad], return_index=True)
            rows = np.flatnonzero(bad)[first]
            self._quarantine_invalid(activity, rows, problems.iloc[problem[rows]])
            activity = activity[~np.isin(units, bad_units)]
            units = units[~np.isin(units, bad_units)]
        self.accepted_units += len(units) if UNIT not in activity.columns else len(
            pd.unique(units))
        rows = canonical(activity)
        self.activity_rows += len(rows)
        if self.sink is not None:
            self.sink(rows)
        else:
            self.accepted.append(rows)

    def _quarantine_invalid(self, activity: pd.DataFrame, rows: np.ndarray,
                            problems: pd.DataFrame) -> None:
        """One quarantine record per input unit: its first invalid row's first problem."""
        columns = problems["column"].to_numpy(dtype=object)
        values = np.empty(len(rows), dtype=object)
        for column in set(columns):
            at = columns == column
            values[at] = activity[column].to_numpy(dtype=object)[rows[at]]
        source_rows = activity["source_row"].to_numpy(dtype="int64")[rows]
        self.quarantined.append(quarantine_frame(
            self.source_file, source_rows, columns, values, problems["reason"].to_numpy(),
            problems["fix"].to_numpy(),
            self.table.raw(np.searchsorted(self.table.lines, source_rows))))

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


def activity_frame(ctx: Context, unit_ids: np.ndarray | None, source_rows: np.ndarray,
                   **columns: Any) -> pd.DataFrame:
    """Build activity rows (canonical columns plus extras), tagged with their input unit.

    Scalars broadcast; text columns become ``category``. ``organisation``, ``source_file`` and
    ``batch_id`` are filled from the context when not given. ``unit_ids`` ``None``: each row
    is its own input unit. Arrays are used as they are (not copied).
    """
    n = len(source_rows)
    data: dict[str, Any] = {} if unit_ids is None else {
        UNIT: np.asarray(unit_ids, dtype="int64")}
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
    frame = pd.DataFrame({k: (_broadcast(v, n)) for k, v in data.items()}, copy=False)
    for name in TEXT_COLUMNS:
        if not isinstance(frame[name].dtype, pd.CategoricalDtype):
            frame[name] = frame[name].astype("category")
    return frame


def _broadcast(value: Any, n: int) -> Any:
    """A column of ``n`` values (arrays kept as they are; scalars repeated cheaply)."""
    if isinstance(value, pd.Series):
        return value.array
    if isinstance(value, ExtensionArray | pd.Index | np.ndarray | list):
        return value
    if isinstance(value, str):
        return pd.Categorical.from_codes(np.zeros(n, dtype="int8"), [value])
    return np.full(n, value)


def finish(ctx: Context, layout: str, activity: pd.DataFrame | None, rows_in: int,
           count_unit: CountUnit, *, silent_units: int = 0,
           reference: pd.DataFrame | None = None) -> LoadResult:
    """Emit the last activity rows and count.

    Parameters
    ----------
    activity : pandas.DataFrame or None
        Rows from :func:`activity_frame`; ``None`` when the reader emitted them itself.
    rows_in : int
        Input units read.
    silent_units : int
        Units accepted without producing activity rows (opening register reads ...).
    """
    if activity is not None:
        ctx.emit(activity)
    accepted = concat_activity(ctx.accepted) if ctx.accepted else canonical(empty_activity())
    return LoadResult(
        layout=layout, source_file=ctx.source_file, batch_id=ctx.batch_id, activity=accepted,
        quarantine=concat_frames(ctx.quarantined, empty_quarantine()), rows_in=rows_in,
        rows_accepted=ctx.accepted_units + silent_units, count_unit=count_unit,
        assumptions=(*ctx.table.notes, *ctx.assumptions),
        warnings=concat_frames(ctx.warned, empty_warnings()), reference=reference,
        activity_rows=ctx.activity_rows)


def concat_activity(pieces: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate canonical activity pieces, keeping text columns categorical."""
    if len(pieces) == 1:
        return pieces[0]
    if any(list(p.columns) != list(pieces[0].columns) for p in pieces):
        return canonical(pd.concat(pieces, ignore_index=True))
    columns: dict[str, Any] = {}
    for name in pieces[0].columns:
        parts = [p[name] for p in pieces]
        if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
            columns[name] = union_categoricals([p.array for p in parts])
        else:
            columns[name] = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(columns, copy=False)


def canonical(activity: pd.DataFrame) -> pd.DataFrame:
    """Canonical column order and dtypes of checked rows; the unit tag is dropped.

    Text columns keep only the categories they use (as text); nothing is copied that is
    already in canonical form.
    """
    out = activity.drop(columns=[UNIT], errors="ignore").reset_index(drop=True)
    for name in TEXT_COLUMNS:
        out[name] = tidy_categories(out[name])
    for name, dtype in (("quantity", "float64"), ("source_row", "int64"),
                        ("period_start", "datetime64[ns, UTC]"),
                        ("period_end", "datetime64[ns, UTC]")):
        if out[name].dtype != dtype:
            out[name] = out[name].astype(dtype)
    unit = out["unit"].array
    basis, names = pd.factorize(pd.Series([_basis(u) for u in unit.categories], dtype=object))
    lookup = np.append(basis, -1).astype("int8")
    out["calorific_basis"] = pd.Categorical.from_codes(lookup[unit.codes],
                                                       [str(n) for n in names], validate=False)
    extra = [c for c in out.columns if c not in COLUMNS]
    return out[[*COLUMNS, *extra]]


def tidy_categories(values: pd.Series) -> pd.Categorical:
    """A text column as a categorical of the text values it uses (codes re-numbered once).

    Which categories are used is read from the codes' range when it decides (one value, or
    two neighbours), else by marking the codes seen; when the unused categories are all at
    the end, the codes stay as they are.
    """
    cat = pd.Categorical(values)
    categories = cat.categories
    names = [str(c) for c in categories]
    used = _used(cat.codes, len(categories)) if len(categories) > 1 else np.ones(
        len(categories), dtype=bool)
    if used.all():
        return cat if names == list(categories) else pd.Categorical.from_codes(
            cat.codes, names, validate=False)
    kept = int(used.sum())
    if used[:kept].all():  # unused categories only at the end: the codes are unchanged
        return pd.Categorical.from_codes(cat.codes, names[:kept], validate=False)
    lookup = np.full(len(categories) + 1, -1, dtype=cat.codes.dtype)
    lookup[:-1][used] = np.arange(kept)
    return pd.Categorical.from_codes(lookup[cat.codes], [n for n, u in zip(names, used,
                                                                           strict=True) if u],
                                     validate=False)


def _used(codes: np.ndarray, count: int) -> np.ndarray:
    """Which of ``count`` categories the codes use (-1, missing, uses none). [bool]"""
    used = np.zeros(count + 1, dtype=bool)  # the last place takes the -1 codes
    if len(codes):
        low, high = int(codes.min()), int(codes.max())
        if low >= 0 and high - low <= 1:
            used[[low, high]] = True
        else:
            used[codes] = True
    return used[:-1]


def _basis(unit: str) -> str | None:
    try:
        return units.calorific_basis(unit)
    except CarbonError:
        return None
