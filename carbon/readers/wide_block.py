"""Reading the cells of a wide half-hourly export into numeric blocks.

A wide export is read into a :class:`Block`: the day rows' key columns as text, a float block of
the period values (day rows x period columns, NaN where empty) and, when the file has status
columns, an int8 block of status codes. CSV files are parsed by pyarrow straight into these
(the fast path); workbooks and CSV files whose cells are not plain numbers (thousands
separators, decimal commas, stray text) are parsed from their text, cell by cell type, which
also marks the cells that are not numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.readers.intervals import STATUS_CODES, status_flags
from carbon.readers.scan import scan
from carbon.readers.table import RawTable, normalise, to_number

if TYPE_CHECKING:
    from pathlib import Path

    from carbon.readers.build import Context

#: Status codes in the int8 block besides the indices of STATUS_CODES.
DASH, EMPTY, UNKNOWN = -1, -2, -3


@dataclass(frozen=True)
class Block:
    """The cells of a wide export.

    Attributes
    ----------
    keys : pandas.DataFrame
        Meter, date (and channel) text of each day row (stripped).
    numbers : numpy.ndarray
        Period values, day rows x period columns, NaN where empty. [float64, as in the file]
        The blocks are column-major (Fortran order): they are filled a column at a time.
    bad : numpy.ndarray or None
        Cells holding text that is not a number (``None``: there are none).
    dash : numpy.ndarray or None
        Cells marked ``-`` (a period that does not exist that day).
    codes : numpy.ndarray or None
        Status of each cell: an index of ``STATUS_CODES``, or :data:`DASH`, :data:`EMPTY`,
        :data:`UNKNOWN`; ``None`` when the file has no status columns. [int8]
    """

    keys: pd.DataFrame
    numbers: np.ndarray
    bad: np.ndarray | None
    dash: np.ndarray | None
    codes: np.ndarray | None


def read_block(ctx: Context, header: list[str], keys: list[str], periods: list[str],
               statuses: list[str | None]) -> Block:
    """Read the key, value and status cells of a wide export (fast path when possible)."""
    block = _read_fast(ctx, header, keys, periods, statuses) if ctx.source.kind == "csv" else None
    return block if block is not None else _read_text(ctx, keys, periods, statuses)


def _read_fast(ctx: Context, header: list[str], keys: list[str], periods: list[str],
               statuses: list[str | None]) -> Block | None:
    """pyarrow path for CSV; ``None`` when the file needs the text path."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pv

    if ctx.source.encoding not in ("utf-8", "utf-8-sig") or ctx.options.decimal != ".":
        return None
    header_line = ctx.source.lines[ctx.header_index]
    given = [s for s in statuses if s]
    try:
        table = pv.read_csv(
            ctx.source.path,
            read_options=pv.ReadOptions(skip_rows=header_line, column_names=_unique(header),
                                        use_threads=True),
            parse_options=pv.ParseOptions(delimiter=ctx.source.delimiter,
                                          ignore_empty_lines=False),
            convert_options=pv.ConvertOptions(
                column_types={**dict.fromkeys(periods, pa.float64()),
                              **dict.fromkeys(keys, pa.string()),
                              **dict.fromkeys(given, pa.dictionary(pa.int32(), pa.string()))},
                include_columns=[*keys, *periods, *given],
                null_values=["", "-"] if given else [""], strings_can_be_null=False,
                quoted_strings_can_be_null=True))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None  # cells that are not plain numbers, or blank lines
    if table.num_rows != scan(ctx.source.path).lines - header_line:
        return None  # line breaks inside quotes: line numbers need the text path
    line_numbers = np.arange(header_line + 1, header_line + 1 + table.num_rows, dtype="int64")
    frame = pd.DataFrame({k: pc.utf8_trim_whitespace(table.column(k)).to_pandas()
                          for k in keys})
    values = np.empty((table.num_rows, len(periods)), dtype="float64", order="F")
    for j, name in enumerate(periods):
        values[:, j] = table.column(name).to_numpy(zero_copy_only=False)
    codes = None
    if given:
        codes = np.full(values.shape, EMPTY, dtype="int8", order="F")
        for j, status in enumerate(statuses):
            if status is not None:
                column = table.column(status).combine_chunks()
                lookup = _status_lookup(column.dictionary.to_pylist())
                index = column.indices.fill_null(-1).to_numpy(zero_copy_only=False)
                codes[:, j] = np.where(index >= 0, lookup[index], DASH)
    del table
    ctx.table = RawTable(source_file=ctx.source_file, frame=frame, header=header,
                         lines=line_numbers, header_line=header_line,
                         delimiter=ctx.source.delimiter, notes=list(ctx.source.notes),
                         raw_text=lambda positions: raw_lines(ctx.source.path,
                                                              ctx.source.encoding,
                                                              line_numbers[positions]))
    return Block(frame, values, None, None if codes is None else codes == DASH, codes)


def _unique(names: list[str]) -> list[str]:
    seen: list[str] = []
    for name in names:
        base, key, n = name or "column", name or "column", 1
        while key in seen:
            n += 1
            key = f"{base} {n}"
        seen.append(key)
    return seen


def raw_lines(path: Path, encoding: str | None, wanted: np.ndarray) -> np.ndarray:
    """Text of the given 1-based lines of a file."""
    targets = {int(w) for w in wanted}
    found: dict[int, str] = {}
    with path.open(encoding=encoding, newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if number in targets:
                found[number] = line.rstrip("\r\n")
                if len(found) == len(targets):
                    break
    return np.array([found.get(int(w), "") for w in wanted], dtype=object)


def _status_lookup(flags: list[str]) -> np.ndarray:
    known = status_flags()
    out = np.empty(len(flags) + 1, dtype="int8")
    for i, flag in enumerate(flags):
        key = normalise(flag)
        if key == "-":
            out[i] = DASH
        elif key == "":
            out[i] = EMPTY
        elif key in known:
            out[i] = STATUS_CODES.index(known[key])
        else:
            out[i] = UNKNOWN
    out[-1] = EMPTY
    return out


def _read_text(ctx: Context, keys: list[str], periods: list[str],
               statuses: list[str | None]) -> Block:
    """Text path: every cell parsed from the table's text (workbooks, unusual numbers)."""
    frame = ctx.table.frame
    values = np.empty((len(frame), len(periods)), dtype="float64", order="F")
    bad = np.zeros(values.shape, dtype=bool, order="F")
    dash = np.zeros(values.shape, dtype=bool, order="F")
    for j, name in enumerate(periods):
        text = frame[name].str.strip()
        dash[:, j] = (text == "-").to_numpy()
        values[:, j], bad[:, j] = to_number(text.where(text != "-", ""), ctx.options.decimal)
    codes = None
    if any(statuses):
        codes = np.full(values.shape, EMPTY, dtype="int8", order="F")
        for j, status in enumerate(statuses):
            if status is not None:
                uniques, inverse = np.unique(frame[status].fillna("").to_numpy(dtype=str),
                                             return_inverse=True)
                codes[:, j] = _status_lookup(list(uniques))[inverse.reshape(-1)]
        dash |= codes == DASH
    key_frame = pd.DataFrame({c: frame[c].str.strip() for c in keys})
    return Block(key_frame, values, bad, dash, codes)
