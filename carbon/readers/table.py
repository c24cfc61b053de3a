"""The data rows of a file under its header, and vectorised parsing of text cells.

:class:`RawTable` holds every data cell as text under *normalised* column names (lower case,
``_ - .`` and runs of spaces folded to one space), with each row's line number. Numbers and dates
are parsed once per column (dates once per distinct value), never cell by cell in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Callable

    from carbon.readers.sniff import Source

_FOLD = re.compile(r"[\s_\-.]+")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_GROUPED_COMMA = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")

#: Date formats tried in order (UK day-first; ISO as written by spreadsheets).
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y",
                "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y/%m/%d")
MONTH_FORMATS = ("%Y-%m", "%b-%y", "%b %Y", "%B %Y", "%m/%Y", "%Y/%m", "%b-%Y", "%Y-%m-%d",
                 "%d/%m/%Y")


def normalise(name: str) -> str:
    """Fold a header text for comparison: ``"Settlement_Date "`` -> ``"settlement date"``."""
    return _FOLD.sub(" ", name.replace("\ufeff", "")).strip().lower()


@dataclass(frozen=True)
class RawTable:
    """Data rows of one file as text.

    Attributes
    ----------
    source_file : str
        File name.
    frame : pandas.DataFrame
        One column per header cell (normalised, made unique), cells as text.
    header : list of str
        The header as written in the file.
    lines : numpy.ndarray
        1-based line (or spreadsheet row) of each data row. [int64]
    header_line : int
        Line of the header.
    delimiter : str
        Used to show a row's raw text.
    notes : list of str
        Reading decisions for the load summary.
    raw_text : callable, optional
        Returns the raw text of rows by position, when ``frame`` does not hold every cell.
    """

    source_file: str
    frame: pd.DataFrame
    header: list[str]
    lines: np.ndarray
    header_line: int
    delimiter: str
    notes: list[str]
    raw_text: Callable[[np.ndarray], np.ndarray] | None = None

    def raw(self, positions: np.ndarray | list[int] | None = None) -> np.ndarray:
        """Raw text of data rows (cells joined by the delimiter), by row position."""
        if self.raw_text is not None and positions is not None:
            return self.raw_text(np.asarray(positions, dtype="int64"))
        picked = self.frame if positions is None else self.frame.iloc[np.asarray(positions)]
        if picked.empty:
            return np.array([], dtype=object)
        return picked.astype(str).agg(self.delimiter.join, axis=1).to_numpy(dtype=object)

    def has(self, *names: str) -> str | None:
        """The first of ``names`` (normalised) that is a column, or ``None``."""
        for name in names:
            key = normalise(name)
            if key in self.frame.columns:
                return key
        return None

    def column(self, *names: str) -> pd.Series:
        """Text of the first column among ``names`` that exists (stripped)."""
        found = self.has(*names)
        if found is None:
            raise KeyError(names[0])
        return self.frame[found].str.strip()


def build_table(source: Source, header_index: int, renames: dict[str, str]) -> RawTable:
    """Make a :class:`RawTable` from the rows below the header at ``header_index``.

    Parameters
    ----------
    renames : dict
        Normalised file header -> layout column name (from a mapping file).
    """
    from carbon.readers.sniff import all_rows

    rows, line_numbers = all_rows(source)
    header = rows[header_index]
    names: list[str] = []
    for cell in header:
        key = normalise(cell)
        key = renames.get(key, key)
        base, n = key or "column", 1
        while key in names or not key:
            n += 1
            key = f"{base} {n}"
        names.append(key)
    width = len(names)
    body = rows[header_index + 1:]
    cells = [(row + [""] * (width - len(row)))[:width] if len(row) != width else row
             for row in body]
    overflow = [i for i, row in enumerate(body) if len(row) > width and any(
        c.strip() for c in row[width:])]
    frame = pd.DataFrame(cells, columns=names, dtype="str") if cells else pd.DataFrame(
        {n: pd.Series(dtype="str") for n in names})
    notes = list(source.notes)
    if overflow:
        notes.append(f"{len(overflow)} row(s) have more cells than the header; extra cells "
                     "ignored")
    lines = np.asarray(line_numbers[header_index + 1:], dtype="int64")
    return RawTable(source_file=source.name, frame=frame, header=list(header), lines=lines,
                    header_line=line_numbers[header_index], delimiter=source.delimiter,
                    notes=notes)


def to_number(text: pd.Series, decimal: str = ".") -> tuple[np.ndarray, np.ndarray]:
    """Parse numbers written as text.

    Thousands separators are removed only where the grouping is unambiguous (``1,234.5`` with a
    decimal point; ``1.234,5`` with a decimal comma); ``12,5`` with a decimal point is refused
    rather than read as 125.

    Returns
    -------
    values : numpy.ndarray
        float64, NaN where empty or unparseable.
    bad : numpy.ndarray
        bool, True where a cell has text that is not a number.
    """
    stripped = text.fillna("").astype(str).str.strip()
    if decimal == ",":
        grouped = stripped.str.match(_GROUPED_COMMA)
        cleaned = stripped.where(~grouped, stripped.str.replace(".", "", regex=False))
        cleaned = cleaned.str.replace(",", ".", regex=False)
    else:
        grouped = stripped.str.match(_GROUPED)
        cleaned = stripped.where(~grouped, stripped.str.replace(",", "", regex=False))
    values = pd.to_numeric(cleaned.where(cleaned != "", None), errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan)
    bad = np.isnan(values) & (stripped != "").to_numpy()
    return values, bad


def to_date(text: pd.Series, formats: tuple[str, ...] = DATE_FORMATS
            ) -> tuple[np.ndarray, np.ndarray]:
    """Parse dates (day first, UK style) once per distinct value.

    Returns
    -------
    values : numpy.ndarray
        ``datetime64[ns]`` (naive: the calendar date or local time as written), NaT where bad.
    bad : numpy.ndarray
        bool, True where a cell is not a date in any of ``formats`` (or is empty).
    """
    codes, uniques = pd.factorize(text.fillna("").astype(str).str.strip())
    parsed = pd.Series(pd.NaT, index=range(len(uniques)), dtype="datetime64[ns]")
    todo = pd.Series(np.asarray(uniques, dtype=object))
    for fmt in formats:
        left = parsed.isna() & (todo != "")
        if not left.any():
            break
        parsed[left] = pd.to_datetime(todo[left], format=fmt, errors="coerce").astype(
            "datetime64[ns]")
    values = parsed.to_numpy()[codes] if len(codes) else np.array([], dtype="datetime64[ns]")
    return values, np.isnat(values)


def to_month(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse month labels (``2024-03``, ``Mar-24``, ``March 2024`` ...) to the first day."""
    values, bad = to_date(text, MONTH_FORMATS)
    first = values.astype("datetime64[M]").astype("datetime64[ns]")
    return first, bad
