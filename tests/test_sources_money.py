"""Costs, spend lines and data-quality tiers come out the same from every activity source.

The store and Parquet exports total their half-hours where they lie and give the inventory
only the rows that are not half-hour readings (bills, deliveries, returns, ledger lines), with
their details; the result must equal the inventory of the whole table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import carbon
from carbon.demo import run_demo
from carbon.parquet import ParquetActivity
from carbon.pipeline import workspace_suppliers
from carbon.store import Store, export_parquet
from carbon.store.current import activity_for_periods

PERIODS = ["2023/24", "2024/25"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sources")
    run_demo(folder, formats=("json",))
    return folder


def lines(source: object, workspace: Path) -> pd.DataFrame:
    inv = carbon.inventory(source, PERIODS, workspace=workspace,  # type: ignore[arg-type]
                           suppliers=workspace_suppliers(workspace))
    return inv.to_frame()


def test_store_and_parquet_give_the_table_s_costs_spend_and_tiers(workspace: Path) -> None:
    table, _ = activity_for_periods(workspace, PERIODS)
    expected = lines(table, workspace)
    assert expected["cost_gbp"].sum() > 0
    assert {"activity", "spend", "supplier_specific"} <= set(expected["method"])
    assert {"OC", "SC", "RC"} <= set(expected["method_tier"])
    export_parquet(Store(workspace), workspace / "export")
    for source in (Store(workspace), ParquetActivity(workspace / "export")):
        got = lines(source, workspace)
        pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12,
                                      check_dtype=False, check_categorical=False)
