"""User-supplied (licensed) proxy tables: loading, mapping and the errors a user meets."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon.errors import ConfigurationError, DimensionError, InputFileError, UnitError
from carbon.socialvalue.evaluate import evaluate_framework
from carbon.socialvalue.framework import load_framework
from carbon.socialvalue.measures import MeasureData
from carbon.socialvalue.proxy import read_proxy_mapping, read_proxy_table, value_with_proxies

HEADER = "measure_id,description,unit,proxy_value_gbp,price_year,licence\n"
TABLE = HEADER + ("ENV-01,Carbon saved (fictional),tCO2e,250.00,2024,Test licence (fictional)\n"
                  "ENV-02,Waste produced (fictional),kg,0.10,2024,Test licence (fictional)\n")
MAPPING = """
[[map]]
metric = "carbon_cf_tco2e"
quantity = "reduction_vs_base"
measure_id = "ENV-01"

[[map]]
metric = "waste_tonnes"
quantity = "value"
measure_id = "ENV-02"
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def results(tiny: MeasureData) -> list:
    return evaluate_framework(load_framework(), tiny, year=2024, base_year=2019)


def test_values_from_a_user_table(tmp_path: Path, results: list) -> None:
    table = read_proxy_table(write(tmp_path, "toms.csv", TABLE))
    mapping_file = write(tmp_path, "map.toml", MAPPING)
    values = value_with_proxies(results, table, read_proxy_mapping(mapping_file),
                                mapping_file=str(mapping_file))
    carbon, waste = values
    assert carbon.quantity_value == 70.0 and carbon.value_gbp == pytest.approx(70 * 250.0)
    assert waste.quantity_value == pytest.approx(60_000.0)  # 60 t converted to the table's kg
    assert waste.value_gbp == pytest.approx(6_000.0)
    assert {v.licence for v in values} == {"Test licence (fictional)"}
    assert carbon.price_year == 2024 and carbon.table == "toms.csv"


def test_a_bad_unit_names_file_row_column_value_and_fix(tmp_path: Path) -> None:
    path = write(tmp_path, "toms.csv", TABLE.replace(",kg,", ",kilo-grams,"))
    with pytest.raises(UnitError) as info:
        read_proxy_table(path)
    error = info.value
    assert (error.file, error.row, error.column, error.value) == (str(path), 3, "unit",
                                                                  "kilo-grams")
    assert error.fix and str(path) in str(error)


def test_an_unknown_measure_id_is_a_clear_error(tmp_path: Path, results: list) -> None:
    table = read_proxy_table(write(tmp_path, "toms.csv", TABLE))
    mapping_file = write(tmp_path, "map.toml", MAPPING.replace("ENV-02", "NT99"))
    with pytest.raises(ConfigurationError) as info:
        value_with_proxies(results, table, read_proxy_mapping(mapping_file),
                           mapping_file=str(mapping_file))
    text = str(info.value)
    assert "measure id not in the proxy table" in text and "NT99" in text
    assert "map[1].measure_id" in text and "ENV-01, ENV-02" in text and "Fix:" in text


def test_a_unit_of_another_dimension_is_refused_at_the_proxy_row(tmp_path: Path,
                                                                 results: list) -> None:
    table = read_proxy_table(write(tmp_path, "toms.csv", TABLE.replace(",tCO2e,", ",miles,")))
    mapping_file = write(tmp_path, "map.toml", MAPPING)
    with pytest.raises(DimensionError) as info:
        value_with_proxies(results, table, read_proxy_mapping(mapping_file),
                           mapping_file=str(mapping_file))
    assert info.value.row == 2 and info.value.column == "unit" and info.value.value == "miles"


def test_unknown_metric_and_percentage_metrics(tmp_path: Path, results: list) -> None:
    table = read_proxy_table(write(tmp_path, "toms.csv", TABLE))
    for metric, words in (("no_such_metric", "unknown framework metric"),
                          ("waste_recycled_share", "percentage")):
        mapping_file = write(tmp_path, "map.toml",
                             f'[[map]]\nmetric = "{metric}"\nmeasure_id = "ENV-01"\n')
        with pytest.raises(ConfigurationError, match=words):
            value_with_proxies(results, table, read_proxy_mapping(mapping_file),
                               mapping_file=str(mapping_file))


@pytest.mark.parametrize(("text", "words", "row", "column"), [
    (TABLE.replace("250.00", "£250"), "not a non-negative number", 2, "proxy_value_gbp"),
    (TABLE.replace(",2024,Test licence (fictional)\nENV-02", ",24/25,x\nENV-02"),
     "not a price year", 2, "price_year"),
    (TABLE.replace("Test licence (fictional)\n", " \n", 1), "blank licence", 2, "licence"),
    (TABLE.replace("ENV-02", "ENV-01"), "measure id repeated", 3, "measure_id"),
    (HEADER.replace(",licence", "") + "X,y,kg,1,2024\n", "lacks column", None, None),
])
def test_table_errors(tmp_path: Path, text: str, words: str, row: int | None,
                      column: str | None) -> None:
    with pytest.raises(InputFileError) as info:
        read_proxy_table(write(tmp_path, "toms.csv", text))
    assert words in str(info.value)
    assert (info.value.row, info.value.column) == (row, column)


def test_mapping_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="no \\[\\[map\\]\\] rows"):
        read_proxy_mapping(write(tmp_path, "m.toml", "# nothing\n"))
    with pytest.raises(ConfigurationError, match=r"map\[0\]\.quantity"):
        read_proxy_mapping(write(tmp_path, "m.toml",
                                 '[[map]]\nmetric = "a"\nmeasure_id = "b"\nquantity = "x"\n'))
