from __future__ import annotations

import pandas as pd
import pytest

from carbon.accounting.exports import annual_actuals, energy_use, projection_baseline
from carbon.accounting.result import Inventory
from carbon.trajectory_inputs import validate_actuals, validate_baseline


def test_annual_actuals_match_the_inventory_and_the_contract(inventory: Inventory) -> None:
    actuals = annual_actuals(inventory)
    totals = actuals[actuals["category"].isna() & (actuals["metric"] == "tco2e")]
    cf = totals[totals["footprint"] == "nhs_carbon_footprint"].set_index("year")["value"]
    assert cf[2024] == pytest.approx(inventory.total("nhs_carbon_footprint", period="2024/25"))
    plus = totals[totals["footprint"] == "nhs_carbon_footprint_plus"].set_index("year")["value"]
    assert plus[2024] == pytest.approx(cf[2024] + 50_000 * 0.17 / 1000)  # patient travel
    energy = actuals[actuals["metric"] == "kwh"].set_index("year")["value"]
    assert energy[2024] == pytest.approx(900_000 + 2_100_000)  # electricity + gas (gross)
    validate_actuals(actuals)  # the trajectory engine accepts it


def test_energy_use_leaves_out_litres() -> None:
    lines = pd.DataFrame({"year": [2024, 2024], "activity_type": ["fuel.gas_oil", "fuel.lpg"],
                          "line": ["combustion", "combustion"], "quantity": [100.0, 2.0],
                          "unit": ["litres", "MWh_gross"]})
    row = energy_use(lines).iloc[0]
    assert (row["kwh"], row["lines_counted"], row["lines_left_out"]) == (2000.0, 1, 1)


def test_projection_baseline_is_accepted_by_the_scenario_engine(inventory: Inventory) -> None:
    baseline = projection_baseline(inventory, "2024/25")
    generation = baseline.set_index(["activity_type", "line"]).loc[
        ("electricity.grid", "generation")]
    assert generation["factor_driver"] == "grid_electricity"
    assert generation["tco2e_location"] == pytest.approx(900_000 * 0.20705 / 1000)
    assert generation["tco2e_market"] == 0.0
    validate_baseline(baseline)
