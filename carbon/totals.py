"""Activity totals per reporting slice: the sources that make them and the one finishing step.

Every engine reduces activity to the same *partial totals* (:mod:`carbon.partial_totals`: one
row per slice, grouping keys and unit, with sums in the rows' own units): the in-memory engine
with ``numpy.bincount``, the store with one SQL query (:mod:`carbon.store.aggregate`), Parquet
exports file by file or on a dask cluster (:mod:`carbon.parquet`, :mod:`carbon.distributed`).
:func:`finish_totals` adds them up, converts each (activity type, unit) to the type's default
unit once and computes the data-quality shares, so every engine gives the same table
(decision 0030). A source also says what went in: a digest of the activity and the input files
or store batches behind it, for the run record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

from carbon import units
from carbon.activity import REQUIRED_COLUMNS, STATUSES
from carbon.aggregate import Grain, Slices, slices, utc_ns
from carbon.errors import DimensionError
from carbon.partial_totals import SUMS, group_columns, partial_totals
from carbon.taxonomy import activity_types

if TYPE_CHECKING:
    from carbon.periods import ReportingPeriod

#: Columns of a finished totals table after the slice labels and keys.
TOTAL_COLUMNS = ("unit", "quantity", "activity_rows", "share_actual", "share_estimated",
                 "share_filled", "missing_rows", "abs_quantity")
#: Length of a half-hour reading. [ns]
HALF_HOUR_NS = 30 * 60 * 10**9


@dataclass(frozen=True)
class Totals:
    """Activity aggregated to reporting slices, and what it was aggregated from.

    Attributes
    ----------
    frame : pandas.DataFrame
        The finished totals (:func:`finish_totals`).
    digest : str
        sha256 identifying the activity that went in (for the run record).
    inputs : dict
        Input name -> sha256 of the files or store batches behind it.
    warnings : tuple of str
        What the reader of the figures must know about the input (quarantined rows).
    rows : pandas.DataFrame or None
        The activity rows that are not half-hour readings or carry reader details (bills,
        deliveries, returns, ledger lines: :func:`detail_rows`), in canonical form: what the
        inventory needs row by row (costs, spend lines, data-quality tiers). None when the
        source cannot give them.
    """

    frame: pd.DataFrame
    digest: str
    inputs: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    rows: pd.DataFrame | None = None


class ActivitySource(Protocol):
    """Activity held elsewhere (a store, Parquet files) that sums itself to reporting slices."""

    def totals(self, periods: Sequence[ReportingPeriod], *, keys: Sequence[str],
               grain: Grain) -> Totals:
        """Finished totals of the activity over ``periods`` (:func:`finish_totals`)."""
        ...


def activity_totals(activity: pd.DataFrame | ActivitySource,
                    periods: Sequence[ReportingPeriod], *, keys: Sequence[str],
                    grain: Grain) -> Totals:
    """Totals of an in-memory activity table, or of a source that aggregates itself.

    Parameters
    ----------
    activity : pandas.DataFrame or ActivitySource
        Canonical activity table, or e.g. a :class:`carbon.store.Store`.
    periods : sequence of ReportingPeriod
        Reporting periods (not overlapping).
    keys : sequence of str
        Grouping columns besides the period and ``unit``.
    grain : {'period', 'month'}
        Whole periods, or calendar months of each period.

    Notes
    -----
    For a table, the digest (sha256, which releases the GIL) is computed on a second thread
    while the rows are summed: two independent passes over the table on two cores.
    """
    if not isinstance(activity, pd.DataFrame):
        return activity.totals(periods, keys=keys, grain=grain)
    from concurrent.futures import ThreadPoolExecutor

    cut = slices(periods, grain)
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(activity_digest, activity)
        frame = finish_totals([partial_totals(activity, cut, keys)], cut, keys)
        rows = detail_rows(activity)
        return Totals(frame, digest.result(), rows=rows)


def detail_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of an activity table that are not half-hour readings or carry reader details.

    Half-hour readings are the bulk of any store and carry nothing beyond the canonical
    columns; the other rows (bills, deliveries, returns, ledger lines) are few and may carry
    a cost, a supplier or a price year (``details`` JSON, or their own columns).

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical activity rows (a piece of them is fine).

    Returns
    -------
    pandas.DataFrame
        Those rows, every column kept.
    """
    span = utc_ns(frame["period_end"]) - utc_ns(frame["period_start"])
    keep = span != HALF_HOUR_NS
    for name in ("details", "cost_gbp"):
        if name in frame.columns:
            keep |= frame[name].notna().to_numpy(dtype=bool)
    return frame if keep.all() else frame[keep]


def activity_digest(frame: pd.DataFrame) -> str:
    """sha256 of an activity table's content (canonical columns, row order included).

    Text is hashed as its sorted distinct values and each row's rank among them, so a
    categorical column and a plain text column with the same values give the same digest;
    numbers and instants (UTC nanoseconds) are hashed as they are stored.
    """
    digest = hashlib.sha256()
    for name in (c for c in REQUIRED_COLUMNS if c in frame.columns):
        column = frame[name]
        digest.update(name.encode())
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            digest.update(np.ascontiguousarray(utc_ns(column)).data)
        elif name in ("quantity", "source_row"):
            digest.update(np.ascontiguousarray(column.to_numpy(
                dtype="float64" if name == "quantity" else "int64")).data)
        else:
            texts, ranks = _text_ranks(column)
            digest.update(json.dumps(texts).encode())
            digest.update(np.ascontiguousarray(ranks).data)
    return digest.hexdigest()


