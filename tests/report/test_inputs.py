from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from carbon.errors import (
    ActivityValidationError,
    ConfigurationError,
    InputFileError,
    PeriodError,
)
from carbon.report import Chart, ReportInputs, build_report_inputs


def test_fixture_folder_builds_complete_inputs(report_inputs: ReportInputs) -> None:
    assert report_inputs.period == "2024/25" and report_inputs.base_year == 2019
    assert sorted(report_inputs.inventory) == [2019, 2023, 2024]
    assert report_inputs.chart("trajectory") is not None
    assert len(report_inputs.social_value.metrics) == 12
    assert {r.model for r in report_inputs.social_value.procurement} == {
        "PPN 06/20 Social Value Model", "PPN 002 Social Value Model"}
    assert report_inputs.social_value.provenance.run_id == "run-2025-06-30-rzz-0007"
    assert len(report_inputs.data_quality.completeness) == 24


def test_the_carbon_metric_equals_the_inventory_total(report_inputs: ReportInputs) -> None:
    lines = report_inputs.lines
    expected = lines.loc[(lines["nhs_footprint"] == "CF") & (lines["scope"] != "outside"),
                         "tco2e"].sum()
    carbon = next(m for m in report_inputs.social_value.metrics
                  if m.metric_id == "carbon_cf_tco2e")
    assert carbon.value == pytest.approx(expected)
    required = report_inputs.compliance.set_index("year").loc[2024, "required"]
    assert carbon.target == pytest.approx(required)


def test_workspace_default_folder_and_missing_folder(tmp_path: Path, inputs_dir: Path) -> None:
    with pytest.raises(InputFileError, match="no report inputs folder"):
        build_report_inputs(tmp_path, "2024/25")
    shutil.copytree(inputs_dir, tmp_path / "report-inputs")
    assert build_report_inputs(tmp_path, "2024/25").year == 2024


def test_a_calendar_year_is_refused(inputs_dir: Path) -> None:
    with pytest.raises(PeriodError, match="financial years"):
        build_report_inputs("ws", "2024", inputs_dir)


def test_missing_required_file_and_bad_settings(tmp_path: Path, inputs_dir: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(inputs_dir, folder)
    (folder / "annual_actuals.csv").unlink()
    with pytest.raises(InputFileError, match="required report input is missing"):
        build_report_inputs("ws", "2024/25", folder)
    (folder / "report.toml").write_text('organisation = "X"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="invalid report settings"):
        build_report_inputs("ws", "2024/25", folder)


def test_contract_columns_are_checked(tmp_path: Path, inputs_dir: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(inputs_dir, folder)
    compliance = pd.read_csv(folder / "compliance.csv").drop(columns="gap_pct")
    compliance.to_csv(folder / "compliance.csv", index=False)
    with pytest.raises(ActivityValidationError, match="lacks column\\(s\\) gap_pct"):
        build_report_inputs("ws", "2024/25", folder)


def test_a_year_without_inventory_lines_is_refused(inputs_dir: Path) -> None:
    with pytest.raises(ConfigurationError, match="no inventory lines for the reporting year"):
        build_report_inputs("ws", "2022/23", inputs_dir)


def test_chart_bytes_must_match_their_type() -> None:
    with pytest.raises(ValueError, match="not image/png"):
        Chart(id="x", title="X", alt="x", media_type="image/png", data=b"<svg></svg>")
    with pytest.raises(ValueError, match="at least 1 character"):
        Chart(id="x", title="X", alt="", media_type="image/svg+xml", data=b"<svg></svg>")
