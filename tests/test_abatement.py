"""Attribution of abatement, the base-year-to-scenario bridge, and the MACC."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from carbon.abatement import (
    attribute,
    capital_recovery_factor,
    default_discount_rate,
    macc,
    waterfall,
)
from carbon.grid_factors import load_grid_factors
from carbon.interventions import build_plan
from carbon.projection import compile_baseline, emissions
from carbon.scenario_file import load_scenario
from carbon.trajectory_inputs import read_table

DATA = Path(__file__).parent / "data"
YEARS = np.arange(2024, 2041)


@pytest.fixture(scope="module")
def setup() -> tuple:
    spec = load_scenario("net-zero-pathway")
    model = compile_baseline(read_table(DATA / "small_trust_baseline.csv"), year=2024)
    growth = spec.growth.rates(model.activities)
    grid = load_grid_factors()
    return spec, model, growth, grid, attribute(model, spec.interventions, YEARS, growth, grid,
                                                 "location")


def test_abatements_add_up_to_bau_minus_scenario(setup: tuple) -> None:
    spec, model, growth, grid, att = setup
    scenario = emissions(model, build_plan(model, spec.interventions, YEARS, growth), grid)[0]
    np.testing.assert_allclose(att.bau - att.deltas.sum(axis=0), scenario, atol=1e-9)
    assert att.interventions[0].id == "led"


def test_waterfall_bridges_base_to_scenario(setup: tuple) -> None:
    _, model, _, _, att = setup
    mask = np.ones(len(model.lines), dtype=bool)
    frame = waterfall(model, att, YEARS, 2031, mask, "location")
    assert frame["step"].iloc[0] == "base year" and frame["step"].iloc[-1] == "scenario"
    totals = frame[frame["kind"] == "total"]["tco2e"].to_numpy()
    changes = frame[frame["kind"] == "change"]["tco2e"].sum()
    assert totals[0] + changes == pytest.approx(totals[1])
    assert totals[0] == pytest.approx(11946.495)
    grid_row = frame.set_index("step").loc["grid decarbonisation", "tco2e"]
    assert grid_row < 0


def test_capital_recovery_factor() -> None:
    assert capital_recovery_factor(0.0, 10) == pytest.approx(0.1)
    # 3.5% over 20 years: 0.035 / (1 - 1.035^-20) = 0.070361
    assert capital_recovery_factor(0.035, 20) == pytest.approx(0.0703611, rel=1e-6)
    assert default_discount_rate() == 0.035


def test_macc_rows(setup: tuple) -> None:
    _, model, _, _, att = setup
    frame = macc(att, YEARS, np.ones(len(model.lines), dtype=bool), 0.035)
    included = frame[frame["included"]]
    assert included["gbp_per_tco2e"].is_monotonic_increasing
    assert set(frame[~frame["included"]]["reason"]) == {"no cost given"}
    led = frame.set_index("intervention").loc["led"]
    k = [i.id for i in att.interventions].index("led")
    inside = (YEARS >= 2025) & (YEARS < 2025 + 15)
    mean = att.deltas[k][inside].sum(axis=1).mean()
    eac = 550000 * capital_recovery_factor(0.035, 15) - 115000
    assert led["mean_annual_abatement_tco2e"] == pytest.approx(mean)
    assert led["gbp_per_tco2e"] == pytest.approx(eac / mean)
    assert frame["cumulative_abatement_tco2e"].iloc[-1] == pytest.approx(
        included["mean_annual_abatement_tco2e"].sum())


def test_market_instrument_is_explained_off_the_location_curve() -> None:
    spec = load_scenario("estates-decarbonisation")
    model = compile_baseline(read_table(DATA / "small_trust_baseline.csv"), year=2024)
    grid = load_grid_factors()
    growth = spec.growth.rates(model.activities)
    mask = np.ones(len(model.lines), dtype=bool)
    loc = macc(attribute(model, spec.interventions, YEARS, growth, grid, "location"), YEARS,
               mask, 0.035, "location").set_index("intervention")
    assert not loc.loc["rego-tariff", "included"]
    assert "location basis" in loc.loc["rego-tariff", "reason"]
    mkt = macc(attribute(model, spec.interventions, YEARS, growth, grid, "market"), YEARS,
               mask, 0.035, "market").set_index("intervention")
    assert mkt.loc["rego-tariff", "included"]
