"""Savings in GBP of interventions, priced at the baseline's own cost per unit, and the MACC."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbon.abatement import capital_recovery_factor
from carbon.scenario import run_scenario
from carbon.scenario_file import Scenario
from carbon.trajectory_inputs import read_table

DATA = Path(__file__).parent / "data"
#: Hand-chosen costs per unit for the test baseline [GBP per kWh].
ELECTRICITY, GAS = 0.25, 0.06


def baseline(priced: bool = True) -> pd.DataFrame:
    frame = read_table(DATA / "small_trust_baseline.csv")
    cost = {"electricity.grid": ELECTRICITY, "fuel.natural_gas": GAS}
    frame["gbp_per_unit"] = frame["activity_type"].map(cost) if priced else np.nan
    return frame


def scenario(savings: str) -> Scenario:
    return Scenario.model_validate({
        "scenario": {"id": "money", "name": "Money", "end": "2030/31"},
        "intervention": [
            {"kind": "efficiency", "id": "led", "activity": "electricity.grid",
             "reduction": 0.1, "start": "2025/26",
             "cost": {"capex_gbp": 100_000, "opex_gbp_per_year": 5_000, "lifetime_years": 5,
                      "savings": savings}},
            {"kind": "heat_pump", "id": "ashp", "share": 0.5, "boiler_efficiency": 0.9,
             "cop": 3.0, "start": "2026/27",
             "cost": {"capex_gbp": 1_000_000, "lifetime_years": 20, "savings": savings}},
        ]})


def test_savings_are_the_quantity_saved_times_the_own_unit_cost() -> None:
    result = run_scenario(scenario("priced"), baseline(), baseline_year=2024)
    table = result.savings().set_index(["intervention", "year"])
    # LED: 10% of 12 GWh of electricity (no growth in the scenario) at 0.25 GBP/kWh
    assert table.loc[("led", 2025), "gbp_saved"] == pytest.approx(0.1 * 12e6 * ELECTRICITY)
    assert table.loc[("led", 2024), "gbp_saved"] == 0.0
    # Heat pumps: half the gas saved, electricity added (after the LED cut, attribution order)
    gas_kwh = 0.5 * 20e6
    added_kwh = gas_kwh * 0.9 / 3.0
    assert table.loc[("ashp", 2026), "gbp_saved"] == pytest.approx(
        gas_kwh * GAS - added_kwh * ELECTRICITY)
    assert (table["unpriced"] == "").all()


def test_macc_takes_priced_savings_off_the_cost() -> None:
    result = run_scenario(scenario("priced"), baseline(), baseline_year=2024)
    row = result.macc().set_index("intervention").loc["led"]
    crf = capital_recovery_factor(result.discount_rate, 5)
    saving = 0.1 * 12e6 * ELECTRICITY
    assert row["priced_saving_gbp"] == pytest.approx(saving)
    assert row["equivalent_annual_cost_gbp"] == pytest.approx(100_000 * crf + 5_000 - saving)
    assert row["gbp_per_tco2e"] < 0 and bool(row["included"])
    in_opex = run_scenario(scenario("in_opex"), baseline(), baseline_year=2024).macc()
    kept = in_opex.set_index("intervention").loc["led"]
    assert kept["equivalent_annual_cost_gbp"] == pytest.approx(100_000 * crf + 5_000)
    assert kept["priced_saving_gbp"] == pytest.approx(saving)  # reported beside, not used


def test_unpriced_activities_are_named_never_guessed() -> None:
    result = run_scenario(scenario("priced"), baseline(priced=False), baseline_year=2024)
    rows = result.macc().set_index("intervention")
    assert not rows.loc["led", "included"]
    assert "no cost per unit of electricity.grid" in rows.loc["led", "reason"]
    assert set(result.savings()["unpriced"]) == {"electricity.grid",
                                                 "electricity.grid, fuel.natural_gas"}
