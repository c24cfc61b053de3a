"""Reader of the DESNZ/BEIS conversion-factor flat file ("Factors by Category").

Handles every layout seen from 2016 to 2025 (``../shared/data/MANIFEST.md``):

- ``.xls`` (BIFF), ``.xlsx`` and a CSV export of the sheet, all read with calamine / pandas;
- the header row is found by content (the row holding ``Scope`` and ``Level 1``): Excel row 5
  to 2022, row 6 from 2023, row 1 in the CSV export;
- columns added and removed between editions (``ID`` from 2023; ``UOM (simple)`` and ``Lookup``
  2018-2021; ``GHG`` renamed ``GHG/Unit`` in 2022); the value column is
  ``GHG Conversion Factor <year>`` and gives the edition year;
- the front page (``Version:``, ``Year:``, ``Updated:``, the producing departments).

The rows are handed to :func:`carbon.factorsets.desnz_rows.assemble`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from carbon.errors import InputFileError
from carbon.factorsets.desnz_rows import RAW_COLUMNS
from carbon.factorsets.labels import clean
from carbon.factorsets.publication import Publication, column_letter, departments, labelled_fields

SHEET = "Factors by Category"
FRONT_PAGE = "Front page"
_VALUE_COLUMN = re.compile(r"^GHG Conversion Factor (?P<year>\d{4})$")
_RENAME = {"ID": "desnz_id", "Scope": "scope", "Level 1": "level_1", "Level 2": "level_2",
           "Level 3": "level_3", "Level 4": "level_4", "Column Text": "column_text",
           "UOM": "uom", "GHG": "ghg", "GHG/Unit": "ghg"}
#: Rows searched for the header.
_HEADER_SEARCH = 20


def is_flat_file(path: Path) -> bool:
    """True when the workbook has a ``Factors by Category`` sheet, or the CSV its header."""
    if path.suffix.lower() == ".csv":
        head = pd.read_csv(path, header=None, nrows=_HEADER_SEARCH, dtype=str,
                           keep_default_na=False)
        return _header_row(head) is not None
    import python_calamine

    try:
        sheets = python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names
    except python_calamine.CalamineError:
        return False
    return SHEET in sheets


def _header_row(sheet: pd.DataFrame) -> int | None:
    for position in range(min(_HEADER_SEARCH, len(sheet))):
        cells = {clean(v) for v in sheet.iloc[position].tolist()}
        if {"Scope", "Level 1"} <= cells:
            return position
    return None


def read_flat_file(path: Path) -> Publication:
    """Read a flat file into published rows and front-page metadata.

    Parameters
    ----------
    path : pathlib.Path
        ``.xls``, ``.xlsx`` or ``.csv`` export of the ``Factors by Category`` sheet.

    Returns
    -------
    Publication
        Rows (:data:`carbon.factorsets.desnz_rows.RAW_COLUMNS`), edition year, version,
        update date and publisher as printed.

    Raises
    ------
    InputFileError
        If the sheet, the header row or the value column cannot be found.
    """
    name = path.name
    if path.suffix.lower() == ".csv":
        sheet = pd.read_csv(path, header=None, dtype=str, keep_default_na=False)
        front: pd.DataFrame | None = None
    else:
        try:
            sheets = pd.read_excel(path, sheet_name=None, header=None, engine="calamine")
        except (ValueError, OSError) as exc:
            raise InputFileError(f"cannot read the workbook: {exc}", file=name) from None
        if SHEET not in sheets:
            raise InputFileError(f"no {SHEET!r} sheet", file=name,
                                 expected="a DESNZ conversion-factor flat file")
        sheet, front = sheets[SHEET], sheets.get(FRONT_PAGE)
    header = _header_row(sheet)
    if header is None:
        raise InputFileError("no header row with 'Scope' and 'Level 1'", file=name,
                             fix="check this is the DESNZ flat file (Factors by Category)")
    columns = [clean(v) for v in sheet.iloc[header].tolist()]
    value_columns = [(i, m) for i, c in enumerate(columns) if (m := _VALUE_COLUMN.match(c))]
    if len(value_columns) != 1:
        raise InputFileError("expected one 'GHG Conversion Factor <year>' column", file=name,
                             row=header + 1, value=columns)
    value_at, match = value_columns[0]
    body = sheet.iloc[header + 1:]
    raw = pd.DataFrame({_RENAME[c]: body.iloc[:, i] for i, c in enumerate(columns)
                        if c in _RENAME})
    raw["value"] = body.iloc[:, value_at]
    for column in RAW_COLUMNS:
        if column not in raw:
            raw[column] = ""
    raw["source_ref"] = ([f"line {i + 1}" for i in body.index] if path.suffix.lower() == ".csv"
                         else [f"{SHEET}!{column_letter(value_at)}{i + 1}" for i in body.index])
    raw = raw[raw["scope"].map(clean) != ""]
    fields = labelled_fields(front) if front is not None else {}
    return Publication(
        rows=raw.loc[:, list(RAW_COLUMNS)].reset_index(drop=True),
        year=int(match.group("year")),
        version=fields.get("Version", ""),
        updated=fields.get("Updated", ""),
        publisher=departments(front) if front is not None else "",
        kind="desnz-flat",
        gwp_statement="",
    )
