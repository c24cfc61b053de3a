"""Reader of the DESNZ conversion-factor full set (one sheet per emission source).

The full set is the main DESNZ publication; 2025 and 2026 have no flat file in
``../shared/data``. Each emission sheet prints ``Emissions source:`` (the flat file's Level 1)
and ``Scope:`` near the top, then one or more tables:

- a header row starting ``Activity`` with a ``Unit`` column: the columns before ``Unit`` are
  Levels 2-4 (merged cells, so a blank means "same as above"; a new label resets the deeper
  levels); a ``Year`` column after ``Unit`` is the year DESNZ prints beside electricity and
  heat factors (the flat files carry it in Level 4, and so does this reader);
- value columns headed by GHG labels (``kg CO2e``, ``kg CO2e of CO2 per unit`` ...);
- in wide tables the row above the header names column groups (``Diesel``, ``Petrol``,
  ``With RF``, ``0% Laden`` ...), which are the flat file's Column Text.

A table ends at the first row with no unit. The same rows as the flat file come out: the 2025
full set reproduces every value of the 2025 flat-file CSV export (tested).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from carbon.errors import InputFileError
from carbon.factorsets.desnz_rows import RAW_COLUMNS
from carbon.factorsets.labels import clean
from carbon.factorsets.publication import (
    Publication,
    column_letter,
    departments,
    gwp_sentence,
    labelled_fields,
)

INTRODUCTION = "Introduction"
_EMISSION_SCOPES = {"scope 1", "scope 2", "scope 3", "outside of scopes"}
_META_ROWS = 12


def is_full_set(path: Path) -> bool:
    """True when the file is a workbook with the full set's ``Introduction`` and ``Fuels``
    sheets."""
    import python_calamine

    try:
        names = set(python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names)
    except python_calamine.CalamineError:
        return False
    return {INTRODUCTION, "Fuels"} <= names


def _tables(name: str, sheet: pd.DataFrame, level_1: str, scope: str) -> list[dict[str, object]]:
    cells = [[clean(v) for v in row] for row in sheet.itertuples(index=False)]
    values = sheet.to_numpy()
    out: list[dict[str, object]] = []
    position = 0
    while position < len(cells):
        header = cells[position]
        if not (header and header[0] == "Activity" and "Unit" in header):
            position += 1
            continue
        unit_at = header.index("Unit")
        year_at = unit_at + 1 if unit_at + 1 < len(header) and header[unit_at + 1] == "Year" \
            else None
        first_value = (year_at if year_at is not None else unit_at) + 1
        groups_row = cells[position - 1] if position else [""] * len(header)
        group, groups = "", {}
        for column in range(first_value, len(header)):
            group = groups_row[column] or group
            groups[column] = group
        value_columns = [c for c in range(first_value, len(header)) if header[c]]
        labels = [""] * unit_at
        position += 1
        while position < len(cells) and cells[position][unit_at]:
            row = cells[position]
            for level in range(unit_at):
                if row[level]:
                    labels[level] = row[level]
                    labels[level + 1:] = [""] * (unit_at - level - 1)
            path = [*labels, "", ""][:3]
            level_4 = path[2] if unit_at > 2 else (row[year_at] if year_at is not None else "")
            for column in value_columns:
                out.append({
                    "scope": scope, "level_1": level_1, "level_2": path[0],
                    "level_3": path[1], "level_4": level_4, "column_text": groups[column],
                    "uom": row[unit_at], "ghg": header[column],
                    "value": values[position][column],
                    "source_ref": f"{name}!{column_letter(column)}{position + 1}",
                    "desnz_id": "",
                })
            position += 1
    return out


def read_full_set(path: Path) -> Publication:
    """Read a full-set workbook into published rows and metadata.

    Parameters
    ----------
    path : pathlib.Path
        ``ghg-conversion-factors-YYYY-full-set.xlsx``.

    Returns
    -------
    Publication
        Rows in the flat-file layout (:data:`carbon.factorsets.desnz_rows.RAW_COLUMNS`),
        year, version, publisher and the sentence stating the GWP basis.

    Raises
    ------
    InputFileError
        If the workbook has no emission sheets or states no year.
    """
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="calamine")
    except (ValueError, OSError) as exc:
        raise InputFileError(f"cannot read the workbook: {exc}", file=path.name) from None
    rows: list[dict[str, object]] = []
    for name, sheet in sheets.items():
        fields = labelled_fields(sheet.head(_META_ROWS))
        scope = fields.get("Scope", "")
        if scope.casefold() in _EMISSION_SCOPES:
            rows.extend(_tables(name, sheet, fields.get("Emissions source") or name, scope))
    intro = sheets.get(INTRODUCTION)
    fields = labelled_fields(intro.head(_META_ROWS)) if intro is not None else {}
    if not rows or not fields.get("Year", "").isdigit():
        raise InputFileError("no emission tables or no 'Year:' on the Introduction sheet",
                             file=path.name, expected="a DESNZ conversion-factor full set")
    return Publication(
        rows=pd.DataFrame(rows, columns=list(RAW_COLUMNS)),
        year=int(fields["Year"]),
        version=fields.get("Version", ""),
        updated="",
        publisher=departments(intro) if intro is not None else "",
        kind="desnz-fullset",
        gwp_statement=gwp_sentence(intro) if intro is not None else "",
    )
