"""Where the trajectory and scenario commands get their input tables.

Each loader is one small function so that it can later default to the inventory computed from
the store (``ctx.obj["workspace"]``) when no file is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    import pandas as pd


def load_actuals(ctx: click.Context, path: str | None) -> pd.DataFrame:
    """Annual actuals from ``--actuals FILE`` (CSV, contract in docs/trajectories.md)."""
    if path is None:
        raise click.UsageError("--actuals FILE is required (annual actuals, see "
                               "docs/trajectories.md)", ctx)
    from carbon.trajectory_inputs import read_table, validate_actuals

    return validate_actuals(read_table(path), file=path)


def load_optional_actuals(ctx: click.Context, path: str | None) -> pd.DataFrame | None:
    """Annual actuals when ``--actuals FILE`` is given (scenario runs), else None."""
    return None if path is None else load_actuals(ctx, path)


def load_baseline(ctx: click.Context, path: str | None) -> tuple[pd.DataFrame, str]:
    """Projection baseline from ``--baseline FILE`` and the name to quote in errors."""
    if path is None:
        raise click.UsageError("--baseline FILE is required (projection baseline, see "
                               "docs/trajectories.md)", ctx)
    from carbon.trajectory_inputs import read_table

    return read_table(path), path


def load_denominators(path: str | None) -> pd.DataFrame | None:
    """Denominators for intensity targets from ``--denominators FILE``."""
    if path is None:
        return None
    from carbon.trajectory_inputs import read_table, validate_denominators

    return validate_denominators(read_table(path), file=path)
