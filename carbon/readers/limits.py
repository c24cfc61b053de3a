"""Size limits of input files, checked before a file is read (``scopes/loading_rules.toml``).

A hostile or broken file must be refused with a clear error, never read until memory runs
out. Three checks, each cheap and made before the expensive step it guards:

* the file's size on disk (:func:`check_file_size`), before any byte is parsed;
* for zipped workbooks (xlsx, xlsm, xlsb, ods), the uncompressed size of their parts as the zip
  directory declares it, and its ratio to the compressed size, before anything is expanded
  (:func:`check_zip`): a zip bomb is refused from its directory alone. The parts are then read
  through once, in small pieces that are thrown away, to prove the declared sizes true (a
  part that expands beyond its declared size fails its checksum and is refused as damaged);
* the extent of every xlsx sheet in rows and columns, from the cell references in its XML
  (:func:`sheet_extent`), before a reader builds the sheet; and the extent of the sheet read
  from any workbook (xls, ods ...), before its cells become Python values (:func:`check_sheet`).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO

import numpy as np

from carbon import resources
from carbon.errors import InputFileError

#: Below this uncompressed size a workbook's compression ratio is not judged [bytes].
RATIO_FLOOR = 64 * 2**20
_PIECE = 1 << 20
#: Bytes of a cell reference read: three column letters, seven row digits and the quote.
_WINDOW = 11
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")


@dataclass(frozen=True)
class InputLimits:
    """The limits of ``[input_limits]`` in ``scopes/loading_rules.toml``.

    Attributes
    ----------
    max_file_bytes : int
        Largest input file on disk. [bytes]
    max_unzipped_bytes : int
        Largest total uncompressed size of a zipped workbook's parts. [bytes]
    max_compression_ratio : float
        Largest uncompressed / compressed size of a workbook above :data:`RATIO_FLOOR`.
    max_sheet_cells : int
        Largest sheet, rows x columns. [cells]
    """

    max_file_bytes: int
    max_unzipped_bytes: int
    max_compression_ratio: float
    max_sheet_cells: int


@cache
def input_limits() -> InputLimits:
    """The input limits (read once per process)."""
    rules = resources.read_toml("carbon.scopes", "loading_rules.toml")["input_limits"]
    return InputLimits(max_file_bytes=int(rules["max_file_bytes"]),
                       max_unzipped_bytes=int(rules["max_unzipped_bytes"]),
                       max_compression_ratio=float(rules["max_compression_ratio"]),
                       max_sheet_cells=int(rules["max_sheet_cells"]))


def check_file_size(path: Path) -> None:
    """Refuse a file larger than ``max_file_bytes``.

    Raises
    ------
    InputFileError
    """
    size = path.stat().st_size
    limit = input_limits().max_file_bytes
    if size > limit:
        raise InputFileError(
            f"the file is {size:,} bytes, more than the limit of {limit:,}", file=path.name,
            fix="split it (by year or by meter) and load the parts; the limit is "
                "[input_limits] in scopes/loading_rules.toml")


def check_zip(path: Path) -> None:
    """Refuse a zipped workbook that would expand beyond the limits, or is damaged.

    Raises
    ------
    InputFileError
    """
    limits = input_limits()
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            expanded = sum(p.file_size for p in parts)
            packed = max(sum(p.compress_size for p in parts), 1)
            if expanded > limits.max_unzipped_bytes:
                raise InputFileError(
                    f"the workbook would expand to {expanded:,} bytes, more than the limit of "
                    f"{limits.max_unzipped_bytes:,}; it was not opened", file=path.name,
                    fix="export the data as CSV, or split the workbook")
            if expanded > RATIO_FLOOR and expanded / packed > limits.max_compression_ratio:
                raise InputFileError(
                    f"the workbook would expand {expanded / packed:,.0f} times (to "
                    f"{expanded:,} bytes): a zip bomb, not a spreadsheet; it was not opened",
                    file=path.name, fix="export the data again from the source system")
            for part in parts:
                with archive.open(part) as stream:
                    if _WORKSHEET.match(part.filename):
                        rows, columns = sheet_extent(stream)
                        check_sheet(path.name, part.filename, rows, columns)
                    while stream.read(_PIECE):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise InputFileError(f"the workbook is damaged: {exc}", file=path.name,
                             fix="save it again from Excel, or export it as CSV") from None


def sheet_extent(stream: IO[bytes]) -> tuple[int, int]:
    """Largest row and column number that the cells of an xlsx worksheet part name.

    A reader builds a sheet as one block from A1 to its last cell, so a single stray cell at
    XFD1048576 would make a block of 17 billion cells (the process is killed before any check
    after that could run). The cell references (``r="XFD1048576"``) and row numbers
    (``<row r="5">``) are read from the XML here, in pieces, without building anything.

    Returns
    -------
    (int, int)
        Last row and last column (1-based; 0 when the part names no cell).
    """
    last_row = last_column = 0
    tail = b""
    while True:
        chunk = stream.read(_PIECE)
        data = tail + chunk if chunk else tail + bytes(_WINDOW + 4)
        usable = max(len(data) - _WINDOW - 4, 0)
        row, column = _last_reference(data, usable)
        last_row, last_column = max(last_row, row), max(last_column, column)
        if not chunk:
            return last_row, last_column
        tail = data[usable:]


def _last_reference(data: bytes, usable: int) -> tuple[int, int]:
    """Largest row and column of the references starting in the first ``usable`` bytes."""
    raw = np.frombuffer(data, dtype=np.uint8)
    hit = np.flatnonzero((raw[:usable] == 32) & (raw[1:usable + 1] == 114)
                         & (raw[2:usable + 2] == 61) & (raw[3:usable + 3] == 34))
    if not len(hit):
        return 0, 0
    row, column = _references(raw[(hit + 4)[:, None] + np.arange(_WINDOW)])
    return int(row.max()), int(column.max())


def _references(window: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column numbers of references (``XFD1048576"``), one per row of ``window``."""
    count = len(window)
    row = np.zeros(count, dtype="int64")
    column = np.zeros(count, dtype="int64")
    in_letters = np.ones(count, dtype=bool)
    in_digits = np.ones(count, dtype=bool)
    for k in range(_WINDOW):
        code = window[:, k].astype("int64")
        letter = (code >= 65) & (code <= 90)
        digit = (code >= 48) & (code <= 57)
        column = np.where(in_letters & letter, column * 26 + code - 64, column)
        in_letters &= letter
        in_digits &= in_letters | digit
        row = np.where(in_digits & ~in_letters, row * 10 + code - 48, row)
    return row, column


def check_sheet(name: str, sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet with more than ``max_sheet_cells`` cells (before its cells are read).

    Raises
    ------
    InputFileError
    """
    limit = input_limits().max_sheet_cells
    if rows * columns > limit:
        raise InputFileError(
            f"sheet {sheet!r} spans {rows:,} rows x {columns:,} columns, more than the limit "
            f"of {limit:,} cells", file=name,
            fix="delete unused rows and columns (a stray cell far down or across makes the "
                "sheet that large), or export the data as CSV")
