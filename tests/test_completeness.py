"""Completeness of half-hourly data per meter and month (local calendar months)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from carbon.completeness import COLUMNS, completeness


def half_hours(meter: str, start: str, end: str) -> pd.DataFrame:
    times = pd.date_range(start, end, freq="30min", inclusive="left")
    n = len(times)
    return pd.DataFrame({
        "organisation": "O", "site": "S1", "meter_id": meter, "activity_type": "electricity.grid",
        "period_start": times, "period_end": times + pd.Timedelta(minutes=30),
        "quantity": np.ones(n), "unit": "kWh", "status": "actual", "source_file": "f",
        "source_row": np.arange(2, n + 2), "batch_id": "b"})


def test_expected_present_missing_per_meter_and_month() -> None:
    # M1 from local midnight of 15 October 2024 (BST) to 00:00 on 10 November (GMT).
    frame = half_hours("M1", "2024-10-14T23:00Z", "2024-11-10T00:00Z")
    holes = frame["period_start"].between(pd.Timestamp("2024-10-20T10:00Z"),
                                          pd.Timestamp("2024-10-20T12:30Z"))  # 6 rows absent
    frame = frame[~holes].reset_index(drop=True)
    empty = frame["period_start"].dt.day == 3  # 3 November: 48 empty cells
    frame.loc[empty, "quantity"] = np.nan
    frame.loc[empty, "status"] = "missing"
    frame.loc[frame.index[:5], "status"] = "estimated"
    table = completeness(frame).set_index("month")
    assert list(table.columns) == [c for c in COLUMNS if c != "month"]
    october, november = table.loc["2024-10"], table.loc["2024-11"]
    assert october["expected"] == 17 * 48 + 2  # the 27th has 50 half hours
    assert (october["present"], october["missing"], october["estimated"]) == (
        17 * 48 + 2 - 6, 6, 5)
    assert november["expected"] == 9 * 48
    assert (november["present"], november["missing"]) == (8 * 48, 48)
    assert november["completeness"] == 8 / 9


def test_local_month_boundary_and_meters_apart() -> None:
    # 31 March 2025 23:00Z is already 1 April (BST): it belongs to April.
    m1 = half_hours("M1", "2025-03-31T22:00Z", "2025-03-31T23:30Z")
    m2 = half_hours("M2", "2025-03-31T22:00Z", "2025-03-31T22:30Z")
    table = completeness(pd.concat([m1, m2], ignore_index=True))
    rows = {(r.meter_id, r.month): r.expected for r in table.itertuples()}
    assert rows == {("M1", "2025-03"): 2, ("M1", "2025-04"): 1, ("M2", "2025-03"): 1}


def test_rows_that_are_not_half_hours_are_ignored() -> None:
    frame = half_hours("M1", "2024-06-01T00:00Z", "2024-06-01T01:00Z")
    frame.loc[0, "period_end"] = pd.Timestamp("2024-07-01T00:00Z")
    assert completeness(frame)["expected"].tolist() == [1]  # only the 00:30Z half hour


def test_the_store_counts_what_the_table_counts(tmp_path: Path) -> None:
    """Counted in DuckDB (the report's path) or from the rows read back: the same table."""
    from carbon.completeness import from_counts
    from carbon.demo import write_demo_files
    from carbon.periods import parse_period
    from carbon.store import Store, current_activity, load_file
    from carbon.store.aggregate import completeness_counts

    store = Store(tmp_path / "ws")
    for path in write_demo_files(tmp_path / "inputs"):
        load_file(store, path)
    periods = [parse_period("2023/24"), parse_period("2024/25")]
    counted = from_counts([completeness_counts(store, periods)])
    rows = current_activity(store, period=(pd.Timestamp("2023-04-01"), pd.Timestamp("2025-04-01")))
    expected = completeness(rows)
    assert len(counted) > 12 and counted["estimated"].sum() > 0
    pd.testing.assert_frame_equal(counted, expected, check_dtype=False)
