from __future__ import annotations

from pathlib import Path

import pytest

from carbon.errors import InputFileError
from carbon.factorsets import check_custom_frame, read_custom_csv
from carbon.factorsets.custom import custom_table

HEADER = ("factor_id,description,activity_unit,value,numerator_unit,scope,source,valid_from,"
          "valid_to\n")
GOOD = (
    "supplier/acme-green/kwh,ACME supplier-specific fuel mix 2024,kWh,0.1021,kgCO2e,2,"
    "ACME fuel mix disclosure 2024,2024,2025\n"
    "supplier/rego-zero/kwh,REGO-backed renewable tariff (market-based),kWh,0,kgCO2e,2,"
    "Contract 1234 with REGO certificates,2024,2025\n"
)


def _write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "custom.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_a_valid_custom_set(tmp_path: Path) -> None:
    table = read_custom_csv(_write(tmp_path, GOOD))
    assert list(table.index) == ["supplier/acme-green/kwh", "supplier/rego-zero/kwh"]
    assert table.loc["supplier/rego-zero/kwh", "value"] == 0.0
    assert table.loc["supplier/acme-green/kwh", "valid_to"] == 2025
    assert table.loc["supplier/acme-green/kwh", "source_ref"] == "custom.csv row 2"
    assert table["verified"].all()


@pytest.mark.parametrize(("body", "column", "text"), [
    ("a/b,desc,furlongs,1,kgCO2e,1,src,,\n", "activity_unit", "unknown unit"),
    ("a/b,desc,kWh,-0.2,kgCO2e,1,src,,\n", "value", "finite number >= 0"),
    ("a/b,desc,kWh,nan,kgCO2e,1,src,,\n", "value", "finite number >= 0"),
    ("a/b,desc,kWh,inf,kgCO2e,1,src,,\n", "value", "finite number >= 0"),
    ("a/b,desc,kWh,1,kg,1,src,,\n", "numerator_unit", "not a mass of CO2e"),
    ("a/b,desc,kWh,1,kgCO2e,4,src,,\n", "scope", "unknown scope"),
    ("a/b,desc,kWh,1,kgCO2e,1,,,\n", "source", "must not be empty"),
    ("A B,desc,kWh,1,kgCO2e,1,src,,\n", "factor_id", "not a valid factor id"),
    ("a/b,desc,kWh,1,kgCO2e,1,src,2026,2024\n", "valid_to", "before valid_from"),
    ("a/b,d,kWh,1,kgCO2e,1,s,,\na/b,d,kWh,2,kgCO2e,1,s,,\n", "factor_id", "duplicate id"),
])
def test_bad_rows_give_file_row_column_value_and_fix(tmp_path: Path, body: str, column: str,
                                                     text: str) -> None:
    with pytest.raises(InputFileError) as info:
        read_custom_csv(_write(tmp_path, body))
    error = info.value
    assert error.file == "custom.csv" and error.column == column and text in error.message
    assert error.row == (3 if "duplicate" in text else 2) and error.fix


def test_all_problems_are_listed(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(_write(tmp_path, "a/b,d,furlongs,-1,kgCO2e,1,s,,\na/b,d,kWh,1,x,1,s,,\n"),
                        dtype=str, keep_default_na=False)
    problems = check_custom_frame(frame)
    assert set(problems["column"]) == {"activity_unit", "value", "numerator_unit", "factor_id"}
    with pytest.raises(InputFileError, match="3 more problem"):
        custom_table(frame, file="custom.csv")


def test_missing_and_unknown_columns(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="required column is missing") as info:
        read_custom_csv(_write(tmp_path, "a/b,kWh,1\n", header="factor_id,activity_unit,value\n"))
    assert info.value.row == 1
    frame = __import__("pandas").DataFrame({"factor_id": ["a"], "description": ["d"],
                                            "activity_unit": ["kWh"], "value": ["1"],
                                            "source": ["s"], "colour": ["red"]})
    assert check_custom_frame(frame)["reason"].tolist() == ["unknown column"]
