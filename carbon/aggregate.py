"""Aggregate activity to reporting periods before any factor is applied.

Activity rows cover intervals of any length: half-hours, read-to-read periods, bills, months,
financial years. An interval that straddles a period boundary is apportioned by its share of
local (Europe/London) days in each period (:func:`local_days`): for whole-day intervals (bills,
reads) this is apportionment by day, as UK estates practice does it, a clock-change day counting
as one day, not 23 or 25 hours. Half-hours never straddle a boundary because boundaries are
local midnights.

The work is split so that every engine shares it (decision 0030): :class:`Slices` places rows
on the reporting slices (periods, or months of periods) by comparing UTC instants with the
slices' bounds, and only the rare rows that straddle a bound are apportioned on the local-day
axis; :mod:`carbon.totals` sums each slice and series with integer codes (no per-slice copies,
no text conversions of long columns) and converts units once per group. The store
(:mod:`carbon.store.aggregate`) and the distributed engine (:mod:`carbon.distributed`) produce
the same partial sums from their own data and finish them with the same function.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from carbon.errors import ActivityValidationError
from carbon.periods import LONDON, ReportingPeriod
from carbon.readers.dates import local_midnight_utc

#: Grouping keys kept by default (the grain the inventory resolves factors at).
DEFAULT_KEYS = ("organisation", "site", "activity_type")

Grain = Literal["period", "month"]

_DAY_NS = 86_400 * 10**9


def local_days(times: pd.Series | np.ndarray) -> np.ndarray:
    """Position of each instant on a local-day axis: day number + share of that day elapsed.

    Day ``n`` is the ``n``-th Europe/London calendar day since 1970-01-01. Within a day the
    share runs over the day's real length (23, 24 or 25 hours), so the axis is monotonic across
    clock changes, a whole local day always counts 1, and every local midnight is a whole
    number. One lookup per instant in a table of local midnights (one per day of the range).

    Parameters
    ----------
    times : pandas.Series or numpy.ndarray
        Timezone-aware instants, or UTC nanoseconds since the epoch. [int64]

    Returns
    -------
    numpy.ndarray
        float64 days.
    """
    ns = utc_ns(times)
    if len(ns) == 0:
        return np.empty(0, dtype="float64")
    # Europe/London is never behind UTC: an instant's local date is its UTC date or the next.
    first = int(ns.min() // _DAY_NS)
    days = np.arange(first, int(ns.max() // _DAY_NS) + 3, dtype="int64")
    midnight = local_midnight_utc(days.astype("datetime64[D]")).view("int64")
    index = ns // _DAY_NS - first
    index += ns >= midnight[index + 1]
    elapsed = (ns - midnight[index]) / (midnight[index + 1] - midnight[index])
    return (days[index] + elapsed).astype("float64")


def utc_ns(times: pd.Series | np.ndarray) -> np.ndarray:
    """Instants as UTC nanoseconds since the epoch (no copy when they are already). [int64]"""
    if isinstance(times, np.ndarray) and times.dtype == np.int64:
        return times
    values = pd.Series(times, copy=False)
    if not isinstance(values.dtype, pd.DatetimeTZDtype):
        raise ActivityValidationError("period_start and period_end must be timezone-aware",
                                      fix="validate the table with carbon.activity first")
    # Aware instants are held as UTC epoch values whatever their zone: a view, not a copy.
    array = values.array
    return (array if array.unit == "ns" else array.as_unit("ns")).asi8


@dataclass(frozen=True)
class Pieces:
    """Parts of the rows that straddle a slice bound: row position, slice and share (0-1)."""

    rows: np.ndarray
    slices: np.ndarray
    fraction: np.ndarray


@dataclass(frozen=True)
class Slices:
    """The reporting slices of some periods: whole periods, or the months of each period.

    Attributes
    ----------
    period, month : list of str
        Period label and month (``YYYY-MM``, or ``''`` for whole periods) of each slice.
    year : list of int
        Start year of each slice's period.
    lo, hi : numpy.ndarray
        UTC bounds ``[lo, hi)`` of each slice, nanoseconds since the epoch (local midnights),
        in time order. [int64]
    """

    period: list[str]
    year: list[int]
    month: list[str]
    lo: np.ndarray
    hi: np.ndarray

    def __len__(self) -> int:
        return len(self.period)

    def labels(self) -> pd.DataFrame:
        """``period``, ``year``, ``month`` of each slice (one row per slice)."""
        return pd.DataFrame({"period": self.period, "year": self.year, "month": self.month})

    def locate(self, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, Pieces]:
        """Place rows ``[start, end)`` on the slices.

        Parameters
        ----------
        start, end : numpy.ndarray
            UTC bounds of each row, nanoseconds since the epoch. [int64]

        Returns
        -------
        inside : numpy.ndarray
            Slice of each row that lies wholly inside one slice, else -1. [int32]
        pieces : Pieces
            The parts of the other rows that overlap a slice, apportioned by local days.
        """
        if len(self) == 0 or len(start) == 0:
            empty = np.empty(0, dtype="int64")
            return np.full(len(start), -1, dtype="int32"), Pieces(empty, empty,
                                                                  np.empty(0, dtype="float64"))
        at = np.searchsorted(self.hi, start, side="right")
        np.minimum(at, len(self) - 1, out=at)
        whole = (start >= self.lo[at]) & (end <= self.hi[at])
        inside = np.where(whole, at, -1).astype("int32")
        del at
        rest = np.flatnonzero(~whole & (end > self.lo[0]) & (start < self.hi[-1]))
        return inside, self._apportion(rest, start[rest], end[rest])

    def _apportion(self, rows: np.ndarray, start: np.ndarray, end: np.ndarray) -> Pieces:
        """Pieces of straddling rows, by their share of local days in each slice."""
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        if len(rows):
            first, last = local_days(start), local_days(end)
            length = last - first
            bounds = local_days(np.concatenate([self.lo, self.hi]))
            lo, hi = bounds[: len(self)], bounds[len(self):]
            for k in range(len(self)):
                overlap = np.minimum(last, hi[k]) - np.maximum(first, lo[k])
                hit = np.flatnonzero(overlap > 0)
                if len(hit):
                    parts.append((rows[hit], np.full(len(hit), k, dtype="int64"),
                                  overlap[hit] / length[hit]))
        if not parts:
            empty = np.empty(0, dtype="int64")
            return Pieces(empty, empty, np.empty(0, dtype="float64"))
        order = np.argsort(np.concatenate([p[0] for p in parts]), kind="stable")
        return Pieces(*(np.concatenate([p[i] for p in parts])[order] for i in range(3)))


def slices(periods: Sequence[ReportingPeriod], grain: Grain) -> Slices:
    """The slices of reporting periods (whole periods, or their calendar months).

    Raises
    ------
    ActivityValidationError
        If two periods overlap.
    """
    ordered = sorted(periods, key=lambda p: p.start)
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:
            raise ActivityValidationError(
                f"reporting periods {a} and {b} overlap",
                fix="report financial years and calendar years in separate calls")
    labels: list[str] = []
    years: list[int] = []
    months: list[str] = []
    bounds: list[tuple[pd.Timestamp, pd.Timestamp]] = []
    for period in ordered:
        start = pd.Timestamp(period.start.replace(tzinfo=None))
        end = pd.Timestamp(period.end.replace(tzinfo=None))
        edges = [start, end] if grain == "period" else list(pd.date_range(start, end, freq="MS"))
        for lo, hi in itertools.pairwise(edges):
            labels.append(period.label)
            years.append(period.start_year)
            months.append("" if grain == "period" else f"{lo:%Y-%m}")
            bounds.append((lo, hi))
    local = pd.DatetimeIndex([b for pair in bounds for b in pair]).tz_localize(LONDON)
    ns = local.tz_convert("UTC").as_unit("ns").asi8.reshape(-1, 2) if bounds else np.empty(
        (0, 2), dtype="int64")
    return Slices(labels, years, months, np.ascontiguousarray(ns[:, 0]),
                  np.ascontiguousarray(ns[:, 1]))


def check_intervals(start: np.ndarray, end: np.ndarray) -> None:
    """Refuse rows whose interval is empty or reversed.

    Raises
    ------
    ActivityValidationError
    """
    if (end <= start).any():
        raise ActivityValidationError("activity rows must have period_end after period_start",
                                      fix="validate the table with carbon.activity first")


def apportion(frame: pd.DataFrame, periods: Sequence[ReportingPeriod], *,
              grain: Grain = "period") -> pd.DataFrame:
    """Split activity rows over reporting periods (or their months) by local clock time.

    Row by row, for looking at how a table is split; :func:`aggregate_activity` sums the same
    parts without building this table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical activity table (see :mod:`carbon.activity`).
    periods : sequence of ReportingPeriod
        Periods to report; they must not overlap.
    grain : {'period', 'month'}
        Split by whole period, or by calendar month within each period.

    Returns
    -------
    pandas.DataFrame
        The rows that overlap any slice, one row per (activity row, slice), with columns
        ``period`` (label), ``year`` (start year), ``month`` (``YYYY-MM``, or empty for period
        grain), ``fraction`` (share of the row's interval in the slice, 0-1) and ``quantity``
        scaled by ``fraction``. Index values of ``frame`` are kept in column ``activity_row``.
        Rows with status ``missing`` are kept with quantity 0 so completeness can be counted.
    """
    cut = slices(periods, grain)
    start, end = utc_ns(frame["period_start"]), utc_ns(frame["period_end"])
    check_intervals(start, end)
    inside, pieces = cut.locate(start, end)
    whole = np.flatnonzero(inside >= 0)
    rows = np.concatenate([whole, pieces.rows])
    where = np.concatenate([inside[whole].astype("int64"), pieces.slices])
    fraction = np.concatenate([np.ones(len(whole)), pieces.fraction])
    order = np.lexsort((rows, where))
    rows, where, fraction = rows[order], where[order], fraction[order]
    quantity = frame["quantity"].to_numpy(dtype="float64", na_value=np.nan)
    out = frame.iloc[rows].reset_index(drop=True)
    out["activity_row"] = frame.index[rows]
    labels = cut.labels().iloc[where].reset_index(drop=True)
    for column in ("period", "year", "month"):
        out[column] = labels[column].to_numpy()
    out["fraction"] = fraction
    out["quantity"] = np.nan_to_num(quantity[rows], nan=0.0) * fraction
    return out


def aggregate_activity(
    frame: pd.DataFrame,
    periods: Sequence[ReportingPeriod],
    *,
    keys: Sequence[str] = DEFAULT_KEYS,
    grain: Grain = "period",
) -> pd.DataFrame:
    """Activity totals per reporting period and grouping keys, in default units.

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical activity table.
    periods : sequence of ReportingPeriod
        Periods to report.
    keys : sequence of str
        Columns to group by besides the period (default organisation, site, activity type);
        the activity type is always added, units being converted per type.
    grain : {'period', 'month'}
        Totals per period, or per calendar month within each period (column ``month``).

    Returns
    -------
    pandas.DataFrame
        Columns ``period``, ``year``, ``month``, the ``keys``, ``unit`` (the activity type's
        default unit, or the row's own unit when its dimension differs, e.g. litres of a fuel
        whose default is kWh), ``quantity`` [unit], ``activity_rows`` (count of source rows
        contributing), ``share_actual``, ``share_estimated``, ``share_filled`` (shares of the
        absolute quantity, 0-1) and ``missing_rows`` (rows with status ``missing``).
    """
    from carbon.totals import finish_totals, partial_totals

    cut = slices(periods, grain)
    return finish_totals([partial_totals(frame, cut, keys)], cut, keys)
