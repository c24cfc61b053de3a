"""The workbook and the SECR disclosure table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from carbon.report import ReportInputs, secr_table, write_xlsx
from carbon.report.secr import methodology_statement
from carbon.spreadsheet import neutralise, safe_text, to_csv_text


def test_workbook_sheets_and_numbers(report_inputs: ReportInputs, tmp_path: Path) -> None:
    path = write_xlsx(report_inputs, tmp_path / "r.xlsx")
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["Summary", "Inventory", "Trajectory", "Social value", "SECR",
                                "Provenance"]
    summary = book.get_sheet_by_name("Summary").to_python()
    rows = {r[0]: r[1] for r in summary if r and r[0]}
    lines = report_inputs.lines
    cf = lines.loc[(lines["nhs_footprint"] == "CF") & (lines["scope"] != "outside"), "tco2e"]
    assert rows["NHS Carbon Footprint"] == pytest.approx(cf.sum())
    inventory = book.get_sheet_by_name("Inventory").to_python()
    assert len(inventory) == 1 + sum(len(f) for f in report_inputs.inventory.values())
    provenance = {r[0]: r[1] for r in book.get_sheet_by_name("Provenance").to_python() if r}
    assert provenance["run_id"] == "run-2025-06-30-rzz-0007"


def test_workbook_is_reproducible(report_inputs: ReportInputs, tmp_path: Path) -> None:
    first = write_xlsx(report_inputs, tmp_path / "a.xlsx").read_bytes()
    assert write_xlsx(report_inputs, tmp_path / "b.xlsx").read_bytes() == first


def test_formula_like_text_is_neutralised(report_inputs: ReportInputs, tmp_path: Path) -> None:
    lines = {y: f.assign(site="=HYPERLINK(\"http://x\",\"y\")") if y == 2024 else f
             for y, f in report_inputs.inventory.items()}
    hostile = report_inputs.model_copy(update={"inventory": lines,
                                               "organisation": "+cmd|' /C calc'!A0"})
    book = CalamineWorkbook.from_path(str(write_xlsx(hostile, tmp_path / "h.xlsx")))
    cells = [c for r in book.get_sheet_by_name("Inventory").to_python() for c in r]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    summary = [c for r in book.get_sheet_by_name("Summary").to_python() for c in r]
    assert "'+cmd|' /C calc'!A0" in summary


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("plain", "plain"), (-5.0, -5.0), (3, 3), (None, None),
])
def test_safe_text(value: object, expected: object) -> None:
    assert safe_text(value) == expected


def test_csv_text_neutralises_text_but_not_numbers() -> None:
    frame = pd.DataFrame({"name": ["=evil()", "ok"], "value": [-1.5, 2.0]})
    assert to_csv_text(frame) == "name,value\n'=evil(),-1.5\nok,2.0\n"
    assert neutralise(frame)["value"].tolist() == [-1.5, 2.0]


def test_secr_table_against_hand_sums(report_inputs: ReportInputs) -> None:
    table = secr_table(report_inputs).set_index(["section", "item"])
    lines = report_inputs.lines
    scope1 = lines.loc[lines["scope"] == "1", "tco2e"].sum()
    scope2 = lines.loc[lines["scope"] == "2", "tco2e"].sum()
    assert table.loc[("Emissions", "Scope 1 (direct emissions)"), "2024/25"] == pytest.approx(
        scope1)
    assert table.loc[("Emissions", "Scope 2 (purchased energy), market-based"),
                     "2024/25"] == pytest.approx(0.0)
    ratio = table.loc[("Intensity ratio",
                       "Scope 1 and 2 (location-based) per gross internal floor area"),
                      "2024/25"]
    assert ratio == pytest.approx((scope1 + scope2) / 18_500.0)
    totals = report_inputs.activity_totals
    grid = totals.loc[(totals["year"] == 2024) & (totals["activity_type"] == "electricity.grid"),
                      "quantity"].sum()
    electricity = table.xs("Energy use").loc[
        "Electricity imported from the grid (active import, all tariffs)"]
    assert electricity["unit"] == "kWh" and electricity["2024/25"] == pytest.approx(grid)
    gas_oil = table.xs("Energy use").loc[
        'Gas oil (red diesel, 35-sec), e.g. standby generators burned in buildings']
    assert gas_oil["unit"] == "litres"  # no calorific value: kept in its own unit
    assert "2023/24" in table.columns


def test_methodology_statement_names_the_factor_sets(report_inputs: ReportInputs) -> None:
    text = methodology_statement(report_inputs)
    assert "desnz:2024 (version 1.1, AR5)" in text and "operational control" in text
