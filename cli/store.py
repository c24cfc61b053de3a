"""Store commands: batches, quarantine, history, completeness, meters, export."""

from __future__ import annotations

import click

from .output import emit, format_option, out_option, writable_folder


@click.command()
@format_option
@out_option
@click.pass_context
def batches(ctx: click.Context, fmt: str, out: str | None) -> None:
    """List load batches: file, layout, rows in / accepted / quarantined, time."""
    from carbon.store import Store
    from carbon.store import batches as list_batches

    frame = list_batches(Store(ctx.obj["workspace"]))
    if fmt == "table":
        frame = frame.drop(columns=["sha256", "options", "assumptions"])
    emit(frame, fmt, out)


@click.command()
@click.option("--batch", "batch_id", help="Only this batch.")
@click.option("--warnings", "show_warnings", is_flag=True,
              help="Show accepted data flagged for a look instead.")
@format_option
@out_option
@click.pass_context
def quarantine(ctx: click.Context, batch_id: str | None, show_warnings: bool, fmt: str,
               out: str | None) -> None:
    """Show quarantined rows (file, row, column, value, reason, fix) or warnings."""
    from carbon.store import Store, warnings
    from carbon.store import quarantine as rows

    store = Store(ctx.obj["workspace"])
    frame = warnings(store, batch_id) if show_warnings else rows(store, batch_id)
    if fmt == "table" and "raw" in frame.columns:
        frame = frame.drop(columns=["raw"])
    emit(frame, fmt, out)


@click.command()
@click.option("--meter", help="Only restatements touching this meter.")
@format_option
@out_option
@click.pass_context
def history(ctx: click.Context, meter: str | None, fmt: str, out: str | None) -> None:
    """List restatements: which batch superseded which rows of an earlier batch."""
    from carbon.store import Store
    from carbon.store import history as restatements

    emit(restatements(Store(ctx.obj["workspace"]), meter), fmt, out)


@click.command()
@click.option("--period", help="Reporting period (2024/25, 2024).")
@click.option("--meter", help="Only this meter.")
@click.option("--below", type=float, default=None,
              help="Only months below this completeness (0-1).")
@format_option
@out_option
@click.pass_context
def completeness(ctx: click.Context, period: str | None, meter: str | None,
                 below: float | None, fmt: str, out: str | None) -> None:
    """Half-hourly completeness per meter and month (expected, present, missing)."""
    from carbon.completeness import completeness as table
    from carbon.store import Store, current_activity

    frame = table(current_activity(Store(ctx.obj["workspace"]), period=period,
                                   meters=[meter] if meter else None))
    if below is not None:
        frame = frame[frame["completeness"] < below]
    emit(frame, fmt, out)


@click.command()
@format_option
@out_option
@click.pass_context
def meters(ctx: click.Context, fmt: str, out: str | None) -> None:
    """List the meter schedule held by the workspace (meter -> site)."""
    from carbon.store import Store
    from carbon.store import meters as schedule

    emit(schedule(Store(ctx.obj["workspace"])), fmt, out)


@click.command()
@click.option("--parquet", "folder", required=True, type=click.Path(file_okay=False),
              callback=writable_folder,
              help="Folder for the Parquet files (activity partitioned by year).")
@click.option("--all", "include_superseded", is_flag=True,
              help="Include superseded rows (column superseded_by).")
@click.pass_context
def export(ctx: click.Context, folder: str, include_superseded: bool) -> None:
    """Export the activity table to Parquet, partitioned by year."""
    from carbon.store import Store, export_parquet

    files = export_parquet(Store(ctx.obj["workspace"]), folder,
                           include_superseded=include_superseded)
    click.echo(f"wrote {len(files)} Parquet file(s) under {folder}")
