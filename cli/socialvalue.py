"""``carbon social-value``: framework metrics, carbon values and the JSON schema."""

from __future__ import annotations

from pathlib import Path

import click

from .output import (
    emit,
    format_option,
    inputs_option,
    out_option,
    writable_file,
    write_text_atomic,
    year_option,
)


@click.group("social-value")
def social_value() -> None:
    """Social value environment theme: metrics, carbon values, schema."""


@social_value.command("metrics")
@year_option
@inputs_option
@format_option
@out_option
@click.pass_context
def metrics(ctx: click.Context, year: str, inputs_dir: str | None, fmt: str,
            out: str | None) -> None:
    """Framework metrics for YEAR with value, base, target and RAG status (json: the full
    social value document)."""
    from carbon.report import build_report_inputs
    from carbon.socialvalue import metrics_frame
    from carbon.spreadsheet import neutralise

    inputs = build_report_inputs(ctx.obj["workspace"], year, inputs_dir)
    if fmt == "json":
        text = inputs.social_value.to_json()
        if out is None:
            click.echo(text, nl=False)
        else:
            from .rerun import write_run_record

            write_text_atomic(Path(out), text)
            write_run_record([Path(out)], target="out", record=inputs.run_record)
        return
    frame = metrics_frame(inputs.social_value)
    emit(neutralise(frame) if fmt == "csv" else frame, fmt, out, record=inputs.run_record)


@social_value.command("carbon-values")
@click.option("--table", "table_id", default=None, help="Carbon-value table id.")
@click.option("--price-year", type=int, default=None,
              help="Re-base to this price year with the GDP deflator.")
@format_option
@out_option
def carbon_values(table_id: str | None, price_year: int | None, fmt: str,
                  out: str | None) -> None:
    """List the shipped carbon values for appraisal (GBP/tCO2e), low/central/high."""
    from carbon.socialvalue import load_carbon_values, rebase_factor

    table, info = load_carbon_values(table_id)
    if price_year is not None:
        table["gbp_per_tco2e"] *= rebase_factor(int(table["price_year"].iloc[0]), price_year)
        table["price_year"] = price_year
    wide = table.pivot(index="year", columns="scenario", values="gbp_per_tco2e")
    wide = wide[["low", "central", "high"]].round(2).reset_index()
    wide.columns.name = None
    click.echo(f"{info.citation}; GBP/tCO2e in {int(table['price_year'].iloc[0])} prices",
               err=True)
    emit(wide, fmt, out)


@social_value.command("import-carbon-values")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), required=True, callback=writable_file,
              help="Table to write (e.g. scenarios/social_value/carbon-values-<id>.csv).")
def import_carbon_values_command(source: str, out: str) -> None:
    """Import a DESNZ carbon-value transcription (year, base_year, series, scenario,
    value_gbp_per_tco2e) into the project's table layout."""
    from carbon.socialvalue.carbon_values import format_carbon_values, import_carbon_values

    table = import_carbon_values(source)
    write_text_atomic(Path(out), format_carbon_values(table))
    click.echo(f"wrote {out}: {len(table)} rows, {table['year'].min()}-{table['year'].max()}, "
               f"{table['price_year'].iloc[0]} prices")


@social_value.command("schema")
@out_option
def schema(out: str | None) -> None:
    """Print the JSON schema of the social value document."""
    from carbon.socialvalue import json_schema

    text = json_schema()
    if out is None:
        click.echo(text, nl=False)
    else:
        write_text_atomic(Path(out), text)
