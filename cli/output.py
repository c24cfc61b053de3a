"""Writing command results: aligned text tables, CSV or JSON, to stdout or a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "csv", "json")

format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output format.",
)
year_option = click.option("--year", required=True,
                           help="NHS financial year, e.g. 2024/25.")
inputs_option = click.option(
    "--inputs", "inputs_dir", type=click.Path(exists=True, file_okay=False), default=None,
    help="Report-inputs folder instead of the workspace's store (layout in docs/reporting.md).")


def writable_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Click callback: refuse an output file whose folder is missing or read-only, early."""
    if value is not None:
        from carbon.output_paths import check_output_folder

        check_output_folder(Path(value))
    return value


def writable_folder(ctx: click.Context, param: click.Parameter,
                    value: str | None) -> str | None:
    """Click callback: refuse an output folder that cannot be created or written, early."""
    if value is not None:
        from carbon.output_paths import check_output_folder

        check_output_folder(Path(value), is_folder=True)
    return value


out_option = click.option(
    "--out", type=click.Path(dir_okay=False), default=None, callback=writable_file,
    help="Write to this file instead of the terminal.",
)


def render(frame: pd.DataFrame, fmt: str) -> str:
    """Render a frame as text in one of :data:`FORMATS` (deterministic for the same frame).

    CSV text cells that would start a spreadsheet formula are neutralised.
    """
    from carbon.spreadsheet import to_csv_text

    if fmt == "csv":
        return to_csv_text(frame)
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso"))
        return json.dumps(records, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    if frame.empty:
        return "(no rows)\n"
    return str(frame.to_string(index=False)) + "\n"


def emit(frame: pd.DataFrame, fmt: str, out: str | None,
         record: dict[str, Any] | None = None) -> None:
    """Print or write a frame; a file is written whole or not at all, with its run record
    beside it (``FILE.run.json``: ``record`` and how the file was made; see :mod:`.rerun`)."""
    from .rerun import write_run_record

    text = render(frame, fmt)
    if out is None:
        click.echo(text, nl=False)
        return
    write_text_atomic(Path(out), text)
    write_run_record([Path(out)], target="out", record=record)
    click.echo(f"wrote {out}", err=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write text to ``path`` whole or not at all (:func:`carbon.spreadsheet.write_text`)."""
    from carbon.spreadsheet import write_text

    write_text(path, text)


def echo_pairs(pairs: list[tuple[str, Any]]) -> None:
    """Print ``name: value`` lines with the names aligned."""
    width = max((len(k) for k, _ in pairs), default=0)
    for key, value in pairs:
        click.echo(f"{key.ljust(width)}  {value}")
