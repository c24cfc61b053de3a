"""Where the trajectory and scenario commands get their input tables.

A file given on the command line wins; otherwise the table is computed from the inventory of
the workspace's store (``ctx.obj["workspace"]``, :mod:`carbon.pipeline`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    import pandas as pd


def load_actuals(ctx: click.Context, path: str | None) -> pd.DataFrame:
    """Annual actuals from ``--actuals FILE`` (CSV, contract in docs/trajectories.md), else
    from the inventory of every year in the workspace's store."""
    if path is None:
        from carbon.pipeline import workspace_actuals

        return workspace_actuals(ctx.obj["workspace"])
    from carbon.trajectory_inputs import read_table, validate_actuals

    return validate_actuals(read_table(path), file=path)


def load_optional_actuals(ctx: click.Context, path: str | None) -> pd.DataFrame | None:
    """Annual actuals from a file or the store (scenario runs); None without either."""
    from carbon.store.database import STORE_FILE

    if path is None and not (Path(ctx.obj["workspace"]) / STORE_FILE).is_file():
        return None
    return load_actuals(ctx, path)


def load_baseline(ctx: click.Context, path: str | None,
                  year: str | None = None) -> tuple[pd.DataFrame, str]:
    """Projection baseline from ``--baseline FILE``, else from the inventory of ``year`` (or
    the latest year) in the workspace's store; and the name to quote in errors."""
    if path is None:
        from carbon.pipeline import workspace_baseline

        frame, label = workspace_baseline(ctx.obj["workspace"], year)
        return frame, f"the store's inventory of {label}"
    from carbon.trajectory_inputs import read_table

    return read_table(path), path


def load_denominators(path: str | None) -> pd.DataFrame | None:
    """Denominators for intensity targets from ``--denominators FILE``."""
    if path is None:
        return None
    from carbon.trajectory_inputs import read_table, validate_denominators

    return validate_denominators(read_table(path), file=path)
