"""``carbon inventory``, ``explain``, ``change`` and ``recalculate``: the Scope 1-3 inventory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .output import emit, out_option

if TYPE_CHECKING:
    import pandas as pd

    from carbon.accounting.result import Inventory
    from carbon.totals import ActivitySource

FORMATS = ("table", "csv", "json", "xlsx")


def inventory_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that computes an inventory."""
    options = [
        click.option("--activity", "activity_file", type=click.Path(exists=True, dir_okay=False),
                     default=None, help="Canonical activity CSV [default: the workspace store]."),
        click.option("--factors", default="desnz", show_default=True,
                     help="Factor family (desnz, sdu) or one set for every year (desnz:2024)."),
        click.option("--policy", type=click.Choice(["majority", "pro-rata", "pinned"]),
                     default=None, help="Factor set per financial year [default: majority; "
                     "pinned when --factors names a set]."),
        click.option("--gwp-basis", default=None, help="Restate factors on AR4, AR5 or AR6."),
        click.option("--no-rf", is_flag=True, help="Flight factors without radiative forcing."),
        click.option("--custom", "custom_files", multiple=True,
                     type=click.Path(exists=True, dir_okay=False),
                     help="Custom factor CSV layered over the sets (repeatable; last on top)."),
        click.option("--contracts", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="Contractual instruments for market-based Scope 2 (CSV)."),
        click.option("--residual", default=None,
                     help="Factor id of the residual mix for uncovered electricity."),
        click.option("--parquet", "parquet_dirs", multiple=True,
                     type=click.Path(exists=True), help="Activity from Parquet exports "
                     "(carbon export --parquet; repeatable; a folder of exports reads them "
                     "all) instead of the store."),
        click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
                     help="Where Parquet activity is totalled: this process, or a dask "
                     "cluster [default: local; dask with --scheduler]."),
        click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="dask scheduler to run on (tcp://host:8786) [default: a local "
                     "cluster for the run]."),
        click.option("--workers", type=click.IntRange(1), default=None,
                     help="Workers of the local dask cluster [default: one per core]."),
        click.option("--suppliers", "suppliers_file", type=click.Path(exists=True,
                     dir_okay=False), default=None,
                     help="Supplier-specific intensities (CSV) [default: the workspace's "
                          "supplier_factors.csv when there is one]."),
        click.option("--spend-factors", type=click.Choice(["default", "sdu"]),
                     default="default", show_default=True,
                     help="Spend factors: Defra EEIO by SIC (default) or the SDU trust "
                          "factors 2020-21."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def compute(ctx: click.Context, years: tuple[str, ...], activity_file: str | None,
            factors: str, policy: str | None, gwp_basis: str | None, no_rf: bool,
            custom_files: tuple[str, ...], contracts: str | None, residual: str | None,
            parquet_dirs: tuple[str, ...] = (), engine: str | None = None,
            scheduler: str | None = None, workers: int | None = None,
            suppliers_file: str | None = None, spend_factors: str = "default",
            grain: str = "period") -> Inventory:
    """Build the inventory the options describe (the one seam between CLI and library)."""
    from carbon.accounting.calculate import inventory
    from carbon.accounting.market import read_contracts
    from carbon.factorsets import FactorSet
    from carbon.factorsets.importer import custom_set
    from carbon.pipeline import workspace_suppliers
    from carbon.spend import read_supplier_factors

    activity, inputs = activity_source(ctx, activity_file, parquet_dirs, engine, scheduler,
                                       workers)
    family, pinned = (factors.split(":", 1)[0], factors) if ":" in factors else (factors, None)
    layers = [FactorSet.from_table(*custom_set(Path(f), name=f"custom:{Path(f).stem}"))
              for f in custom_files]
    return inventory(
        activity, list(years), family=family,
        policy=policy or ("pinned" if pinned else "majority"),  # type: ignore[arg-type]
        pinned=pinned, overrides=layers, gwp_basis=gwp_basis,
        on_gwp_missing="flag" if gwp_basis else "raise", radiative_forcing=not no_rf,
        contracts=read_contracts(contracts) if contracts else None,
        residual_factor=residual, grain=grain,  # type: ignore[arg-type]
        workspace=ctx.obj["workspace"], inputs=inputs,
        suppliers=(read_supplier_factors(suppliers_file) if suppliers_file
                   else workspace_suppliers(ctx.obj["workspace"])),
        spend_factors="" if spend_factors == "default" else spend_factors)


def activity_source(ctx: click.Context, activity_file: str | None,
                    parquet_dirs: tuple[str, ...], engine: str | None, scheduler: str | None,
                    workers: int | None) -> tuple[pd.DataFrame | ActivitySource, dict[str, str]]:
    """Where the inventory's activity comes from, and input checksums known up front.

    A canonical CSV is read into memory; Parquet exports are totalled file by file, here or
    on a dask cluster; the workspace store totals its own rows in DuckDB (docs/scale.md).
    """
    from carbon.errors import ConfigurationError

    if (engine == "dask" or scheduler or workers) and not parquet_dirs:
        raise ConfigurationError(
            "the dask engine reads Parquet exports", value="--engine dask",
            fix="export the stores first (carbon export --parquet DIR) and pass --parquet DIR; "
                "a single store is totalled inside DuckDB without dask")
    if parquet_dirs:
        if activity_file:
            raise click.UsageError("give --activity or --parquet, not both")
        from carbon.parquet import ParquetActivity

        chosen = "dask" if scheduler else (engine or "local")
        return ParquetActivity(parquet_dirs, engine=chosen,  # type: ignore[arg-type]
                               scheduler=scheduler, workers=workers), {}
    if activity_file:
        from carbon.accounting.run_record import file_digest
        from carbon.activity import read_activity_csv

        return read_activity_csv(activity_file), {Path(activity_file).name:
                                                  file_digest(activity_file)}
    from carbon.store.database import Store

    return Store.existing(ctx.obj["workspace"]), {}


def load_activity(ctx: click.Context, years: tuple[str, ...], activity_file: str | None
                  ) -> tuple[pd.DataFrame, dict[str, str]]:
    """The activity of the years asked for as a table: a canonical CSV, or the store's rows."""
    from carbon.accounting.run_record import file_digest
    from carbon.activity import read_activity_csv

    if activity_file:
        return read_activity_csv(activity_file), {Path(activity_file).name:
                                                  file_digest(activity_file)}
    from carbon.store import activity_for_periods

    return activity_for_periods(ctx.obj["workspace"], list(years))


def report_run(inv: Inventory) -> None:
    """Run id and warnings on stderr (the run record is written beside the output file)."""
    click.echo(f"run {inv.run_record['run_id']}", err=True)
    for warning in inv.run_record["warnings"]:
        click.echo(f"note: {warning}", err=True)


@click.command("inventory")
@click.option("--year", "years", multiple=True, required=True,
              help="Reporting period, e.g. 2024/25 (repeatable).")
@click.option("--by", default="scope", show_default=True,
              help="Columns to total by, comma-separated (scope, scope3_category, "
                   "report_group, nhs_footprint, site, activity_type, line, month ...).")
@click.option("--scope2", type=click.Choice(["both", "location", "market"]), default="both",
              show_default=True, help="Which Scope 2 figures to show.")
@click.option("--footprint", default="ghgp_scope_1_2_3", show_default=True,
              help="Footprint totalled (nhs_carbon_footprint, nhs_carbon_footprint_plus ...); "
                   "'all' keeps every line, biogenic CO2 included.")
@click.option("--lines", "all_lines", is_flag=True, help="Every emission line with provenance.")
@click.option("--grain", type=click.Choice(["period", "month"]), default="period",
              show_default=True, help="Lines per period or per month.")
@inventory_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="Output format.")
@out_option
@click.pass_context
def inventory_command(ctx: click.Context, years: tuple[str, ...], by: str, scope2: str,
                      footprint: str, all_lines: bool, grain: str, fmt: str, out: str | None,
                      **options: Any) -> None:
    """Scope 1-3 inventory of one or more years, from the store or an activity CSV.

    Totals are in tCO2e, Scope 2 location- and market-based; every figure keeps its factor id,
    factor set and version, GWP basis and period policy (--lines). A run record
    (FILE.run.json) is written beside --out; 'carbon rerun FILE.run.json' makes it again.
    """
    inv = compute(ctx, years, grain=grain, **options)
    if all_lines:
        table = inv.to_frame()
    else:
        keys = [k.strip() for k in by.split(",") if k.strip()]
        table = inv.totals(keys, footprint=None if footprint == "all" else footprint)
        drop = {"location": ["tco2e_market"], "market": ["tco2e"]}.get(scope2, [])
        table = table.drop(columns=drop)
    if fmt == "xlsx":
        if not out:
            raise click.UsageError("--format xlsx needs --out FILE.xlsx")
        from carbon.spreadsheet import write_sheets

        from .rerun import write_run_record

        write_sheets(out, {"inventory": table, "lines": inv.to_frame()})
        write_run_record([Path(out)], target="out", record=inv.run_record)
        click.echo(f"wrote {out}", err=True)
    else:
        emit(table, fmt, out, record=inv.run_record)
    report_run(inv)


