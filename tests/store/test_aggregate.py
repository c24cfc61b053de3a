"""Totals summed inside DuckDB equal the in-memory engine's on the same current rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import carbon
from carbon.accounting.result import LINE_COLUMNS
from carbon.periods import parse_period
from carbon.store import Store, batches, current_activity
from carbon.totals import activity_totals

PERIODS = [parse_period("2023/24"), parse_period("2024/25")]
KEYS = ("organisation", "site", "meter_id", "activity_type")
NUMBERS = ["quantity", "share_actual", "share_estimated", "share_filled"]


def assert_same_lines(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Text and counts equal; numbers equal to the last few bits (sums in another order)."""
    assert list(got.columns) == list(want.columns) and len(got) == len(want) > 0
    for column in got.columns:
        if got[column].dtype.kind == "f":
            assert got[column].to_numpy() == pytest.approx(want[column].to_numpy(), rel=1e-12,
                                                           abs=1e-12, nan_ok=True), column
        else:
            assert got[column].astype(str).tolist() == want[column].astype(str).tolist(), column


@pytest.mark.parametrize("grain", ["period", "month"])
def test_store_totals_equal_the_in_memory_totals(mixed_store: Store, grain: str) -> None:
    in_store = mixed_store.totals(PERIODS, keys=KEYS, grain=grain).frame
    in_memory = activity_totals(current_activity(mixed_store), PERIODS, keys=KEYS,
                                grain=grain).frame
    assert_same_lines(in_store, in_memory)
    assert in_store["missing_rows"].sum() > 0 and (in_store["share_estimated"] > 0).any()
    assert (in_store["share_filled"] > 0).any() and "G1" in set(in_store["meter_id"])


def test_store_inventory_equals_the_in_memory_inventory(mixed_store: Store) -> None:
    from_store = carbon.inventory(mixed_store, PERIODS, grain="month")
    in_memory = carbon.inventory(current_activity(mixed_store), PERIODS, grain="month")
    assert_same_lines(from_store.to_frame()[list(LINE_COLUMNS)],
                      in_memory.to_frame()[list(LINE_COLUMNS)])
    loaded = batches(mixed_store)
    assert from_store.run_record["inputs"] == {
        f"{row.source_file} ({row.batch_id})": row.sha256 for row in loaded.itertuples()}


def test_store_inventory_is_byte_identical_across_runs(mixed_store: Store) -> None:
    first = carbon.inventory(mixed_store, "2024/25", grain="month")
    second = carbon.inventory(Store(mixed_store.workspace), "2024/25", grain="month")
    assert first.to_frame().to_csv() == second.to_frame().to_csv()
    assert first.run_record == second.run_record


def test_restated_rows_count_once_and_memo_types_not_at_all(mixed_store: Store,
                                                            mixed_activity: pd.DataFrame
                                                            ) -> None:
    totals = mixed_store.totals(PERIODS, keys=KEYS, grain="period").frame
    e1 = totals[totals["meter_id"] == "E1"].set_index("period")
    original = mixed_activity[mixed_activity["meter_id"] == "E1"]
    restated = original.iloc[90:96]
    expected = np.nansum(original["quantity"]) - np.nansum(restated["quantity"]) + 6 * 1.5
    assert e1["quantity"].sum() == pytest.approx(expected)
    assert e1["activity_rows"].sum() == len(original)
    inventory = carbon.inventory(mixed_store, PERIODS).to_frame()
    assert "electricity.export" not in set(inventory["activity_type"])
    assert "OLD" not in set(totals["meter_id"])  # a 2022 bill is outside both periods


def test_periods_without_data_give_empty_totals(mixed_store: Store) -> None:
    totals = mixed_store.totals([parse_period("2030/31")], keys=KEYS, grain="month")
    assert totals.frame.empty and totals.inputs == {}
