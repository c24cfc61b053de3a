"""Opening input files: CSV (any common delimiter, encoding or BOM), xlsx, xls and ods.

:func:`open_source` reads a file into a :class:`Source`: every cell as text, with the line (or
spreadsheet row) number a user sees. Nothing is interpreted here beyond the file format: the
header row and the layout are found by :mod:`carbon.readers.detect`.

Conventions
-----------
* Encoding: a byte-order mark decides (UTF-8, UTF-16); otherwise UTF-8, and Windows-1252 when the
  bytes are not valid UTF-8 (said in the load summary).
* Delimiter: the candidate among ``, ; TAB | $`` that splits most lines into the same number of
  cells (title lines above the header are ignored by taking the most common width).
* Blank lines (no cell with text) are not data and are skipped.
* Excel cells become text: whole numbers without a decimal point, dates as ISO 8601.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

from carbon.errors import InputFileError
from carbon.readers.limits import check_file_size, check_sheet, check_zip

DELIMITERS = (",", ";", "\t", "|", "$")
ZIP_SIGNATURE = b"PK\x03\x04"
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
#: Lines examined to choose the delimiter.
SNIFF_LINES = 50
#: Bytes of a CSV file read to find its header and layout.
PREVIEW_BYTES = 65536


@dataclass(frozen=True)
class Source:
    """The cells of one input file (or one sheet of a workbook) as text.

    Attributes
    ----------
    path : pathlib.Path
    name : str
        File name shown in messages and stored with every row.
    kind : {'csv', 'excel'}
    rows : list of list of str
        Non-blank rows in file order, cells as text (the first rows only when not
        ``complete``).
    lines : list of int
        1-based line (CSV) or row (spreadsheet) number of each entry of ``rows``.
    delimiter : str
        Cell separator (``,`` for spreadsheets, used to show raw rows).
    encoding : str or None
        Text encoding of a CSV file.
    sheet : str or None
        Sheet read from a workbook.
    notes : list of str
        What the reader had to decide (encoding fallback, delimiter) for the load summary.
    complete : bool
        Whether ``rows`` holds the whole file (else a preview; see :func:`all_rows`).
    """

    path: Path
    name: str
    kind: Literal["csv", "excel"]
    rows: list[list[str]]
    lines: list[int]
    delimiter: str = ","
    encoding: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    complete: bool = True


def is_excel(path: Path) -> bool:
    """Whether a file is a workbook (by its signature bytes, falling back to the suffix)."""
    if _signature(path).startswith((ZIP_SIGNATURE, b"\xd0\xcf\x11\xe0")):
        return True
    return path.suffix.lower() in EXCEL_SUFFIXES


def _signature(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(8)


def is_zip(path: Path) -> bool:
    """Whether a file is a zip archive (xlsx, xlsm, xlsb and ods workbooks are)."""
    return _signature(path).startswith(ZIP_SIGNATURE)


def open_source(path: str | Path, *, sheet: str | None = None, encoding: str | None = None,
                delimiter: str | None = None) -> Source:
    """Open a CSV file or a workbook sheet and read its first rows (all rows of a workbook).

    Only :data:`PREVIEW_BYTES` of a CSV file are read here, enough to find the header and the
    layout; :func:`all_rows` reads the rest, and large interval files are read by pyarrow.

    Parameters
    ----------
    path : str or Path
        The file.
    sheet : str, optional
        Workbook sheet to read [default: the first sheet].
    encoding, delimiter : str, optional
        Override the detected encoding or delimiter of a CSV file.

    Raises
    ------
    InputFileError
        If the file is missing, empty or not text, or the sheet does not exist.
    """
    target = Path(path)
    if not target.is_file():
        raise InputFileError("file not found", file=str(path),
                             fix="check the path (quote names with spaces)")
    check_file_size(target)
    if is_excel(target):
        return _open_workbook(target, sheet)
    with target.open("rb") as handle:
        head = handle.read(PREVIEW_BYTES)
        complete = not handle.read(1)
    text, used, notes = decode(head, encoding, partial=not complete, file=target.name)
    if not text.strip():
        raise InputFileError("file is empty", file=target.name, fix="export the data again")
    if not complete:
        text = text[: text.rfind("\n") + 1] or text
    sep = delimiter or sniff_delimiter(text)
    if delimiter is None and sep != ",":
        notes.append(f"cells separated by {sep!r}")
    rows, lines = _parse_csv(text, sep, target.name)
    return Source(path=target, name=target.name, kind="csv", rows=rows, lines=lines,
                  delimiter=sep, encoding=used, notes=notes, complete=complete)


def all_rows(source: Source) -> tuple[list[list[str]], list[int]]:
    """Every non-blank row of a source with its line number (reads the whole CSV file)."""
    if source.complete:
        return source.rows, source.lines
    text, _, _ = decode(source.path.read_bytes(), source.encoding, file=source.name)
    return _parse_csv(text, source.delimiter, source.name)


def _parse_csv(text: str, sep: str, name: str) -> tuple[list[list[str]], list[int]]:
    rows: list[list[str]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append(cells)
                lines.append(reader.line_num)
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise InputFileError(
                f"a cell is longer than {csv.field_size_limit():,} characters, the limit of a "
                "CSV cell", file=name, row=reader.line_num + 1,
                fix="check the export: a quote that is never closed makes the rest of the "
                    "file one cell") from None
        raise InputFileError(f"not a readable CSV file: {exc}", file=name,
                             row=reader.line_num, fix="check quoting in the export") from None
    return rows, lines


def decode(data: bytes, encoding: str | None = None, *, partial: bool = False,
           file: str | None = None) -> tuple[str, str, list[str]]:
    """Decode file bytes; returns the text, the encoding used and notes for the summary.

    ``partial`` bytes (a preview) may end inside a multi-byte character. ``file`` names the
    file in errors.

    Raises
    ------
    InputFileError
        For an unknown encoding, bytes that the given encoding cannot decode (naming the
        line), or a binary file.
    """
    if encoding:
        return _decode_as(data, encoding, partial, file), encoding, []
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_as(data[3:], "utf-8", partial, file), "utf-8-sig", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_as(data, "utf-16", partial, file), "utf-16", ["UTF-16 text"]
    if b"\x00" in data[:4096]:
        raise InputFileError("this looks like a binary file, not CSV text", file=file,
                             fix="export the data as CSV or Excel")
    try:
        return _text(data, "utf-8", partial), "utf-8", []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252", [
            "not valid UTF-8: decoded as Windows-1252 (give --encoding if that is wrong)"]


def _text(data: bytes, encoding: str, partial: bool) -> str:
    """Decode strictly; a character cut at the end of a ``partial`` preview is left out."""
    return str(codecs.getincrementaldecoder(encoding)().decode(data, final=not partial))


def _decode_as(data: bytes, encoding: str, partial: bool, file: str | None) -> str:
    try:
        return _text(data, encoding, partial)
    except LookupError:
        raise InputFileError(f"unknown text encoding {encoding!r}", file=file,
                             fix="give --encoding utf-8, cp1252 or utf-16") from None
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"the file is not {encoding} text: byte {exc.object[exc.start]:#04x} cannot be "
            "decoded", file=file, row=exc.object[: exc.start].count(b"\n") + 1,
            fix="give the right --encoding (cp1252 for Windows exports, utf-16) or save the "
                "file as UTF-8") from None


def sniff_delimiter(text: str) -> str:
    """Choose the delimiter that splits the most lines into the same number of cells."""
    sample = [line for line in text.splitlines()[:SNIFF_LINES] if line.strip()]
    best, best_score = ",", (0, 0)
    for sep in DELIMITERS:
        widths = [len(cells) for cells in csv.reader(sample, delimiter=sep)]
        width, lines = Counter(widths).most_common(1)[0] if widths else (1, 0)
        if width < 2:
            continue
        score = (lines, width)
        if score > best_score:
            best, best_score = sep, score
    return best


def _open_workbook(path: Path, sheet: str | None) -> Source:
    from python_calamine import CalamineWorkbook

    if is_zip(path):
        check_zip(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise InputFileError(f"cannot read the workbook: {exc}", file=path.name,
                             fix="save it again from Excel, or export it as CSV") from None
    names = list(book.sheet_names)
    chosen = sheet if sheet is not None else names[0]
    if chosen not in names:
        raise InputFileError(f"no sheet named {chosen!r}", file=path.name,
                             expected=", ".join(names), fix="give one of these with --sheet")
    found = book.get_sheet_by_name(chosen)
    check_sheet(path.name, chosen, found.height, found.width)
    cells = found.to_python(skip_empty_area=False)
    rows: list[list[str]] = []
    lines: list[int] = []
    for number, raw in enumerate(cells, start=1):
        texts = [cell_text(c) for c in raw]
        if any(t.strip() for t in texts):
            rows.append(texts)
            lines.append(number)
    notes = [f"sheet {chosen!r}"] if len(names) > 1 else []
    return Source(path=path, name=path.name, kind="excel", rows=rows, lines=lines, sheet=chosen,
                  notes=notes)


def cell_text(value: object) -> str:
    """Text of a spreadsheet cell as a CSV export would show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep="T") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def sheet_names(path: str | Path) -> list[str]:
    """Sheet names of a workbook (empty for a CSV file)."""
    target = Path(path)
    if not is_excel(target):
        return []
    from python_calamine import CalamineWorkbook

    return list(CalamineWorkbook.from_path(str(target)).sheet_names)
