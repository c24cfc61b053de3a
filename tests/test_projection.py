"""The projection engine: growth, grid trend, interventions composed without double counting,
checked against hand computations."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.errors import ConfigurationError
from carbon.grid_factors import GridFactors, load_grid_factors
from carbon.interventions import build_plan
from carbon.projection import business_as_usual, compile_baseline, emissions, quantities
from carbon.scenario_file import parse_scenario

YEARS = np.array([2024, 2025, 2026])


def tiny_baseline() -> pd.DataFrame:
    """1 GWh electricity (0.2 kg/kWh location, 0.25 market; T&D 0.02) and 2 GWh gross gas."""
    rows = [
        ("electricity.grid", "generation", "2", "", 1e6, "kWh", 200.0, 250.0, "grid_electricity"),
        ("electricity.grid", "t_and_d", "3", "3", 1e6, "kWh", 20.0, 20.0, "grid_electricity"),
        ("fuel.natural_gas", "combustion", "1", "", 2e6, "kWh (Gross CV)", 360.0, 360.0, ""),
    ]
    return pd.DataFrame(rows, columns=["activity_type", "line", "scope", "scope3_category",
                                       "quantity", "unit", "tco2e_location", "tco2e_market",
                                       "factor_driver"]).assign(
        nhs_footprint="CF", report_group="building_energy")


@pytest.fixture
def grid(tmp_path: Path) -> GridFactors:
    path = tmp_path / "grid.csv"
    path.write_text("year,kgco2e_per_kwh,status\n2024,0.2,published\n2025,0.18,projected\n"
                    "2026,0.16,projected\n")
    return load_grid_factors(path)


OVERLAPPING = """
[scenario]
id = "hand"
name = "Hand computation"
[growth]
by_activity = { "electricity" = 0.05 }
[[intervention]]
id = "led"
kind = "efficiency"
activity = "electricity.grid"
reduction = 0.1
start = "2025/26"
[[intervention]]
id = "controls"
kind = "efficiency"
activity = "electricity.grid"
reduction = 0.2
start = "2025/26"
[[intervention]]
id = "bms"
kind = "efficiency"
activity = "fuel.natural_gas"
reduction = 0.1
start = "2025/26"
[[intervention]]
id = "heat-pump"
kind = "heat_pump"
share = 0.5
boiler_efficiency = 0.9
cop = 3.0
start = "2025/26"
ramp_years = 2
[[intervention]]
id = "pv"
kind = "onsite_generation"
kwh_per_year = 100000
start = "2025/26"
[[intervention]]
id = "rego"
kind = "renewable_supply"
share = 0.5
emission_factor_kgco2e_per_kwh = 0.0
start = "2025/26"
"""


def test_overlapping_interventions_match_a_hand_computation(grid: GridFactors) -> None:
    spec = parse_scenario(tomllib.loads(OVERLAPPING), file="hand.toml")
    model = compile_baseline(tiny_baseline(), year=2024)
    plan = build_plan(model, spec.interventions, YEARS, spec.growth.rates(model.activities))
    q = quantities(model, plan)[0]
    elec = model.activities.index("electricity.grid")
    gas = model.activities.index("fuel.natural_gas")
    # 2026/27 by hand: electricity 1e6 x 1.05^2 = 1,102,500, x 0.9 x 0.8 (LED then controls,
    # 28% not 30%) = 793,800; gas 2e6 x 0.9 (BMS) = 1.8e6, half to heat pumps: 900,000 left and
    # 1.8e6 x 0.5 x 0.9 / 3 = 270,000 kWh added (not reduced by LED); PV takes 100,000 off.
    assert q[2, elec] == pytest.approx(793_800 + 270_000 - 100_000)
    assert q[2, gas] == pytest.approx(900_000)
    # 2025/26: heat pumps half ramped (share 0.25)
    assert q[1, elec] == pytest.approx(1_050_000 * 0.72 + 1.8e6 * 0.25 * 0.3 - 100_000)
    assert q[1, gas] == pytest.approx(1.8e6 * 0.75)
    loc = emissions(model, plan, grid, basis="location")[0].sum(axis=1)
    mkt = emissions(model, plan, grid, basis="market")[0].sum(axis=1)
    # location 2026/27: generation 963,800 x 0.2 kg x 0.8 (grid trend 0.16/0.2) = 154.208 t,
    # T&D 15.4208 t, gas 900,000 x 0.18 kg = 162 t
    assert loc[2] == pytest.approx(154.208 + 15.4208 + 162.0)
    # market: half the generation under a zero-emission instrument; the residual half keeps
    # the market intensity 0.25 kg x trend 0.8; T&D is scope 3 and unchanged
    assert mkt[2] == pytest.approx(963_800 * 0.00025 * 0.8 * 0.5 + 15.4208 + 162.0)
    assert loc[0] == pytest.approx(580.0) and mkt[0] == pytest.approx(630.0)


def test_business_as_usual_growth_and_grid_trend(grid: GridFactors) -> None:
    model = compile_baseline(tiny_baseline(), year=2024)
    growth = np.array([0.05, -0.02])
    e = emissions(model, business_as_usual(model, YEARS, growth), grid)[0]
    gen = model.lines.index[model.lines["line"] == "generation"][0]
    comb = model.lines.index[model.lines["line"] == "combustion"][0]
    assert e[:, gen] == pytest.approx(200 * 1.05 ** np.arange(3) * np.array([1, 0.9, 0.8]))
    assert e[:, comb] == pytest.approx(360 * 0.98 ** np.arange(3))   # no grid trend on gas


def test_shares_above_one_are_refused() -> None:
    text = OVERLAPPING.replace("share = 0.5\nboiler", "share = 0.7\nboiler") + """
