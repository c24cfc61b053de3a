"""The supply chain and money section of the board report.

The supply chain as the procurement ledger shows it (spend-based Scope 3, supplier-specific
intensities, what is not in the totals and why, the price bases behind the factors), then money
beside carbon (GBP and tCO2e by report group, GBP per tCO2e and per kWh), then the share of
emissions by data-quality tier. Every figure comes from the inventory lines, the memo money and
the run record of :class:`~carbon.report.model.ReportInputs`.
"""

from __future__ import annotations

import math

import pandas as pd

from carbon.accounting import supply_chain
from carbon.accounting.money import cost_summary
from carbon.report.htmlkit import Column, esc, money, number, paragraph, percent, section, table
from carbon.report.model import ReportInputs
from carbon.report.summary import GROUP_NAMES

#: Memo statuses in words.
STATUS_WORDS = {"unmapped": "Category not mapped", "excluded": "Counted from activity data",
                "memo": "Energy (counted from meters and bills)"}
#: Run-record warnings about the money behind spend factors.
PRICE_NOTES = ("price basis", "re-based", "GDP deflator")


def _group(key: str) -> str:
    return GROUP_NAMES.get(key, key.replace("_", " ").capitalize())


def _gbp_per(value: float) -> str:
    return "–" if value is None or math.isnan(value) else f"£{value:,.{0 if value >= 100 else 3}f}"


def supply_chain_section(inputs: ReportInputs) -> str:
    """Spend, emissions and coverage of the supply chain; empty text without spend lines."""
    lines = inputs.lines
    if supply_chain.spend_lines(lines).empty:
        return ""
    cover = supply_chain.spend_coverage(lines, inputs.memo, inputs.period)
    story = (f"The {inputs.period} procurement ledger holds {money(cover.ledger_gbp)}. "
             f"{money(cover.counted_gbp)} is counted with spend factors, "
             f"{money(cover.supplier_specific_gbp)} of it "
             f"({percent(100 * cover.supplier_share, sign=False)}) with suppliers' own "
             f"emissions intensities from their carbon reduction plans, giving "
             f"{number(cover.tco2e)} tCO2e in the NHS Carbon Footprint Plus. "
             f"{money(cover.unmapped_gbp)} ({percent(100 * cover.unmapped_share, sign=False)}) "
             f"has a category the mapping table does not know and is not in the totals; "
             f"{money(cover.excluded_gbp)} is already counted from activity data (water, waste, "
             f"travel) and {money(cover.energy_gbp)} is energy counted from meters and bills. "
             "Spend-based figures are the lowest data-quality tier (RC).")
    groups = supply_chain.spend_by(lines)
    parts = [paragraph(story), table(f"Supply chain emissions from spend, {inputs.period}", [
        Column("Source", lambda r: _group(str(r.report_group))),
        Column("Spend (£)", lambda r: money(r.spend_gbp), numeric=True),
        Column("tCO2e", lambda r: number(r.tco2e), numeric=True),
        Column("kgCO2e per £", lambda r: number(r.kgco2e_per_gbp, 3), numeric=True),
        Column("Supplier-specific", lambda r: percent(100 * r.supplier_share, sign=False),
               numeric=True),
    ], list(groups.itertuples()), table_id="table-supply-chain")]
    left = supply_chain.not_counted(inputs.memo, inputs.period)
    if not left.empty:
        parts.append(table("Spend not in the totals", [
            Column("Why", lambda r: STATUS_WORDS.get(str(r.status), str(r.status))),
            Column("Type or category", lambda r: str(r.category) or str(r.activity_type)),
            Column("Ledger lines", lambda r: number(r.rows, 0), numeric=True),
            Column("Spend (£)", lambda r: money(r.gbp), numeric=True),
        ], list(left.itertuples()), table_id="table-spend-not-counted"))
    notes = [w for w in inputs.run_record.get("warnings", []) if any(
        p in str(w) for p in PRICE_NOTES)]
    if notes:
        parts.append("<h3>Price basis of the spend factors</h3><ul>"
                     + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>")
    return section("Supply chain", "".join(parts), section_id="supply-chain")


def money_section(inputs: ReportInputs) -> str:
    """GBP beside tCO2e by report group; empty text when no line carries a cost."""
    costs = cost_summary(inputs.lines, inputs.memo)
    costs = costs[costs["period"] == inputs.period]
    if costs.empty or not (costs["cost_gbp"] != 0).any():
        return ""
    text = ("Costs are those on bills, delivery tickets, fuel-card transactions and the "
            "procurement ledger, and ERIC's energy, water and waste costs where nothing else "
            "gives one. A cost per tCO2e or per kWh counts only the activity that carries a "
            "cost (coverage column).")
    return section("Money beside carbon", paragraph(text) + table(
        f"Costs and emissions by source, {inputs.period}", [
            Column("Source", lambda r: _group(str(r.report_group))),
            Column("tCO2e", lambda r: number(r.tco2e), numeric=True),
            Column("Cost (£)", lambda r: money(r.cost_gbp), numeric=True),
            Column("£ per tCO2e", lambda r: _gbp_per(r.gbp_per_tco2e), numeric=True),
            Column("£ per kWh", lambda r: _gbp_per(r.gbp_per_kwh), numeric=True),
            Column("Coverage", lambda r: percent(100 * r.cost_coverage, sign=False),
                   numeric=True),
        ], list(costs.itertuples()), table_id="table-costs"), section_id="money")


def tier_shares(lines: pd.DataFrame) -> pd.DataFrame:
    """tCO2e and share of Carbon Footprint Plus by data-quality tier (OC, SC, RC).

    Returns
    -------
    pandas.DataFrame
        ``method_tier``, ``tco2e``, ``share_pct``; empty for lines without tiers.
    """
    if "method_tier" not in lines.columns:
        return pd.DataFrame(columns=["method_tier", "tco2e", "share_pct"])
    from carbon.footprints import footprint_mask

    kept = lines.loc[footprint_mask(lines, "nhs_carbon_footprint_plus")]
    table = kept.groupby(kept["method_tier"].astype(str))["tco2e"].sum().reindex(
        ["OC", "SC", "RC"]).dropna().reset_index()
    total = table["tco2e"].sum()
    table["share_pct"] = 100.0 * table["tco2e"] / total if total else 0.0
    return table


def tier_table(inputs: ReportInputs) -> str:
    """The data-quality tier table of the data quality section (empty text without tiers)."""
    tiers = tier_shares(inputs.lines)
    if tiers.empty:
        return ""
    words = {"OC": "Optimal (half-hourly meter data)", "SC": "Standard (bills, returns, logs)",
             "RC": "Reduced (spend-based)"}
    return table("Emissions by data-quality tier (NHS Carbon Footprint Plus)", [
        Column("Tier", lambda r: f"{r.method_tier}: {words[str(r.method_tier)]}"),
        Column("tCO2e", lambda r: number(r.tco2e), numeric=True),
        Column("Share", lambda r: percent(r.share_pct, sign=False), numeric=True),
    ], list(tiers.itertuples()), table_id="table-tiers")
