"""Run a scenario on a projection baseline: business as usual, the interventions, the targets
it meets, the abatement per intervention and, optionally, the Monte Carlo.

:func:`run_scenario` is the library entry point behind ``carbon scenario run``
(:func:`carbon.comparison.compare` puts several results side by side). Results are
an xarray Dataset (``scenario x basis x year x category``, quantiles on ``quantile``) and tidy
pandas frames. The scenario axis holds ``<id>`` and ``<id>:bau`` (its business as usual).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import NDArray

from carbon._version import __version__
from carbon.abatement import (
    Attribution,
    attribute,
    default_discount_rate,
    macc,
    priced_savings,
    waterfall,
)
from carbon.compliance import fy_label
from carbon.errors import ConfigurationError
from carbon.footprints import footprint_label, footprint_mask, footprints
from carbon.grid_factors import GridFactors, load_grid_factors
from carbon.interventions import AnyIntervention, build_plan, default_unit
from carbon.presets import apply_preset
from carbon.projection import (
    Basis,
    Model,
    Plan,
    aggregate,
    business_as_usual,
    compile_baseline,
    emissions,
    quantities,
)
from carbon.scenario_file import Scenario, load_scenario
from carbon.targets import Target
from carbon.trajectory_inputs import actual_series, validate_actuals
from carbon.uncertainty import (
    QUANTILE_NAMES,
    QUANTILES,
    UncertaintySpec,
    default_uncertainty,
    sample,
)
from carbon.units import conversion_factor, dimension_name

if TYPE_CHECKING:
    from carbon.charts import Chart

BASES: tuple[Basis, ...] = ("location", "market")
VARIANTS = ("scenario", "bau")
ENERGY_BASES = {"energy": "kWh", "energy_gross": "kWh_gross", "energy_net": "kWh_net"}


@dataclass(frozen=True)
class MonteCarlo:
    """Monte Carlo outputs of a scenario (its own basis).

    Attributes
    ----------
    draws, seed : int
    spec : UncertaintySpec
    category_quantiles : numpy.ndarray
        ``(quantile, Y, category)`` tCO2e.
    totals : dict
        ``(metric, footprint) -> (D, Y)`` draws of each total a target or chart needs.
    """

    draws: int
    seed: int
    spec: UncertaintySpec
    category_quantiles: NDArray[np.float64]
    totals: dict[tuple[str, str], NDArray[np.float64]]


def energy_kwh_per_unit(unit: str) -> float:
    """kWh per unit for energy units (gross and net kWh count as kWh, as in ERIC), else 0."""
    name = dimension_name(unit)
    return conversion_factor(unit, ENERGY_BASES[name]) if name in ENERGY_BASES else 0.0


@dataclass(frozen=True)
class ScenarioResult:
    """Everything one scenario run produced (see :func:`run_scenario`).

    Attributes
    ----------
    scenario : Scenario
        The parsed scenario file.
    model : Model
        The compiled baseline (plus added lines).
    grid : GridFactors
        The grid factor table used (its SHA-256 is in the dataset's attrs).
    years : numpy.ndarray
        Projected financial start years, from the baseline year.
    plans : dict
        ``'scenario'`` and ``'bau'`` compiled plans.
    emissions : numpy.ndarray
        ``(variant, basis, Y, L)`` deterministic tCO2e; variants scenario, bau; bases
        location, market.
    quantity : numpy.ndarray
        ``(variant, Y, A)`` activity quantities in the model's units.
    targets : tuple of Target
        Targets checked; ``base_values`` holds each one's base-year value.
    actuals : pandas.DataFrame or None
        Validated annual actuals, when given.
    attribution : Attribution
        Abatement per intervention on the scenario's basis.
    discount_rate : float
        Used for the MACC.
    monte_carlo : MonteCarlo or None
    skipped : tuple of str
        Ids of interventions left out because the baseline has none of the activity they act
        on (removing desflurane from a trust that no longer uses it).
    """

    scenario: Scenario
    model: Model
    grid: GridFactors
    years: NDArray[np.int64]
    plans: dict[str, Plan]
    emissions: NDArray[np.float64]
    quantity: NDArray[np.float64]
    targets: tuple[Target, ...]
    base_values: dict[str, float]
    actuals: pd.DataFrame | None
    attribution: Attribution
    discount_rate: float
    monte_carlo: MonteCarlo | None
    skipped: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Scenario id."""
        return self.scenario.scenario.id

    @property
    def basis(self) -> Basis:
        """Scope 2 basis the scenario reports on (and its targets are checked on)."""
        return self.scenario.scenario.basis

    @cached_property
    def categories(self) -> list[str]:
        """Report groups of the model's lines, sorted."""
        return sorted(set(self.model.lines["report_group"].astype(str)))

    def total(self, footprint: str, metric: str = "tco2e", variant: str = "scenario",
              basis: Basis | None = None) -> NDArray[np.float64]:
        """Deterministic total per year of a metric (``tco2e`` or ``kwh``) of a footprint."""
        v = VARIANTS.index(variant)
        if metric == "tco2e":
            b = BASES.index(basis or self.basis)
            return np.asarray(self.emissions[v, b][:, footprint_mask(self.model.lines,
                                                                     footprint)].sum(axis=1))
        return np.asarray(self.quantity[v] @ _energy_weights(self.model, footprint, metric))

    def target_checks(self) -> pd.DataFrame:
        """Each target, check and milestone against the projection.

        Columns: ``scenario``, ``target``, ``check``, ``milestone``, ``year_label``,
        ``required``, ``projected``, ``bau``, ``met``, and with a Monte Carlo ``probability``
        (share of draws at or below the required level) and ``p05``/``p50``/``p95``.
        """
        rows = []
        last = int(self.years[-1])
        for t in self.targets:
            base = self.base_values[t.id]
            det = self.total(t.footprint, t.metric)
            bau = self.total(t.footprint, t.metric, "bau")
            for check in t.checks:
                goals = ([(m.year(check), f"{m.reduction:.0%} by {fy_label(m.year(check))}")
                          for m in t.milestones] if t.milestones else
                         [(t.end_year or last, f"{t.annual_rate:.1%} a year")])
                for year, label in goals:
                    required = base * float(t.path([year], check)[0])
                    row = {"scenario": self.id, "target": t.id, "check": check,
                           "milestone": label, "year_label": fy_label(year),
                           "required": required}
                    rows.append(row | self._at(year, det, bau, required, t))
        return pd.DataFrame(rows)

    def _at(self, year: int, det: NDArray[np.float64], bau: NDArray[np.float64],
            required: float, target: Target) -> dict[str, object]:
        inside = np.flatnonzero(self.years == year)
        if not inside.size:
            return {"projected": np.nan, "bau": np.nan, "met": None,
                    "note": f"outside the projection {fy_label(int(self.years[0]))}-"
                            f"{fy_label(int(self.years[-1]))}"}
        i = int(inside[0])
        out: dict[str, object] = {"projected": det[i], "bau": bau[i],
                                  "met": bool(det[i] <= required * (1 + 1e-12)), "note": ""}
        if self.monte_carlo is not None:
            draws = self.monte_carlo.totals[(target.metric, target.footprint)][:, i]
            q = np.quantile(draws, QUANTILES)
            out |= {"probability": float(np.mean(draws <= required)),
                    **dict(zip(QUANTILE_NAMES, q.tolist(), strict=True))}
        return out

    @cached_property
    def dataset(self) -> xr.Dataset:
        """The results cube (see the module docstring); units and provenance in attrs."""
        cats = self.categories
        member = _membership(self.model.lines["report_group"].astype(str).to_numpy(), cats)
        names = [self.id, f"{self.id}:bau"]
        fps = self._footprints()
        fmember = np.stack([footprint_mask(self.model.lines, f) for f in fps], axis=1)
        by_cat = np.stack([aggregate(self.emissions[v], member) for v in range(2)])
        by_fp = np.stack([aggregate(self.emissions[v], fmember.astype(float))
                          for v in range(2)])
        ds = xr.Dataset(
            {"emissions": (("scenario", "basis", "year", "category"), by_cat,
                           {"units": "tCO2e"}),
             "footprint_total": (("scenario", "basis", "year", "footprint"), by_fp,
                                 {"units": "tCO2e"}),
             "quantity": (("scenario", "year", "activity"), self.quantity,
                          {"units": "see activity_unit"})},
            coords={"scenario": names, "basis": list(BASES), "year": self.years,
                    "year_label": ("year", [fy_label(int(y)) for y in self.years]),
                    "category": cats, "footprint": fps,
                    "activity": list(self.model.activities),
                    "activity_unit": ("activity", list(self.model.units))},
            attrs=self._provenance())
        if self.monte_carlo is not None:
            mc = self.monte_carlo
            cat_q = np.full((2, len(QUANTILES), len(self.years), len(cats)), np.nan)
            cat_q[0] = mc.category_quantiles
            fp_q = np.full((2, len(QUANTILES), len(self.years), len(fps)), np.nan)
            for k, f in enumerate(fps):
                fp_q[0, :, :, k] = np.quantile(mc.totals[("tco2e", f)], QUANTILES, axis=0)
            ds["emissions_quantile"] = (("scenario", "quantile", "year", "category"), cat_q,
                                        {"units": "tCO2e", "basis": self.basis})
            ds["footprint_quantile"] = (("scenario", "quantile", "year", "footprint"), fp_q,
                                        {"units": "tCO2e", "basis": self.basis})
            ds = ds.assign_coords(quantile=list(QUANTILES))
        return ds

    def _footprints(self) -> list[str]:
        named = [f for f in footprints() if footprint_mask(self.model.lines, f).any()]
        extra = [t.footprint for t in self.targets if t.metric == "tco2e"]
        return list(dict.fromkeys([*named, *extra]))

    def _provenance(self) -> dict[str, object]:
        mc = self.monte_carlo
        return {"engine": f"carbon {__version__}", "scenario_id": self.id,
                "scenario_name": self.scenario.scenario.name, "basis": self.basis,
                "baseline_year": fy_label(self.model.year), "grid_table": self.grid.name,
                "grid_sha256": self.grid.sha256, "discount_rate": self.discount_rate,
                "monte_carlo_draws": mc.draws if mc else 0, "monte_carlo_seed": mc.seed if mc
                else -1}

    def frame(self) -> pd.DataFrame:
        """Tidy emissions: scenario, basis, year, year_label, category, tco2e (+ quantiles)."""
        ds = self.dataset
        out = ds["emissions"].to_dataframe().reset_index()
        out = out.rename(columns={"emissions": "tco2e"})
        if "emissions_quantile" in ds:
            q = ds["emissions_quantile"].to_dataframe().reset_index().pivot_table(
                index=["scenario", "year", "category"], columns="quantile",
                values="emissions_quantile", dropna=False)
            q.columns = list(QUANTILE_NAMES)
            q = q.reset_index().assign(basis=self.basis)
            out = out.merge(q, on=["scenario", "basis", "year", "category"], how="left")
        return out[[c for c in out.columns if c != "year_label"]].assign(
            year_label=[fy_label(int(y)) for y in out["year"]])

    def totals(self, footprint: str = "nhs_carbon_footprint") -> pd.DataFrame:
        """Scenario and business-as-usual totals per year of a footprint (scenario basis)."""
        frame = pd.DataFrame({
            "scenario": self.id, "year": self.years,
            "year_label": [fy_label(int(y)) for y in self.years], "footprint": footprint,
            "basis": self.basis, "bau_tco2e": self.total(footprint, variant="bau"),
            "scenario_tco2e": self.total(footprint)})
        if self.monte_carlo is not None and ("tco2e", footprint) in self.monte_carlo.totals:
            q = np.quantile(self.monte_carlo.totals[("tco2e", footprint)], QUANTILES, axis=0)
            frame = frame.assign(**dict(zip(QUANTILE_NAMES, q, strict=True)))
        return frame

    def waterfall(self, year: int | None = None,
                  footprint: str = "nhs_carbon_footprint") -> pd.DataFrame:
        """Bridge from the base year to the scenario in ``year`` (default: last projected)."""
        y = int(self.years[-1]) if year is None else year
        if y not in self.years:
            raise ConfigurationError(f"{fy_label(y)} is not a projected year", value=y)
        return waterfall(self.model, self.attribution, self.years, y,
                         footprint_mask(self.model.lines, footprint), self.basis)

    def macc(self, footprint: str | None = None) -> pd.DataFrame:
        """Marginal abatement cost curve rows (all lines, or one footprint's)."""
        mask = (np.ones(len(self.model.lines), dtype=bool) if footprint is None
                else footprint_mask(self.model.lines, footprint))
        return macc(self.attribution, self.years, mask, self.discount_rate, self.basis,
                    model=self.model)

    def savings(self, footprint: str | None = None) -> pd.DataFrame:
        """What each intervention saves each year, in tCO2e and in GBP.

        GBP are the change in the activities it touches priced at the organisation's own cost
        per unit in the baseline (``gbp_per_unit``); an activity without one is named in
        ``unpriced`` and left out, never priced at a guess.

        Returns
        -------
        pandas.DataFrame
            ``intervention``, ``name``, ``year``, ``year_label``, ``tco2e_abated`` (scenario
            basis, all lines or ``footprint``), ``gbp_saved``, ``unpriced``.
        """
        mask = (np.ones(len(self.model.lines), dtype=bool) if footprint is None
                else footprint_mask(self.model.lines, footprint))
        money, unpriced = priced_savings(self.model, self.attribution)
        rows = [{"intervention": item.id, "name": item.label, "year": int(y),
                 "year_label": fy_label(int(y)),
                 "tco2e_abated": float(self.attribution.deltas[k, i][mask].sum()),
                 "gbp_saved": float(money[k, i]), "unpriced": ", ".join(unpriced[k])}
                for k, item in enumerate(self.attribution.interventions)
                for i, y in enumerate(self.years)]
        return pd.DataFrame(rows, columns=["intervention", "name", "year", "year_label",
                                           "tco2e_abated", "gbp_saved", "unpriced"])

    def trajectory_chart(self, footprint: str | None = None, title: str | None = None) -> Chart:
        """Trajectory chart: actuals, target paths and windows, scenario, BAU, 5-95% band."""
        from carbon.charts.series import scenario_series
        from carbon.charts.trajectory import trajectory_chart

        fp = footprint or (self.targets[0].footprint if self.targets
                           else "nhs_carbon_footprint")
        series, windows = scenario_series([self], fp)
        return trajectory_chart(series, windows, title=title or
                                f"{self.scenario.scenario.name}: {footprint_label(fp)}",
                                unit="tCO2e")

    def waterfall_chart(self, year: int | None = None,
                        footprint: str = "nhs_carbon_footprint") -> Chart:
        """Abatement waterfall from the base year to the scenario in ``year``."""
        from carbon.charts.waterfall import waterfall_chart

        frame = self.waterfall(year, footprint)
        y = int(self.years[-1]) if year is None else year
        return waterfall_chart(frame, title=f"{self.scenario.scenario.name}: "
                               f"{fy_label(self.model.year)} to {fy_label(y)}")

    def macc_chart(self, footprint: str | None = None) -> Chart:
        """Marginal abatement cost curve of the costed interventions."""
        from carbon.charts.macc import macc_chart

        return macc_chart(self.macc(footprint),
                          title=f"{self.scenario.scenario.name}: marginal abatement cost")


def _membership(labels: NDArray[np.object_], groups: list[str]) -> NDArray[np.float64]:
    return (labels[:, None] == np.asarray(groups)[None, :]).astype(np.float64)


def _energy_weights(model: Model, footprint: str, metric: str) -> NDArray[np.float64]:
    if metric != "kwh":
        raise ConfigurationError(f"metric {metric!r} cannot be projected", value=metric,
                                 expected="tco2e or kwh",
                                 fix="check this target against actuals (carbon trajectory)")
    inside = np.zeros(len(model.activities), dtype=bool)
    inside[model.line_activity[footprint_mask(model.lines, footprint)]] = True
    per_unit = np.array([energy_kwh_per_unit(u) for u in model.units])
    return np.where(inside, per_unit, 0.0)


def run_scenario(scenario: Scenario | str | Path, baseline: pd.DataFrame, *,
                 baseline_year: int | None = None, actuals: pd.DataFrame | None = None,
                 grid: GridFactors | None = None, draws: int | None = None,
                 seed: int | None = None, uncertainty: UncertaintySpec | None = None,
                 targets: list[Target] | None = None, file: str | None = None) -> ScenarioResult:
    """Project a baseline under a scenario and check it against targets.

    Parameters
    ----------
    scenario : Scenario, str or Path
        A parsed scenario, a scenario file, or a shipped preset id.
    baseline : pandas.DataFrame
        Projection baseline contract (:mod:`carbon.trajectory_inputs`).
    baseline_year : int, optional
        Financial start year of the baseline when it has no ``year`` column.
    actuals : pandas.DataFrame, optional
        Annual actuals, for target base-year values before the baseline year.
    grid : GridFactors, optional
        Grid factor table (default: shipped ``scenarios/grid_electricity.csv``).
    draws, seed : int, optional
        Monte Carlo size and seed (default: the scenario's ``[uncertainty]``; 0 draws = none).
    uncertainty : UncertaintySpec, optional
        Ranges (default: ``scenarios/uncertainty.toml`` with the scenario's overrides).
    targets : list of Target, optional
        Targets checked besides the scenario's ``[[target]]`` presets.
    file : str, optional
        Name of the baseline for messages.
    """
    spec = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    model = compile_baseline(baseline, year=baseline_year, file=file,
                             added=spec.added_frame() if spec.added_lines else None)
    kept = [i for i in spec.interventions if _acts_on_baseline(i, model)]
    skipped = tuple(i.id for i in spec.interventions if i not in kept)
    spec = spec.model_copy(update={"intervention": tuple(kept)})
    grid = grid or load_grid_factors()
    end = spec.scenario.end_year or int(grid.years.max())
    years = np.arange(model.year, end + 1, dtype=np.int64)
    growth = spec.growth.rates(model.activities)
    plans = {"scenario": build_plan(model, spec.interventions, years, growth),
             "bau": business_as_usual(model, years, growth)}
    em = np.stack([np.stack([emissions(model, plans[v], grid, basis=b)[0] for b in BASES])
                   for v in VARIANTS])
    qty = np.stack([quantities(model, plans[v])[0] for v in VARIANTS])
    checked = [t for ref in spec.target for t in apply_preset(
        ref.preset, base_year=ref.base_year, reading=ref.reading, rate_type=ref.rate_type)]
    checked += targets or []
    canon = validate_actuals(actuals) if actuals is not None else None
    rate = spec.economics.discount_rate
    result = ScenarioResult(
        scenario=spec, model=model, grid=grid, years=years, plans=plans, emissions=em,
        quantity=qty, targets=tuple(checked), base_values={}, actuals=canon,
        attribution=attribute(model, spec.interventions, years, growth, grid,
                              spec.scenario.basis),
        discount_rate=default_discount_rate() if rate is None else rate, monte_carlo=None,
        skipped=skipped)
    result = replace(result, base_values={t.id: _base_value(t, result) for t in checked})
    n = spec.uncertainty.draws if draws is None else draws
    if n > 0:
        ranges = uncertainty or default_uncertainty().override(
            spec.uncertainty.activity, spec.uncertainty.factor, spec.uncertainty.growth_sd,
            spec.uncertainty.grid_cv_per_year)
        mc = _monte_carlo(result, ranges, n, spec.uncertainty.seed if seed is None else seed)
        result = replace(result, monte_carlo=mc)
    return result


def _acts_on_baseline(intervention: AnyIntervention, model: Model) -> bool:
    """False when none of the activities the intervention reduces, shifts or covers is in the
    baseline: there is nothing for it to act on (a shift into an activity the baseline lacks
    still needs that activity's lines in [[added_lines]])."""
    sources = {p.activity for p in intervention.primitives(default_unit)}
    return bool(sources & set(model.activities))


def _base_value(target: Target, result: ScenarioResult) -> float:
    if target.denominator is not None:
        raise ConfigurationError(
            f"intensity target {target.id!r} needs projected denominators",
            fix="check intensity targets against actuals with 'carbon trajectory'")
    if result.actuals is not None:
        series = actual_series(result.actuals, target.metric, target.footprint)
        if target.base_year in series.index:
            return float(series[target.base_year])
    if target.base_year == result.model.year:
        return float(result.total(target.footprint, target.metric)[0])
    raise ConfigurationError(
        f"target {target.id!r} has base year {fy_label(target.base_year)} but the baseline is "
        f"{fy_label(result.model.year)} and no actual {target.footprint} {target.metric} for "
        "the base year was given", fix="pass annual actuals holding the base-year figure "
        "(--actuals FILE)")


def _monte_carlo(result: ScenarioResult, spec: UncertaintySpec, n: int,
                 seed: int) -> MonteCarlo:
    model, plan = result.model, result.plans["scenario"]
    draws = sample(model, plan, result.grid, spec, draws=n, seed=seed)
    e = emissions(model, plan, result.grid, basis=result.basis, draws=draws)
    cats = result.categories
    by_cat = aggregate(e, _membership(model.lines["report_group"].astype(str).to_numpy(), cats))
    fps = result._footprints()
    masks = np.stack([footprint_mask(model.lines, f) for f in fps], axis=1).astype(float)
    by_fp = aggregate(e, masks)
    totals = {("tco2e", f): by_fp[:, :, k] for k, f in enumerate(fps)}
    energy = [t for t in result.targets if t.metric != "tco2e"]
    if energy:
        q = quantities(model, plan, draws)
        for t in energy:
            totals[(t.metric, t.footprint)] = q @ _energy_weights(model, t.footprint, t.metric)
    return MonteCarlo(draws=n, seed=seed, spec=spec,
                      category_quantiles=np.quantile(by_cat, QUANTILES, axis=0), totals=totals)
