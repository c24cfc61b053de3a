"""Completeness of half-hourly data per meter and month.

For each series (site x meter x activity type x channel) the expected half hours of a local
(Europe/London) calendar month are those inside both the month and the span of the series
(first to last half hour held), so a meter that starts mid-month is not reported as a gap
before it started. ``present`` counts rows with a value (actual, estimated or filled);
``missing`` counts expected half hours without one (empty cells and half hours with no row).

The counts are sums, so they can be taken piece by piece while a large file loads
(:class:`Tally`) and combined at the end.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon import resources
from carbon.readers.checks import column_codes, dense_classes
from carbon.readers.dates import local_day_and_period

COLUMNS = ("site", "meter_id", "activity_type", "channel", "month", "expected", "present",
           "missing", "estimated", "filled", "completeness")
#: Columns naming a series (one meter channel of one activity type at a site).
KEYS = ("site", "meter_id", "activity_type", "channel")
_KEYS = list(KEYS)
_STEP = 30 * 60 * 10**9  # a half hour [ns]


def threshold() -> float:
    """Share of half hours below which a month is listed as incomplete (loading_rules.toml)."""
    return float(resources.read_toml("carbon.scopes", "loading_rules.toml")
                 ["completeness"]["threshold"])


def counts(activity: pd.DataFrame) -> pd.DataFrame:
    """Half hours present, estimated and filled per series and local month (summable).

    Returns
    -------
    pandas.DataFrame
        Columns ``site, meter_id, activity_type, channel, month`` (local ``YYYY-MM``),
        ``present, estimated, filled`` and ``first, last`` (UTC starts of the first and last
        half hour, nanoseconds since the epoch).
    """
    columns = [*_KEYS, "month", "present", "estimated", "filled", "first", "last"]
    if activity.empty:
        return pd.DataFrame(columns=columns)
    start = pd.DatetimeIndex(activity["period_start"]).as_unit("ns").asi8
    end = pd.DatetimeIndex(activity["period_end"]).as_unit("ns").asi8
    half_hour = (end - start) == _STEP
    if not half_hour.any():
        return pd.DataFrame(columns=columns)
    rows = activity if half_hour.all() else activity[half_hour]
    ns = start if half_hour.all() else start[half_hour]
    local_date, _ = local_day_and_period(ns)
    month = local_date.astype("datetime64[M]").astype("int64")
    parts = [column_codes(rows[c]) if c in rows.columns else (np.zeros(len(rows), "int8"), 1)
             for c in _KEYS]
    low = int(month.min())
    parts.append((month - low - 1, int(month.max()) - low + 2))  # codes from -1, as columns
    group, representative = dense_classes(parts, len(rows))
    k = len(representative)
    status = pd.Categorical(rows["status"])
    code = {name: status.categories.get_loc(name) if name in status.categories else -2
            for name in ("estimated", "filled")}
    span = pd.Series(ns).groupby(group).agg(["min", "max"])
    sample = rows.iloc[representative]
    out = pd.DataFrame({c: (sample[c].astype(object).where(sample[c].notna(), "").astype(str)
                            .to_numpy() if c in rows.columns else "") for c in _KEYS})
    out["month"] = (np.datetime64("1970-01", "M") + month[representative]).astype(str)
    missing = rows["quantity"].isna().to_numpy()
    out["present"] = np.bincount(group, minlength=k) - np.bincount(group[missing], minlength=k)
    for name in ("estimated", "filled"):
        out[name] = np.bincount(group[status.codes == code[name]], minlength=k)
    out["first"] = span["min"].to_numpy()
    out["last"] = span["max"].to_numpy()
    return out


def from_counts(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The completeness table from the :func:`counts` of one or more pieces of data.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``month`` is ``YYYY-MM`` (local), ``completeness`` is
        present / expected (0-1).
    """
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=list(COLUMNS))
    table = pd.concat(parts, ignore_index=True).groupby([*_KEYS, "month"], sort=False).agg(
        present=("present", "sum"), estimated=("estimated", "sum"), filled=("filled", "sum"),
        first=("first", "min"), last=("last", "max")).reset_index()
    span = table.groupby(_KEYS).agg(since=("first", "min"), until=("last", "max"))
    table = table.join(span, on=_KEYS)
    month_start = pd.to_datetime(table["month"] + "-01").dt.tz_localize("Europe/London")
    month_end = (month_start.dt.tz_localize(None) + pd.offsets.MonthBegin(1)).dt.tz_localize(
        "Europe/London")
    lo = np.maximum(_ns(month_start), table["since"].to_numpy())
    hi = np.minimum(_ns(month_end), table["until"].to_numpy() + _STEP)
    table["expected"] = (hi - lo) // _STEP
    table["missing"] = table["expected"] - table["present"]
    table["completeness"] = table["present"] / table["expected"]
    table["channel"] = table["channel"].replace("", None)
    return table[list(COLUMNS)].sort_values([*_KEYS, "month"]).reset_index(drop=True)


def completeness(activity: pd.DataFrame) -> pd.DataFrame:
    """Half hours expected, present, missing, estimated and filled per meter and month.

    Parameters
    ----------
    activity : pandas.DataFrame
        Canonical activity rows; only half-hour rows are considered.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS` (see :func:`from_counts`).
    """
    return from_counts([counts(activity)])


class Tally:
    """Completeness counted piece by piece (pass :meth:`add` as ``load_file(on_rows=...)``)."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, activity: pd.DataFrame) -> None:
        """Count a piece of activity rows."""
        self.parts.append(counts(activity))

    def table(self) -> pd.DataFrame:
        """The completeness table of everything added."""
        return from_counts(self.parts)


def _ns(times: pd.Series) -> np.ndarray:
    return pd.DatetimeIndex(times).as_unit("ns").asi8