@click.command()
@click.option("--year", required=True, help="Reporting period of the figure, e.g. 2024/25.")
@click.option("--site", default=None, help="Site code.")
@click.option("--activity-type", "activity_type", required=True, help="e.g. fuel.natural_gas.")
@click.option("--line", default=None, help="Emission line (generation, combustion, wtt ...).")
@click.option("--meter", default=None, help="Meter id.")
@inventory_options
@click.pass_context
def explain(ctx: click.Context, year: str, site: str | None, activity_type: str,
            line: str | None, meter: str | None, **options: Any) -> None:
    """Everything behind one figure: activity, factor, set, version, GWP basis, arithmetic."""
    from .output import echo_pairs

    inv = compute(ctx, (year,), **options)
    selection = {"period": inv.periods[0], "activity_type": activity_type}
    for key, value in (("site", site), ("line", line), ("meter_id", meter)):
        if value:
            selection[key] = value
    record = inv.explain(selection)
    echo_pairs([(k, v) for k, v in record.items() if v is not None])


@click.command()
@click.option("--from", "before", required=True, help="Earlier period, e.g. 2023/24.")
@click.option("--to", "after", required=True, help="Later period, e.g. 2024/25.")
@click.option("--by", default="report_group", show_default=True,
              help="Columns to split the change by, comma-separated.")
