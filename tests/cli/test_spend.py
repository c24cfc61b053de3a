"""``carbon load`` of a ledger, ``carbon spend`` and ``carbon costs``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from carbon.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"


def carbon(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--workspace", str(workspace), *args])


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ledger")
    loaded = carbon(root, "load", str(DATA / "procurement_ledger_2023_24.csv"),
                    "--organisation", "RZZ")
    assert loaded.exit_code == 0, loaded.output
    assert "procurement_ledger" in loaded.output and "294 accepted" in loaded.output
    shutil.copy(DATA / "supplier_factors.csv", root / "supplier_factors.csv")
    return root


def test_spend_by_report_group_with_coverage(workspace: Path) -> None:
    result = carbon(workspace, "spend", "--year", "2023/24", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["report_group"]: r for r in json.loads(result.stdout)}
    assert set(rows) >= {"medicines_and_chemicals", "medical_equipment",
                         "non_medical_equipment", "other_supply_chain",
                         "commissioned_services"}
    assert 0 < rows["medical_equipment"]["supplier_share"] < 1
    assert rows["medicines_and_chemicals"]["supplier_share"] == 0
    table = carbon(workspace, "spend", "--year", "2023/24")
    assert "supplier-specific" in table.stderr and "unmapped 170,200 (2.7%)" in table.stderr


def test_not_counted_lists_unmapped_and_energy(workspace: Path) -> None:
    result = carbon(workspace, "spend", "--year", "2023/24", "--not-counted", "--format",
                    "json")
    rows = json.loads(result.stdout)
    assert {r["category"] for r in rows if r["status"] == "unmapped"} == {
        "Business rates", "Subscriptions", "NAB"}
    assert [r["activity_type"] for r in rows if r["status"] == "memo"] == ["spend.energy"]


def test_without_supplier_file_nothing_is_supplier_specific(workspace: Path,
                                                            tmp_path: Path) -> None:
    shutil.copytree(workspace, tmp_path / "ws")
    (tmp_path / "ws" / "supplier_factors.csv").unlink()
    rows = json.loads(carbon(tmp_path / "ws", "spend", "--year", "2023/24", "--format",
                             "json").stdout)
    assert all(r["supplier_share"] == 0 for r in rows)


def test_costs_and_lines(workspace: Path) -> None:
    costs = carbon(workspace, "costs", "--year", "2023/24", "--format", "json")
    assert costs.exit_code == 0, costs.output
    rows = {r["report_group"]: r for r in json.loads(costs.stdout)}
    assert rows["medicines_and_chemicals"]["cost_coverage"] == 1.0
    assert rows["medicines_and_chemicals"]["cost_gbp"] > 1_000_000
    lines = carbon(workspace, "inventory", "--year", "2023/24", "--lines", "--format", "csv")
    header = lines.stdout.splitlines()[0].split(",")
    assert {"method", "method_tier", "price_year_spend", "price_index_ratio"} <= set(header)
    sdu = carbon(workspace, "spend", "--year", "2023/24", "--spend-factors", "sdu")
    assert sdu.exit_code == 0 and "not re-based" in sdu.stderr


def test_factors_show_the_price_basis(tmp_path: Path) -> None:
    result = carbon(tmp_path, "factors", "show", "sic/21/gbp", "--set", "defra-eeio:2022")
    assert result.exit_code == 0, result.output
    assert "price basis" in result.output and "prices of 2022 (not verified" in result.output
