"""``carbon load``: read activity files into the workspace store and say what happened."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    import pandas as pd

    from carbon.completeness import Tally
    from carbon.store import LoadSummary

#: Files larger than this show a progress bar on a terminal [bytes].
PROGRESS_BYTES = 5_000_000
_STAGES = ("sniff", "read", "parse", "store")


@click.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--layout", help="Layout name (see --list-layouts); detected when not given.")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False),
              help="Column-mapping file (TOML; docs/loading.md).")
@click.option("--site", help="Site code for files that name no site.")
@click.option("--organisation", help="Organisation code (remembered by the workspace).")
@click.option("--timezone", type=click.Choice(["UTC", "Europe/London"], case_sensitive=False),
              help="Time basis of dates/times without an offset.")
@click.option("--timestamp-marks", type=click.Choice(["start", "end"]),
              help="Interval timestamps mark the start or the end of the half hour.")
@click.option("--unit", help="Unit of interval values: kWh (default), Wh, MWh, or kW "
              "(average demand).")
@click.option("--activity-type", help="Activity type of active-import interval data "
              "[electricity.grid].")
@click.option("--sheet", help="Workbook sheet to read.")
@click.option("--header-row", type=int, help="Line of the column names.")
@click.option("--decimal", type=click.Choice([".", ","]), help="Decimal mark of numbers.")
@click.option("--encoding", help="Text encoding of a CSV file.")
@click.option("--trust", help="ERIC: organisation code to load (all when not given).")
@click.option("--year", help="ERIC: financial year when the file name does not say (2016/17).")
@click.option("--treatment-share", type=float,
              help="Share of water supply returned to sewer when sewage is not metered (0-1).")
@click.option("--fill-gaps", type=click.Choice(["none", "linear"]),
              help="Fill short gaps of half-hourly data (filled values are marked 'filled').")
@click.option("--max-gap", type=int, help="Longest gap filled [half hours].")
@click.option("--wait", type=float, default=30.0, show_default=True,
              help="Seconds to wait while another process uses the store.")
@click.option("--list-layouts", is_flag=True, help="List the layouts and exit.")
@click.pass_context
def load(ctx: click.Context, files: tuple[str, ...], mapping: str | None, wait: float,
         list_layouts: bool, **flags: Any) -> None:
    """Load activity files (CSV, xlsx, xls) into the workspace store, one batch per file.

    Prints the layout recognised, rows in = accepted + quarantined, what was stored, the
    assumptions made and half-hourly completeness. Loading the same file again changes
    nothing; a corrected file restates the rows it replaces (carbon history).
    """
    from carbon.completeness import Tally
    from carbon.readers import LAYOUTS
    from carbon.readers.mapping import read_mapping
    from carbon.readers.options import LoadOptions
    from carbon.store import Store, load_file

    if list_layouts:
        for layout in LAYOUTS.values():
            click.echo(f"{layout.name:<18} {layout.description}")
        return
    if not files:
        raise click.UsageError("give at least one FILE (or --list-layouts)")
    base = read_mapping(mapping) if mapping else LoadOptions()
    options = base.merged(**flags)
    store = Store(ctx.obj["workspace"], wait=wait)
    failures = 0
    from carbon.errors import CarbonError

    for name in files:
        tally = Tally()
        try:
            summary = _load_one(store, name, options, load_file, tally)
        except CarbonError as exc:
            failures += 1
            click.echo(f"carbon: error: {' '.join(str(exc).split())}", err=True)
            continue
        _print_summary(summary, tally.table())
    if failures:
        sys.exit(1)


def _load_one(store: Any, name: str, options: Any, load_file: Any,
              tally: Tally) -> LoadSummary:
    big = Path(name).stat().st_size > PROGRESS_BYTES and sys.stderr.isatty()
    if not big:
        return load_file(store, name, options, on_rows=tally.add)
    with click.progressbar(length=len(_STAGES), label=Path(name).name, file=sys.stderr,
                           show_eta=False, item_show_func=lambda s: s) as bar:
        def tick(stage: str) -> None:
            bar.update(1, stage)
        return load_file(store, name, options, progress=tick, on_rows=tally.add)


def _print_summary(summary: LoadSummary, table: pd.DataFrame) -> None:
    from carbon.completeness import threshold

    from .output import echo_pairs

    report, result = summary.report, summary.result
    name = Path(summary.path).name
    if result is None:
        click.echo(f"{name}: already loaded as batch {report.batch_id}; nothing changed")
        return
    unit = result.count_unit + "s"
    pairs: list[tuple[str, Any]] = [
        ("batch", report.batch_id),
        ("layout", result.layout),
        (f"{unit} in", f"{result.rows_in:,} = {result.rows_accepted:,} accepted + "
                       f"{result.rows_quarantined:,} quarantined"),
        ("activity rows", f"{result.activity_rows:,}: {report.rows_stored:,} stored, "
                          f"{report.rows_unchanged:,} unchanged"
                          + (f", restating {report.rows_superseded:,} rows of batch(es) "
                             + ", ".join(report.superseded_batches)
                             if report.rows_superseded else "")),
    ]
    if result.rows_quarantined:
        pairs.append(("quarantine", f"carbon quarantine --batch {report.batch_id}"))
    if len(result.warnings):
        pairs.append(("warnings", f"{len(result.warnings)} (carbon quarantine --batch "
                                  f"{report.batch_id} --warnings)"))
    click.echo(f"{name}: loaded")
    echo_pairs([(f"  {k}", v) for k, v in pairs])
    if result.assumptions:
        click.echo("  assumptions:")
        for text in result.assumptions:
            click.echo(f"    - {text}")
    if len(table):
        low = table[table["completeness"] < threshold()]
        total = int(table["expected"].sum())
        present = int(table["present"].sum())
        click.echo(f"  completeness: {present:,} of {total:,} half hours present "
                   f"({present / total:.2%}); {len(low)} meter-month(s) below "
                   f"{threshold():.0%}" + (": " + ", ".join(
                       f"{r.meter_id} {r.month} {r.completeness:.1%}"
                       for r in low.head(6).itertuples()) if len(low) else ""))
