"""Reader of the NHS Sustainable Development Unit (SDU) carbon factor table.

The table (``../shared/data/sdu/``, from the SDU reporting portal) has one row per factor and
one column per NHS financial year, ``2007-08`` to ``2020-21``; each column becomes a named set
``sdu:2019-20`` so historical NHS returns can be reproduced. The columns hold calendar-year
Defra/BEIS factors (2019-20 = BEIS 2019) plus SDU assumptions: "total" rows that bundle direct,
WTT and T&D factors, clinical waste, anaesthetic gases (tCO2e per litre) and spend factors.

Units are as the table prints them, except where ``factors/sdu_units.csv`` (reviewed, with a
reason per row) says otherwise: fuel kWh are gross calorific value, flights and rail are per
passenger km, anaesthetic gases are tonnes CO2e per litre. Rows listed twice with equal values
are kept once.

Spend factors (kgCO2e per £: the eClass categories and the SDU EEIO categories per organisation
type) are imported like the others. The table marks two eClass categories (fuel, light, power
and water; transportation) with ``-1``: no spend factor, their emissions come from activity
data. A ``-1`` spend factor is therefore imported as blank (not published), never as a negative
factor. The table states no price year or price basis for its money (domain doc 3.5); the set
metadata says so (``factors/sources.toml``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from carbon import resources
from carbon.errors import InputFileError
from carbon.factorsets.labels import clean, slug
from carbon.factorsets.schema import normalise_table
from carbon.factorsets.unit_text import canonical_unit

UNITS_FILE = "sdu_units.csv"
_YEAR_COLUMN = re.compile(r"^(?P<a>\d{4})-(?P<b>\d{2})$")
_SCOPES = {"1": "1", "2": "2", "3": "3", "outside": "outside", "n/a": ""}
_REQUIRED = ("category", "name", "unit", "scope")
#: Value the table prints for a spend category that has no factor.
_NO_SPEND_FACTOR = -1.0
_NO_SPEND_NOTE = ("-1 in the SDU table: no spend factor for this category (its emissions are "
                  "counted from activity data)")


@dataclass(frozen=True)
class SduTable:
    """All financial years of the SDU table.

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        Factor table per financial-year column (``"2019-20"`` -> table).
    excluded_rows : int
        Duplicate rows kept once.
    """

    tables: dict[str, pd.DataFrame]
    excluded_rows: int


def is_sdu_table(path: Path) -> bool:
    """True for a CSV whose header has category, name, unit, scope and year columns."""
    if path.suffix.lower() != ".csv":
        return False
    header = pd.read_csv(path, nrows=0).columns
    return set(_REQUIRED) <= set(header) and any(_YEAR_COLUMN.match(c) for c in header)


def _overrides() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(resources.read_text("carbon.factors", UNITS_FILE))))


def _units(frame: pd.DataFrame, file: str) -> tuple[pd.Series, pd.Series]:
    activity = pd.Series([canonical_unit(u, file=file, row=i + 2, column="unit")
                          for i, u in zip(frame.index, frame["unit"], strict=True)],
                         index=frame.index, dtype=object)
    numerator = pd.Series("kgCO2e", index=frame.index, dtype=object)
    for rule in _overrides():
        hit = frame["category"] == rule["category"]
        if rule["name"] != "*":
            hit &= frame["name"] == rule["name"]
        if not hit.any():
            raise InputFileError("a unit override matches no row", file=UNITS_FILE,
                                 value=(rule["category"], rule["name"]))
        if rule["activity_unit"]:
            activity[hit] = canonical_unit(rule["activity_unit"], file=UNITS_FILE)
        if rule["numerator_unit"]:
            numerator[hit] = canonical_unit(rule["numerator_unit"], file=UNITS_FILE)
    return activity, numerator


def read_sdu_table(path: Path) -> SduTable:
    """Read the SDU factor table into one factor table per financial year.

    Parameters
    ----------
    path : pathlib.Path
        ``sdu-nhs-carbon-factors-2007-08-to-2020-21.csv``.

    Returns
    -------
    SduTable

    Raises
    ------
    InputFileError
        For a missing column, a non-numeric factor, an unknown scope, or a row listed twice
        with different values.
    """
    name = path.name
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in _REQUIRED if c not in frame.columns]
    years = [c for c in frame.columns if _YEAR_COLUMN.match(c)]
    if missing or not years:
        raise InputFileError("not an SDU factor table", file=name,
                             value=missing or "no year columns",
                             expected="category, name, unit, scope and 2019-20 style columns")
    for column in ("category", "name", "unit", "scope", "comments"):
        if column in frame:
            frame[column] = frame[column].map(clean)
    activity, numerator = _units(frame, name)
    frame["factor_id"] = [f"{slug(c)}/{slug(n)}/{slug(u)}"
                          for c, n, u in zip(frame["category"], frame["name"], activity,
                                             strict=True)]
    values = frame[years].apply(lambda c: pd.to_numeric(c.replace("", None), errors="coerce"))
    text = frame[years].ne("") & values.isna()
    if text.any().any():
        row, column = next((r, c) for c in years for r in frame.index[text[c]])
        raise InputFileError("factor is not a number", file=name, row=row + 2, column=column,
                             value=frame.loc[row, column])
    duplicated = frame["factor_id"].duplicated(keep="first")
    for row in frame.index[duplicated]:
        factor_id = frame.loc[row, "factor_id"]
        first = frame.index[frame["factor_id"] == factor_id][0]
        if not values.loc[first].equals(values.loc[row]):
            raise InputFileError("a row is listed twice with different values", file=name,
                                 row=row + 2, value=factor_id,
                                 fix=f"compare with row {first + 2}")
    values, note = _blank_spend_sentinels(values, activity, frame.get("comments", ""))
    scope = frame["scope"].str.casefold().map(_SCOPES)
    if scope.isna().any():
        bad = frame.index[scope.isna()][0]
        raise InputFileError("unknown scope", file=name, row=bad + 2, column="scope",
                             value=frame.loc[bad, "scope"], expected="1, 2, 3, Outside or N/A")
    keep = ~duplicated
    category = frame["category"]
    base = pd.DataFrame({
        "factor_id": frame["factor_id"], "scope": scope, "level_1": category,
        "level_2": frame["name"], "uom": frame["unit"], "activity_unit": activity,
        "numerator_unit": numerator,
        "wtt": category.str.contains("WTT") | frame["name"].str.contains("WTT"),
        "td": category.str.contains("T&D") | frame["name"].str.contains(" TD"),
        "outside_of_scopes": scope == "outside",
        "note": note,
        "source_ref": [f"row {i + 2}" for i in frame.index],
    })[keep]
    tables = {year: normalise_table(base.assign(value=values.loc[keep, year],
                                                gwp_basis="mixed"))
              for year in years}
    return SduTable(tables=tables, excluded_rows=int(duplicated.sum()))


def _blank_spend_sentinels(values: pd.DataFrame, activity: pd.Series,
                           comments: pd.Series | str) -> tuple[pd.DataFrame, pd.Series]:
    """Spend rows printing -1 (no factor) become blank, with a note saying why."""
    spend = (activity == "GBP").to_numpy()
    sentinel = values.eq(_NO_SPEND_FACTOR).to_numpy() & spend[:, None]
    note = pd.Series(comments, index=values.index, dtype=object).fillna("")
    flagged = sentinel.any(axis=1)
    note[flagged] = _NO_SPEND_NOTE
    return values.mask(sentinel), note


def financial_year_label(column: str) -> str:
    """``2019-20`` -> ``2019/20`` (the label of :class:`carbon.periods.ReportingPeriod`)."""
    match = _YEAR_COLUMN.match(column)
    if not match:
        raise InputFileError("not a financial-year column", value=column, expected="2019-20")
    return f"{match.group('a')}/{match.group('b')}"
