"""``carbon targets`` and ``carbon trajectory``: target presets and compliance of actuals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import click

from .inputs import load_actuals, load_denominators
from .output import emit, format_option, out_option, writable_file

if TYPE_CHECKING:
    import pandas as pd

plot_option = click.option("--plot", type=click.Path(dir_okay=False), default=None,
                           callback=writable_file,
                           help="Also draw the trajectory chart to this .png/.svg/.pdf file.")


def for_humans(frame: pd.DataFrame, fmt: str) -> pd.DataFrame:
    """Round figures for the terminal table (CSV and JSON keep full precision)."""
    if fmt != "table":
        return frame
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind != "f":
            continue
        if column.endswith(("_pct", "_rate", "probability")):
            out[column] = out[column].map(lambda v: "" if v != v else f"{v:.1%}")
        else:
            out[column] = out[column].map(lambda v: "" if v != v else f"{v:,.1f}")
    return out


@click.command()
@format_option
@out_option
def targets(fmt: str, out: str | None) -> None:
    """List the target presets (scenarios/targets.toml) with their sources."""
    import pandas as pd

    from carbon.presets import presets

    rows = []
    for p in presets().values():
        steps = [f"{m.reduction:.0%} by " + (f"{m.window[0]}-{m.window[1]}" if m.window
                                             else str(m.by)) for m in p.milestone]
        if p.annual_rate is not None:
            steps.append(f"{p.annual_rate:.1%} a year")
        rows.append({"id": p.id, "metric": p.metric, "footprint": p.footprint,
                     "against": "national 1990" if p.base == "national_1990" else "trust base",
                     "requirement": "; ".join(steps), "years": p.year_basis,
                     "rate_type": p.rate_type, "verified": p.verified, "source": p.source})
    emit(pd.DataFrame(rows), fmt, out)


@click.command()
@click.option("--target", "target_id", default="nhs-carbon-footprint", show_default=True,
              help="Target preset id ('carbon targets' lists them).")
@click.option("--base-year", default=None,
              help="The trust's base financial year, e.g. 2019/20 (never guessed).")
@click.option("--actuals", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Annual actuals CSV (year, metric, footprint, value[, category]).")
@click.option("--reading", type=click.Choice(["both", "own_baseline", "national_share"]),
              default="both", show_default=True,
              help="How a national (1990-based) target applies to the trust.")
@click.option("--rate-type", type=click.Choice(["compound", "linear_of_base"]), default=None,
              help="Override the preset's declared path shape.")
@click.option("--tolerance", type=float, default=None,
              help="At-risk band as a fraction of the base-year value.")
@click.option("--denominators", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Denominators CSV (year, metric, value) for intensity targets.")
@click.option("--view", type=click.Choice(["yearly", "milestones"]), default="yearly",
              show_default=True, help="Year-by-year compliance, or one row per milestone.")
@format_option
@out_option
@plot_option
@click.pass_context
def trajectory(ctx: click.Context, target_id: str, base_year: str | None, actuals: str | None,
               reading: str, rate_type: str | None, tolerance: float | None,
               denominators: str | None, view: str, fmt: str, out: str | None,
               plot: str | None) -> None:
    """Check annual actuals against a target: required path, gap, status, carbon budget,
    required and recent rates."""
    from carbon.trajectory import trajectory as run

    result = run(load_actuals(ctx, actuals), target_id, base_year=base_year,
                 reading=cast("Any", reading), rate_type=cast("Any", rate_type),
                 tolerance=tolerance, denominators=load_denominators(denominators))
    table = result.table.drop(columns=["year"]) if view == "yearly" else result.summary
    emit(for_humans(table, fmt), fmt, out)
    if plot:
        chart = result.chart()
        chart.save(plot)
        click.echo(f"wrote {plot}", err=True)
