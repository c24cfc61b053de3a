"""The input contracts: annual actuals, denominators and the projection baseline."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbon.errors import DimensionError, TableContractError, UnknownActivityTypeError
from carbon.trajectory_inputs import (
    actual_series,
    read_table,
    validate_actuals,
    validate_baseline,
    validate_denominators,
)

DATA = Path(__file__).parent / "data"


@pytest.fixture
def actuals() -> pd.DataFrame:
    return read_table(DATA / "small_trust_actuals.csv")


@pytest.fixture
def baseline() -> pd.DataFrame:
    return read_table(DATA / "small_trust_baseline.csv")


def test_actuals_fixture_is_valid_and_canonical(actuals: pd.DataFrame) -> None:
    out = validate_actuals(actuals, file="a.csv")
    assert out["year"].dtype == "int64" and out["value"].dtype == "float64"
    assert len(out) == len(actuals)
    series = actual_series(out, "tco2e", "nhs_carbon_footprint")
    assert series.index.tolist() == list(range(2019, 2025))
    assert series[2024] == pytest.approx(9396.495)   # the total row, not the categories again


def test_actuals_categories_alone_are_summed() -> None:
    frame = pd.DataFrame({"year": [2024, 2024], "metric": "tco2e", "footprint": "f",
                          "category": ["a", "b"], "value": [1.5, 2.5]})
    assert actual_series(validate_actuals(frame), "tco2e", "f")[2024] == 4.0


def test_actuals_accept_year_labels() -> None:
    frame = pd.DataFrame({"year": ["2019/20", "FY2020-21", 2021], "metric": "tco2e",
                          "footprint": "f", "value": [3.0, 2.0, 1.0]})
    assert validate_actuals(frame)["year"].tolist() == [2019, 2020, 2021]


@pytest.mark.parametrize(("change", "column", "text"), [
    ({"year": "2019-20-21"}, "year", "not a financial year"),
    ({"value": "12,400"}, "value", "not a finite number"),
    ({"metric": ""}, "metric", "metric is empty"),
])
def test_actuals_errors_name_file_row_column_value(actuals: pd.DataFrame, change: dict[str, str],
                                                   column: str, text: str) -> None:
    bad = actuals.copy()
    for key, value in change.items():
        bad.loc[3, key] = value
    with pytest.raises(TableContractError) as info:
        validate_actuals(bad, file="actuals.csv")
    err = info.value
    assert (err.file, err.row, err.column) == ("actuals.csv", 5, column)  # header is row 1
    assert text in str(err)


def test_actuals_missing_column(actuals: pd.DataFrame) -> None:
    with pytest.raises(TableContractError, match=r"lacks column.*footprint"):
        validate_actuals(actuals.drop(columns="footprint"))


def test_actuals_duplicates_and_category_sums(actuals: pd.DataFrame) -> None:
    with pytest.raises(TableContractError, match="duplicate row"):
        validate_actuals(pd.concat([actuals, actuals.iloc[[0]]], ignore_index=True))
    bad = actuals.copy()
    bad.loc[bad["category"] == "building_energy", "value"] = "7000"
    with pytest.raises(TableContractError, match=r"add up to 8782.*9396\.5"):
        validate_actuals(bad)


def test_denominators() -> None:
    out = validate_denominators(read_table(DATA / "small_trust_floor_area.csv"))
    assert out["value"].min() > 0
    with pytest.raises(TableContractError, match="greater than zero"):
        validate_denominators(pd.DataFrame({"year": [2019], "metric": ["gia_m2"], "value": [0]}))


def test_baseline_fixture_is_valid(baseline: pd.DataFrame) -> None:
    out = validate_baseline(baseline, file="b.csv")
    assert len(out) == len(baseline)
    assert out["scope3_category"].dtype == "Int64"
    gas = out[out["activity_type"] == "fuel.natural_gas"]
    assert set(gas["default_unit"]) == {"kWh_gross"}
    assert gas["quantity_default"].tolist() == [20_000_000, 20_000_000]


def test_baseline_converts_units_once_per_activity(baseline: pd.DataFrame) -> None:
    frame = baseline.copy()
    rows = frame["activity_type"] == "electricity.grid"
    frame.loc[rows, "quantity"] = "12000"
    frame.loc[rows, "unit"] = "MWh"
    out = validate_baseline(frame)
    assert out.loc[rows.to_numpy(), "quantity_default"].tolist() == [12_000_000] * 3


def edit(frame: pd.DataFrame, row: int, **values: str) -> pd.DataFrame:
    out = frame.copy()
    for key, value in values.items():
        out.loc[row, key] = value
    return out


@pytest.mark.parametrize(("values", "column", "text"), [
    ({"scope": "4"}, "scope", "unknown scope"),
    ({"scope3_category": ""}, "scope3_category", "needs its category"),
    ({"nhs_footprint": "CF+"}, "nhs_footprint", "unknown NHS footprint"),
    ({"quantity": "0"}, "quantity", "greater than zero"),
    ({"tco2e_market": "1.0"}, "tco2e_market", "outside scope 2"),
    ({"factor_driver": "gas_price"}, "factor_driver", "unknown factor driver"),
    ({"quantity": "11000000"}, "quantity", "different quantities"),
])
def test_baseline_errors(baseline: pd.DataFrame, values: dict[str, str], column: str,
                         text: str) -> None:
    with pytest.raises(TableContractError) as info:
        validate_baseline(edit(baseline, 1, **values), file="baseline.csv")
    err = info.value
    assert err.file == "baseline.csv" and err.column == column and text in str(err)
    assert err.row in (2, 3)


def test_baseline_unknown_activity_type(baseline: pd.DataFrame) -> None:
    with pytest.raises(UnknownActivityTypeError) as info:
        validate_baseline(edit(baseline, 1, activity_type="electricity.brown"), file="b.csv")
    err = info.value
    assert (err.file, err.row, err.column, err.value) == ("b.csv", 3, "activity_type",
                                                          "electricity.brown")
    assert "carbon taxonomy" in str(err)


def test_baseline_wrong_dimension_names_the_row(baseline: pd.DataFrame) -> None:
    with pytest.raises(DimensionError) as info:
        validate_baseline(edit(baseline, 6, unit="miles"), file="baseline.csv")
    assert info.value.row == 8 and "fuel.gas_oil" in str(info.value)


def test_baseline_duplicate_lines_and_years(baseline: pd.DataFrame) -> None:
    with pytest.raises(TableContractError, match="duplicate"):
        validate_baseline(pd.concat([baseline, baseline.iloc[[0]]], ignore_index=True))
    mixed = baseline.assign(year=["2024/25"] * (len(baseline) - 1) + ["2023/24"])
    with pytest.raises(TableContractError, match="one financial year"):
        validate_baseline(mixed)
    assert validate_baseline(baseline.assign(year="2024/25"))["year"].unique().tolist() == [2024]


def test_unreadable_table(tmp_path: Path) -> None:
    with pytest.raises(TableContractError, match="cannot read"):
        read_table(tmp_path / "missing.csv")


def test_baseline_keeps_litres_of_a_fuel_reported_in_kwh(baseline: pd.DataFrame) -> None:
    # Litres are an allowed dimension of gas oil; kWh would need a calorific value, so the
    # baseline keeps litres for that activity and the projection works in litres.
    rows = baseline["activity_type"] == "fuel.gas_oil"
    litres = baseline.assign(unit=baseline["unit"].where(~rows, "litres"))
    out = validate_baseline(litres)
    assert set(out.loc[rows, "default_unit"]) == {"litres"}
    assert (out.loc[rows, "quantity_default"] == out.loc[rows, "quantity"]).all()
