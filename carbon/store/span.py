"""Which reporting periods the store holds activity for."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from carbon import resources
from carbon.errors import ConfigurationError
from carbon.periods import ReportingPeriod, financial_year_of
from carbon.store.database import STORE_FILE, Store


def financial_years(workspace: str | Path, *, complete: bool = True) -> list[ReportingPeriod]:
    """NHS financial years in which the store holds current (not superseded) activity.

    Parameters
    ----------
    workspace : str or Path
    complete : bool
        Only years in which activity starts in at least ``[reported_year] months`` of the
        months (``scopes/loading_rules.toml``, 10 of 12): the slivers a bill from 5 March puts in
        the previous year are not reported as years. False lists every year touched.

    Years are read from the distinct hours at which activity starts (a few thousand rows even
    for tens of millions of half-hours), so an interval starting at 23:00 UTC on 31 March is
    counted in the financial year it belongs to in local time.

    Raises
    ------
    ConfigurationError
        If the workspace has no store.
    """
    if not (Path(workspace) / STORE_FILE).is_file():
        raise ConfigurationError(
            f"no activity store in workspace {str(workspace)!r}",
            fix="load data first (carbon load FILE), or pass --workspace")
    with Store(workspace).connect() as con:
        hours = con.execute(
            "SELECT DISTINCT date_trunc('hour', period_start) AS hour FROM activity").df()
    if hours.empty:
        return []
    stamps = pd.to_datetime(hours["hour"]).dt.tz_localize("UTC")
    local = stamps.dt.tz_convert("Europe/London")
    table = pd.DataFrame({"year": financial_year_of(stamps), "month": local.dt.month})
    months = table.drop_duplicates().groupby("year").size()
    needed = int(resources.read_toml("carbon.scopes", "loading_rules.toml")
                 ["reported_year"]["months"]) if complete else 1
    return [ReportingPeriod.financial_year(int(y)) for y, n in months.items() if n >= needed]
