from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.socialvalue.measures import (
    MeasureData,
    activity_share,
    activity_total,
    annual_activity,
    inventory_tco2e,
    matching,
)


def test_footprints_follow_the_inventory_contract(tiny: MeasureData) -> None:
    cf = inventory_tco2e(tiny, {"footprint": "nhs_carbon_footprint"}, "tCO2e").by_year
    plus = inventory_tco2e(tiny, {"footprint": "nhs_carbon_footprint_plus"}, "tCO2e").by_year
    ghg = inventory_tco2e(tiny, {"footprint": "ghgp_scope_1_2_3"}, "tCO2e").by_year
    assert cf.to_dict() == {2019: 300.0, 2023: 260.0, 2024: 230.0}  # outside (30) excluded
    assert plus.to_dict() == {2019: 350.0, 2023: 305.0, 2024: 270.0}
    assert ghg.to_dict() == plus.to_dict()


def test_market_basis_scopes_groups_and_unit(tiny: MeasureData) -> None:
    market = inventory_tco2e(tiny, {"footprint": "nhs_carbon_footprint", "basis": "market"},
                             "tCO2e").by_year
    assert market.to_dict() == {2019: 250.0, 2023: 190.0, 2024: 80.0}
    scope2 = inventory_tco2e(tiny, {"footprint": "ghgp_scope_1_2_3", "scopes": ["2"]},
                             "kgCO2e").by_year
    assert scope2[2024] == pytest.approx(150_000.0)
    commute = inventory_tco2e(tiny, {"footprint": "nhs_carbon_footprint_plus",
                                     "report_groups": ["staff_commute"]}, "tCO2e").by_year
    assert commute.to_dict() == {2019: 50.0, 2023: 45.0, 2024: 40.0}


def test_energy_adds_electricity_and_gross_cv_fuel_and_names_what_it_leaves_out(
        tiny: MeasureData) -> None:
    params = {"activity": ["electricity.grid", "fuel.*"], "calorific_basis": "gross"}
    energy = activity_total(tiny, params, "MWh")
    assert energy.by_year.to_dict() == pytest.approx({2019: 3000.0, 2023: 2520.0, 2024: 2450.0})
    assert energy.notes == ("fuel.gas_oil in litres left out (not convertible to MWh)",)
    # Without a declared basis, gross-CV gas cannot be added to plain kWh: it is left out.
    plain = activity_total(tiny, {"activity": ["electricity.grid", "fuel.*"]}, "MWh")
    assert plain.by_year[2019] == pytest.approx(1000.0)
    assert any("fuel.natural_gas" in n for n in plain.notes)


def test_waste_totals_and_route_shares(tiny: MeasureData) -> None:
    waste = activity_total(tiny, {"activity": ["waste.*"]}, "tonne").by_year
    assert waste.to_dict() == pytest.approx({2019: 60.0, 2023: 53.0, 2024: 60.0})
    recycled = activity_share(tiny, {"numerator": ["waste.recycling.*", "waste.food.*"],
                                     "denominator": ["waste.*"]}, "%").by_year
    assert recycled[2019] == pytest.approx(50.0)
    assert recycled[2024] == pytest.approx(100 * 50 / 60)
    landfill = activity_share(tiny, {"numerator": ["waste.*.landfill"],
                                     "denominator": ["waste.*"]}, "%").by_year
    assert landfill[2019] == pytest.approx(100 * 20 / 60)
    assert landfill[2023] == pytest.approx(100 * 10 / 53)


def test_share_without_denominator_activity_is_empty_not_zero(tiny: MeasureData) -> None:
    share = activity_share(tiny, {"numerator": ["fleet.*"], "denominator": ["fleet.*"]}, "%")
    assert share.by_year.empty and share.notes


def test_patterns_are_shell_style_and_never_evaluated() -> None:
    keys = ["waste.general.landfill", "waste.offensive.landfill", "waste.recycling.mixed"]
    assert matching(keys, ["waste.*.landfill"]) == keys[:2]
    assert matching(keys, ["__import__('os')"]) == []


def test_annual_activity_places_rows_in_their_financial_year(tiny: MeasureData) -> None:
    table = tiny.activity
    assert sorted(table["year"].unique()) == [2019, 2023, 2024]
    water = table.loc[table["activity_type"] == "water.supply"].set_index("year")["quantity"]
    assert water.to_dict() == {2019: 10_000.0, 2023: 9_000.0, 2024: 9_450.0}


@settings(max_examples=25, deadline=None)
@given(kwh=st.floats(min_value=1.0, max_value=1e9), unit=st.sampled_from(["kWh", "MWh", "GWh"]))
def test_energy_total_does_not_depend_on_the_unit_it_was_loaded_in(
        build_activity: Callable[..., pd.DataFrame], tiny_lines: pd.DataFrame, kwh: float,
        unit: str) -> None:
    scale = {"kWh": 1.0, "MWh": 1e-3, "GWh": 1e-6}[unit]
    activity = build_activity([(2024, "electricity.grid", kwh * scale, unit)])
    data = MeasureData(tiny_lines, annual_activity(activity))
    total = activity_total(data, {"activity": ["electricity.*"]}, "kWh").by_year[2024]
    assert total == pytest.approx(kwh, rel=1e-9)


def test_years_without_activity_of_a_type_count_zero(tiny: MeasureData) -> None:
    oil = activity_total(tiny, {"activity": ["fuel.gas_oil"]}, "litre").by_year
    assert oil.to_dict() == {2019: 0.0, 2023: 0.0, 2024: 1000.0}
    assert isinstance(oil, pd.Series)
