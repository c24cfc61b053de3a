"""``carbon demo``: the one command a newcomer runs to see the product work."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--pdf", is_flag=True, help="Also print the report to PDF (needs Chromium).")
@click.pass_context
def demo(ctx: click.Context, pdf: bool) -> None:
    """Run the whole job on a fictional trust: write its meter, bill and return files, load
    them, compute the Scope 1-3 inventory, check the trajectory against the NHS target and
    write the board report (into WORKSPACE/demo)."""
    from carbon.demo import ORGANISATION_NAME, run_demo

    workspace = Path(ctx.obj["workspace"])
    formats = ("html", "xlsx", "json", *(("pdf",) if pdf else ()))
    result = run_demo(workspace, formats=formats)
    click.echo(f"{ORGANISATION_NAME}\n")
    click.echo(f"1. Files written to {result.inputs} and loaded into {workspace}:")
    for load in result.loads:
        name = Path(load.path).name
        if load.result is None:
            click.echo(f"   {name:<24} already in the store (nothing loaded twice)")
        else:
            r = load.result
            click.echo(f"   {name:<24} {r.layout:<18} {r.rows_in:>7,} {r.count_unit}s in = "
                       f"{r.rows_accepted:,} accepted + {r.rows_quarantined:,} quarantined")
    click.echo("\n2. Scope 1-3 inventory [tCO2e], Scope 2 location-based:")
    table = result.totals.pivot(index="period", columns="scope", values="tco2e")
    table["total"] = table.sum(axis=1)
    click.echo(table.round(1).to_string())
    click.echo("\n3. NHS Carbon Footprint against the NHS target (80% by 2028-2032, from "
               "2019/20):")
    rows = result.compliance
    latest = rows[rows["year"] == rows["year"].max()]
    for row in latest.itertuples(index=False):
        click.echo(f"   {row.target}: actual {row.actual:,.0f} vs path {row.required:,.0f} "
                   f"tCO2e -> {row.status.replace('_', ' ')}")
    click.echo("\n4. Board report:")
    for fmt, path in result.outputs.items():
        click.echo(f"   {fmt:<5} {path}")
    click.echo("\nNext: carbon inventory --year 2024/25 --by report_group; "
               "carbon spend --year 2024/25; carbon costs --year 2024/25; "
               "carbon explain --help; carbon report --help")
