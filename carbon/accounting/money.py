"""Money beside carbon: costs kept with the activity, method and data-quality tier per line.

Readers keep the cost printed on a bill, a delivery ticket or a fuel-card transaction as the
activity row's ``cost_gbp`` (in the store's ``details``); the inventory apportions it with the
quantity, so a line carries ``cost_gbp`` [GBP] and ``cost_share`` (the share of its quantity
whose rows carry a cost). Spend lines cost what was spent. Costs that cover several supplies
(the ERIC energy, water and waste costs) are memo amounts (``cost.*`` types) in the
inventory's memo table.

:func:`cost_summary` puts GBP and tCO2e side by side: cost per tCO2e, and cost per unit of
activity (GBP per kWh of building energy), counting only quantities that carry a cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon import units
from carbon.aggregate import Grain, apportion
from carbon.details import detail_column
from carbon.totals import to_default_units

if TYPE_CHECKING:
    from carbon.periods import ReportingPeriod

#: Columns every inventory line has beyond the INVENTORY LINES contract.
LINE_EXTRAS = ("method", "method_tier", "cost_gbp", "cost_share", "supplier",
               "price_year_spend", "price_year_factor", "price_index_ratio")
#: Data-quality tier of each method (NHS practice tiers, domain doc 5.4): spend-based RC,
#: periodic bills and logs SC, half-hourly meter data OC.
TIERS = {"spend": "RC", "supplier_specific": "RC", "activity": "SC", "half_hourly": "OC"}
_HALF_HOUR = pd.Timedelta(minutes=30)
#: Energy units a cost per kWh is given for (kWh of electricity, gross and net fuel energy).
_ENERGY = {"energy": "kWh", "energy_gross": "kWh_gross", "energy_net": "kWh_net"}


def with_costs(activity: pd.DataFrame) -> pd.DataFrame:
    """The activity with ``cost_gbp`` as a column when any row carries one (else unchanged)."""
    if "cost_gbp" in activity.columns:
        return activity
    if "details" not in activity.columns or not activity["details"].astype("string").str.contains(
            '"cost_gbp"', regex=False).fillna(False).any():
        return activity
    cost = detail_column(activity, "cost_gbp", numeric=True)
    return activity.assign(cost_gbp=cost) if cost.notna().any() else activity


def line_costs(totals: pd.DataFrame, rows: pd.DataFrame, periods: Sequence[ReportingPeriod], *,
               keys: Sequence[str], grain: Grain) -> pd.DataFrame:
    """Activity totals with the money of the rows that carry a cost.

    Parameters
    ----------
    totals : pandas.DataFrame
        Finished activity totals (:func:`carbon.totals.finish_totals`, with ``abs_quantity``).
    rows : pandas.DataFrame
        Activity rows that may carry ``cost_gbp`` (:func:`with_costs`): the rows that are not
        half-hour readings (:func:`carbon.totals.detail_rows`).
    periods : sequence of ReportingPeriod
    keys : sequence of str
        Grouping columns of ``totals`` besides the slice labels and ``unit``.
    grain : {'period', 'month'}

    Returns
    -------
    pandas.DataFrame
        ``totals`` with ``cost_gbp`` [GBP, apportioned by local day like the quantity; NaN
        where no row carries a cost] and ``cost_share`` (share of the absolute quantity whose
        rows carry a cost, 0-1).
    """
    out = totals.copy()
    out["cost_gbp"] = np.nan
    out["cost_share"] = 0.0
    if "cost_gbp" not in rows.columns or out.empty:
        return out
    costed = rows[rows["cost_gbp"].notna().to_numpy(dtype=bool)]
    if costed.empty:
        return out
    names = list(dict.fromkeys([*keys, "activity_type"]))
    split = apportion(costed[[*names, "unit", "quantity", "cost_gbp", "period_start",
                              "period_end"]].reset_index(drop=True), periods, grain=grain)
    if split.empty:
        return out
    scale, unit = to_default_units(split["activity_type"].to_numpy(dtype=object),
                                   split["unit"].to_numpy(dtype=object))
    group = ["period", "year", "month", *names, "unit"]
    parts = split[["period", "year", "month", *names]].astype(dict.fromkeys(names, str))
    parts["unit"] = unit
    parts["cost_gbp"] = split["cost_gbp"].to_numpy(dtype="float64") * split["fraction"]
    parts["costed"] = np.abs(split["quantity"].to_numpy(dtype="float64")) * scale
    summed = parts.groupby(group, sort=True).sum().reset_index()
    merged = out.drop(columns=["cost_gbp"]).merge(
        summed, how="left", on=group, validate="one_to_one")
    total = merged["abs_quantity"].to_numpy(dtype="float64")
    costed_abs = merged["costed"].fillna(0.0).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        merged["cost_share"] = np.where(total > 0, np.minimum(costed_abs / total, 1.0), 0.0)
    return merged.drop(columns=["costed"])[[*totals.columns, "cost_gbp", "cost_share"]]


def with_method(lines: pd.DataFrame, activity: pd.DataFrame) -> pd.DataFrame:
    """Activity-based lines with :data:`LINE_EXTRAS`: method ``activity``, tier OC where every
    row of the meter is a half hour, else SC; costs from :func:`line_costs` where present.

    ``activity`` needs only the rows that are not half-hour readings
    (:func:`carbon.totals.detail_rows`): a meter none of whose rows is among them is read
    half-hourly.
    """
    out = lines.copy()
    spans = activity["period_end"] - activity["period_start"]
    periodic = set(activity.loc[(spans != _HALF_HOUR).to_numpy(), "meter_id"].astype(str))
    half_hourly = ~out["meter_id"].astype(str).isin(periodic).to_numpy()
    out["method"] = "activity"
    out["method_tier"] = np.where(half_hourly, TIERS["half_hourly"], TIERS["activity"])
    if "cost_gbp" not in out.columns:
        out["cost_gbp"] = np.nan
        out["cost_share"] = 0.0
    out["cost_gbp"] = out["cost_gbp"].where(out["cost_share"] > 0, np.nan)
    out["supplier"] = ""
    out["price_year_spend"] = ""
    out["price_year_factor"] = ""
    out["price_index_ratio"] = np.nan
    return out


def cost_summary(lines: pd.DataFrame, memo: pd.DataFrame | None = None, *,
                 by: str = "report_group") -> pd.DataFrame:
    """GBP and tCO2e side by side, with cost per tCO2e and cost per unit of activity.

    Parameters
    ----------
    lines : pandas.DataFrame
        Inventory lines (:meth:`carbon.accounting.result.Inventory.to_frame`).
    memo : pandas.DataFrame, optional
        The inventory's memo table: costs of returns (status ``cost``) are added to their
        report group (``cost.energy`` to building energy, ``cost.water`` and ``cost.waste`` to
        water and waste) for periods and sites whose lines carry no cost of that group.
    by : str
        Line column to summarise by (``report_group``, ``activity_type``, ``site`` ...).

    Returns
    -------
    pandas.DataFrame
        ``period``, ``by``, ``tco2e`` (location-based, lines of scopes 1-3 and patient travel;
        biogenic CO2 left out), ``cost_gbp`` [GBP], ``gbp_per_tco2e`` (of the costed part),
        ``kwh`` (energy lines' quantity in kWh), ``gbp_per_kwh`` (costed energy only),
        ``cost_coverage`` (share of tCO2e on lines that carry a cost, 0-1).
    """
    kept = lines[lines["line"].astype(str) != "biogenic"].copy()
    first = _first_lines(kept)
    share = kept["cost_share"].fillna(0.0).to_numpy(dtype="float64") if "cost_share" in \
        kept else np.zeros(len(kept))
    cost = kept["cost_gbp"].to_numpy(dtype="float64") if "cost_gbp" in kept else np.full(
        len(kept), np.nan)
    kept["_cost"] = np.where(first & (share > 0), np.nan_to_num(cost), 0.0)
    kept["_costed_t"] = kept["tco2e"].to_numpy(dtype="float64") * share
    kwh = _kwh(kept) * first
    kept["_kwh"] = kwh
    kept["_costed_kwh"] = kwh * share
    kept["_energy_cost"] = np.where(kwh > 0, kept["_cost"], 0.0)
    keys = ["period", by]
    table = kept.groupby([kept[k].astype(str) for k in keys], sort=True).agg(
        tco2e=("tco2e", "sum"), cost_gbp=("_cost", "sum"), _costed_t=("_costed_t", "sum"),
        kwh=("_kwh", "sum"), _costed_kwh=("_costed_kwh", "sum"),
        _energy_cost=("_energy_cost", "sum")).reset_index()
    if memo is not None and by == "report_group":
        table = _with_return_costs(table, kept, memo)
    with np.errstate(invalid="ignore", divide="ignore"):
        costed_t = table["_costed_t"].to_numpy()
        table["gbp_per_tco2e"] = np.where(costed_t > 0, table["cost_gbp"] / costed_t, np.nan)
        table["gbp_per_kwh"] = np.where(table["_costed_kwh"] > 0,
                                        table["_energy_cost"] / table["_costed_kwh"], np.nan)
        table["cost_coverage"] = np.where(table["tco2e"] != 0, costed_t / table["tco2e"], 0.0)
    return table[["period", by, "tco2e", "cost_gbp", "gbp_per_tco2e", "kwh", "gbp_per_kwh",
                  "cost_coverage"]]


def _first_lines(lines: pd.DataFrame) -> np.ndarray:
    """True on one line per activity aggregate, so a cost or quantity shared by an activity's
    lines (generation, T&D, WTT) is counted once."""
    keys = [c for c in ("period", "month", "organisation", "site", "meter_id", "activity_type",
                        "unit", "supplier") if c in lines.columns]
    return ~lines.duplicated(keys).to_numpy()


def _kwh(lines: pd.DataFrame) -> np.ndarray:
    """Quantity in kWh for energy lines (electricity, heat, fuel energy), else 0."""
    out = np.zeros(len(lines))
    for unit in lines["unit"].astype(str).unique():
        target = _ENERGY.get(units.dimension_name(unit) or "")
        if target:
            rows = (lines["unit"].astype(str) == unit).to_numpy()
            out[rows] = lines.loc[rows, "quantity"].to_numpy(dtype="float64") * \
                units.conversion_factor(unit, target)
    return out


#: Report group each cost memo type belongs to.
RETURN_COST_GROUPS = {"cost.energy": "building_energy", "cost.water": "water_and_waste",
                      "cost.waste": "water_and_waste"}


def _with_return_costs(table: pd.DataFrame, lines: pd.DataFrame,
                       memo: pd.DataFrame) -> pd.DataFrame:
    """Add costs of returns to groups whose lines carry none (same period and site)."""
    costs = memo[memo["status"].astype(str) == "cost"]
    if costs.empty:
        return table
    out = table.set_index(["period", "report_group"])
    costed = lines[lines["_cost"] > 0]
    have = set(zip(costed["period"].astype(str), costed["site"].astype(str),
                   costed["report_group"].astype(str), strict=True))
    for row in costs.itertuples(index=False):
        group = RETURN_COST_GROUPS[str(row.activity_type)]
        key = (str(row.period), group)
        if (str(row.period), str(row.site), group) in have or key not in out.index:
            continue
        out.loc[key, "cost_gbp"] += float(row.gbp)
        inside = lines[(lines["period"].astype(str) == key[0])
                       & (lines["site"].astype(str) == str(row.site))
                       & (lines["report_group"].astype(str) == group)]
        out.loc[key, "_costed_t"] += float(inside["tco2e"].sum())
        out.loc[key, "_costed_kwh"] += float(inside["_kwh"].sum())
        out.loc[key, "_energy_cost"] += float(row.gbp) if group == "building_energy" else 0.0
    return out.reset_index()
