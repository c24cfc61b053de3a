from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from click.testing import CliRunner

from carbon.activity import write_activity_csv
from carbon.cli import cli
from carbon.demo import run_demo
from carbon.store import activity_for_periods

if TYPE_CHECKING:
    from carbon.store import Store


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workspace = tmp_path_factory.mktemp("demo")
    run_demo(workspace, formats=("json",))
    return workspace


@pytest.fixture(scope="module")
def demo_file(demo_workspace: Path) -> Path:
    """The demo store's 2024/25 activity as a canonical activity CSV."""
    activity, _ = activity_for_periods(demo_workspace, ["2024/25"])
    return write_activity_csv(activity, demo_workspace / "activity-2024-25.csv")


def test_inventory_from_the_store_matches_the_file(demo_workspace: Path, demo_file: Path,
                                                   tmp_path: Path) -> None:
    from_store = CliRunner().invoke(cli, ["--workspace", str(demo_workspace), "inventory",
                                          "--year", "2024/25", "--format", "csv"])
    from_file = run(["inventory", "--year", "2024/25", "--activity", str(demo_file),
                     "--format", "csv", "--suppliers",
                     str(demo_workspace / "supplier_factors.csv")], tmp_path)
    assert from_store.exit_code == 0, from_store.output
    store_csv = [line for line in from_store.output.splitlines() if line[:1] in "s123o"]
    file_csv = [line for line in from_file.output.splitlines() if line[:1] in "s123o"]
    # DuckDB sums exactly, the file's rows are summed in double: the last bits may differ
    # (decision 0030), never the lines.
    assert store_csv[0] == file_csv[0] == "scope,tco2e,tco2e_market"
    assert len(store_csv) == len(file_csv)
    for ours, theirs in zip(store_csv[1:], file_csv[1:], strict=True):
        key, *values = ours.split(",")
        other, *expected = theirs.split(",")
        assert key == other
        assert [float(v) for v in values] == pytest.approx([float(v) for v in expected],
                                                          rel=1e-12)


def run(args: list[str], tmp_path: Path) -> object:
    return CliRunner().invoke(cli, ["--workspace", str(tmp_path / "ws"), *args])


def test_inventory_csv_with_run_record(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "inv.csv"
    result = run(["inventory", "--year", "2024/25", "--activity", str(demo_file), "--by",
                  "scope", "--format", "csv", "--out", str(out)], tmp_path)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    assert list(table["scope"]) == [1, 2, 3]
    record = json.loads(Path(f"{out}.run.json").read_text())
    assert record["selections"][0]["sets"][0]["set_id"] == "desnz:2024"
    assert len(record["activity_sha256"]) == 64 and demo_file.name in record["inputs"]
    again = tmp_path / "again.csv"
    run(["inventory", "--year", "2024/25", "--activity", str(demo_file), "--by", "scope",
         "--format", "csv", "--out", str(again)], tmp_path)
    assert out.read_bytes() == again.read_bytes()  # byte-identical re-run


def test_lines_xlsx_and_market_only(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "inv.xlsx"
    result = run(["inventory", "--year", "2024/25", "--activity", str(demo_file), "--lines",
                  "--format", "xlsx", "--out", str(out)], tmp_path)
    assert result.exit_code == 0, result.output
    lines = pd.read_excel(out, sheet_name="lines", engine="calamine")
    assert {"factor_id", "factor_set", "gwp_basis", "layer"} <= set(lines.columns)
    market = run(["inventory", "--year", "2024/25", "--activity", str(demo_file),
                  "--scope2", "market", "--format", "json"], tmp_path)
    assert "tco2e_market" in market.output and '"tco2e"' not in market.output


def test_explain_one_figure(demo_file: Path, tmp_path: Path) -> None:
    result = run(["explain", "--year", "2024/25", "--activity", str(demo_file), "--site", "R01",
                  "--activity-type", "fuel.natural_gas", "--line", "combustion"], tmp_path)
    assert result.exit_code == 0, result.output
    assert "fuels/gaseous-fuels/natural-gas/kwh-gross-cv" in result.output
    assert "kgCO2e/kWh_gross" in result.output and "desnz:2024" in result.output


def test_unknown_factor_set_is_one_line_error(demo_file: Path, tmp_path: Path) -> None:
    result = run(["inventory", "--year", "2024/25", "--activity", str(demo_file), "--factors",
                  "desnz:2031"], tmp_path)
    assert result.exit_code != 0
    assert "desnz:2031" in str(result.exception or result.output)


def test_store_parquet_and_dask_engines_agree(mixed_store: Store, mixed_export: Path) -> None:
    pytest.importorskip("distributed")
    args = ["--workspace", str(mixed_store.workspace), "inventory", "--year", "2024/25",
            "--grain", "month", "--by", "site,month,scope", "--format", "csv"]
    from_store = CliRunner().invoke(cli, args)
    local = CliRunner().invoke(cli, [*args, "--parquet", str(mixed_export)])
    on_dask = CliRunner().invoke(cli, [*args, "--parquet", str(mixed_export), "--engine",
                                       "dask", "--workers", "2"])
    for result in (from_store, local, on_dask):
        assert result.exit_code == 0, result.output
    assert on_dask.stdout == local.stdout
    store_table = pd.read_csv(io.StringIO(from_store.stdout))
    parquet_table = pd.read_csv(io.StringIO(local.stdout))
    pd.testing.assert_frame_equal(parquet_table, store_table, check_exact=False, rtol=1e-12)
    assert len(store_table) > 12


def test_dask_engine_needs_parquet_exports(mixed_store: Store) -> None:
    result = CliRunner().invoke(cli, ["--workspace", str(mixed_store.workspace), "inventory",
                                      "--year", "2024/25", "--engine", "dask"])
    assert "the dask engine reads Parquet exports" in str(result.exception)
    assert "carbon export --parquet" in str(result.exception)
