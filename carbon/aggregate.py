"""Aggregate activity to reporting periods before any factor is applied.

Activity rows cover intervals of any length: half-hours, read-to-read periods, bills, months,
financial years. An interval that straddles a period boundary is apportioned by its share of
local (Europe/London) days in each period (:func:`local_days`): for whole-day intervals (bills,
reads) this is apportionment by day, as UK estates practice does it, a clock-change day counting
as one day, not 23 or 25 hours. Half-hours never straddle a boundary because boundaries are
local midnights.

The result has one row per (period, grouping keys, unit), with quantities converted to each
activity type's default unit where the dimension allows. Units are converted once per group.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from carbon import units
from carbon.errors import ActivityValidationError, DimensionError
from carbon.periods import LONDON, ReportingPeriod
from carbon.taxonomy import activity_types

#: Grouping keys kept by default (the grain the inventory resolves factors at).
DEFAULT_KEYS = ("organisation", "site", "activity_type")

Grain = Literal["period", "month"]


def local_days(times: pd.Series) -> np.ndarray:
    """Position of each instant on a local-day axis: day number + share of that day elapsed.

    Day ``n`` is the ``n``-th Europe/London calendar day since 1970-01-01. Within a day the
    share runs over the day's real length (23, 24 or 25 hours), so the axis is monotonic across
    clock changes, a whole local day always counts 1, and every local midnight is a whole
    number. Computed once per distinct instant (half-hourly data repeats instants across meters).

    Parameters
    ----------
    times : pandas.Series
        Timezone-aware instants.

    Returns
    -------
    numpy.ndarray
        float64 days.
    """
    codes, unique = pd.factorize(times, sort=False)
    stamps = pd.DatetimeIndex(unique).tz_convert(LONDON)
    midnight = stamps.tz_localize(None).normalize()
    start = midnight.tz_localize(LONDON)
    end = (midnight + pd.Timedelta(days=1)).tz_localize(LONDON)
    elapsed = (stamps - start) / (end - start)
    day = (midnight - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)
    positions = np.asarray(day, dtype="float64") + np.asarray(elapsed, dtype="float64")
    return positions[codes]


def _slices(periods: Sequence[ReportingPeriod], grain: Grain
             ) -> list[tuple[str, int, str, float, float]]:
    """(period label, start year, month label or '', first day, end day) per slice, on the
    local-day axis of :func:`local_days` (local midnights are whole numbers)."""
    ordered = sorted(periods, key=lambda p: p.start)
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:
            raise ActivityValidationError(
                f"reporting periods {a} and {b} overlap",
                fix="report financial years and calendar years in separate calls")
    epoch = pd.Timestamp("1970-01-01")
    slices = []
    for period in ordered:
        start = pd.Timestamp(period.start.replace(tzinfo=None))
        end = pd.Timestamp(period.end.replace(tzinfo=None))
        bounds = [start, end] if grain == "period" else list(
            pd.date_range(start, end, freq="MS"))
        for lo, hi in itertools.pairwise(bounds):
            month = "" if grain == "period" else f"{lo:%Y-%m}"
            slices.append((period.label, period.start_year, month,
                           float((lo - epoch) / pd.Timedelta(days=1)),
                           float((hi - epoch) / pd.Timedelta(days=1))))
    return slices


def apportion(frame: pd.DataFrame, periods: Sequence[ReportingPeriod], *,
              grain: Grain = "period") -> pd.DataFrame:
    """Split activity rows over reporting periods (or their months) by local clock time.

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
    slices = _slices(periods, grain)
    start = local_days(frame["period_start"])
    end = local_days(frame["period_end"])
    length = end - start
    if (length <= 0).any():
        raise ActivityValidationError("activity rows must have period_end after period_start",
                                      fix="validate the table with carbon.activity first")
    quantity = frame["quantity"].to_numpy(dtype="float64", na_value=np.nan)
    quantity = np.where(np.isnan(quantity), 0.0, quantity)
    parts = []
    for label, year, month, s_start, s_end in slices:
        overlap = np.minimum(end, s_end) - np.maximum(start, s_start)
        hit = overlap > 0
        if not hit.any():
            continue
        fraction = overlap[hit] / length[hit]
        part = frame.loc[hit].copy()
        part["activity_row"] = frame.index[hit]
        part["period"] = label
        part["year"] = year
        part["month"] = month
        part["fraction"] = fraction
        part["quantity"] = quantity[hit] * fraction
        parts.append(part)
    if not parts:
        columns = [*frame.columns, "activity_row", "period", "year", "month", "fraction"]
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)


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
        Columns to group by besides the period (default organisation, site, activity type).
    grain : {'period', 'month'}
        Totals per period, or per calendar month within each period (column ``month``).

    Returns
    -------
    pandas.DataFrame
        Columns ``period``, ``year``, ``month``, the ``keys``, ``unit`` (the activity type's
        default unit, or the row's own unit when its dimension differs, e.g. litres of a fuel
        whose default is kWh), ``quantity`` [unit], ``activity_rows`` (count of source rows
        contributing), ``share_actual``, ``share_estimated``, ``share_filled`` (shares of the
        absolute quantity, 0-1) and ``missing_rows`` (rows with status ``missing``). When the
        activity has a ``cost_gbp`` column (money kept with bills and deliveries), also
        ``cost_gbp`` [GBP, apportioned like the quantity] and ``cost_share`` (share of the
        absolute quantity whose rows carry a cost, 0-1).
    """
    group_keys = ["period", "year", "month", *keys, "unit"]
    money = ["cost_gbp"] if "cost_gbp" in frame.columns else []
    needed = list(dict.fromkeys([*keys, "unit", "status", "quantity", "period_start",
                                 "period_end", *money]))
    split = apportion(frame[needed], periods, grain=grain)
    if split.empty:
        return pd.DataFrame(columns=[*group_keys, "quantity", "activity_rows", "share_actual",
                                     "share_estimated", "share_filled", "missing_rows",
                                     *(["cost_gbp", "cost_share"] if money else [])])
    known = activity_types()
    status = split["status"].astype(str).to_numpy()
    magnitude = np.abs(split["quantity"].to_numpy(dtype="float64"))
    work = split[[*group_keys[:-1], "unit", "quantity"]].copy()
    for name in ("actual", "estimated", "filled"):
        work[f"_{name}"] = np.where(status == name, magnitude, 0.0)
    work["_abs"] = magnitude
    if money:
        cost = split["cost_gbp"].to_numpy(dtype="float64", na_value=np.nan)
        work["cost_gbp"] = np.nan_to_num(cost * split["fraction"].to_numpy(dtype="float64"))
        work["_costed"] = np.where(np.isnan(cost), 0.0, magnitude)
    work["_missing"] = (status == "missing").astype("int64")
    work["_rows"] = 1
    for column in (*keys, "unit"):
        work[column] = work[column].astype(str)
    grouped = work.groupby(group_keys, sort=True, observed=True).sum(numeric_only=True)
    grouped = grouped.reset_index()
    # One conversion per (activity type, unit): into the default unit where the dimension allows.
    targets: dict[tuple[str, str], tuple[str, float]] = {}
    for kind, unit in grouped[["activity_type", "unit"]].drop_duplicates().itertuples(
            index=False):
        default = known[kind].default_unit
        try:
            targets[(kind, unit)] = (default, units.conversion_factor(unit, default))
        except DimensionError:
            targets[(kind, unit)] = (unit, 1.0)
    pairs = list(zip(grouped["activity_type"], grouped["unit"], strict=True))
    factor = np.array([targets[p][1] for p in pairs])
    grouped["unit"] = [targets[p][0] for p in pairs]
    for column in ("quantity", "_actual", "_estimated", "_filled", "_abs",
                   *(["_costed"] if money else [])):
        grouped[column] = grouped[column].to_numpy() * factor
    final = grouped.groupby(group_keys, sort=True).sum(numeric_only=True).reset_index()
    total = final["_abs"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        for name in ("actual", "estimated", "filled"):
            final[f"share_{name}"] = np.where(total > 0, final[f"_{name}"] / total, 0.0)
        if money:
            final["cost_share"] = np.where(total > 0, final["_costed"] / total, 0.0)
    final = final.rename(columns={"_rows": "activity_rows", "_missing": "missing_rows"})
    return final[[*group_keys[:-1], "unit", "quantity", "activity_rows", "share_actual",
                  "share_estimated", "share_filled", "missing_rows",
                  *(["cost_gbp", "cost_share"] if money else [])]]
