"""Framework metrics against values computed by hand from the data in conftest.py."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from carbon.errors import ConfigurationError
from carbon.socialvalue.evaluate import compare, evaluate_framework, rate
from carbon.socialvalue.framework import load_framework, parse_framework
from carbon.socialvalue.measures import MeasureData

COMPLIANCE = pd.DataFrame([
    {"target": "path", "footprint": "nhs_carbon_footprint", "year": 2024, "required": 225.0,
     "actual": 230.0, "gap_tco2e": 5.0, "gap_pct": 2.22, "status": "at_risk"}])


@pytest.fixture
def results(tiny: MeasureData) -> dict[str, object]:
    found = evaluate_framework(load_framework(), tiny, year=2024, base_year=2019,
                               compliance=COMPLIANCE)
    return {r.metric_id: r for r in found}


def test_carbon_against_the_compliance_path(results: dict) -> None:
    carbon = results["carbon_cf_tco2e"]
    assert (carbon.value, carbon.base_value, carbon.target) == (230.0, 300.0, 225.0)
    # 5 tCO2e over the path; tolerance 5% of 225 = 11.25 -> amber
    assert carbon.tolerance == pytest.approx(11.25)
    assert (carbon.status, carbon.status_symbol, carbon.status_text) == ("amber", "!", "At risk")
    assert [(p.period, p.value) for p in carbon.trend] == [
        ("2019/20", 300.0), ("2023/24", 260.0), ("2024/25", 230.0)]
    assert carbon.trend_direction == "improving"


def test_change_against_the_base_year(results: dict) -> None:
    change = results["carbon_cf_change_vs_base"]
    assert change.value == pytest.approx(100 * (230 - 300) / 300)  # -23.33 %
    assert change.base_value == 0.0
    assert (change.measure_value, change.base_measure_value) == (230.0, 300.0)
    assert change.status == "not_rated"


def test_energy_key_value_indicator(results: dict) -> None:
    energy = results["energy_change_yoy"]
    assert energy.value == pytest.approx(100 * (2450 - 2520) / 2520)  # -2.78 % beats -2.5 %
    assert energy.target == -2.5 and energy.status == "green"
    assert energy.base_value is None  # no 2018/19 data for a year-on-year change
    assert energy.measure_unit == "kWh"
    assert energy.measure_value == pytest.approx(2_450_000.0)
    assert energy.notes == ["fuel.gas_oil in litres left out (not convertible to kWh)"]
    level = results["energy_kwh"]
    assert (level.value, level.base_value) == pytest.approx((2450.0, 3000.0))


def test_waste_and_water(results: dict) -> None:
    assert results["waste_tonnes"].value == pytest.approx(60.0)
    assert results["waste_change_vs_base"].value == pytest.approx(0.0)
    assert results["waste_recycled_share"].value == pytest.approx(100 * 50 / 60)
    assert results["waste_recycled_share"].trend_direction == "improving"  # higher is better
    assert results["waste_landfill_share"].base_value == pytest.approx(100 * 20 / 60)
    assert results["waste_hti_share"].value == pytest.approx(100 * 5 / 60)
    water = results["water_change_yoy"]
    assert water.value == pytest.approx(5.0)
    assert results["water_m3"].trend_direction == "worsening"
    assert results["water_m3"].status == "not_rated"


def test_without_compliance_rows_carbon_is_not_rated(tiny: MeasureData) -> None:
    found = evaluate_framework(load_framework(), tiny, year=2024, base_year=2019)
    carbon = next(r for r in found if r.metric_id == "carbon_cf_tco2e")
    assert carbon.status == "not_rated" and carbon.target is None
    assert "no compliance rows" in carbon.notes[0]


@pytest.mark.parametrize(("rate_type", "expected"), [
    ("compound", 300 * 0.9 ** 5),       # 177.147
    ("linear_of_base", 300 * (1 - 0.1 * 5)),  # 150
])
def test_path_targets(tiny: MeasureData, one_metric: Callable[[str], str], rate_type: str,
                      expected: float) -> None:
    text = one_metric(
        'measure = "inventory_tco2e"\nparams = { footprint = "nhs_carbon_footprint" }\n'
        'unit = "tCO2e"\ndirection = "lower_is_better"\ntolerance = 60.0\n'
        'target = { kind = "path", annual_change_pct = -10, rate_type = "RATE", source = "t" }\n'
    ).replace("RATE", rate_type)
    (result,) = evaluate_framework(parse_framework(text, file="p.toml"), tiny, year=2024,
                                   base_year=2019)
    assert result.target == pytest.approx(expected)
    gap = 230 - expected
    assert result.status == ("amber" if gap <= 60 else "red")


@pytest.mark.parametrize(("value", "target", "direction", "tolerance", "status"), [
    (10.0, 12.0, "lower_is_better", 1.0, "green"),
    (12.0, 12.0, "lower_is_better", None, "green"),
    (12.5, 12.0, "lower_is_better", 1.0, "amber"),
    (13.0, 12.0, "lower_is_better", 1.0, "amber"),
    (13.5, 12.0, "lower_is_better", 1.0, "red"),
    (12.5, 12.0, "lower_is_better", None, "red"),
    (50.0, 40.0, "higher_is_better", 5.0, "green"),
    (36.0, 40.0, "higher_is_better", 5.0, "amber"),
    (30.0, 40.0, "higher_is_better", 5.0, "red"),
    (30.0, None, "higher_is_better", 5.0, "not_rated"),
    (None, 40.0, "higher_is_better", 5.0, "no_data"),
])
def test_rag_rules(value: float | None, target: float | None, direction: str,
                   tolerance: float | None, status: str) -> None:
    assert rate(value, target, direction, tolerance) == status


def test_comparisons() -> None:
    series = pd.Series({2019: 100.0, 2023: 80.0, 2024: 60.0})
    assert compare(series, "change_vs_base_pct", 2019).to_dict() == {
        2019: 0.0, 2023: -20.0, 2024: -40.0}
    yoy = compare(series, "change_yoy_pct", 2019)
    assert yoy[2024] == pytest.approx(-25.0) and yoy[2023] != yoy[2023]  # NaN: no 2022
    assert compare(pd.Series({2019: 0.0, 2020: 5.0}), "change_vs_base_pct", 2019).isna().all()


def test_base_year_after_reporting_year_is_refused(tiny: MeasureData) -> None:
    with pytest.raises(ConfigurationError, match="base year is after"):
        evaluate_framework(load_framework(), tiny, year=2019, base_year=2024)


def test_without_activity_data_the_activity_metrics_have_no_data(tiny: MeasureData) -> None:
    empty = MeasureData(tiny.inventory, tiny.activity.iloc[0:0])
    found = {r.metric_id: r for r in evaluate_framework(load_framework(), empty, year=2024,
                                                         base_year=2019)}
    assert found["energy_change_yoy"].status == "no_data"
    assert found["water_m3"].value is None and found["water_m3"].trend == []
    assert found["carbon_cf_tco2e"].value == 230.0
