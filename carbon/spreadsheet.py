"""Writing tables and files safely: formula-injection neutralising, CSV text, atomic writes.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel and LibreOffice (CSV injection, OWASP). Every text cell the engine writes to CSV
or Excel (reports, command output, exports) goes through :func:`safe_text`, which prefixes such
text with an apostrophe; numbers are never changed.

Files are written whole or not at all: :func:`write_atomic` writes a temporary file beside the
target and renames it, so a full disk or a killed process never leaves a half-written output,
and a failure is one :class:`~carbon.errors.OutputFileError` naming the file and the fix.
Workbooks carry a fixed creation date, so the same tables give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd

from carbon.errors import OutputFileError
from carbon.output_paths import output_error

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Workbook options: text is never turned into a formula, a link or a number.
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False}
#: Creation date written into workbooks (xlsxwriter writes the clock time otherwise, so the same
#: tables would give different bytes on every run).
XLSX_CREATED = datetime(2000, 1, 1)


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

    Raises
    ------
    OutputFileError
        When the file cannot be written (full disk, read-only or missing folder ...); the
        temporary file is removed and a previous file at ``path`` is left as it was.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp{target.suffix}")
    try:
        write(tmp)
        tmp.replace(target)
    except OSError as exc:
        if isinstance(exc, OutputFileError):
            raise
        raise output_error(target, exc) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_sheets(path: str | Path, sheets: Mapping[str, pd.DataFrame]) -> Path:
    """Write frames to an Excel workbook, one sheet each, text neutralised, atomically."""

    def write(target: Path) -> None:
        buffer = io.BytesIO()  # xlsxwriter hides a full disk in its own error: write here
        with pd.ExcelWriter(buffer, engine="xlsxwriter",
                            engine_kwargs={"options": XLSX_OPTIONS}) as writer:
            writer.book.set_properties({"created": XLSX_CREATED})
            for name, frame in sheets.items():
                neutralise(frame).to_excel(writer, sheet_name=name[:31], index=False)
        target.write_bytes(buffer.getvalue())

    return write_atomic(path, write)
