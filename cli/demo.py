"""``carbon demo``: the one command a newcomer runs to see the product work."""

from __future__ import annotations

from pathlib import Path

import click

from .output import echo_pairs


@click.command()
@click.option("--out", "folder", type=click.Path(file_okay=False), default=None,
              help="Folder for the sample files [default: WORKSPACE/demo].")
@click.pass_context
def demo(ctx: click.Context, folder: str | None) -> None:
    """Write a fictional trust's activity data to a folder, load it and summarise it."""
    from carbon.activity import read_activity_csv, summarise_activity
    from carbon.demo import ORGANISATION_NAME, write_demo

    target = Path(folder) if folder else Path(ctx.obj["workspace"]) / "demo"
    files = write_demo(target)
    click.echo(f"{ORGANISATION_NAME}: sample written to {target}")
    for path in files:
        frame = read_activity_csv(path)
        echo_pairs([("file", path.name), ("rows loaded", len(frame)),
                    ("sites", ", ".join(sorted(frame["site"].astype(str).unique())))])
        summary = summarise_activity(frame)
        summary["quantity"] = summary["quantity"].map(lambda v: f"{v:,.1f}")
        summary["estimated_share"] = summary["estimated_share"].map(lambda v: f"{v:.1%}")
        click.echo(summary.to_string(index=False))
