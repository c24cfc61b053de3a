"""Re-basing money to another price year with a GDP deflator table.

A value in the prices of year ``a`` is expressed in the prices of year ``b`` as
``value * index[b] / index[a]`` (HM Treasury Green Book practice). The deflator is a shipped
table with its source (``scenarios/social_value/index.toml``); without a table covering both
years the engine refuses to re-base rather than guess an inflation rate.
"""

from __future__ import annotations

from functools import cache
from io import StringIO

import pandas as pd

from carbon.errors import ConfigurationError, ReferenceDataError
from carbon.resources import read_text
from carbon.socialvalue.catalogue import FOLDER, PACKAGE, TableInfo, table_info


@cache
def _load(table_id: str) -> pd.Series:
    info = table_info("deflators", table_id)
    table = pd.read_csv(StringIO(read_text(PACKAGE, f"{FOLDER}/{info.file}")))
    if list(table.columns) != ["year", "index"] or table.isna().any().any() or (
            table["index"] <= 0).any() or table["year"].duplicated().any():
        raise ReferenceDataError(f"{FOLDER}/{info.file} is not a deflator table",
                                 expected="columns year,index with one positive index a year")
    return table.set_index("year")["index"].astype("float64")


def load_deflator(table_id: str | None = None) -> tuple[pd.Series, TableInfo]:
    """Return a shipped GDP deflator index (by calendar year) and its provenance."""
    info = table_info("deflators", table_id)
    return _load(info.id).copy(), info


def rebase_factor(from_year: int, to_year: int, table_id: str | None = None) -> float:
    """Multiplier taking money in ``from_year`` prices to ``to_year`` prices [dimensionless].

    Raises
    ------
    ConfigurationError
        If the deflator table does not cover both years.
    """
    if from_year == to_year:
        return 1.0
    index, info = load_deflator(table_id)
    for year in (from_year, to_year):
        if year not in index.index:
            raise ConfigurationError(
                f"cannot re-base to or from {year} prices: deflator table {info.id} covers "
                f"{int(index.index.min())}-{int(index.index.max())}",
                value=year, fix="choose a price year the deflator covers (or keep the table's "
                "own price year)",
            )
    return float(index[to_year] / index[from_year])