[[intervention]]
id = "biomass"
kind = "heat_pump"
share = 0.4
boiler_efficiency = 0.9
cop = 3.0
start = "2025/26"
"""
    spec = parse_scenario(tomllib.loads(text), file="x.toml")
    model = compile_baseline(tiny_baseline(), year=2024)
    with pytest.raises(ConfigurationError, match=r"110% of fuel.natural_gas in 2026"):
        build_plan(model, spec.interventions, YEARS, np.zeros(2))


def test_interventions_need_their_activities() -> None:
    spec = parse_scenario(tomllib.loads("""
[scenario]
id = "x"
name = "x"
[[intervention]]
id = "ev"
kind = "fleet_electrification"
share = 0.5
km_per_litre = 12
kwh_per_km = 0.2
start = 2025
"""), file="x.toml")
    model = compile_baseline(tiny_baseline(), year=2024)
    with pytest.raises(ConfigurationError, match=r"'fleet\.diesel'.*added_lines"):
        build_plan(model, spec.interventions, YEARS, np.zeros(2))


def test_added_lines_and_their_quantities(grid: GridFactors) -> None:
    added = pd.DataFrame([{"activity_type": "electricity.green_tariff", "line": "generation",
                           "scope": "2", "scope3_category": pd.NA, "nhs_footprint": "CF",
                           "report_group": "building_energy", "factor_driver": "",
                           "unit": "kWh", "intensity_location": 1e-4, "intensity_market": 0.0}])
    model = compile_baseline(tiny_baseline(), year=2024, added=added)
    assert model.activities[-1] == "electricity.green_tariff"
    assert model.quantity[-1] == 0.0
    with pytest.raises(ConfigurationError, match="already has"):
        compile_baseline(tiny_baseline(), year=2024, added=added.assign(
            activity_type="fuel.natural_gas"))
    with pytest.raises(ConfigurationError, match="financial year is not known"):
        compile_baseline(tiny_baseline())


@settings(max_examples=40, deadline=None)
@given(reductions=st.lists(st.floats(0.0, 0.9), min_size=1, max_size=4),
       share=st.floats(0.0, 1.0), growth=st.floats(-0.1, 0.1))
def test_reductions_compose_multiplicatively_and_shifts_conserve(
        reductions: list[float], share: float, growth: float) -> None:
    """A shift at ratio 1 between two lines of equal intensity moves emissions, never creates
    them; reductions keep the product of what each leaves."""
    lines = "\n".join(
        f'[[intervention]]\nid = "r{i}"\nkind = "efficiency"\nactivity = "waste.clinical.hti"\n'
        f"reduction = {r}\nstart = 2025\n" for i, r in enumerate(reductions) if r > 0)
    if share > 0:
        lines += ('[[intervention]]\nid = "s"\nkind = "waste_route"\nfrom = "waste.clinical.hti"\n'
                  f'to = "waste.clinical.alternative_treatment"\nshare = {share}\nstart = 2025\n')
    spec = parse_scenario(tomllib.loads(f'[scenario]\nid = "h"\nname = "h"\n{lines}'), file="h")
    frame = pd.DataFrame({
        "activity_type": ["waste.clinical.hti", "waste.clinical.alternative_treatment"],
        "line": "process", "scope": "3", "scope3_category": "5", "nhs_footprint": "CF",
        "report_group": "water_and_waste", "quantity": [100.0, 50.0], "unit": "tonne",
        "tco2e_location": [22.0, 11.0], "tco2e_market": [22.0, 11.0], "factor_driver": ""})
    model = compile_baseline(frame, year=2024)
    plan = build_plan(model, spec.interventions, YEARS, np.full(2, growth))
    e = emissions(model, plan, load_grid_factors())[0]
    kept = float(np.prod([1 - r for r in reductions]))
    grown = (1 + growth) ** 2
    assert e[2].sum() == pytest.approx((100 * kept + 50) * 0.22 * grown)
    assert e[2, 1] == pytest.approx((50 + 100 * kept * share) * 0.22 * grown)
    assert np.all(e >= 0)