def _text_ranks(column: pd.Series) -> tuple[list[str], np.ndarray]:
    """Sorted distinct texts of a column and each row's rank among them (-1: missing).

    Canonical categoricals (sorted categories, all used) are their own ranks: no copy.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.array.codes
        texts = [str(c) for c in column.cat.categories]
    else:
        codes, unique = pd.factorize(column.to_numpy(dtype=object))
        texts = [str(u) for u in unique]
    if len(texts) <= 4:  # a few comparisons cost less than counting
        present = np.array([j for j in range(len(texts)) if (codes == j).any()], dtype="int64")
    elif codes.dtype.itemsize <= 2:  # -1 (missing) counts at the top of the unsigned range
        counts = np.bincount(codes.view(f"uint{8 * codes.itemsize}"), minlength=len(texts))
        present = np.flatnonzero(counts[: len(texts)])
    else:
        present = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(texts)))
    used = [texts[i] for i in present]
    width = np.dtype("int8" if len(used) < 1 << 7 else "int16" if len(used) < 1 << 15
                     else "int32")
    if len(used) == len(texts) and used == sorted(used):
        return used, codes.astype(width, copy=False)
    order = sorted(range(len(used)), key=used.__getitem__)
    lookup = np.full(len(texts) + 1, -1, dtype=width)  # the last entry answers code -1
    lookup[present[order]] = np.arange(len(order))
    return sorted(used), lookup[codes]


def finish_totals(partials: Sequence[pd.DataFrame], cut: Slices,
                  keys: Sequence[str]) -> pd.DataFrame:
    """Add partial totals up, convert to default units and compute data-quality shares.

    Parameters
    ----------
    partials : sequence of pandas.DataFrame
        Partial totals (:func:`partial_totals` or an engine's equivalent), added in order.
    cut : Slices
        The slices the partials refer to.
    keys : sequence of str
        Grouping columns of the partials (:func:`carbon.partial_totals.group_columns`).

    Returns
    -------
    pandas.DataFrame
        Columns ``period``, ``year``, ``month``, the ``keys`` (and ``activity_type``), then
        :data:`TOTAL_COLUMNS`;
        quantities in each activity type's default unit where the dimension allows (else the
        rows' own unit), shares of the absolute quantity (0-1) and that absolute quantity
        (``abs_quantity``). Sorted by period, month and keys.
    """
    names = ["slice", *group_columns(keys)]
    parts = [p for p in partials if len(p)]
    if not parts:
        return pd.DataFrame(columns=["period", "year", "month", *names[1:-1], *TOTAL_COLUMNS])
    frame = pd.concat(parts, ignore_index=True)
    for name in names[1:]:
        frame[name] = frame[name].astype(str)
    frame = frame.groupby(names, sort=True).sum()[list(SUMS)].reset_index()
    scale, default = to_default_units(frame["activity_type"].to_numpy(dtype=object),
                                       frame["unit"].to_numpy(dtype=object))
    frame["unit"] = default
    for name in SUMS[:4]:
        frame[name] = frame[name].to_numpy(dtype="float64") * scale
    frame = frame.groupby(names, sort=True).sum().reset_index()
    total = (frame["abs_actual"] + frame["abs_estimated"] + frame["abs_filled"]).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        for name in STATUSES[:3]:
            frame[f"share_{name}"] = np.where(total > 0, frame[f"abs_{name}"] / total, 0.0)
    frame["abs_quantity"] = total
    labels = cut.labels().iloc[frame["slice"].to_numpy()].reset_index(drop=True)
    out = pd.concat([labels, frame.drop(columns=["slice"])], axis=1)
    out = out.rename(columns={"rows": "activity_rows"})
    out["activity_rows"] = out["activity_rows"].astype("int64")
    out["missing_rows"] = out["missing_rows"].astype("int64")
    out = out.sort_values(["period", "year", "month", *names[1:]], kind="stable")
    return out[["period", "year", "month", *names[1:-1], *TOTAL_COLUMNS]].reset_index(drop=True)


def to_default_units(kinds: np.ndarray, unit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Multiplier into each activity type's default unit, and that unit, per row.

    Computed once per distinct (activity type, unit); a unit of another dimension (litres of
    a fuel whose default is kWh) and an unknown activity type keep the row's own unit.
    """
    known = activity_types()
    targets: dict[tuple[str, str], tuple[float, str]] = {}
    for pair in dict.fromkeys(zip(kinds, unit, strict=True)):
        kind, own = str(pair[0]), str(pair[1])
        default = known[kind].default_unit if kind in known else own
        try:
            targets[pair] = (units.conversion_factor(own, default), default)
        except DimensionError:
            targets[pair] = (1.0, own)
    pairs = list(zip(kinds, unit, strict=True))
    return (np.array([targets[p][0] for p in pairs], dtype="float64"),
            np.array([targets[p][1] for p in pairs], dtype=object))
