"""``carbon scenario run|compare|presets``: project a baseline under green plan scenarios."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .inputs import load_baseline, load_optional_actuals
from .output import emit, format_option, out_option, writable_file
from .trajectory import for_humans, plot_option

if TYPE_CHECKING:
    from carbon.scenario import ScenarioResult

F = TypeVar("F", bound=Callable[..., Any])
VIEWS = ("totals", "targets", "categories", "abatement", "macc", "savings")


def _common(command: F) -> F:
    """The options shared by ``run`` and ``compare``."""
    options = [
        click.option("--baseline", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="Projection baseline CSV (latest inventory by activity and line)."),
        click.option("--baseline-year", default=None,
                     help="Financial year of the baseline (e.g. 2024/25) if it has no 'year' "
                          "column."),
        click.option("--actuals", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="Annual actuals CSV, for target base years before the baseline."),
        click.option("--grid-factors", type=click.Path(exists=True, dir_okay=False),
                     default=None, help="Replacement grid electricity factor table (CSV)."),
        click.option("--draws", type=click.IntRange(min=0), default=None,
                     help="Monte Carlo draws (default: the scenario file's; 0 = none)."),
        click.option("--seed", type=int, default=None, help="Monte Carlo seed."),
        click.option("--footprint", default="nhs_carbon_footprint", show_default=True,
                     help="Footprint of the totals view and the charts."),
        format_option, out_option, plot_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group()
def scenario() -> None:
    """Project the latest inventory under green plan scenarios (TOML files)."""


def _run(ctx: click.Context, source: str, baseline: str | None, baseline_year: str | None,
         actuals: str | None, grid_factors: str | None, draws: int | None,
         seed: int | None) -> ScenarioResult:
    from carbon.grid_factors import load_grid_factors
    from carbon.periods import parse_period
    from carbon.scenario import run_scenario

    frame, name = load_baseline(ctx, baseline, baseline_year)
    year = parse_period(baseline_year) if baseline_year else None
    if year is not None and year.kind != "financial_year":
        raise click.BadParameter("give a financial year such as 2024/25", ctx,
                                 param_hint="--baseline-year")
    result = run_scenario(
        source, frame, file=name, baseline_year=year.start_year if year else None,
        actuals=load_optional_actuals(ctx, actuals),
        grid=load_grid_factors(grid_factors) if grid_factors else None, draws=draws, seed=seed)
    for skipped in result.skipped:
        click.echo(f"note: {result.id}: intervention {skipped!r} left out: the baseline has "
                   "none of the activity it acts on", err=True)
    return result


@scenario.command("run")
@click.argument("source")
@click.option("--view", type=click.Choice(VIEWS), default="totals", show_default=True,
              help="What to print: totals per year, target checks, emissions by category, "
                   "abatement bridge, the MACC, or savings per intervention (tCO2e, GBP).")
@click.option("--waterfall", "waterfall_plot", type=click.Path(dir_okay=False), default=None,
              callback=writable_file,
              help="Also draw the abatement waterfall (last projected year) to this file.")
@click.option("--macc", "macc_plot", type=click.Path(dir_okay=False), default=None,
              callback=writable_file,
              help="Also draw the marginal abatement cost curve to this file.")
@_common
@click.pass_context
def run(ctx: click.Context, source: str, view: str, waterfall_plot: str | None,
        macc_plot: str | None, baseline: str | None, baseline_year: str | None,
        actuals: str | None, grid_factors: str | None, draws: int | None, seed: int | None,
        footprint: str, fmt: str, out: str | None, plot: str | None) -> None:
    """Run SOURCE (a scenario TOML file or a preset id) on the baseline."""
    result = _run(ctx, source, baseline, baseline_year, actuals, grid_factors, draws, seed)
    table = {
        "totals": lambda: result.totals(footprint),
        "targets": result.target_checks,
        "categories": result.frame,
        "abatement": lambda: result.waterfall(footprint=footprint),
        "macc": result.macc,
        "savings": lambda: result.savings(footprint),
    }[view]()
    emit(for_humans(table, fmt), fmt, out)
    for path, draw in ((plot, lambda: result.trajectory_chart(footprint)),
                       (waterfall_plot, lambda: result.waterfall_chart(footprint=footprint)),
                       (macc_plot, result.macc_chart)):
        if path:
            draw().save(path)
            click.echo(f"wrote {path}", err=True)


@scenario.command("compare")
@click.argument("sources", nargs=-1, required=True)
@click.option("--view", type=click.Choice(("totals", "targets")), default="totals",
              show_default=True, help="Totals per scenario and year, or target checks.")
@_common
@click.pass_context
def compare(ctx: click.Context, sources: tuple[str, ...], view: str, baseline: str | None,
            baseline_year: str | None, actuals: str | None, grid_factors: str | None,
            draws: int | None, seed: int | None, footprint: str, fmt: str, out: str | None,
            plot: str | None) -> None:
    """Compare two or more scenarios (files or preset ids) on the same baseline."""
    from carbon.comparison import compare as side_by_side

    if len(sources) < 2:
        raise click.UsageError("give at least two scenarios to compare", ctx)
    result = side_by_side([_run(ctx, s, baseline, baseline_year, actuals, grid_factors, draws,
                                seed) for s in sources])
    table = result.totals(footprint) if view == "totals" else result.target_checks()
    emit(for_humans(table, fmt), fmt, out)
    if plot:
        result.trajectory_chart(footprint).save(plot)
        click.echo(f"wrote {plot}", err=True)


@scenario.command("presets")
@format_option
@out_option
def presets(fmt: str, out: str | None) -> None:
    """List the example scenarios shipped in scenarios/."""
    import pandas as pd

    from carbon.scenario_file import load_scenario, scenario_presets

    rows = []
    for sid in scenario_presets():
        spec = load_scenario(sid)
        rows.append({"id": sid, "name": spec.scenario.name,
                     "interventions": len(spec.intervention),
                     "description": spec.scenario.description})
    emit(pd.DataFrame(rows), fmt, out)
