"""B5 Monte Carlo: 10,000 draws x 30 years x 50 categories (target under 2 s), against the
bare-numpy floor for the same arithmetic.

Cases (each in a fresh process, data generated in memory):

* ``run_scenario``: the public entry point end to end on a 50-line baseline (one line and one
  report group per activity) with two interventions: deterministic runs, attribution and the
  Monte Carlo with category and footprint quantiles;
* ``monte_carlo``: the Monte Carlo core alone (draw multipliers, project, aggregate to
  categories, 5/50/95 percentiles, probability of meeting a level);
* ``bare numpy``: the same arithmetic written directly in numpy (no validation, no plan, no
  footprints): the floor the engine is measured against.

Each case times its core ``REPEATS`` times in its process and reports the best (the first
run also pays for touching fresh memory; the machine may be shared).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from harness import Row, measure

if TYPE_CHECKING:
    import pandas as pd

    from carbon.scenario_file import Scenario

LABEL = "B5 montecarlo"
BASE_YEAR = 2021
REPEATS = 3


def _best(step: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def _baseline(categories: int) -> pd.DataFrame:
    import pandas as pd

    from carbon.taxonomy import activity_types

    kinds = [t for t in activity_types().values() if t.emitting][:categories]
    return pd.DataFrame([{
        "activity_type": t.key, "line": "main", "scope": "1", "scope3_category": "",
        "nhs_footprint": "CF", "report_group": f"group_{i:02d}", "quantity": 1000.0 + i,
        "unit": t.default_unit, "tco2e_location": 10.0 + i, "tco2e_market": 10.0 + i,
        "factor_driver": "grid_electricity" if t.key.startswith("electricity") else ""}
        for i, t in enumerate(kinds)])


def _scenario(years: int) -> Scenario:
    from carbon.scenario_file import parse_scenario

    return parse_scenario({
        "scenario": {"id": "bench", "name": "bench",
                     "end": f"{BASE_YEAR + years - 1}/{(BASE_YEAR + years) % 100:02d}"},
        "growth": {"default": 0.01},
        "intervention": [
            {"id": "led", "kind": "efficiency", "activity": "electricity.grid",
             "reduction": 0.1, "start": BASE_YEAR + 1, "ramp_years": 3},
            {"id": "hp", "kind": "heat_pump", "share": 0.5, "boiler_efficiency": 0.85,
             "cop": 3.0, "start": BASE_YEAR + 2, "ramp_years": 4}],
    }, file="bench")


def run_scenario_case(draws: int, years: int, categories: int) -> dict[str, float]:
    """End to end through carbon.scenario.run_scenario."""
    from carbon.scenario import run_scenario

    baseline, spec = _baseline(categories), _scenario(years)

    def step() -> None:
        result = run_scenario(spec, baseline, baseline_year=BASE_YEAR, draws=draws, seed=1)
        assert result.monte_carlo is not None
        assert result.monte_carlo.category_quantiles.shape == (3, years, categories)

    return {"core_s": _best(step)}


def monte_carlo_case(draws: int, years: int, categories: int) -> dict[str, float]:
    """The Monte Carlo core of the engine."""
    import numpy as np

    from carbon.grid_factors import load_grid_factors
    from carbon.interventions import build_plan
    from carbon.projection import aggregate, compile_baseline, emissions
    from carbon.uncertainty import QUANTILES, default_uncertainty, sample

    model = compile_baseline(_baseline(categories), year=BASE_YEAR)
    spec = _scenario(years)
    span = np.arange(BASE_YEAR, BASE_YEAR + years)
    plan = build_plan(model, spec.interventions, span, spec.growth.rates(model.activities))
    grid, ranges = load_grid_factors(), default_uncertainty()
    member = np.eye(len(model.lines))
    def step() -> None:
        d = sample(model, plan, grid, ranges, draws=draws, seed=1)
        by_cat = aggregate(emissions(model, plan, grid, draws=d), member)
        q = np.quantile(by_cat, QUANTILES, axis=0)
        p = float(np.mean(by_cat.sum(axis=2)[:, -1] <= q[1].sum(axis=1)[-1]))
        assert q.shape == (3, years, categories) and 0 <= p <= 1

    return {"core_s": _best(step)}


def bare_case(draws: int, years: int, categories: int) -> dict[str, float]:
    """The same arithmetic in bare numpy: the floor."""
    import numpy as np

    rng0 = np.random.default_rng(0)
    q0 = rng0.uniform(1e3, 2e3, categories)
    intensity = rng0.uniform(1e-3, 1e-2, categories)
    trend = np.linspace(1.0, 0.2, years)[:, None] * np.ones(categories)
    keep = np.ones((years, categories))
    t = np.arange(years, dtype=np.float64)
    sig_a, sig_f = np.full(categories, 0.05), np.full(categories, 0.05)
    sig_g = np.linspace(0.0, 0.5, years)
    member = np.eye(categories)

    def step() -> None:
        rng = np.random.default_rng(1)
        act = np.exp(rng.standard_normal((draws, categories)) * sig_a)
        fac = np.exp(rng.standard_normal((draws, categories)) * sig_f)
        growth = 0.01 + rng.standard_normal((draws, categories)) * 0.01
        grid = np.exp(rng.standard_normal((draws, 1)) * sig_g)
        e = np.exp(t[None, :, None] * np.log1p(growth)[:, None, :])
        e *= (q0 * act)[:, None, :]
        e *= keep
        e *= (intensity * trend)[None]
        e *= grid[:, :, None]
        e *= fac[:, None, :]
        by_cat = np.einsum("dyl,lk->dyk", e, member, optimize=True)
        qs = np.quantile(by_cat, (0.05, 0.5, 0.95), axis=0)
        p = float(np.mean(by_cat.sum(axis=2)[:, -1] <= qs[1].sum(axis=1)[-1]))
        assert 0 <= p <= 1

    return {"core_s": _best(step)}


def run(quick: bool) -> list[Row]:
    size = {"draws": 1000 if quick else 10_000, "years": 30, "categories": 50}
    label = f"{size['draws']:,} draws x 30 years x 50 categories"
    bare = measure("bench_montecarlo", "bare_case", **size)
    core = measure("bench_montecarlo", "monte_carlo_case", **size)
    full = measure("bench_montecarlo", "run_scenario_case", **size)
    floor = bare.extra["core_s"]
    return [
        Row(LABEL, f"bare numpy floor, {label}", floor, bare.peak_mb),
        Row(LABEL, "engine Monte Carlo core", core.extra["core_s"], core.peak_mb,
            ratio=core.extra["core_s"] / floor, target="< 2 s",
            note="sample + project + aggregate + quantiles", met=core.extra["core_s"] < 2),
        Row(LABEL, "run_scenario end to end", full.extra["core_s"], full.peak_mb,
            ratio=full.extra["core_s"] / floor, target="< 2 s",
            note="+ deterministic runs, attribution, footprints", met=full.extra["core_s"] < 2),
    ]
