from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from carbon.cli import cli, main

HEAVY = ("pandas", "numpy", "pint", "xarray", "matplotlib", "pydantic", "duckdb", "pyarrow")


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 1), out, err


def test_help_lists_commands_and_imports_nothing_heavy() -> None:
    code = ("import sys\nfrom carbon.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "Commands:" in result.stdout and "demo" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and "carbon, version" in result.output


def test_python_dash_m_carbon() -> None:
    result = subprocess.run([sys.executable, "-m", "carbon", "--version"], capture_output=True,
                            text=True, check=True)
    assert result.stdout.startswith("carbon, version")


def test_carbon_error_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["units", "convert", "5", "kWh", "litres"], capsys)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("carbon: error: ")
    assert "Traceback" not in err


def test_debug_shows_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["--debug", "units", "convert", "5", "kWh", "litres"], capsys)
    assert code == 1 and "Traceback" in err and "DimensionError" in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["no-such-command"], capsys)
    assert code == 2 and "No such command" in err


def test_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    code, _, err = run_main(["validate", str(tmp_path / "absent.csv")], capsys)
    assert code == 2 and "does not exist" in err


def test_invalid_activity_file_names_row_and_fix(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "organisation,site,meter_id,activity_type,period_start,period_end,quantity,unit,"
        "status,source_file,source_row,batch_id\n"
        "RXX,S01,M1,electricity.grid,2024-04-01T00:00:00Z,2024-05-01T00:00:00Z,100,litres,"
        "actual,bills.csv,7,b1\n")
    code, _, err = run_main(["validate", str(bad)], capsys)
    assert code == 1
    assert "bills.csv row 7" in err and "'unit'" in err and "litres" in err and "fix:" in err


def test_units_commands() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["units", "convert", "5", "hundreds of cubic feet", "m3"])
    assert result.exit_code == 0 and "14.15 m3" in result.output
    result = runner.invoke(cli, ["units", "gas", "1000", "cubic metres", "--cv", "39.5"])
    assert "11220.63 kWh (Gross CV)" in result.output
    result = runner.invoke(cli, ["units", "parse", "kWh (Net CV)"])
    assert "energy_net" in result.output and "net" in result.output


def test_taxonomy_json() -> None:
    result = CliRunner().invoke(cli, ["taxonomy", "anaesthetic", "--format", "json"])
    rows = json.loads(result.output)
    assert {r["key"] for r in rows} >= {"anaesthetic.desflurane", "anaesthetic.entonox"}


def test_demo_runs_the_whole_job(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), "demo"])
    assert result.exit_code == 0, result.output
    for part in ("hh_long_utc.csv", "0 quarantined", "2019/20", "2024/25",
                 "NHS Carbon Footprint", "report.html"):
        assert part in result.output, part
    report = workspace / "demo" / "report" / "report.html"
    assert report.is_file() and report.stat().st_size > 50_000
    html = report.read_text(encoding="utf-8")
    for part in ('id="supply-chain"', 'id="money"', 'id="kpi-supply"', 'id="table-tiers"',
                 "Business rates", "Counted from activity data", "price basis not verified"):
        assert part in html, part
    from python_calamine import CalamineWorkbook

    sheets = CalamineWorkbook.from_path(str(report.with_suffix(".xlsx"))).sheet_names
    assert {"Supply chain", "Costs"} <= set(sheets)
    again = CliRunner().invoke(cli, ["--workspace", str(workspace), "demo"])
    assert again.output.count("already in the store") == 10  # loading twice changes nothing


@pytest.mark.parametrize(("given", "kept"), [(None, "0"), ("1", "1")])
def test_the_command_opts_out_of_numpy_huge_pages_unless_told(
        given: str | None, kept: str) -> None:
    code = ("import os, sys\nfrom carbon.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "import numpy._core.multiarray as m\n"
            "print(os.environ['NUMPY_MADVISE_HUGEPAGE'], int(m._get_madvise_hugepage()))")
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    if given is not None:
        env["NUMPY_MADVISE_HUGEPAGE"] = given
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env=env)
    variable, active = result.stdout.splitlines()[-1].split()
    assert variable == kept and (active == "0" if kept == "0" else True)
