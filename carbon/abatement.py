"""What each intervention abates, the bridge from base year to scenario, and the marginal
abatement cost curve (MACC).

Attribution is sequential in composition order (reductions, shifts, on-site generation, market
instruments; file order within a stage): an intervention's abatement is the scenario with the
interventions before it minus the scenario with it added. The abatements therefore add up
exactly to business as usual minus the scenario, with nothing counted twice
(docs/decisions/0017-intervention-order.md).

Money saved: the change in each activity an intervention causes, priced at the organisation's
own cost per unit in the baseline (``gbp_per_unit``: bills, deliveries, the ledger), is the
intervention's priced saving [GBP a year]; activities the baseline has no cost for are named,
never priced at a guess.

Cost-effectiveness for the MACC: equivalent annual cost ``capex x CRF + opex`` (minus the mean
priced saving when the intervention's cost says ``savings = "priced"``) with the capital
recovery factor ``CRF = r / (1 - (1 + r)^-n)`` over the lifetime ``n`` at the discount rate
``r`` (``scenarios/economics.toml``), divided by the mean annual abatement over the lifetime
years inside the projection [GBP/tCO2e]. A negative figure saves money.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from carbon import resources
from carbon.grid_factors import GridFactors
from carbon.interventions import (
    STAGES,
    AnyIntervention,
    build_plan,
    in_composition_order,
    stage,
)
from carbon.projection import Basis, Model, emissions, quantities

ECONOMICS_FILE = "economics.toml"


@cache
def default_discount_rate() -> float:
    """Discount rate of ``scenarios/economics.toml`` (fraction per year)."""
    return float(resources.read_toml("carbon.scenarios", ECONOMICS_FILE)["discount_rate"]["value"])


def capital_recovery_factor(rate: float, years: int) -> float:
    """``r / (1 - (1 + r)^-n)``, or ``1 / n`` at a zero rate: annual cost per unit of capital."""
    if rate == 0:
        return 1.0 / years
    return rate / (1.0 - (1.0 + rate) ** -years)


@dataclass(frozen=True)
class Attribution:
    """Abatement per intervention (composition order), year and line.

    Attributes
    ----------
    interventions : tuple
        In composition order.
    deltas : numpy.ndarray
        ``(K, Y, L)`` tCO2e abated (positive = less emitted) by each intervention.
    bau, bau_flat_grid : numpy.ndarray
        ``(Y, L)`` business as usual, with and without the grid factor trend.
    quantity_deltas : numpy.ndarray
        ``(K, Y, A)`` activity saved (positive = less used) by each intervention, in the
        model's units.
    """

    interventions: tuple[AnyIntervention, ...]
    deltas: NDArray[np.float64]
    bau: NDArray[np.float64]
    bau_flat_grid: NDArray[np.float64]
    quantity_deltas: NDArray[np.float64]


def attribute(model: Model, interventions: list[AnyIntervention], years: NDArray[np.int64],
              growth: NDArray[np.float64], grid: GridFactors, basis: Basis) -> Attribution:
    """Sequential attribution of abatement to interventions (see the module docstring)."""
    ordered = in_composition_order(interventions)
    plans = [build_plan(model, ordered[:k], years, growth) for k in range(len(ordered) + 1)]
    runs = [emissions(model, plan, grid, basis=basis)[0] for plan in plans]
    used = [quantities(model, plan)[0] for plan in plans]
    flat = replace(grid, kgco2e_per_kwh=np.ones_like(grid.kgco2e_per_kwh))
    bau_flat = emissions(model, plans[0], flat, basis=basis)[0]
    deltas = (np.stack([runs[k] - runs[k + 1] for k in range(len(ordered))])
              if ordered else np.zeros((0, len(years), len(model.lines))))
    saved = (np.stack([used[k] - used[k + 1] for k in range(len(ordered))])
             if ordered else np.zeros((0, len(years), len(model.activities))))
    return Attribution(tuple(ordered), deltas, runs[0], bau_flat, saved)


def priced_savings(model: Model, attribution: Attribution) -> tuple[NDArray[np.float64],
                                                                   list[list[str]]]:
    """Money each intervention saves each year at the baseline's own costs per unit.

    Returns
    -------
    (numpy.ndarray, list of list of str)
        ``(K, Y)`` GBP saved (positive = saved; a shift adds the cost of what it moves to),
        and per intervention the activities it changes that have no cost per unit (their
        change is left out of the saving).
    """
    changed = np.abs(attribution.quantity_deltas).max(axis=1) > 1e-9
    priced = ~np.isnan(model.unit_cost)
    unpriced = [[model.activities[a] for a in np.flatnonzero(changed[k] & ~priced)]
                for k in range(len(attribution.interventions))]
    cost = np.where(priced, model.unit_cost, 0.0)
    return attribution.quantity_deltas @ cost, unpriced


def waterfall(model: Model, attribution: Attribution, years: NDArray[np.int64], year: int,
              mask: NDArray[np.bool_], basis: Basis) -> pd.DataFrame:
    """Bridge from base-year emissions to the scenario in ``year`` for the lines in ``mask``.

    Returns
    -------
    pandas.DataFrame
        Rows ``step``, ``kind`` (``total``/``change``) and ``tco2e``: base year, activity growth,
        grid decarbonisation, each intervention (negative = abated), scenario. Changes add up
        to the difference of the two totals.
    """
    i = int(np.flatnonzero(years == year)[0])
    base = float(model.base_emissions(basis)[mask].sum())
    flat = float(attribution.bau_flat_grid[i, mask].sum())
    bau = float(attribution.bau[i, mask].sum())
    rows = [("base year", "total", base), ("activity growth", "change", flat - base),
            ("grid decarbonisation", "change", bau - flat)]
    rows += [(item.label, "change", -float(attribution.deltas[k, i, mask].sum()))
             for k, item in enumerate(attribution.interventions)]
    rows.append(("scenario", "total", bau - float(attribution.deltas[:, i, mask].sum())))
    return pd.DataFrame(rows, columns=["step", "kind", "tco2e"])


def macc(attribution: Attribution, years: NDArray[np.int64], mask: NDArray[np.bool_],
         discount_rate: float, basis: Basis = "location",
         model: Model | None = None) -> pd.DataFrame:
    """Marginal abatement cost curve rows for interventions that carry a cost.

    Parameters
    ----------
    model : Model, optional
        The compiled baseline, for its costs per unit: with it, every row also gives the
        priced saving, which interventions with ``savings = "priced"`` take off their cost.

    Returns
    -------
    pandas.DataFrame
        One row per intervention, sorted by ``gbp_per_tco2e``: ``intervention``, ``name``,
        ``stage``, ``equivalent_annual_cost_gbp``, ``mean_annual_abatement_tco2e``,
        ``gbp_per_tco2e``, ``cumulative_abatement_tco2e`` (curve x-axis), ``lifetime_years``,
        ``priced_saving_gbp`` (mean a year over the lifetime; NaN when an activity it changes
        has no cost per unit), ``savings`` (``in_opex`` or ``priced``), ``included`` and
        ``reason`` (why a row is left off the curve).
    """
    money, unpriced = (priced_savings(model, attribution) if model is not None else
                       (np.full((len(attribution.interventions), len(years)), np.nan),
                        [["(no baseline costs given)"]] * len(attribution.interventions)))
    rows = []
    for k, item in enumerate(attribution.interventions):
        row: dict[str, object] = {"intervention": item.id, "name": item.label,
                                  "stage": stage(item)}
        if item.cost is None:
            rows.append({**row, "included": False, "reason": "no cost given"})
            continue
        life = item.cost.lifetime_years
        inside = (years >= item.start_year) & (years < item.start_year + life)
        abated = attribution.deltas[k][:, mask].sum(axis=1)[inside]
        mean = float(abated.mean()) if abated.size else 0.0
        saving = float(money[k][inside].mean()) if inside.any() and not unpriced[k] else np.nan
        eac = (item.cost.capex_gbp * capital_recovery_factor(discount_rate, life)
               + item.cost.opex_gbp_per_year)
        priced = item.cost.savings == "priced"
        if priced:
            eac -= 0.0 if np.isnan(saving) else saving
        ok = mean > 0 and not (priced and np.isnan(saving))
        why = (f"savings to be priced but the baseline has no cost per unit of "
               f"{', '.join(unpriced[k])}" if priced and np.isnan(saving) else
               "a market instrument abates nothing on the location basis"
               if stage(item) == STAGES["market"] and basis == "location"
               else "no abatement in the footprint")
        rows.append({**row, "equivalent_annual_cost_gbp": eac,
                     "mean_annual_abatement_tco2e": mean,
                     "gbp_per_tco2e": eac / mean if ok else np.nan, "lifetime_years": life,
                     "priced_saving_gbp": saving, "savings": item.cost.savings,
                     "included": ok, "reason": "" if ok else why})
    frame = pd.DataFrame(rows, columns=[
        "intervention", "name", "stage", "equivalent_annual_cost_gbp",
        "mean_annual_abatement_tco2e", "gbp_per_tco2e", "lifetime_years", "priced_saving_gbp",
        "savings", "included", "reason"])
    frame = frame.sort_values(["included", "gbp_per_tco2e"], ascending=[False, True],
                              na_position="last", ignore_index=True)
    width = frame["mean_annual_abatement_tco2e"].where(frame["included"].astype(bool), 0.0)
    frame["cumulative_abatement_tco2e"] = width.fillna(0.0).cumsum()
    return frame
