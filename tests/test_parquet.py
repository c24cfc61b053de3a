"""Parquet exports totalled file by file equal the store's own totals."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import carbon
from carbon.errors import InputFileError
from carbon.parquet import ParquetActivity
from carbon.periods import parse_period
from carbon.store import Store, export_parquet

PERIODS = [parse_period("2023/24"), parse_period("2024/25")]
KEYS = ("organisation", "site", "meter_id", "activity_type")


def test_export_totals_equal_the_store_totals(mixed_store: Store, mixed_export: Path) -> None:
    got = ParquetActivity(mixed_export).totals(PERIODS, keys=KEYS, grain="month")
    want = mixed_store.totals(PERIODS, keys=KEYS, grain="month").frame
    pd.testing.assert_frame_equal(got.frame, want, check_exact=False, rtol=1e-12)
    assert sorted(got.inputs) == ["RXX/activity/year=2022/data_0.parquet",
                                  "RXX/activity/year=2024/data_0.parquet",
                                  "RXX/activity/year=2025/data_0.parquet"]


def test_superseded_rows_in_a_full_export_are_left_out(mixed_store: Store, mixed_export: Path,
                                                       tmp_path: Path) -> None:
    export_parquet(mixed_store, tmp_path / "all", include_superseded=True)
    full = ParquetActivity(tmp_path / "all").totals(PERIODS, keys=KEYS, grain="period")
    current = ParquetActivity(mixed_export).totals(PERIODS, keys=KEYS, grain="period")
    pd.testing.assert_frame_equal(full.frame, current.frame)


def test_a_region_folder_reads_every_export(mixed_store: Store, mixed_export: Path) -> None:
    export_parquet(mixed_store, mixed_export.parent / "RYY")
    region = carbon.inventory(ParquetActivity(mixed_export.parent), "2024/25")
    one = carbon.inventory(ParquetActivity(mixed_export), "2024/25")
    assert region.total() == pytest.approx(2 * one.total())
    assert len(region.run_record["inputs"]) == 2 * len(one.run_record["inputs"])


def test_row_groups_outside_the_periods_are_not_read(mixed_export: Path) -> None:
    source = ParquetActivity(mixed_export)
    assert source.totals([parse_period("2030/31")], keys=KEYS, grain="month").frame.empty


def test_a_folder_without_an_export_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no activity Parquet"):
        ParquetActivity(tmp_path)
