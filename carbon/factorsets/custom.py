"""Custom factor sets from CSV: supplier-specific factors, REGO-backed tariffs, local overrides.

Columns (docs/factors.md has a worked example):

=================  ========  ==============================================================
column             required  meaning
=================  ========  ==============================================================
factor_id          yes       id, unique in the file; reuse a DESNZ id to override that factor
                             when layered over a DESNZ set (``uk-electricity/...``), or a new
                             id (``supplier/acme-green-tariff/kwh``)
description        yes       what the factor is
activity_unit      yes       unit of the activity (``kWh``, ``tonne``, ``litre``, ``kWh (Gross
                             CV)`` ...)
value              yes       factor, finite and >= 0 [numerator_unit per activity_unit]
source             yes       where the value comes from (contract, supplier disclosure ...)
numerator_unit     no        ``kgCO2e`` (default), ``tCO2e`` or ``gCO2e``
scope              no        ``1``, ``2``, ``3`` or ``outside``
co2, ch4, n2o      no        per-gas parts on the set's GWP basis, >= 0
gwp_basis          no        ``AR4``, ``AR5``, ``AR6`` ...
wtt, td,           no        flags: true/false, yes/no, 1/0
outside_of_scopes
valid_from,        no        first and last calendar year the factor may be used for
valid_to
verified           no        false when the figure still needs checking (default true)
note               no        free text
=================  ========  ==============================================================

Every problem is reported with file, row (as a spreadsheet shows it, header = 1), column,
value and a fix; :func:`check_custom_frame` lists them all, :func:`read_custom_csv` raises on
them.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import pandas as pd

from carbon import units
from carbon.errors import CarbonError, InputFileError
from carbon.factorsets.gwp import bases
from carbon.factorsets.schema import normalise_table
from carbon.factorsets.unit_text import canonical_unit

REQUIRED = ("factor_id", "description", "activity_unit", "value", "source")
OPTIONAL = ("numerator_unit", "scope", "co2", "ch4", "n2o", "gwp_basis", "wtt", "td",
            "outside_of_scopes", "valid_from", "valid_to", "verified", "note")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*(/[a-z0-9][a-z0-9_.\-]*)*$")
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}
_SCOPES = {"1", "2", "3", "outside", ""}
_YEARS = (1990, 2100)


def _problem(row: int, column: str, value: object, reason: str, fix: str) -> dict[str, object]:
    return {"row": row, "column": column, "value": value, "reason": reason, "fix": fix}


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def check_custom_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """All problems of a custom factor table, one row each (empty when the table is valid).

    Parameters
    ----------
    frame : pandas.DataFrame
        The CSV read as text (``dtype=str``, blanks as ``""``).

    Returns
    -------
    pandas.DataFrame
        ``row`` (spreadsheet row, header = 1), ``column``, ``value``, ``reason``, ``fix``.
    """
    problems: list[dict[str, object]] = []
    missing = [c for c in REQUIRED if c not in frame.columns]
    for column in missing:
        problems.append(_problem(1, column, None, "required column is missing",
                                 f"add a {column!r} column (required: {', '.join(REQUIRED)})"))
    unknown = [c for c in frame.columns if c not in (*REQUIRED, *OPTIONAL)]
    for column in unknown:
        problems.append(_problem(1, column, column, "unknown column",
                                 f"rename or remove it; known columns: "
                                 f"{', '.join((*REQUIRED, *OPTIONAL))}"))
    if missing:
        return pd.DataFrame(problems, columns=["row", "column", "value", "reason", "fix"])
    known_bases = {*bases(), ""}
    seen: dict[str, int] = {}
    for position, record in enumerate(frame.to_dict("records")):
        row = position + 2
        get = {k: str(v).strip() for k, v in record.items()}
        factor_id = get["factor_id"]
        if not _ID.match(factor_id):
            problems.append(_problem(row, "factor_id", factor_id, "not a valid factor id",
                                     "use lower-case words joined by '-' and '/', e.g. "
                                     "'supplier/green-tariff/kwh'"))
        elif factor_id in seen:
            problems.append(_problem(row, "factor_id", factor_id,
                                     f"duplicate id (first on row {seen[factor_id]})",
                                     "give every factor its own id"))
        else:
            seen[factor_id] = row
        for column, say in (("description", "what the factor is"),
                            ("source", "where the value comes from")):
            if not get[column]:
                problems.append(_problem(row, column, "", "must not be empty", f"say {say}"))
        for column, dimension in (("activity_unit", None), ("numerator_unit", "co2e")):
            text = get.get(column, "") or ("kgCO2e" if column == "numerator_unit" else "")
            try:
                unit = units.parse_unit(text)
            except CarbonError as exc:
                problems.append(_problem(row, column, text, exc.message,
                                         exc.fix or "see carbon/unit_aliases.csv"))
                continue
            if dimension and units.dimension_name(unit) != dimension:
                problems.append(_problem(row, column, text, "not a mass of CO2e",
                                         "use kgCO2e, tCO2e or gCO2e"))
        for column in ("value", "co2", "ch4", "n2o"):
            text = get.get(column, "")
            if not text and column != "value":
                continue
            number = _number(text)
            if number is None or not math.isfinite(number) or number < 0:
                problems.append(_problem(row, column, text,
                                         "must be a finite number >= 0",
                                         "write the factor as a plain number, e.g. 0.207"))
        if get.get("scope", "").casefold() not in _SCOPES:
            problems.append(_problem(row, "scope", get["scope"], "unknown scope",
                                     "use 1, 2, 3 or outside (or leave blank)"))
        if get.get("gwp_basis", "") not in known_bases:
            problems.append(_problem(row, "gwp_basis", get["gwp_basis"], "unknown GWP basis",
                                     f"use one of {', '.join(sorted(known_bases - {''}))}"))
        for column in ("wtt", "td", "outside_of_scopes", "verified"):
            if get.get(column, "").casefold() not in _TRUE | _FALSE:
                problems.append(_problem(row, column, get[column], "not a true/false flag",
                                         "write true or false"))
        years = []
        for column in ("valid_from", "valid_to"):
            text = get.get(column, "")
            if text and not (text.isdigit() and _YEARS[0] <= int(text) <= _YEARS[1]):
                problems.append(_problem(row, column, text, "not a calendar year",
                                         "write a year such as 2024"))
            elif text:
                years.append(int(text))
        if len(years) == 2 and years[0] > years[1]:
            problems.append(_problem(row, "valid_to", get["valid_to"],
                                     "valid_to is before valid_from", "swap the two years"))
    return pd.DataFrame(problems, columns=["row", "column", "value", "reason", "fix"])


def custom_table(frame: pd.DataFrame, *, file: str, gwp_basis: str = "") -> pd.DataFrame:
    """Validate a custom factor table and return it as a factor table.

    Parameters
    ----------
    frame : pandas.DataFrame
        The CSV read as text.
    file : str
        File name, for messages.
    gwp_basis : str
        Basis for rows that leave ``gwp_basis`` blank.

    Raises
    ------
    InputFileError
        Naming file, row, column, value and fix of the first problem, and how many more there
        are.
    """
    problems = check_custom_frame(frame)
    if not problems.empty:
        first = problems.iloc[0]
        more = f" ({len(problems) - 1} more problem(s) in this file)" if len(problems) > 1 \
            else ""
        raise InputFileError(f"{first['reason']}{more}", file=file, row=int(first["row"]),
                             column=str(first["column"]), value=first["value"],
                             fix=str(first["fix"]))
    table = frame.copy()
    for column in OPTIONAL:
        if column not in table:
            table[column] = ""
    table["numerator_unit"] = table["numerator_unit"].replace("", "kgCO2e")
    for column in ("activity_unit", "numerator_unit"):
        table[column] = [canonical_unit(u, file=file, column=column) for u in table[column]]
    table["uom"] = frame["activity_unit"]
    for column in ("value", "co2", "ch4", "n2o"):
        table[column] = pd.to_numeric(table[column].str.replace(",", "").replace("", None))
    for column in ("wtt", "td", "outside_of_scopes"):
        table[column] = table[column].str.casefold().isin(_TRUE)
    table["verified"] = ~table["verified"].str.casefold().isin(_FALSE - {""})
    table["scope"] = table["scope"].str.casefold()
    table["gwp_basis"] = table["gwp_basis"].replace("", gwp_basis)
    for column in ("valid_from", "valid_to"):
        table[column] = pd.to_numeric(table[column].replace("", None))
    table["source_ref"] = [f"{file} row {i + 2}" for i in range(len(table))]
    return normalise_table(table)


def read_custom_text(text: str, *, file: str, gwp_basis: str = "") -> pd.DataFrame:
    """Validate custom factor CSV text (a shipped table) and return a factor table."""
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return custom_table(frame, file=file, gwp_basis=gwp_basis)


def read_custom_csv(path: Path | str, *, gwp_basis: str = "") -> pd.DataFrame:
    """Read and validate a custom factor CSV (see the module docstring for the columns).

    Returns
    -------
    pandas.DataFrame
        A factor table indexed by ``factor_id``.

    Raises
    ------
    InputFileError
        For the first problem found (file, row, column, value, fix).
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputFileError(f"cannot read the CSV: {exc}", file=path.name,
                             fix="save it as UTF-8 CSV with the header "
                                 + ",".join(REQUIRED)) from None
    return custom_table(frame, file=path.name, gwp_basis=gwp_basis)


def is_custom_csv(path: Path) -> bool:
    """True for a CSV whose header has the required custom-set columns."""
    if path.suffix.lower() != ".csv" or path.stat().st_size == 0:
        return False
    return set(REQUIRED) <= set(pd.read_csv(path, nrows=0).columns)
