"""Inventory -> the input tables of the trajectory and scenario engines.

:func:`annual_actuals` gives the ANNUAL ACTUALS table of :mod:`carbon.trajectory_inputs`
(emissions per footprint and report group, and energy use, per financial year);
:func:`projection_baseline` gives the PROJECTION BASELINE of one period (activity and emissions
per activity type and emission line), so ``carbon trajectory`` and ``carbon scenario run`` can
start from the inventory of the store instead of hand-made files.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon import units
from carbon.accounting.classification import emission_lines
from carbon.accounting.result import Inventory
from carbon.errors import ConfigurationError
from carbon.footprints import footprint_mask

#: Footprints whose totals go into the annual actuals.
ACTUAL_FOOTPRINTS = ("nhs_carbon_footprint", "nhs_carbon_footprint_plus", "ghgp_scope_1_2_3")
#: Activity families counted as energy use, and the one line of each that carries the quantity.
ENERGY_LINES = {"electricity.": "generation", "heat.": "generation", "fuel.": "combustion"}


def energy_use(lines: pd.DataFrame) -> pd.DataFrame:
    """Energy use per year: electricity, heat and fuels burned in buildings. [kWh]

    Fuel energy on gross calorific value counts as kWh (UK bills are gross); fuels recorded
    only as volume or mass (litres of oil with no calorific value) cannot be converted and are
    left out, so the total says how many lines it covers.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``kwh``, ``lines_counted``, ``lines_left_out``.
    """
    kinds = lines["activity_type"].astype(str)
    wanted = np.zeros(len(lines), dtype=bool)
    for prefix, line in ENERGY_LINES.items():
        wanted |= (kinds.str.startswith(prefix) & (lines["line"] == line)).to_numpy()
    part = lines.loc[wanted, ["year", "quantity", "unit"]]
    factor = {}
    for unit in part["unit"].astype(str).unique():
        dims = units.dimension_name(unit)
        target = {"energy": "kWh", "energy_gross": "kWh_gross"}.get(dims or "")
        factor[unit] = units.conversion_factor(unit, target) if target else np.nan
    kwh = part["quantity"].to_numpy(dtype="float64") * part["unit"].astype(str).map(
        factor).to_numpy(dtype="float64")
    frame = pd.DataFrame({"year": part["year"].to_numpy(), "kwh": kwh})
    frame["counted"] = np.isfinite(kwh)
    grouped = frame.groupby("year").agg(kwh=("kwh", lambda v: float(np.nansum(v))),
                                        lines_counted=("counted", "sum"),
                                        lines_total=("counted", "size")).reset_index()
    grouped["lines_left_out"] = grouped["lines_total"] - grouped["lines_counted"]
    return grouped.drop(columns=["lines_total"])


def annual_actuals(inventory: Inventory, *, basis: str = "location") -> pd.DataFrame:
    """Emissions per footprint and report group, and energy, per financial year.

    Returns
    -------
    pandas.DataFrame
        ``year`` (FY start year), ``metric`` (``tco2e`` or ``kwh``), ``footprint``, ``value``,
        ``category`` (NA for footprint totals, the report group otherwise).
    """
    lines = inventory.to_frame()
    column = "tco2e_market" if basis == "market" else "tco2e"
    rows = []
    for name in ACTUAL_FOOTPRINTS:
        inside = lines[footprint_mask(lines, name)]
        for year, value in inside.groupby("year")[column].sum().items():
            rows.append({"year": int(year), "metric": "tco2e", "footprint": name,
                         "value": float(value), "category": pd.NA})
        by_group = inside.groupby(["year", "report_group"])[column].sum()
        for (year, group), value in by_group.items():
            rows.append({"year": int(year), "metric": "tco2e", "footprint": name,
                         "value": float(value), "category": str(group)})
    for row in energy_use(lines).itertuples(index=False):
        rows.append({"year": int(row.year), "metric": "kwh", "footprint": "energy",
                     "value": float(row.kwh), "category": pd.NA})
    return pd.DataFrame(rows, columns=["year", "metric", "footprint", "value", "category"])


def projection_baseline(inventory: Inventory, period: str) -> pd.DataFrame:
    """The projection baseline of one period: activity and emissions per type and line.

    ``gbp_per_unit`` is the organisation's own cost per unit of the activity [GBP per
    ``unit``]: the cost of its costed rows over their quantity (NaN where no row carries a
    cost); scenarios price the savings of interventions with it.

    Raises
    ------
    ConfigurationError
        If the period is not in the inventory, or one activity type was recorded in units of
        two dimensions (litres and kWh of the same fuel), which a projection cannot add up.
    """
    lines = inventory.to_frame()
    lines = lines[(lines["period"].astype(str) == period) & (lines["quantity"] > 0)]
    if lines.empty:
        raise ConfigurationError("no inventory lines for the baseline period", value=period,
                                 expected=", ".join(inventory.periods))
    keys = ["activity_type", "line", "scope", "scope3_category", "nhs_footprint",
            "report_group", "unit"]
    share = lines["cost_share"].fillna(0.0) if "cost_share" in lines else 0.0
    lines = lines.assign(_cost=lines["cost_gbp"].fillna(0.0) if "cost_gbp" in lines else 0.0,
                         _costed=lines["quantity"] * share)
    grouped = lines.groupby(keys, dropna=False, sort=True).agg(
        quantity=("quantity", "sum"), tco2e_location=("tco2e", "sum"),
        tco2e_market=("tco2e_market", "sum"), _cost=("_cost", "sum"),
        _costed=("_costed", "sum")).reset_index()
    with np.errstate(invalid="ignore", divide="ignore"):
        grouped["gbp_per_unit"] = np.where(grouped["_costed"] > 0,
                                           grouped["_cost"] / grouped["_costed"], np.nan)
    clash = grouped.groupby(["activity_type", "line"]).size()
    if (clash > 1).any():
        kind = clash[clash > 1].index[0][0]
        raise ConfigurationError(
            f"{kind} is recorded in units of different dimensions in {period}", value=kind,
            fix="load it in one unit (e.g. litres of oil, or kWh with a calorific value)")
    drivers = emission_lines().set_index(["activity_type", "line"])["factor_driver"]
    index = pd.MultiIndex.from_frame(grouped[["activity_type", "line"]])
    grouped["factor_driver"] = drivers.reindex(index).fillna("").to_numpy()
    grouped["year"] = int(lines["year"].iloc[0])
    return grouped[["activity_type", "line", "scope", "scope3_category", "nhs_footprint",
                    "report_group", "quantity", "unit", "tco2e_location", "tco2e_market",
                    "factor_driver", "year", "gbp_per_unit"]]
