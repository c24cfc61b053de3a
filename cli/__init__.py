"""The ``carbon`` command line: a thin click layer over the library functions.

Sub-commands are imported only when run (a lazy group), and their modules import pandas, pint
and the engine inside the command bodies, so ``carbon --help`` stays fast.

Errors: a :class:`carbon.errors.CarbonError` (or an OS error such as a missing or unwritable
file) is printed as one line on stderr with exit code 1; ``--debug`` (or ``CARBON_DEBUG=1``)
shows the traceback instead. Usage errors exit with 2 (click's convention). An unexpected
exception is a bug: one line asking for a report, exit code 70.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from typing import Any

import click

from carbon._version import __version__
from carbon.errors import CarbonError

#: Sub-command name -> (module:attribute, one-line help). The help text is here so that
#: ``carbon --help`` lists commands without importing them.
COMMANDS: dict[str, tuple[str, str]] = {
    "batches": ("carbon.cli.store:batches", "List load batches (file, layout, row counts)."),
    "change": ("carbon.cli.inventory:change",
               "Year-on-year change split into activity and factor effects."),
    "costs": ("carbon.cli.spend:costs",
              "Money beside carbon: GBP and tCO2e side by side, GBP per tCO2e and per kWh."),
    "completeness": ("carbon.cli.store:completeness",
                     "Half-hourly completeness per meter and month."),
    "demo": ("carbon.cli.demo:demo", "Write a sample trust's data and run the engine on it."),
    "explain": ("carbon.cli.inventory:explain",
                "Everything behind one figure: activity, factor, set, GWP basis, arithmetic."),
    "export": ("carbon.cli.store:export", "Export the activity store to Parquet by year."),
    "factors": ("carbon.cli.factors:factors",
                "Emission-factor sets: list, show, search, diff, import."),
    "history": ("carbon.cli.store:history", "List restatements (superseded rows) by batch."),
    "inventory": ("carbon.cli.inventory:inventory_command",
                  "Scope 1-3 inventory (location- and market-based) with provenance."),
    "load": ("carbon.cli.load:load", "Load activity files (meter data, bills, returns) into "
             "the store."),
    "meters": ("carbon.cli.store:meters", "List the workspace's meter schedule."),
    "quarantine": ("carbon.cli.store:quarantine", "Show quarantined rows and why."),
    "recalculate": ("carbon.cli.inventory:recalculate",
                    "Base-year recalculation for method and structural changes."),
    "rerun": ("carbon.cli.rerun:rerun",
              "Make an output again from its run record and compare it byte for byte."),
    "report": ("carbon.cli.report:report",
               "Write the board report (HTML, PDF, workbook, SECR table, JSON) for a year."),
    "scenario": ("carbon.cli.scenario:scenario",
                 "Project the latest inventory under green plan scenarios."),
    "secr": ("carbon.cli.report:secr",
             "Print the SECR disclosure (energy kWh, tCO2e by scope, intensity) for a year."),
    "social-value": ("carbon.cli.socialvalue:social_value",
                     "Social value metrics with RAG status, carbon values, JSON schema."),
    "spend": ("carbon.cli.spend:spend",
              "Supply chain from the procurement ledger: spend, tCO2e, supplier coverage."),
    "targets": ("carbon.cli.trajectory:targets", "List the target presets with their sources."),
    "taxonomy": ("carbon.cli.reference:taxonomy", "List the activity types data can be loaded as."),
    "trajectory": ("carbon.cli.trajectory:trajectory",
                   "Check annual actuals against a Net Zero target, year by year."),
    "units": ("carbon.cli.reference:units", "Parse and convert units as the engine does."),
    "validate": ("carbon.cli.reference:validate",
                 "Check a canonical activity CSV against the contract."),
}

EXIT_ERROR = 1
EXIT_BUG = 70


class LazyGroup(click.Group):
    """A click group that imports a sub-command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target[0].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target[0]} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="carbon")
@click.option("--debug", is_flag=True, envvar="CARBON_DEBUG",
              help="Show the full traceback when a command fails.")
@click.option("--workspace", type=click.Path(file_okay=False), envvar="CARBON_WORKSPACE",
              default="carbon-workspace", show_default=True,
              help="Folder holding the store and outputs (env CARBON_WORKSPACE).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, workspace: str) -> None:
    """NHS green plan carbon accounting: load activity data, build Scope 1-3 inventories
    with versioned UK emission factors, check Net Zero trajectories and write board reports.

    Start with 'carbon demo'. Every command has --help.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["workspace"] = workspace


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``carbon`` console script and ``python -m carbon``."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or os.environ.get("CARBON_DEBUG", "") not in ("", "0")
    # numpy asks Linux for huge pages on large arrays; where the kernel then compacts memory
    # synchronously (THP defrag 'madvise', a common default) page faults stall. The command
    # opts out before numpy loads, unless the user chose (decision 0031).
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    try:
        cli.main(args=args, prog_name="carbon", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("carbon: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (CarbonError, OSError) as exc:
        _report(exc, debug, EXIT_ERROR, prefix="error")
    except Exception as exc:  # a bug: say so in one line, keep the traceback behind --debug
        _report(exc, debug, EXIT_BUG, prefix="internal error",
                suffix=" (this is a bug: rerun with --debug and report it)")


def _report(exc: BaseException, debug: bool, code: int, *, prefix: str, suffix: str = "") -> Any:
    if debug:
        traceback.print_exception(exc)
    text = str(exc) if isinstance(exc, CarbonError) else f"{type(exc).__name__}: {exc}"
    click.echo(f"carbon: {prefix}: {' '.join(text.split())}{suffix}", err=True)
    sys.exit(code)
