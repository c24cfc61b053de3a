"""Monte Carlo: reproducible, vectorised, median close to the deterministic run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbon.footprints import footprint_mask
from carbon.grid_factors import load_grid_factors
from carbon.projection import business_as_usual, compile_baseline, emissions
from carbon.trajectory_inputs import read_table
from carbon.uncertainty import PrefixRange, default_uncertainty, match_prefix, sample

DATA = Path(__file__).parent / "data"
YEARS = np.arange(2024, 2046)


@pytest.fixture(scope="module")
def setup() -> tuple[object, object, object]:
    model = compile_baseline(read_table(DATA / "small_trust_baseline.csv"), year=2024)
    plan = business_as_usual(model, YEARS, np.full(len(model.activities), 0.01))
    return model, plan, load_grid_factors()


def test_defaults_are_documented_assumptions() -> None:
    spec = default_uncertainty()
    text = (Path(__file__).parents[1] / "scenarios" / "uncertainty.toml").read_text()
    assert "verified = false" in text and "NOT PUBLISHED" in text
    assert {r.prefix for r in spec.activity} >= {"", "electricity", "fuel.natural_gas"}
    assert spec.growth_sd > 0 and spec.grid_cv_per_year > 0


def test_longest_dotted_prefix_wins() -> None:
    ranges = (PrefixRange(prefix="", cv=0.1), PrefixRange(prefix="fuel", cv=0.05),
              PrefixRange(prefix="fuel.natural_gas", cv=0.02))
    keys = ["fuel.natural_gas", "fuel.gas_oil", "fuelish.x", "water.supply"]
    assert match_prefix(keys, ranges).tolist() == [0.02, 0.05, 0.1, 0.1]
    spec = default_uncertainty().override(activity=(PrefixRange(prefix="fuel", cv=0.5),))
    assert match_prefix(["fuel.gas_oil"], spec.activity)[0] == 0.5


def test_same_seed_same_numbers_other_seed_other_numbers(setup: tuple) -> None:
    model, plan, grid = setup
    spec = default_uncertainty()
    a = emissions(model, plan, grid, draws=sample(model, plan, grid, spec, draws=500, seed=7))
    b = emissions(model, plan, grid, draws=sample(model, plan, grid, spec, draws=500, seed=7))
    c = emissions(model, plan, grid, draws=sample(model, plan, grid, spec, draws=500, seed=8))
    assert a.shape == (500, len(YEARS), len(model.lines))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_median_matches_the_deterministic_run(setup: tuple) -> None:
    """Each multiplier has median 1, so a line's median is its deterministic value; a total of
    right-skewed lines has its median slightly above (staff commute and patient travel carry
    +-30-50%), growing with the growth-rate uncertainty over the years."""
    model, plan, grid = setup
    draws = sample(model, plan, grid, default_uncertainty(), draws=4000, seed=1)
    lines = emissions(model, plan, grid, draws=draws)
    det_lines = emissions(model, plan, grid)[0]
    np.testing.assert_allclose(np.median(lines[:, 0, :], axis=0), det_lines[0], rtol=0.05)
    cf = footprint_mask(model.lines, "nhs_carbon_footprint")
    np.testing.assert_allclose(np.median(lines[:, :, cf].sum(axis=2), axis=0),
                               det_lines[:, cf].sum(axis=1), rtol=0.02)
    runs = lines.sum(axis=2)
    det = det_lines.sum(axis=1)
    np.testing.assert_allclose(np.median(runs, axis=0), det, rtol=0.03)
    spread = np.quantile(runs, 0.95, axis=0) - np.quantile(runs, 0.05, axis=0)
    assert np.all(spread > 0)
    assert spread[-1] / det[-1] > spread[0] / det[0]   # grid projection widens the band


def test_zero_ranges_reproduce_the_deterministic_run(setup: tuple) -> None:
    model, plan, grid = setup
    zero = default_uncertainty().model_copy(update={
        "activity": (PrefixRange(prefix="", cv=0.0),), "factor": (PrefixRange(prefix="", cv=0.0),),
        "growth_sd": 0.0, "grid_cv_per_year": 0.0})
    runs = emissions(model, plan, grid, draws=sample(model, plan, grid, zero, draws=3, seed=0))
    det = emissions(model, plan, grid)
    np.testing.assert_allclose(runs, np.broadcast_to(det, runs.shape), rtol=1e-12)


def test_market_basis_draws(setup: tuple) -> None:
    model, plan, grid = setup
    draws = sample(model, plan, grid, default_uncertainty(), draws=200, seed=3)
    market = emissions(model, plan, grid, basis="market", draws=draws)
    assert market.shape[0] == 200 and np.isfinite(market).all()
    assert isinstance(pd.DataFrame(market[:, 0, :]).sum().sum(), float)
