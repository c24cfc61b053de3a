"""Importer on every official publication; built-in tables identical to a re-import.

Needs ``../shared/data`` (marker ``official_data``); about 10 s for all files.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import python_calamine

from carbon import resources
from carbon.factorsets.build import sources
from carbon.factorsets.desnz_flat import read_flat_file
from carbon.factorsets.desnz_rows import assemble
from carbon.factorsets.gwp import infer_basis
from carbon.factorsets.importer import desnz_set
from carbon.factorsets.library import INDEX_FILE, info_of, parse_index
from carbon.factorsets.registry import load_set
from carbon.factorsets.schema import FactorSetInfo

pytestmark = pytest.mark.official_data

HERE = Path(__file__).resolve().parent
YEARS = range(2016, 2027)
CSV_EXPORT = "desnz/ghg-conversion-factors-2025-flat-format-csv-export.csv"

def test_builtin_tables_are_identical_to_a_reimport(rebuilt: dict) -> None:
    shipped = parse_index(resources.read_text("carbon.factors", INDEX_FILE), name=INDEX_FILE)
    assert [e["id"] for e in shipped] == list(rebuilt)
    for entry in shipped:
        info, table, file = rebuilt[entry["id"]]
        assert info_of(entry) == info and entry["file"] == file, entry["id"]
        loaded = load_set(info.id).table.drop(columns=["set_id", "set_version", "layer"])
        pd.testing.assert_frame_equal(loaded, table, check_categorical=False)


def test_every_desnz_set_records_checksum_and_counts(rebuilt: dict) -> None:
    for year in YEARS:
        info: FactorSetInfo = rebuilt[f"desnz:{year}"][0]
        assert re.fullmatch(r"[0-9a-f]{64}", info.source_sha256)
        assert info.licence == "Open Government Licence v3.0"
        assert info.factors > 2000 and info.blank > 300
        assert info.applies_to_year == year and info.gwp_basis in ("AR4", "AR5")


def test_manifest_checksums_match(data_dir: Path, rebuilt: dict) -> None:
    manifest = (data_dir / "MANIFEST.md").read_text(encoding="utf-8")
    for year in YEARS:
        info = rebuilt[f"desnz:{year}"][0]
        assert f"`{info.source_sha256}`" in manifest, info.source_file


def _published_cells() -> list[dict[str, str]]:
    with (HERE / "published_cells.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _cell(workbooks: dict, path: Path, ref: str) -> object:
    sheet, column, row = re.fullmatch(r"(.+)!([A-Z]+)(\d+)", ref).groups()
    position = 0
    for letter in column:
        position = position * 26 + ord(letter) - 64
    key = (path, sheet)
    if key not in workbooks:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        workbooks[key] = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return workbooks[key][int(row) - 1][position - 1]


def test_hand_picked_factors_equal_the_published_cells_exactly(data_dir: Path) -> None:
    """At least 30 factors a year (fuels, electricity, T&D, WTT, water, waste, travel, hotel,
    refrigerants) read straight from their cells: the cell holds the published number and the
    built-in factor equals it exactly."""
    files = {int(s["id"].split(":")[1]): s["file"] for s in sources() if s["id"][:6] == "desnz:"}
    rows = _published_cells()
    workbooks: dict = {}
    per_year = pd.Series([int(r["year"]) for r in rows]).value_counts()
    assert per_year.reindex(list(YEARS)).min() >= 30
    for row in rows:
        year = int(row["year"])
        published = float(row["published"])
        assert _cell(workbooks, data_dir / files[year], row["cell"]) == published, row
        factor = load_set(f"desnz:{year}").factor(row["factor_id"])
        assert factor.value == published and factor.source_ref == row["cell"], row


def test_2025_full_set_equals_the_flat_file_export(data_dir: Path) -> None:
    """Every value the 2025 flat-file CSV export publishes equals the full set (to the export's
    5 dp), and both publish values for exactly the same factors."""
    _, export = desnz_set(data_dir / CSV_EXPORT)
    full = load_set("desnz:2025").table
    a = export["value"].dropna()
    b = full["value"].dropna()
    assert set(a.index) == set(b.index)
    assert np.allclose(a, b.reindex(a.index), rtol=0, atol=5.000001e-6)
    for gas in ("co2", "ch4", "n2o"):
        parts = export[gas].dropna()
        assert np.allclose(parts, full[gas].reindex(parts.index), rtol=0, atol=5.000001e-6)


def test_gwp_basis_is_read_from_each_publication(rebuilt: dict) -> None:
    for year in YEARS:
        info, table, _ = rebuilt[f"desnz:{year}"]
        basis, evidence = infer_basis(table)
        assert basis == info.gwp_basis == ("AR4" if year <= 2022 else "AR5"), evidence
        assert info.gwp_basis_verified
    assert "Fifth Assessment Report (AR5)" in rebuilt["desnz:2025"][0].gwp_basis_evidence


def test_secr_energy_rows_end_sentinels_and_backticks_are_left_out(data_dir: Path) -> None:
    path = data_dir / "desnz/ghg-conversion-factors-2021-flat-file-v3.xls"
    publication = read_flat_file(path)
    assert (publication.rows["ghg"] == "`").sum() == 1
    table, excluded = assemble(publication.rows, file=path.name, gwp_basis="AR4")
    assert excluded == 438 + 75 + 1
    assert not table["level_1"].astype(str).str.contains("SECR").any()
    assert set(table["activity_unit"].astype(str)) >= {"kWh_gross", "litre", "passenger_km"}
    for year, expected in ((2017, 1), (2020, 514), (2024, 515)):
        assert load_set(f"desnz:{year}").info.excluded_rows == expected
