"""What a DESNZ reader returns, and the metadata fields printed in the workbooks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from carbon.factorsets.labels import clean

_ACRONYM = re.compile(r"Department for [^()]+\((?P<acronym>[A-Za-z]+)\)")
_GWP_SENTENCE = re.compile(r"[^.]*Assessment Report \((?P<basis>AR\d)\)[^.]*\.")


@dataclass(frozen=True)
class Publication:
    """Published rows of one DESNZ edition and the metadata printed in it.

    Attributes
    ----------
    rows : pandas.DataFrame
        One row per published cell row (:data:`carbon.factorsets.desnz_rows.RAW_COLUMNS`).
    year : int
        Edition year (the calendar year the factors are for).
    version, updated, publisher : str
        As printed ("1.1", "2024-10-18", "DESNZ and Defra"); empty when not printed.
    kind : str
        ``desnz-flat`` or ``desnz-fullset``.
    gwp_statement : str
        The sentence stating the GWP basis, when the workbook has one.
    """

    rows: pd.DataFrame
    year: int
    version: str
    updated: str
    publisher: str
    kind: str
    gwp_statement: str

    @property
    def stated_gwp_basis(self) -> str | None:
        """``AR5`` ... when :attr:`gwp_statement` names an assessment report."""
        match = _GWP_SENTENCE.search(self.gwp_statement)
        return match.group("basis") if match else None


def column_letter(position: int) -> str:
    """Excel column letters of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text(value: object) -> str:
    if isinstance(value, datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


def labelled_fields(sheet: pd.DataFrame) -> dict[str, str]:
    """``Label:`` cells and the first non-empty cell to their right (first occurrence wins).

    Parameters
    ----------
    sheet : pandas.DataFrame
        A sheet read with ``header=None``.

    Returns
    -------
    dict
        ``{"Version": "1.1", "Year": "2024", "Updated": "2024-10-18", ...}``
    """
    fields: dict[str, str] = {}
    for row in sheet.itertuples(index=False):
        cells = list(row)
        for position, cell in enumerate(cells):
            label = clean(cell)
            if not label.endswith(":") or label[:-1] in fields:
                continue
            for value in cells[position + 1:]:
                text = _text(value)
                if text:
                    fields[label[:-1].strip()] = text
                    break
    return fields


def departments(sheet: pd.DataFrame) -> str:
    """Departments named as producers on a front page: ``BEIS and Defra``, ``DESNZ and Defra``."""
    found: list[str] = []
    for value in sheet.to_numpy().ravel():
        if isinstance(value, str):
            found.extend(m.group("acronym") for m in _ACRONYM.finditer(value))
    return " and ".join(dict.fromkeys(found))


def gwp_sentence(sheet: pd.DataFrame) -> str:
    """The first sentence in a sheet naming an IPCC assessment report, or ``""``."""
    for value in sheet.to_numpy().ravel():
        if isinstance(value, str):
            match = _GWP_SENTENCE.search(" ".join(value.split()))
            if match:
                return match.group(0).strip()
    return ""
