"""Gap filling of half-hourly series (linear, bounded, marked ``filled``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.activity import check_activity
from carbon.readers import LoadOptions, read_file
from carbon.readers.gaps import default_max_gap, fill_linear


def series(values: list[float | None], meter: str = "M1",
           start: str = "2024-06-01T00:00Z") -> pd.DataFrame:
    n = len(values)
    times = pd.date_range(start, periods=n, freq="30min")
    quantity = np.array([np.nan if v is None else v for v in values], dtype="float64")
    return pd.DataFrame({
        "organisation": "O", "site": "S1", "meter_id": meter, "activity_type": "electricity.grid",
        "period_start": times, "period_end": times + pd.Timedelta(minutes=30),
        "quantity": quantity, "unit": "kWh",
        "status": np.where(np.isnan(quantity), "missing", "actual"), "source_file": "f.csv",
        "source_row": np.arange(2, n + 2), "batch_id": "b"}).astype(dict.fromkeys(
            ("organisation", "site", "meter_id", "activity_type", "unit", "status",
             "source_file", "batch_id"), "category"))


def test_short_runs_are_interpolated_long_runs_and_edges_stay_missing() -> None:
    frame = series([None, 1, None, 3, None, None, None, None, None, 9, None])
    out = fill_linear(frame, max_gap=4)
    assert out["quantity"].tolist()[1:4] == [1, 2, 3]
    assert out["status"].astype(str).tolist() == (
        ["missing", "actual", "filled", "actual"] + ["missing"] * 5 + ["actual", "missing"])
    assert out["fill_method"].astype(object).tolist()[2] == "linear"
    assert out["fill_method"].isna().sum() == len(out) - 1
    assert check_activity(out).empty


def test_runs_are_never_bridged_across_meters_or_holes_in_time() -> None:
    first = series([1, None, None], meter="M1")
    second = series([None, None, 5], meter="M2", start="2024-06-01T01:30Z")
    hole = series([7, None], meter="M3")
    after_hole = series([None, 9], meter="M3", start="2024-06-01T03:00Z")
    frame = pd.concat([first, second, hole, after_hole], ignore_index=True)
    for c in ("meter_id", "status"):
        frame[c] = frame[c].astype(str).astype("category")
    out = fill_linear(frame, max_gap=10)
    assert (out["status"].astype(str) == "filled").sum() == 0
    assert out["quantity"].isna().sum() == frame["quantity"].isna().sum()


def test_fill_option_on_a_file(tmp_path: Path) -> None:
    times = pd.date_range("2024-06-01T00:00Z", periods=8, freq="30min")
    cells = ["10", "", "", "40", "", "", "", ""]
    path = tmp_path / "l.csv"
    path.write_text("meter_id,timestamp_utc,kwh\n" + "\n".join(
        f"M1,{t:%Y-%m-%dT%H:%M:%SZ},{v}" for t, v in zip(times, cells, strict=True)) + "\n")
    result = read_file(path, LoadOptions(site="S1", fill_gaps="linear"))
    a = result.activity
    assert a["quantity"].tolist()[:4] == [10, 20, 30, 40]
    assert (a["status"].astype(str) == "filled").sum() == 2
    assert any(f"runs of at most {default_max_gap()}" in s for s in result.assumptions)
    none = read_file(path, LoadOptions(site="S1"))
    assert (none.activity["status"].astype(str) == "missing").sum() == 6


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0, 1e6)), min_size=1, max_size=60),
       st.integers(1, 6))
def test_filling_keeps_readings_and_bounds_runs(values: list[float | None], max_gap: int) -> None:
    frame = series(values)
    out = fill_linear(frame, max_gap)
    given_values = frame["quantity"].notna().to_numpy()
    assert np.array_equal(out["quantity"].to_numpy()[given_values],
                          frame["quantity"].to_numpy()[given_values])
    filled = (out["status"].astype(str) == "filled").to_numpy()
    assert not (filled & given_values).any()
    assert np.isfinite(out["quantity"].to_numpy()[filled]).all()
    missing = ~given_values
    runs = np.split(np.arange(len(values)), np.flatnonzero(np.diff(missing.astype(int))) + 1)
    got = out["quantity"].to_numpy()
    for run in runs:
        if not missing[run[0]]:
            continue
        inner = run[0] > 0 and run[-1] < len(values) - 1
        assert filled[run].all() == (inner and len(run) <= max_gap)
        assert filled[run].all() or not filled[run].any()
        if filled[run].all():
            ends = [values[run[0] - 1], values[run[-1] + 1]]
            assert (got[run] >= min(ends) - 1e-6).all() and (got[run] <= max(ends) + 1e-6).all()


@pytest.mark.parametrize("max_gap", [1, 2])
def test_max_gap_option(max_gap: int) -> None:
    frame = series([1, None, None, 4])
    out = fill_linear(frame, max_gap=max_gap)
    assert (out["status"].astype(str) == "filled").sum() == (2 if max_gap >= 2 else 0)
