from __future__ import annotations

from pathlib import Path

import pytest

from carbon.errors import ConfigurationError, InputFileError
from carbon.resources import read_text
from carbon.socialvalue.carbon_values import (
    carbon_value,
    format_carbon_values,
    import_carbon_values,
    load_carbon_values,
)
from carbon.socialvalue.catalogue import table_info

SOURCE = "data/carbon_values/desnz-carbon-values-2022-prices-table3-2020-2050.csv"
HEADER = "year,base_year,series,scenario,value_gbp_per_tco2e\n"


@pytest.mark.parametrize(("year", "scenario", "value"), [
    (2020, "central", 253.19), (2030, "central", 294.50), (2050, "central", 397.54),
    (2024, "low", 134.48), (2024, "high", 403.45),
])
def test_shipped_table_holds_the_manifest_check_values(year: int, scenario: str,
                                                       value: float) -> None:
    assert carbon_value(year, scenario) == value


def test_shipped_table_is_complete_and_provenanced() -> None:
    table, info = load_carbon_values()
    assert len(table) == 93 and set(table["price_year"]) == {2022}
    assert (table["year"].min(), table["year"].max()) == (2020, 2050)
    assert info.price_year == 2022 and info.unit == "GBP/tCO2e"
    assert info.verified is False and "transcription" in info.citation
    assert "Open Government Licence" in info.licence


@pytest.mark.official_data
def test_reimporting_the_official_file_gives_the_shipped_table(shared_dir: Path) -> None:
    info = table_info("carbon_values")
    shipped = read_text("carbon.scenarios", f"social_value/{info.file}")
    assert format_carbon_values(import_carbon_values(shared_dir / SOURCE)) == shipped


def test_years_outside_the_table_and_unknown_scenarios_are_errors() -> None:
    with pytest.raises(ConfigurationError, match="no carbon value for year 2051"):
        carbon_value(2051)
    with pytest.raises(ConfigurationError, match="unknown carbon-value scenario"):
        carbon_value(2030, "extreme")


@pytest.mark.parametrize(("rows", "words", "row", "column"), [
    ('2030,2022,"c","central",abc\n', "not a positive number", 2, "value_gbp_per_tco2e"),
    ('2030,2022,"c","middle",1\n', "unknown scenario", 2, "scenario"),
    ('2030,2022,"c","low",1\n2030,2022,"c","central",2\n', "exactly one low", None, "scenario"),
])
def test_importer_errors_name_file_row_and_column(tmp_path: Path, rows: str, words: str,
                                                  row: int | None, column: str) -> None:
    path = tmp_path / "cv.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        import_carbon_values(path)
    assert words in str(info.value) and info.value.row == row and info.value.column == column
    assert str(path) in str(info.value)


def test_importer_refuses_mixed_price_years(tmp_path: Path) -> None:
    path = tmp_path / "cv.csv"
    path.write_text(HEADER + "".join(f'2030,{p},"c","{s}",1\n' for p, s in
                                     ((2022, "low"), (2020, "central"), (2022, "high"))))
    with pytest.raises(InputFileError, match="mixes price years"):
        import_carbon_values(path)


def test_unknown_table_id() -> None:
    with pytest.raises(ConfigurationError, match="unknown carbon values table"):
        load_carbon_values("desnz-1999")
