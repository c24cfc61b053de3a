"""Spend factor sets: Defra's EEIO factors by SIC code and the SDU spend rows, with their
price basis recorded (and flagged where the source does not state it)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import python_calamine
import xlsxwriter

from carbon.errors import InputFileError
from carbon.factorsets import load_set
from carbon.factorsets.eeio import read_eeio_table
from carbon.factorsets.importer import detect_kind, import_file
from carbon.factorsets.labels import slug
from carbon.factorsets.registry import library_entries

EEIO = "defra_eeio/eeio-factors-by-sic-2022-extract.ods"


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Factors")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return path


HEADER = [None, None, "GHG (kgCO2e per £)", "CO2 (kgCO2 per £)"]


def test_eeio_reader_keeps_codes_values_and_cells(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "spend-factors-2021.xlsx", [
        ["title"], HEADER, ["21", "Pharmaceuticals", 0.25, 0.2],
        ["10.2 -3", "Fish and fruit", 0.8, 0.3], [None, "note: extract", None, None]])
    read = read_eeio_table(path)
    table = read.table
    assert list(table.index) == ["sic/21/gbp", "sic/10-2-3/gbp"]
    assert table.loc["sic/21/gbp", "value"] == 0.25
    assert table.loc["sic/21/gbp", "co2"] == 0.2
    assert np.isnan(table.loc["sic/21/gbp", "ch4"])
    assert table.loc["sic/10-2-3/gbp", "source_ref"] == "Factors!4"
    assert (table["activity_unit"] == "GBP").all() and read.excluded_rows == 1


def test_eeio_reader_refuses_bad_factors(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "bad.xlsx", [HEADER, ["21", "Pharma", "n/a", 0.1]])
    with pytest.raises(InputFileError, match="not a number") as caught:
        read_eeio_table(path)
    assert caught.value.row == 2 and caught.value.column == "GHG (kgCO2e per £)"
    twice = _workbook(tmp_path / "twice.xlsx", [HEADER, ["21", "a", 0.1, 0.1],
                                                ["21", "b", 0.2, 0.1]])
    with pytest.raises(InputFileError, match="listed twice"):
        read_eeio_table(twice)


def test_eeio_import_into_a_workspace_flags_the_unknown_price_year(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "eeio-by-sic-2021.xlsx", [HEADER, ["21", "Pharma", 0.3, 0.2]])
    assert detect_kind(path) == "defra-eeio"
    (info,) = import_file(path, tmp_path / "ws")
    assert info.id == "defra-eeio:2021" and info.data_year == 2021
    assert info.price_year is None and info.price_basis_verified is False
    assert "not stated" in (info.currency_basis or "")
    assert library_entries(tmp_path / "ws")["defra-eeio:2021"].location != "built-in"
    unnamed = _workbook(tmp_path / "spend.xlsx", [HEADER, ["21", "Pharma", 0.3, 0.2]])
    with pytest.raises(InputFileError, match="data year"):
        import_file(unnamed, tmp_path / "ws")


def test_builtin_spend_sets_record_their_price_basis() -> None:
    eeio = load_set("defra-eeio:2022").info
    assert eeio.price_year == 2022 and eeio.price_basis_verified is False
    assert "not stated" in (eeio.price_basis_evidence or "")
    sdu = load_set("sdu:2020-21").info
    assert sdu.price_year is None and sdu.price_basis_verified is False
    assert load_set("desnz:2024").info.currency_basis is None


def test_sdu_minus_one_spend_rows_are_blank_not_negative() -> None:
    factors = load_set("sdu:2020-21")
    for row in ("procurement-eclass-category-l/fuel-light-power-and-water/gbp",
                "procurement-eclass-category-x/transportation/gbp"):
        assert factors.factor(row).value is None
        assert factors.factor(row).note.startswith("-1 in the SDU table")
    assert factors.factor("sdu-trust/pharmaceuticals/gbp").value == pytest.approx(0.127681955)
    assert (factors.table["value"].dropna() >= 0).all()


@pytest.mark.official_data
def test_eeio_factors_equal_the_published_cells(data_dir: Path) -> None:
    path = data_dir / EEIO
    cells = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(
        "Sheet1").to_python(skip_empty_area=False)
    table = load_set("defra-eeio:2022").table
    assert len(table) == 110
    for row in cells[2:]:
        code = int(row[0]) if isinstance(row[0], float) and row[0].is_integer() else row[0]
        factor = table.loc[f"sic/{slug(str(code))}/gbp"]
        assert factor["value"] == row[2] and factor["co2"] == row[3]
    pharma = table.loc["sic/21/gbp"]
    assert round(pharma["value"], 6) == 0.240242
    assert pharma["level_2"].startswith("Basic pharmaceutical")


@pytest.mark.official_data
def test_rebuilt_spend_sets_match_the_shipped_ones(rebuilt: dict) -> None:
    info, table, file = rebuilt["defra-eeio:2022"]
    assert file == "defra-eeio-2022.parquet" and info == load_set("defra-eeio:2022").info
    shipped = load_set("defra-eeio:2022").table.drop(columns=["set_id", "set_version", "layer"])
    pd.testing.assert_frame_equal(shipped, table, check_categorical=False)
    assert rebuilt["sdu:2020-21"][0].blank == 2