@click.option("--footprint", default="ghgp_scope_1_2_3", show_default=True)
@inventory_options
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@out_option
@click.pass_context
def change(ctx: click.Context, before: str, after: str, by: str, footprint: str, fmt: str,
           out: str | None, **options: Any) -> None:
    """Year-on-year change split into activity and factor effects (e.g. grid decarbonisation)."""
    from carbon.accounting.change import explain_change
    from carbon.periods import parse_period

    labels = (parse_period(before).label, parse_period(after).label)
    inv = compute(ctx, labels, **options)
    keys = [k.strip() for k in by.split(",") if k.strip()]
    emit(explain_change(inv, *labels, by=keys, footprint=footprint), fmt, out,
         record=inv.run_record)
    report_run(inv)


@click.command()
@click.option("--base-year", required=True, help="Base year, e.g. 2019/20.")
@click.option("--published-factors", default="desnz", show_default=True,
              help="Factor family or set the base year was published with.")
@click.option("--published-gwp-basis", default=None, help="GWP basis it was published on.")
@click.option("--site-added", "sites_added", multiple=True, help="Site acquired since.")
@click.option("--site-removed", "sites_removed", multiple=True, help="Site divested since.")
@click.option("--threshold", type=float, default=None,
              help="Significance threshold as a fraction [default: scenarios/recalculation.toml].")
@click.option("--factors", default="desnz", show_default=True,
              help="Current factor family or set.")
@click.option("--gwp-basis", default=None, help="Current GWP basis.")
@click.option("--activity", "activity_file", type=click.Path(exists=True, dir_okay=False),
              default=None, help="Canonical activity CSV [default: the workspace store].")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.pass_context
def recalculate(ctx: click.Context, base_year: str, published_factors: str,
                published_gwp_basis: str | None, sites_added: tuple[str, ...],
                sites_removed: tuple[str, ...], threshold: float | None, factors: str,
                gwp_basis: str | None, activity_file: str | None, fmt: str) -> None:
    """Base-year recalculation: as published vs recalculated, per change and cumulatively."""
    from carbon.accounting.recalculation import recalculate_base_year
    from carbon.periods import parse_period

    from .output import render

    label = parse_period(base_year).label
    activity, _ = load_activity(ctx, (label,), activity_file)
    result = recalculate_base_year(
        activity, label, published=_options(published_factors, published_gwp_basis, ctx),
        current=_options(factors, gwp_basis, ctx), sites_added=sites_added,
        sites_removed=sites_removed, threshold=threshold)
    click.echo(render(result.steps, fmt), nl=False)
    if fmt == "table":
        click.echo(render(result.comparison, fmt), nl=False)
        verdict = "recalculate the base year" if result.significant else "no recalculation"
        click.echo(f"threshold {result.threshold:.0%}: {verdict}")


def _options(factors: str, gwp_basis: str | None, ctx: click.Context) -> dict[str, Any]:
    family, pinned = (factors.split(":", 1)[0], factors) if ":" in factors else (factors, None)
    return {"family": family, "policy": "pinned" if pinned else "majority", "pinned": pinned,
            "gwp_basis": gwp_basis, "on_gwp_missing": "flag" if gwp_basis else "raise",
            "workspace": ctx.obj["workspace"]}
