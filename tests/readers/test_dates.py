"""Local dates, settlement periods and local midnights against pandas' own time-zone rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.readers.dates import local_day_and_period, local_midnight_utc


def oracle(starts: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
    local = starts.tz_convert("Europe/London").tz_localize(None).normalize()
    midnight = local.tz_localize("Europe/London").tz_convert("UTC")
    return local.to_numpy(), ((starts - midnight) // pd.Timedelta(minutes=30) + 1).to_numpy()


def test_every_half_hour_of_four_years() -> None:
    starts = pd.date_range("2023-01-01", "2027-01-01", freq="30min", tz="UTC",
                           inclusive="left").as_unit("ns")
    got_date, got_period = local_day_and_period(starts.asi8)
    want_date, want_period = oracle(starts)
    assert (got_date == want_date).all() and (got_period == want_period).all()
    per_day = pd.Series(got_period).groupby(got_date).max()
    assert sorted(set(per_day)) == [46, 48, 50]
    assert per_day[pd.Timestamp("2024-10-27")] == 50 and per_day[pd.Timestamp("2025-03-30")] == 46


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(-20 * 365 * 48, 60 * 365 * 48), min_size=1, max_size=300))
def test_any_half_hours_in_any_order(half_hours: list[int]) -> None:
    starts = pd.DatetimeIndex(np.asarray(half_hours, dtype="int64") * 1800 * 10**9,
                              tz="UTC").as_unit("ns")
    got_date, got_period = local_day_and_period(starts.asi8)
    want_date, want_period = oracle(starts)
    assert (got_date == want_date).all() and (got_period == want_period).all()


def test_local_midnights_for_spread_out_dates() -> None:
    dates = np.array(["1900-06-01", "2024-03-31", "2024-04-01", "2099-12-31"],
                     dtype="datetime64[D]")
    got = local_midnight_utc(dates)
    want = pd.DatetimeIndex(dates.astype("datetime64[ns]")).tz_localize(
        "Europe/London").tz_convert("UTC").tz_localize(None).to_numpy()
    assert (got == want).all()
