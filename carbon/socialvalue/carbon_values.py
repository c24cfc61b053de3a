"""Carbon values for policy appraisal (GBP per tCO2e): importer, shipped table and look-up.

The project's table (``scenarios/social_value/carbon-values-<id>.csv``) has one row per year and
scenario::

    year,scenario,gbp_per_tco2e,price_year
    2030,central,294.50,2022

It is produced by :func:`import_carbon_values` from a long-format transcription of DESNZ Data
table 3 (columns ``year, base_year, series, scenario, value_gbp_per_tco2e``) and is read back
with :func:`load_carbon_values`. Values are per calendar year, in the prices of ``price_year``.

References
----------
DESNZ, *Valuation of energy use and greenhouse gas emissions for appraisal*, November 2023,
Data tables 1-19, Table 3 (see ``scenarios/social_value/index.toml``).
"""

from __future__ import annotations

from functools import cache
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import ConfigurationError, InputFileError, ReferenceDataError
from carbon.resources import read_text
from carbon.socialvalue.catalogue import FOLDER, PACKAGE, TableInfo, table_info

SCENARIOS = ("low", "central", "high")
COLUMNS = ("year", "scenario", "gbp_per_tco2e", "price_year")
SOURCE_COLUMNS = ("year", "base_year", "series", "scenario", "value_gbp_per_tco2e")


def import_carbon_values(path: str | Path) -> pd.DataFrame:
    """Read a DESNZ carbon-value transcription into the project's table layout.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV with columns ``year, base_year, series, scenario, value_gbp_per_tco2e``; values in
        GBP per tCO2e in the prices of ``base_year``.

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int), ``scenario`` (low/central/high), ``gbp_per_tco2e`` [GBP/tCO2e],
        ``price_year`` (int), sorted by year then scenario order.

    Raises
    ------
    InputFileError
        If a column is missing, a value is not a positive number, a scenario is unknown, price
        years differ, a year lacks a scenario, or a (year, scenario) repeats.
    """
    name = str(path)
    raw = pd.read_csv(path, dtype="string", keep_default_na=False)
    missing = [c for c in SOURCE_COLUMNS if c not in raw.columns]
    if missing:
        raise InputFileError(f"missing column(s) {', '.join(missing)}", file=name,
                             expected=", ".join(SOURCE_COLUMNS))
    for column in ("year", "base_year", "value_gbp_per_tco2e"):
        numbers = pd.to_numeric(raw[column], errors="coerce")
        bad = np.flatnonzero(numbers.isna().to_numpy() | (numbers <= 0).to_numpy())
        if len(bad):
            row = int(bad[0])
            raise InputFileError("not a positive number", file=name, row=row + 2, column=column,
                                 value=str(raw[column].iloc[row]),
                                 fix="correct the value or re-export the table")
    unknown = ~raw["scenario"].isin(SCENARIOS)
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0])
        raise InputFileError("unknown scenario", file=name, row=row + 2, column="scenario",
                             value=str(raw["scenario"].iloc[row]), expected=", ".join(SCENARIOS))
    if (raw["base_year"] != raw["base_year"].iloc[0]).any():
        raise InputFileError("the table mixes price years", file=name, column="base_year",
                             value=sorted(raw["base_year"].unique().tolist()),
                             fix="import one price base at a time")
    table = pd.DataFrame({
        "year": raw["year"].astype("int64"),
        "scenario": raw["scenario"].astype(str),
        "gbp_per_tco2e": raw["value_gbp_per_tco2e"].astype("float64"),
        "price_year": raw["base_year"].astype("int64"),
    })
    _check_complete(table, name)
    order = table["scenario"].map({s: i for i, s in enumerate(SCENARIOS)})
    return table.assign(_o=order).sort_values(["year", "_o"]).drop(columns="_o").reset_index(
        drop=True)


def _check_complete(table: pd.DataFrame, name: str) -> None:
    counts = table.groupby("year")["scenario"].agg(["size", "nunique"])
    bad = counts[(counts["size"] != len(SCENARIOS)) | (counts["nunique"] != len(SCENARIOS))]
    if len(bad):
        raise InputFileError("each year needs exactly one low, central and high value",
                             file=name, column="scenario", value=int(bad.index[0]))


def format_carbon_values(table: pd.DataFrame) -> str:
    """The table as CSV text (2 dp, ``\\n`` line ends): same table, same bytes."""
    return str(table.to_csv(index=False, lineterminator="\n", float_format="%.2f",
                            columns=list(COLUMNS)))


@cache
def _load(table_id: str) -> pd.DataFrame:
    info = table_info("carbon_values", table_id)
    text = read_text(PACKAGE, f"{FOLDER}/{info.file}")
    table = pd.read_csv(StringIO(text), dtype={"scenario": "string"})
    if tuple(table.columns) != COLUMNS or table.isna().any().any():
        raise ReferenceDataError(f"{FOLDER}/{info.file} is not a carbon-value table",
                                 expected=", ".join(COLUMNS))
    if set(table["price_year"]) != {info.price_year}:
        raise ReferenceDataError(f"{FOLDER}/{info.file}: price year differs from the catalogue",
                                 value=sorted(set(table["price_year"])),
                                 expected=str(info.price_year))
    table["scenario"] = table["scenario"].astype(str)
    return table


def load_carbon_values(table_id: str | None = None) -> tuple[pd.DataFrame, TableInfo]:
    """Return a shipped carbon-value table and its provenance.

    Parameters
    ----------
    table_id : str, optional
        Catalogue id; the default table when omitted.

    Returns
    -------
    (pandas.DataFrame, TableInfo)
        Columns ``year``, ``scenario``, ``gbp_per_tco2e`` [GBP/tCO2e], ``price_year``; a copy.
    """
    info = table_info("carbon_values", table_id)
    return _load(info.id).copy(), info


def carbon_value(year: int, scenario: str = "central", table_id: str | None = None) -> float:
    """One carbon value [GBP/tCO2e] in the table's price year.

    Raises
    ------
    ConfigurationError
        If the scenario is unknown or the year is outside the table.
    """
    table, info = load_carbon_values(table_id)
    return float(values_for(table, [year], scenario, info).iloc[0])


def values_for(table: pd.DataFrame, years: list[int] | np.ndarray, scenario: str,
               info: TableInfo) -> pd.Series:
    """Carbon values [GBP/tCO2e] for several years of one scenario, aligned with ``years``."""
    if scenario not in SCENARIOS:
        raise ConfigurationError("unknown carbon-value scenario", value=scenario,
                                 expected=", ".join(SCENARIOS))
    series = table.loc[table["scenario"] == scenario].set_index("year")["gbp_per_tco2e"]
    wanted = pd.Index(np.asarray(years, dtype="int64"))
    outside = wanted.difference(series.index)
    if len(outside):
        raise ConfigurationError(
            f"no carbon value for year {int(outside[0])} in table {info.id}",
            value=int(outside[0]),
            expected=f"{int(series.index.min())}-{int(series.index.max())}",
            fix="choose years the table covers or ship a table that covers them",
        )
    return series.reindex(wanted)
