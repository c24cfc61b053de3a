"""``carbon report``: the board report for one year (HTML, PDF, workbook, SECR table, JSON)."""

from __future__ import annotations

from pathlib import Path

import click

from .output import (
    echo_pairs,
    emit,
    format_option,
    inputs_option,
    out_option,
    writable_file,
    writable_folder,
    year_option,
)

SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".xlsx": "xlsx", ".json": "json"}


@click.command()
@year_option
@click.option("--out", type=click.Path(dir_okay=False), default=None, callback=writable_file,
              help="Report file: .html (default report.html), .pdf, .xlsx or .json.")
@click.option("--outputs", "folder", type=click.Path(file_okay=False), default=None,
              callback=writable_folder,
              help="Write every output (html, pdf when Chromium is installed, xlsx, json, "
                   "csv) into this folder.")
@inputs_option
@click.pass_context
def report(ctx: click.Context, year: str, out: str | None, folder: str | None,
           inputs_dir: str | None) -> None:
    """Write the board report for YEAR: summary, breakdown, trajectory, social value
    metrics with RAG status, data quality and methodology, in one self-contained file."""
    from carbon.report import build_report_inputs, find_chromium
    from carbon.report.outputs import WRITERS, write_outputs

    from .rerun import write_run_record

    inputs = build_report_inputs(ctx.obj["workspace"], year, inputs_dir)
    written: dict[str, Path] = {}
    if folder is not None:
        formats = tuple(f for f in ("html", "pdf", "xlsx", "json", "metrics_csv", "secr_csv")
                        if f != "pdf" or find_chromium())
        outputs = write_outputs(inputs, folder, formats=formats)
        write_run_record(list(outputs.values()), target="folder", record=inputs.run_record,
                         folder=Path(folder), cleared=("out",))
        written |= outputs
        if "pdf" not in formats:
            click.echo("carbon: note: Chromium is not installed, so no PDF was printed "
                       "(apt-get install chromium)", err=True)
    if out is not None or folder is None:
        target = Path(out or "report.html")
        fmt = SUFFIXES.get(target.suffix.lower())
        if fmt is None:
            raise click.BadParameter(f"unknown report type {target.suffix!r}; use "
                                     f"{', '.join(sorted(SUFFIXES))}", param_hint="--out")
        written[fmt] = WRITERS[fmt](inputs, target)
        write_run_record([target], target="out", record=inputs.run_record,
                         cleared=("folder",))
    head = inputs.social_value
    click.echo(f"{inputs.organisation}: report for {inputs.period}")
    echo_pairs([(name, str(path)) for name, path in written.items()]
               + [("metrics", f"{len(head.metrics)} ("
                   + ", ".join(f"{s} {sum(m.status == s for m in head.metrics)}"
                               for s in ("green", "amber", "red")) + ")")])


@click.command()
@year_option
@inputs_option
@format_option
@out_option
@click.pass_context
def secr(ctx: click.Context, year: str, inputs_dir: str | None, fmt: str,
         out: str | None) -> None:
    """The SECR disclosure for YEAR and the year before: energy kWh by source, tCO2e by scope,
    intensity ratios; the methodology statement follows on stderr."""
    from carbon.report import build_report_inputs, methodology_statement, secr_table
    from carbon.spreadsheet import neutralise

    inputs = build_report_inputs(ctx.obj["workspace"], year, inputs_dir)
    table = secr_table(inputs)
    emit(neutralise(table) if fmt == "csv" else table, fmt, out, record=inputs.run_record)
    click.echo(f"\nMethodology: {methodology_statement(inputs)}", err=True)
