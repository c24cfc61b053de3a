"""Scenario runs end to end on the small-trust fixture: dataset, frames, targets, comparison."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbon.comparison import compare
from carbon.errors import ConfigurationError
from carbon.scenario import ScenarioResult, run_scenario
from carbon.trajectory_inputs import read_table

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def baseline() -> pd.DataFrame:
    return read_table(DATA / "small_trust_baseline.csv")


@pytest.fixture(scope="module")
def actuals() -> pd.DataFrame:
    return read_table(DATA / "small_trust_actuals.csv")


@pytest.fixture(scope="module")
def estates(baseline: pd.DataFrame, actuals: pd.DataFrame) -> ScenarioResult:
    return run_scenario("estates-decarbonisation", baseline, baseline_year=2024,
                        actuals=actuals, draws=1000)


def test_dataset_dimensions_and_provenance(estates: ScenarioResult) -> None:
    ds = estates.dataset
    assert ds["emissions"].dims == ("scenario", "basis", "year", "category")
    assert ds["emissions_quantile"].dims == ("scenario", "quantile", "year", "category")
    assert ds["scenario"].to_numpy().tolist() == ["estates-decarbonisation",
                                                  "estates-decarbonisation:bau"]
    assert ds["year"].to_numpy()[[0, -1]].tolist() == [2024, 2045]
    assert ds.attrs["grid_sha256"] and ds.attrs["monte_carlo_draws"] == 1000
    assert ds["quantity"].sel(scenario="estates-decarbonisation:bau", year=2024,
                              activity="electricity.grid") == 12_000_000
    base = ds["footprint_total"].sel(year=2024, basis="location", footprint="nhs_carbon_footprint")
    assert base.to_numpy().tolist() == pytest.approx([9396.495, 9396.495])
    market = ds["footprint_total"].sel(year=2030, basis="market",
                                       scenario="estates-decarbonisation")
    location = ds["footprint_total"].sel(year=2030, basis="location",
                                         scenario="estates-decarbonisation")
    assert float(market.sel(footprint="nhs_carbon_footprint")) < float(
        location.sel(footprint="nhs_carbon_footprint"))   # the REGO tariff counts there only


def test_frames(estates: ScenarioResult) -> None:
    frame = estates.frame()
    assert {"scenario", "basis", "year", "year_label", "category", "tco2e", "p05", "p50",
            "p95"} <= set(frame.columns)
    loc = frame[(frame["basis"] == "location") & (frame["scenario"] == estates.id)]
    assert loc["p05"].notna().all() and (loc["p05"] <= loc["p95"]).all()
    totals = estates.totals()
    assert (totals["scenario_tco2e"] <= totals["bau_tco2e"] + 1e-9).all()
    assert totals["year_label"].iloc[0] == "2024/25"


def test_target_checks_with_probabilities(estates: ScenarioResult) -> None:
    checks = estates.target_checks()
    assert len(checks) == 8
    assert checks["probability"].between(0, 1).all()
    share_late = checks[(checks["target"] == "nhs-carbon-footprint/national-share")
                        & (checks["check"] == "latest") & (checks["year_label"] == "2031/32")]
    row = share_late.iloc[0]
    assert row["required"] == pytest.approx(12400 * (1 - 0.4689), rel=1e-3)
    assert row["met"] == (row["projected"] <= row["required"])
    assert row["p05"] <= row["p50"] <= row["p95"]


def test_reproducible_outputs(baseline: pd.DataFrame, actuals: pd.DataFrame) -> None:
    runs = [run_scenario("clinical-and-travel", baseline, baseline_year=2024, actuals=actuals,
                         draws=300, seed=11).frame().to_csv() for _ in range(2)]
    assert runs[0] == runs[1]


def test_energy_target_in_a_projection(baseline: pd.DataFrame, actuals: pd.DataFrame) -> None:
    from carbon.presets import apply_preset

    result = run_scenario("estates-decarbonisation", baseline, baseline_year=2024,
                          actuals=actuals, draws=200,
                          targets=apply_preset("energy-2.5pc", base_year="2019/20"))
    energy = result.target_checks().query("target == 'energy-2.5pc'")
    assert len(energy) == 1
    kwh = result.total("building_energy", "kwh", variant="bau")
    assert kwh[0] == pytest.approx(32.3e6)
    assert 0 <= energy["probability"].iloc[0] <= 1


def test_targets_need_their_base_year(baseline: pd.DataFrame) -> None:
    with pytest.raises(ConfigurationError, match="--actuals"):
        run_scenario("estates-decarbonisation", baseline, baseline_year=2024)


def test_compare(baseline: pd.DataFrame, actuals: pd.DataFrame,
                 estates: ScenarioResult) -> None:
    other = run_scenario("net-zero-pathway", baseline, baseline_year=2024, actuals=actuals,
                         draws=0)
    both = compare([estates, other])
    assert both.dataset["scenario"].to_numpy().tolist() == [
        "estates-decarbonisation", "estates-decarbonisation:bau", "net-zero-pathway",
        "net-zero-pathway:bau"]
    totals = both.totals()
    last = totals[totals["year"] == 2040].set_index("scenario")["scenario_tco2e"]
    assert last["net-zero-pathway"] < last["estates-decarbonisation"]
    assert np.isnan(both.dataset["footprint_quantile"].sel(scenario="net-zero-pathway")).all()
    with pytest.raises(ConfigurationError, match="same id"):
        compare([estates, estates])


def test_intervention_on_an_absent_activity_is_left_out(baseline: pd.DataFrame,
                                                         actuals: pd.DataFrame) -> None:
    # A trust that no longer uses desflurane: removing it is a no-op, not an error.
    without = baseline[baseline["activity_type"] != "anaesthetic.desflurane"]
    result = run_scenario("clinical-and-travel", without, baseline_year=2024, actuals=actuals,
                          draws=0)
    assert result.skipped == ("desflurane-out",)
    assert "desflurane-out" not in [i.id for i in result.scenario.interventions]
