"""Optional gap filling of half-hourly series (off unless asked for).

Method ``linear``: within one series (meter x activity type), a run of at most ``max_gap``
consecutive ``missing`` half hours that has an actual or estimated reading on both sides is
filled by straight-line interpolation between those two readings. Filled rows get status
``filled`` and ``fill_method = 'linear'``; longer runs, and runs at the start or end of a series,
stay ``missing``. The default ``max_gap`` is in ``scopes/loading_rules.toml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon import resources
from carbon.activity import STATUSES

if TYPE_CHECKING:
    from carbon.readers.build import Context


def default_max_gap() -> int:
    """Longest run of half hours gap filling bridges by default [periods]."""
    rules = resources.read_toml("carbon.scopes", "loading_rules.toml")
    return int(rules["gap_fill"]["max_gap_periods"])


def apply(ctx: Context, activity: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Fill gaps when the load options ask for it.

    Returns
    -------
    (activity, filled)
        The rows (filled or as they were) and how many half hours were filled.
    """
    if ctx.options.fill_gaps == "none" or activity.empty:
        return activity, 0
    filled = fill_linear(activity, ctx.options.max_gap or default_max_gap())
    count = int((filled["status"] == "filled").sum() - (activity["status"] == "filled").sum())
    return filled, count


def state(ctx: Context, filled: int) -> None:
    """State the gap filling done (if asked for) as an assumption of the load."""
    if ctx.options.fill_gaps != "none":
        limit = ctx.options.max_gap or default_max_gap()
        ctx.assume(f"gap filling: {filled} missing half hour(s) filled by linear "
                   f"interpolation (runs of at most {limit}; status 'filled')")


def fill_linear(activity: pd.DataFrame, max_gap: int) -> pd.DataFrame:
    """Fill short runs of missing half hours by linear interpolation.

    A series is one (site, meter, activity type, unit[, channel]); a run is bridged only when
    the half hours either side of it are in the same series and contiguous in time with it.

    Parameters
    ----------
    activity : pandas.DataFrame
        Half-hourly rows (canonical columns).
    max_gap : int
        Longest run filled. [half hours]

    Returns
    -------
    pandas.DataFrame
        A copy; filled rows have status ``filled`` and ``fill_method`` ``linear``; other rows
        have no ``fill_method``.
    """
    n = len(activity)
    keys = [c for c in ("site", "meter_id", "activity_type", "unit", "channel")
            if c in activity.columns]
    series = activity.groupby(keys, observed=True, sort=False, dropna=False).ngroup().to_numpy()
    start = pd.DatetimeIndex(activity["period_start"]).as_unit("ns").asi8
    order = np.lexsort((start, series))
    q = activity["quantity"].to_numpy(dtype="float64")[order]
    t = start[order]
    s = series[order]
    step = np.int64(30 * 60 * 10**9)
    # A new segment starts at a new series or a hole in time (no row at all).
    segment = np.cumsum(np.r_[True, (s[1:] != s[:-1]) | (t[1:] - t[:-1] != step)])
    index = np.arange(n)
    valid = ~np.isnan(q)
    before = np.maximum.accumulate(np.where(valid, index, -1))
    after = np.minimum.accumulate(np.where(valid, index, n)[::-1])[::-1]
    inside = (before >= 0) & (after < n)
    inside[inside] = (segment[before[inside]] == segment[index[inside]]) & (
        segment[after[inside]] == segment[index[inside]])
    fill = ~valid & inside & (after - before - 1 <= max_gap)
    lo, hi = before[fill], after[fill]
    quantity = activity["quantity"].to_numpy(dtype="float64").copy()
    target = order[fill]
    quantity[target] = q[lo] + (q[hi] - q[lo]) * (index[fill] - lo) / (hi - lo)
    status = pd.Categorical(activity["status"], categories=list(STATUSES))
    codes = status.codes.copy()
    codes[target] = STATUSES.index("filled")
    method = np.full(n, -1, dtype="int8")
    method[target] = 0
    return activity.assign(
        quantity=quantity, status=pd.Categorical.from_codes(codes, list(STATUSES)),
        fill_method=pd.Categorical.from_codes(method, ["linear"]))
