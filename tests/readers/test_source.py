"""Files read straight into totals equal the same files loaded and totalled in the store."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import carbon
from carbon.activity import write_activity_csv
from carbon.readers import LoadOptions
from carbon.readers.source import FileActivity
from carbon.store import Store, load_file

PERIODS = ["2023/24", "2024/25"]


def test_streamed_files_equal_the_loaded_store(mixed_activity: pd.DataFrame,
                                               tmp_path: Path) -> None:
    path = write_activity_csv(mixed_activity, tmp_path / "mixed.csv")
    options = LoadOptions(layout="canonical")
    store = Store(tmp_path / "ws")
    load_file(store, path, options)
    streamed = carbon.inventory(FileActivity(path, options), PERIODS, grain="month")
    stored = carbon.inventory(store, PERIODS, grain="month")
    pd.testing.assert_frame_equal(streamed.to_frame(), stored.to_frame(), check_exact=False,
                                  rtol=1e-12)
    assert list(streamed.run_record["inputs"]) == ["mixed.csv"]


def test_quarantined_input_is_named_in_the_run_record(tmp_path: Path) -> None:
    path = tmp_path / "hh.csv"
    path.write_text("meter_id,timestamp_utc,kwh,status\n"
                    "M1,2024-06-01T00:00:00Z,1.5,A\nM1,2024-06-01T00:30:00Z,oops,A\n")
    source = FileActivity(path, LoadOptions(site="S01"))
    inventory = carbon.inventory(source, "2024/25")
    assert inventory.to_frame()["quantity"].max() == 1.5
    assert any("hh.csv: 1 of 2" in w for w in inventory.run_record["warnings"])
    assert source.results[0].rows_quarantined == 1
