"""Writing tables for spreadsheets safely: formula-injection neutralising and CSV text.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel and LibreOffice (CSV injection, OWASP). Every text cell the report writes to CSV
or Excel goes through :func:`safe_text`, which prefixes such text with an apostrophe; numbers
are never changed.
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> object:
    """``value`` unchanged unless it is text starting like a formula; then ``'`` + text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell passed through :func:`safe_text` (column names too)."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe_text).astype(object)
    out.columns = [str(safe_text(str(c))) for c in out.columns]
    return out


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV text of a neutralised frame (``\\n`` line ends, no index): same frame, same bytes."""
    return str(neutralise(frame).to_csv(index=False, lineterminator="\n"))
