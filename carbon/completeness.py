"""Completeness of half-hourly data per meter and month.

For each series (meter x activity type) the expected half hours of a local (Europe/London)
calendar month are those inside both the month and the span of the series (first to last
half hour held), so a meter that starts mid-month is not reported as a gap before it started.
``present`` counts rows with a value (actual, estimated or filled); ``missing`` counts
expected half hours without one (empty cells and half hours with no row at all).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon import resources

_STEP = np.timedelta64(30, "m")
COLUMNS = ("site", "meter_id", "activity_type", "month", "expected", "present", "missing",
           "estimated", "filled", "completeness")


def threshold() -> float:
    """Share of half hours below which a month is listed as incomplete (loading_rules.toml)."""
    return float(resources.read_toml("carbon.scopes", "loading_rules.toml")
                 ["completeness"]["threshold"])


def completeness(activity: pd.DataFrame) -> pd.DataFrame:
    """Half hours expected, present, missing, estimated and filled per meter and month.

    Parameters
    ----------
    activity : pandas.DataFrame
        Canonical activity rows; only half-hour rows are considered.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``month`` is ``YYYY-MM`` (local), ``completeness`` is
        present / expected (0-1).
    """
    if activity.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    start = activity["period_start"].dt.tz_localize(None).to_numpy()
    end = activity["period_end"].dt.tz_localize(None).to_numpy()
    hh = activity[(end - start) == _STEP]
    if hh.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    local = hh["period_start"].dt.tz_convert("Europe/London")
    frame = pd.DataFrame({
        "site": hh["site"].astype(str).to_numpy(), "meter_id": hh["meter_id"].astype(str),
        "activity_type": hh["activity_type"].astype(str),
        "month": local.dt.strftime("%Y-%m").to_numpy(),
        "start": hh["period_start"].to_numpy(),
        "present": hh["quantity"].notna().to_numpy(),
        "estimated": (hh["status"] == "estimated").to_numpy(),
        "filled": (hh["status"] == "filled").to_numpy()})
    keys = ["site", "meter_id", "activity_type"]
    span = frame.groupby(keys, observed=True)["start"].agg(["min", "max"]).reset_index()
    counts = frame.groupby([*keys, "month"], observed=True).agg(
        present=("present", "sum"), estimated=("estimated", "sum"),
        filled=("filled", "sum")).reset_index()
    counts = counts.merge(span, on=keys)
    month_start = pd.to_datetime(counts["month"] + "-01").dt.tz_localize("Europe/London")
    month_end = (month_start.dt.tz_localize(None) + pd.offsets.MonthBegin(1)).dt.tz_localize(
        "Europe/London")
    lo = np.maximum(month_start.dt.tz_convert("UTC"), counts["min"])
    hi = np.minimum(month_end.dt.tz_convert("UTC"), counts["max"] + pd.Timedelta(minutes=30))
    counts["expected"] = ((hi - lo) / pd.Timedelta(minutes=30)).astype("int64")
    counts["missing"] = counts["expected"] - counts["present"]
    counts["completeness"] = counts["present"] / counts["expected"]
    return counts[list(COLUMNS)].sort_values(["site", "meter_id", "activity_type", "month"]
                                             ).reset_index(drop=True)
