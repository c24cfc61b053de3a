"""Local (Europe/London) calendar days and months as UTC instants, and bill-date conventions.

Readers keep every quantity over a half-open UTC interval. Day and month bounds are local
midnights: UK clocks never change at midnight, so a midnight is never ambiguous or missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from carbon.readers.build import Context

#: Local calendar of the settlement and reporting days.
ZONE = "Europe/London"
_DAY_NS = np.int64(86_400 * 10**9)
#: Elements processed at a time by the per-row date arithmetic.
_BLOCK = 1 << 20


def local_midnight_utc(dates: np.ndarray) -> np.ndarray:
    """UTC instant of local midnight for each naive date. [datetime64[ns], naive UTC]

    Computed once per day of the range the dates span (a lookup, not a sort), or once per
    distinct date when they are spread over centuries.
    """
    days = np.asarray(dates, dtype="datetime64[D]").astype("int64")
    if len(days) == 0:
        return np.empty(0, dtype="datetime64[ns]")
    low, high = int(days.min()), int(days.max())
    if high - low <= max(4 * len(days), 1024):
        table = np.arange(low, high + 1, dtype="int64")
        index = days - low
    else:
        table, index = np.unique(days, return_inverse=True)
    starts = (pd.DatetimeIndex(table.astype("datetime64[D]").astype("datetime64[ns]"))
              .tz_localize(ZONE).tz_convert("UTC").tz_localize(None).to_numpy())
    return starts[index.reshape(-1)]


def local_day_and_period(start_ns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Local date and settlement period of half hours starting at the given UTC instants.

    Europe/London is never behind UTC, so the local date of an instant on UTC day *u* is *u*
    or *u + 1*: one lookup in a table of local midnights (one per day of the range) decides.

    Parameters
    ----------
    start_ns : numpy.ndarray
        UTC start of each half hour, nanoseconds since the epoch. [int64]

    Returns
    -------
    local_date : numpy.ndarray
        Local calendar date, at midnight (naive). [datetime64[ns]]
    period : numpy.ndarray
        Settlement period, 1 at local midnight (up to 46, 48 or 50). [int16]
    """
    local_date = np.empty(len(start_ns), dtype="datetime64[ns]")
    period = np.empty(len(start_ns), dtype="int16")
    if len(start_ns) == 0:
        return local_date, period
    first = int(start_ns.min() // _DAY_NS)
    days = np.arange(first, int(start_ns.max() // _DAY_NS) + 2, dtype="int64")
    midnight = local_midnight_utc(days.astype("datetime64[D]")).view("int64")
    for at in range(0, len(start_ns), _BLOCK):  # small temporaries, reused
        start = start_ns[at: at + _BLOCK]
        index = start // _DAY_NS - first
        index += start >= midnight[index + 1]
        period[at: at + _BLOCK] = (start - midnight[index]) // (_DAY_NS // 48) + 1
        local_date[at: at + _BLOCK] = (days[index] * _DAY_NS).view("datetime64[ns]")
    return local_date, period


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
