"""Writing tables and files safely: formula-injection neutralising, CSV text, atomic writes.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel and LibreOffice (CSV injection, OWASP). Every text cell the engine writes to CSV
or Excel (reports, command output, exports) goes through :func:`safe_text`, which prefixes such
text with an apostrophe; numbers are never changed.

Files are written whole or not at all: :func:`write_atomic` writes a temporary file beside the
target and renames it, so a full disk or a killed process never leaves a half-written output.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

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


def write_atomic(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Write ``path`` through ``write(temporary_path)`` and a rename; nothing half-written.

    The parent folder must exist: outputs go where the user asked, never to a folder the engine
    invents.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp{target.suffix}")
    try:
        write(tmp)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_sheets(path: str | Path, sheets: Mapping[str, pd.DataFrame]) -> Path:
    """Write frames to an Excel workbook, one sheet each, text neutralised, atomically."""

    def write(target: Path) -> None:
        with pd.ExcelWriter(target, engine="xlsxwriter") as writer:
            for name, frame in sheets.items():
                neutralise(frame).to_excel(writer, sheet_name=name[:31], index=False)

    return write_atomic(path, write)
