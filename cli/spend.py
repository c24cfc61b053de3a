"""``carbon spend`` and ``carbon costs``: the supply chain from the ledger, money beside carbon."""

from __future__ import annotations

from typing import Any

import click

from .inventory import compute, inventory_options, report_run
from .output import emit, format_option, out_option


@click.command("spend")
@click.option("--year", required=True, help="Reporting period, e.g. 2024/25.")
@click.option("--by", default="report_group", show_default=True,
              help="Line column to total counted spend by (report_group, activity_type, "
                   "supplier, scope3_category, site ...).")
@click.option("--not-counted", "not_counted", is_flag=True,
              help="List the spend that is not in the totals instead: unmapped categories, "
                   "spend excluded by the hybrid rules, energy spend.")
@inventory_options
@format_option
@out_option
@click.pass_context
def spend(ctx: click.Context, year: str, by: str, not_counted: bool, fmt: str,
          out: str | None, **options: Any) -> None:
    """Spend-based Scope 3 from the procurement ledger: spend, tCO2e and supplier coverage.

    Prints counted spend and its emissions by report group (or --by), then the ledger's
    coverage: how much is counted, how much with suppliers' own intensities, how much is
    unmapped or excluded (--not-counted lists those amounts).
    """
    from carbon.accounting import supply_chain
    from carbon.periods import parse_period

    inv = compute(ctx, (year,), **options)
    period = parse_period(year).label
    lines, memo = inv.to_frame(), inv.memo()
    if not_counted:
        emit(supply_chain.not_counted(memo, period), fmt, out)
        return
    emit(supply_chain.spend_by(lines, by), fmt, out)
    if fmt == "table":
        cover = supply_chain.spend_coverage(lines, memo, period)
        click.echo(
            f"{period} ledger GBP {cover.ledger_gbp:,.0f}: counted {cover.counted_gbp:,.0f} "
            f"({cover.tco2e:,.1f} tCO2e), of which supplier-specific "
            f"{cover.supplier_specific_gbp:,.0f} ({cover.supplier_share:.1%}); excluded "
            f"{cover.excluded_gbp:,.0f}; energy (memo) {cover.energy_gbp:,.0f}; unmapped "
            f"{cover.unmapped_gbp:,.0f} ({cover.unmapped_share:.1%})", err=True)
    report_run(inv)


@click.command("costs")
@click.option("--year", "years", multiple=True, required=True,
              help="Reporting period, e.g. 2024/25 (repeatable).")
@click.option("--by", default="report_group", show_default=True,
              help="Line column to summarise by (report_group, activity_type, site ...).")
@inventory_options
@format_option
@out_option
@click.pass_context
def costs(ctx: click.Context, years: tuple[str, ...], by: str, fmt: str, out: str | None,
          **options: Any) -> None:
    """Money beside carbon: GBP and tCO2e side by side, GBP per tCO2e and per kWh.

    Costs come from the cost columns of bills, deliveries and transactions, the ledger's spend,
    and ERIC's energy, water and waste costs (for groups whose lines carry none). A cost per
    unit counts only the quantity whose rows carry a cost (column cost_coverage).
    """
    from carbon.accounting.money import cost_summary

    inv = compute(ctx, years, **options)
    emit(cost_summary(inv.to_frame(), inv.memo(), by=by), fmt, out)
