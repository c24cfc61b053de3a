"""The numbers a board report shows, derived from :class:`ReportInputs` by plain functions.

All emissions are tCO2e, location-based unless a column says ``market``; lines with scope
``outside`` (biogenic CO2) are excluded from every total, as the INVENTORY LINES contract says.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
from pydantic import BaseModel

from carbon.footprints import footprint_mask
from carbon.report.model import ReportInputs
from carbon.socialvalue.evaluate import label

CF = "nhs_carbon_footprint"
CF_PLUS = "nhs_carbon_footprint_plus"
#: Report group key -> heading (NHS Carbon Footprint Plus figure groups).
GROUP_NAMES = {
    "building_energy": "Building energy",
    "anaesthetic_gases_and_inhalers": "Anaesthetic gases and inhalers",
    "business_travel_and_fleet": "Business travel and fleet",
    "water_and_waste": "Water and waste",
    "staff_commute": "Staff commute",
    "patient_and_visitor_travel": "Patient and visitor travel",
    "medicines_and_chemicals": "Medicines and chemicals",
    "medical_equipment": "Medical equipment",
    "non_medical_equipment": "Non-medical equipment",
    "other_supply_chain": "Other supply chain",
    "commissioned_services": "Commissioned health services",
    "other": "Other",
}
SCOPE_NAMES = {"1": "Scope 1 (direct)", "2": "Scope 2 (purchased energy)",
               "3": "Scope 3 (value chain)", "outside": "Outside scopes (biogenic CO2, memo)"}
#: Compliance status -> (symbol, words) for statuses the targets engine reports.
TARGET_STATUS = {"on_track": ("✓", "On track"), "at_risk": ("!", "At risk"),
                 "off_track": ("✗", "Off track"), "met": ("✓", "Met"),
                 "missed": ("✗", "Missed")}


class Headline(BaseModel):
    """The executive summary figures."""

    period: str
    cf_tco2e: float
    cf_plus_tco2e: float
    previous_period: str | None
    previous_cf_tco2e: float | None
    change_vs_previous_pct: float | None
    base_period: str
    base_cf_tco2e: float | None
    change_vs_base_pct: float | None
    target_name: str | None
    target_required_tco2e: float | None
    target_status: str | None
    target_symbol: str
    target_text: str
    estimated_pct: float
    completeness_pct: float | None
    value_reduced_central_gbp: float | None
    value_price_year: int | None


def footprint_total(lines: pd.DataFrame, footprint: str = CF) -> float:
    """Total tCO2e of a footprint in a set of inventory lines (location-based)."""
    return float(lines.loc[footprint_mask(lines, footprint), "tco2e"].sum())


def history(inputs: ReportInputs, footprint: str = CF) -> pd.DataFrame:
    """Footprint total by year: from inventory lines where held, else the annual actuals.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``period``, ``tco2e``, ``source`` ('inventory' or 'annual actuals').
    """
    rows = {y: (footprint_total(f, footprint), "inventory") for y, f in inputs.inventory.items()}
    actuals = inputs.annual_actuals
    chosen = actuals.loc[(actuals["metric"].astype(str) == "tco2e")
                         & (actuals["footprint"].astype(str) == footprint)]
    if "category" in chosen.columns:
        chosen = chosen.loc[chosen["category"].isna() | (chosen["category"].astype(str) == "")]
    for year, value in chosen.groupby("year")["value"].sum().items():
        rows.setdefault(int(year), (float(value), "annual actuals"))
    years = sorted(rows)
    return pd.DataFrame({"year": years, "period": [label(y) for y in years],
                         "tco2e": [rows[y][0] for y in years],
                         "source": [rows[y][1] for y in years]})


def _change(value: float, reference: float | None) -> float | None:
    if reference is None or reference == 0:
        return None
    return 100.0 * (value - reference) / reference


def _target_row(inputs: ReportInputs) -> pd.Series | None:
    rows = inputs.compliance
    rows = rows.loc[(rows["footprint"].astype(str) == CF)
                    & (rows["year"].astype("int64") == inputs.year)]
    return None if rows.empty else rows.sort_values("required").iloc[0]


def headline(inputs: ReportInputs) -> Headline:
    """Total, change on the previous and the base year, on-track status and data quality."""
    past = history(inputs).set_index("year")["tco2e"]
    total = footprint_total(inputs.lines)
    previous_year = max((y for y in past.index if y < inputs.year), default=None)
    previous = None if previous_year is None else float(past[previous_year])
    base = float(past[inputs.base_year]) if inputs.base_year in past.index else None
    row = _target_row(inputs)
    status = None if row is None else str(row["status"])
    symbol, text = TARGET_STATUS.get(status or "", ("–", status or "No target supplied"))
    quality = data_quality_summary(inputs)
    money = next((m for m in inputs.social_value.monetisation if m.basis == "base_year"), None)
    return Headline(
        period=inputs.period, cf_tco2e=total, cf_plus_tco2e=footprint_total(inputs.lines, CF_PLUS),
        previous_period=None if previous_year is None else label(int(previous_year)),
        previous_cf_tco2e=previous, change_vs_previous_pct=_change(total, previous),
        base_period=label(inputs.base_year), base_cf_tco2e=base,
        change_vs_base_pct=_change(total, base),
        target_name=None if row is None else str(row["target"]),
        target_required_tco2e=None if row is None else float(row["required"]),
        target_status=status, target_symbol=symbol, target_text=text,
        estimated_pct=quality.estimated_pct, completeness_pct=quality.completeness_pct,
        value_reduced_central_gbp=None if money is None else money.value_gbp["central"],
        value_price_year=None if money is None else money.price_year)


def scope_breakdown(lines: pd.DataFrame) -> pd.DataFrame:
    """tCO2e by GHG Protocol scope (location- and market-based) with shares of scopes 1-3.

    Returns
    -------
    pandas.DataFrame
        ``scope``, ``name``, ``tco2e``, ``tco2e_market``, ``share_pct`` (outside scopes: NaN).
    """
    grouped = lines.groupby(lines["scope"].astype(str))[["tco2e", "tco2e_market"]].sum()
    order = [s for s in SCOPE_NAMES if s in grouped.index]
    table = grouped.reindex(order).reset_index()
    inside = table["scope"] != "outside"
    total = table.loc[inside, "tco2e"].sum()
    table["share_pct"] = (100.0 * table["tco2e"] / total).where(inside)
    table.insert(1, "name", table["scope"].map(SCOPE_NAMES))
    return table


def category_breakdown(lines: pd.DataFrame) -> pd.DataFrame:
    """tCO2e by NHS report group, with the footprint each group counts in and its share.

    Returns
    -------
    pandas.DataFrame
        ``report_group``, ``name``, ``footprint`` ('Carbon Footprint' or 'Plus only'),
        ``tco2e``, ``share_pct`` (of Carbon Footprint Plus), largest first.
    """
    kept = lines.loc[footprint_mask(lines, CF_PLUS)]
    in_cf = kept["nhs_footprint"].astype(str) == "CF"
    grouped = kept.assign(_cf=in_cf).groupby(kept["report_group"].astype(str)).agg(
        tco2e=("tco2e", "sum"), cf=("_cf", "all"))
    table = grouped.sort_values("tco2e", ascending=False).reset_index()
    table["name"] = table["report_group"].map(GROUP_NAMES).fillna(table["report_group"])
    table["footprint"] = table["cf"].map({True: "Carbon Footprint", False: "Plus only"})
    total = table["tco2e"].sum()
    table["share_pct"] = 100.0 * table["tco2e"] / total if total else 0.0
    return table[["report_group", "name", "footprint", "tco2e", "share_pct"]]


class Quality(NamedTuple):
    """Headline data quality (percentages 0-100)."""

    estimated_pct: float
    completeness_pct: float | None
    meters_below_95: int | None


def data_quality_summary(inputs: ReportInputs) -> Quality:
    """Headline data quality: % of emissions from estimated or filled data, completeness.

    Returns
    -------
    Quality
        ``estimated_pct`` (tCO2e-weighted share of estimated + filled activity, %),
        ``completeness_pct`` (periods present / expected over all meter-months, %; None
        without completeness rows), ``meters_below_95`` (count of meters under 95%).
    """
    lines = inputs.lines.loc[footprint_mask(inputs.lines, CF_PLUS)]
    weight = lines["tco2e"].abs()
    estimated = (lines["share_estimated"] + lines["share_filled"]) * weight
    estimated_pct = float(100.0 * estimated.sum() / weight.sum()) if weight.sum() else 0.0
    months = inputs.data_quality.completeness
    if months.empty:
        return Quality(estimated_pct, None, None)
    per_meter = months.groupby("meter_id")[["present", "expected"]].sum()
    below = int((per_meter["present"] < 0.95 * per_meter["expected"]).sum())
    return Quality(estimated_pct,
                   float(100.0 * months["present"].sum() / months["expected"].sum()), below)


def completeness_by_meter(inputs: ReportInputs) -> pd.DataFrame:
    """Completeness per meter over the year, lowest first (``meter_id``, ``months``,
    ``expected``, ``present``, ``completeness_pct``)."""
    months = inputs.data_quality.completeness
    table = months.groupby("meter_id").agg(months=("month", "nunique"),
                                           expected=("expected", "sum"),
                                           present=("present", "sum")).reset_index()
    table["completeness_pct"] = 100.0 * table["present"] / table["expected"]
    return table.sort_values(["completeness_pct", "meter_id"]).reset_index(drop=True)


def factor_sets(lines: pd.DataFrame) -> pd.DataFrame:
    """Factor sets used by the reporting year's lines, with their GWP basis and tCO2e."""
    keys = ["factor_set", "factor_version", "layer", "gwp_basis"]
    table = lines.groupby([lines[k].astype(str) for k in keys]).agg(
        lines=("tco2e", "size"), tco2e=("tco2e", "sum")).reset_index()
    return table.sort_values(keys).reset_index(drop=True)


def policies(inputs: ReportInputs) -> pd.DataFrame:
    """Period policies used by the lines, and the run record's declared policies.

    Returns
    -------
    pandas.DataFrame
        ``policy``, ``value`` rows.
    """
    rows = [("period policy", f"{name} ({count} lines)") for name, count in
            inputs.lines["period_policy"].astype(str).value_counts().sort_index().items()]
    declared = inputs.run_record.get("policies", {})
    if isinstance(declared, dict):
        rows += [(str(k), str(v)) for k, v in sorted(declared.items())]
    return pd.DataFrame(rows, columns=["policy", "value"])
