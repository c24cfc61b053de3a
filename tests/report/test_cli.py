"""``carbon report`` and ``carbon social-value`` end to end on the fixture trust's folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from carbon.cli import cli, main
from carbon.report import find_chromium
from carbon.socialvalue import json_schema


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_report_writes_one_html_file(inputs_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, output = run("report", "--year", "2024/25", "--inputs", str(inputs_dir),
                       "--out", str(out))
    assert code == 0, output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "report for 2024/25" in output and "green 1, amber 1, red 0" in output


def test_report_outputs_folder(inputs_dir: Path, tmp_path: Path) -> None:
    code, output = run("report", "--year", "2024/25", "--inputs", str(inputs_dir),
                       "--outputs", str(tmp_path / "out"))
    assert code == 0, output
    names = {p.name for p in (tmp_path / "out").iterdir()}
    expected = {"report.html", "report.xlsx", "social-value.json", "social-value.csv",
                "secr.csv", "run.json"} | ({"report.pdf"} if find_chromium() else set())
    assert names == expected
    document = json.loads((tmp_path / "out" / "social-value.json").read_text(encoding="utf-8"))
    assert document["organisation"].startswith("Riverside") and len(document["metrics"]) == 12


def test_report_errors_are_one_line(inputs_dir: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--workspace", str(tmp_path / "ws"), "report", "--year", "2024/25"])
    err = capsys.readouterr().err
    assert info.value.code == 1 and err.startswith("carbon: error: ")
    assert "no report inputs folder" in err and err.count("\n") == 1
    code, output = run("report", "--year", "2024/25", "--inputs", str(inputs_dir),
                       "--out", str(tmp_path / "report.txt"))
    assert code == 2 and "unknown report type" in output


def test_social_value_metrics_and_schema(inputs_dir: Path, tmp_path: Path) -> None:
    code, output = run("social-value", "metrics", "--year", "2024/25", "--inputs",
                       str(inputs_dir), "--format", "csv")
    assert code == 0 and output.splitlines()[0].startswith("theme,sub_theme,metric_id")
    assert "carbon_cf_tco2e" in output
    code, output = run("social-value", "metrics", "--year", "2024/25", "--inputs",
                       str(inputs_dir), "--format", "json")
    assert json.loads(output)["schema_version"] == "1"
    code, output = run("social-value", "schema")
    assert code == 0 and output == json_schema()


def test_secr_command(inputs_dir: Path) -> None:
    code, output = run("secr", "--year", "2024/25", "--inputs", str(inputs_dir), "--format",
                       "csv")
    assert code == 0 and output.startswith("section,item,unit,2024/25,2023/24")
    assert "Scope 1 and 2 (location-based) per gross internal floor area" in output
    assert "Methodology: Emissions for 2024/25 follow the GHG Protocol" in output


def test_carbon_values_listing_and_rebasing() -> None:
    code, output = run("social-value", "carbon-values", "--format", "csv")
    assert code == 0 and "2030,147.25,294.5,441.75" in output
    code, output = run("social-value", "carbon-values", "--format", "csv", "--price-year",
                       "2024")
    assert code == 0 and f"2030,{147.25 * 100 / 90.5005:.2f}" in output


@pytest.mark.official_data
def test_import_carbon_values_command(shared_dir: Path, tmp_path: Path) -> None:
    source = shared_dir / "data/carbon_values/desnz-carbon-values-2022-prices-table3-2020-2050.csv"
    out = tmp_path / "cv.csv"
    code, output = run("social-value", "import-carbon-values", str(source), "--out", str(out))
    assert code == 0 and "93 rows, 2020-2050, 2022 prices" in output
    assert "2030,central,294.50,2022" in out.read_text(encoding="utf-8")
