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

if TYPE_CHECKING:
    from carbon.readers.build import Context


def default_max_gap() -> int:
    """Longest run of half hours gap filling bridges by default [periods]."""
    rules = resources.read_toml("carbon.scopes", "loading_rules.toml")
    return int(rules["gap_fill"]["max_gap_periods"])


def apply(ctx: Context, activity: pd.DataFrame) -> pd.DataFrame:
    """Fill gaps when the load options ask for it; states the method as an assumption."""
    if ctx.options.fill_gaps == "none" or activity.empty:
        return activity
    limit = ctx.options.max_gap or default_max_gap()
    filled = fill_linear(activity, limit)
    count = int((filled["status"] == "filled").sum() - (activity["status"] == "filled").sum())
    ctx.assume(f"gap filling: {count} missing half hour(s) filled by linear interpolation "
               f"(runs of at most {limit}; status 'filled')")
    return filled


def fill_linear(activity: pd.DataFrame, max_gap: int) -> pd.DataFrame:
    """Fill short runs of missing half hours by linear interpolation.

    Parameters
    ----------
    activity : pandas.DataFrame
        Half-hourly rows (canonical columns).
    max_gap : int
        Longest run filled. [half hours]

    Returns
    -------
    pandas.DataFrame
        A copy; filled rows have status ``filled`` and ``fill_method`` ``linear``.
    """
    out = activity.copy()
    order = np.lexsort((out["period_start"].to_numpy(), out["activity_type"].cat.codes,
                        out["meter_id"].cat.codes))
    q = out["quantity"].to_numpy()[order]
    start = out["period_start"].to_numpy()[order].astype("int64")
    series = (out["meter_id"].cat.codes.to_numpy().astype("int64")[order] << 16) + \
        out["activity_type"].cat.codes.to_numpy().astype("int64")[order]
    step = np.int64(30 * 60 * 10**9)
    # A new segment starts at a new series or a hole in time (no row at all).
    new_segment = np.ones(len(q), dtype=bool)
    new_segment[1:] = (series[1:] != series[:-1]) | (start[1:] - start[:-1] != step)
    segment = np.cumsum(new_segment)
    frame = pd.DataFrame({"q": q, "segment": segment})
    interpolated = frame.groupby("segment", sort=False)["q"].transform(
        lambda s: s.interpolate(method="linear", limit_area="inside"))
    missing = np.isnan(q)
    run_id = np.cumsum(~missing | new_segment)
    run_length = pd.Series(missing).groupby(run_id).transform("sum").to_numpy()
    fill = missing & (run_length <= max_gap) & ~np.isnan(interpolated.to_numpy())
    target = order[fill]
    quantity = out["quantity"].to_numpy().copy()
    quantity[target] = interpolated.to_numpy()[fill]
    out["quantity"] = quantity
    status = out["status"].astype(str).to_numpy(dtype=object)
    status[target] = "filled"
    out["status"] = pd.Categorical(status, categories=["actual", "estimated", "filled",
                                                       "missing"])
    method = np.full(len(out), None, dtype=object)
    method[target] = "linear"
    out["fill_method"] = pd.Categorical(method)
    return out
