"""Wide half-hourly exports: one row per meter (x channel) x day, one column per period.

Two column styles are read:

* time-labelled (EDF portal style): ``00:00, 00:30, ..., 23:30, 24:00, 24:30`` with optional
  ``<label>_Act_Est`` status columns. Column *i* (0-based) holds **settlement period i + 1** of
  the local day; the labels are those of a normal day and are wrong on clock-change days, so
  they are never parsed as clock times;
* numbered: ``HH01..HH48`` (+ ``HH49, HH50``), optional ``HHnn status`` / ``HHnn flag`` columns.

Dates are local (Europe/London) settlement days unless ``timezone='UTC'`` is declared, in which
case every day has 48 half hours from 00:00 UTC. A numbered export without ``HH49/HH50`` may be
either, so its time basis must be declared; time-labelled and 50-column exports are settlement
days. Each local day must have exactly as many values as the Europe/London calendar gives it
(46, 48 or 50); a cell marked ``-`` is a period that does not exist.

Counting unit: the **reading** (one existing value cell). Empty cells are readings with status
``missing`` (never zero). CSV files are read with pyarrow into a float block (the fast path);
cells that are not plain numbers (thousands separators, decimal commas, stray text) send the
file through the text path, which reads the same way cell by cell type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.errors import InputFileError
from carbon.readers import gaps
from carbon.readers.build import activity_frame, finish, reject_without_site
from carbon.readers.intervals import (
    HALF_HOUR,
    STATUS_CODES,
    channels,
    periods_in_local_day,
    settlement_of,
    status_flags,
    value_unit,
)
from carbon.readers.table import RawTable, normalise, to_date, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

_TIME_LABEL = re.compile(r"^\d{2}:\d{2}$")
_NUMBERED = re.compile(r"^(?:hh|p)\s?0*(\d{1,2})$")
_STATUS_SUFFIXES = (" act est", " status", " flag", " actual estimated")
_METER = ("mpan", "mpan core", "meter id", "meter", "msid", "meter point")
_DATE = ("settlement date", "date", "reading date", "read date", "day")
_CHANNEL = ("measurement type", "channel", "channel type", "register", "flow")
#: Status codes in the int8 matrix besides the indices of STATUS_CODES.
DASH, EMPTY, UNKNOWN = -1, -2, -3


@dataclass(frozen=True)
class WideColumns:
    """Where things are in a wide header (normalised names)."""

    meter: str
    date: str
    channel: str | None
    periods: list[str]
    statuses: list[str | None]
    labelled: bool


def wide_columns(names: list[str]) -> WideColumns:
    """Find the meter, date, channel, value and status columns of a wide header."""
    present = set(names)
    meter = next(n for n in _METER if n in present)
    date = next(n for n in _DATE if n in present)
    channel = next((n for n in _CHANNEL if n in present), None)
    labelled = [n for n in names if _TIME_LABEL.match(n)]
    if labelled:
        values = labelled
    else:
        numbered = sorted((int(m.group(1)), n) for n in names if (m := _NUMBERED.match(n)))
        numbers = [k for k, _ in numbered]
        if numbers != list(range(1, len(numbers) + 1)):
            raise InputFileError("numbered period columns are not HH01, HH02, ... in sequence",
                                 value=[n for _, n in numbered][:5],
                                 fix="map the columns with a mapping file (docs/loading.md)")
        values = [n for _, n in numbered]
    if len(values) > 50:
        raise InputFileError(f"{len(values)} period columns; a day has at most 50",
                             fix="check the export")
    statuses = [next((v + s for s in _STATUS_SUFFIXES if v + s in present), None)
                for v in values]
    return WideColumns(meter, date, channel, values, statuses, bool(labelled))


def read(ctx: Context) -> LoadResult:
    """Read a wide half-hourly export (see the module docstring)."""
    header = [ctx.renames.get(normalise(c), normalise(c)) for c in
              ctx.source.rows[ctx.header_index]]
    cols = wide_columns(header)
    local = _time_basis(ctx, cols)
    block = _read_fast(ctx, header, cols) if ctx.source.kind == "csv" else None
    if block is None:
        block = _read_text(ctx, cols)
    ctx.progress("parse")
    return _explode(ctx, cols, local, *block)


def _time_basis(ctx: Context, cols: WideColumns) -> bool:
    """Whether dates are local settlement days (else UTC days); refuses to guess."""
    if ctx.options.timezone == "UTC":
        ctx.assume("dates are UTC days: period n starts (n - 1) x 30 min after 00:00 UTC "
                   "(declared)")
        return False
    if ctx.options.timezone == "Europe/London":
        ctx.assume("dates are local (Europe/London) settlement days (declared)")
        return True
    if cols.labelled:
        ctx.assume("time-labelled columns hold settlement periods 1..50 of the local "
                   "(Europe/London) day; the labels are not read as clock times")
        return True
    if len(cols.periods) == 50:
        ctx.assume("HH49/HH50 columns present: dates are local (Europe/London) settlement days")
        return True
    raise InputFileError(
        "a numbered HH01..HH48 export may hold UTC days or local settlement days and the file "
        "does not say which", file=ctx.source_file,
        fix="declare it: --timezone UTC (data collectors publishing GMT all year) or "
            "--timezone Europe/London")


Block = tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]


def _read_fast(ctx: Context, header: list[str], cols: WideColumns) -> Block | None:
    """pyarrow path for CSV: a float block and int8 status codes; ``None`` to use text."""
    import pyarrow as pa
    import pyarrow.csv as pv

    if ctx.source.encoding not in ("utf-8", "utf-8-sig") or ctx.options.decimal != ".":
        return None
    data = ctx.source.path.read_bytes()
    if b"\n\n" in data or b"\n\r\n" in data:
        return None  # blank lines: line numbers need the text path
    names = _unique(header)
    keys = [cols.meter, cols.date] + ([cols.channel] if cols.channel else [])
    statuses = [s for s in cols.statuses if s]
    nulls = ["", "-"] if statuses else [""]
    try:
        table = pv.read_csv(
            pa.py_buffer(data),
            read_options=pv.ReadOptions(skip_rows=ctx.source.lines[ctx.header_index],
                                        column_names=names, use_threads=True),
            parse_options=pv.ParseOptions(delimiter=ctx.source.delimiter),
            convert_options=pv.ConvertOptions(
                column_types={**{v: pa.float64() for v in cols.periods},
                              **{k: pa.string() for k in keys},
                              **{s: pa.dictionary(pa.int32(), pa.string()) for s in statuses}},
                include_columns=[*keys, *cols.periods, *statuses], null_values=nulls,
                strings_can_be_null=False, quoted_strings_can_be_null=True))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    header_line = ctx.source.lines[ctx.header_index]
    total_lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if table.num_rows != total_lines - header_line:
        return None
    del data
    lines = np.arange(header_line + 1, header_line + 1 + table.num_rows, dtype="int64")
    frame = pd.DataFrame({k: table.column(k).to_pandas().astype(str).str.strip()
                          for k in keys})
    values = np.empty((table.num_rows, len(cols.periods)), dtype="float64")
    for j, name in enumerate(cols.periods):
        values[:, j] = table.column(name).to_numpy(zero_copy_only=False)
    codes = None
    if statuses:
        codes = np.full(values.shape, EMPTY, dtype="int8")
        for j, status_name in enumerate(cols.statuses):
            if status_name is None:
                continue
            column = table.column(status_name).combine_chunks()
            lookup = _status_lookup(column.dictionary.to_pylist())
            idx = column.indices.to_numpy(zero_copy_only=False)
            valid = np.asarray(column.is_valid())
            codes[:, j] = np.where(valid, lookup[np.where(valid, idx, 0)], DASH)
    ctx.table = RawTable(source_file=ctx.source_file, frame=frame, header=header, lines=lines,
                         header_line=header_line, delimiter=ctx.source.delimiter,
                         notes=list(ctx.source.notes),
                         raw_text=lambda positions: _raw_lines(ctx, lines[positions]))
    bad = np.zeros(values.shape, dtype=bool)
    dash = codes == DASH if codes is not None else np.zeros(values.shape, dtype=bool)
    return frame, values, bad, dash, codes


def _unique(names: list[str]) -> list[str]:
    seen: list[str] = []
    for name in names:
        base, key, n = name or "column", name or "column", 1
        while key in seen:
            n += 1
            key = f"{base} {n}"
        seen.append(key)
    return seen


def _raw_lines(ctx: Context, wanted: np.ndarray) -> np.ndarray:
    """Text of the given 1-based lines of the source file."""
    targets = {int(w) for w in wanted}
    found: dict[int, str] = {}
    with ctx.source.path.open(encoding=ctx.source.encoding, newline="") as handle:
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


def _read_text(ctx: Context, cols: WideColumns) -> Block:
    """Text path: every cell parsed from the table's text (workbooks, unusual numbers)."""
    table = ctx.table
    frame = table.frame
    values = np.empty((len(frame), len(cols.periods)), dtype="float64")
    bad = np.zeros(values.shape, dtype=bool)
    dash = np.zeros(values.shape, dtype=bool)
    for j, name in enumerate(cols.periods):
        text = frame[name].str.strip()
        dash[:, j] = (text == "-").to_numpy()
        values[:, j], bad[:, j] = to_number(text.where(text != "-", ""), ctx.options.decimal)
    codes = None
    if any(cols.statuses):
        codes = np.full(values.shape, EMPTY, dtype="int8")
        for j, status_name in enumerate(cols.statuses):
            if status_name is not None:
                uniques, inverse = np.unique(frame[status_name].fillna("").to_numpy(dtype=str),
                                             return_inverse=True)
                codes[:, j] = _status_lookup(list(uniques))[inverse.reshape(-1)]
        dash |= codes == DASH
    keys = pd.DataFrame({c: frame[c].str.strip() for c in
                         [cols.meter, cols.date] + ([cols.channel] if cols.channel else [])})
    return keys, values, bad, dash, codes


def _explode(ctx: Context, cols: WideColumns, local: bool, keys: pd.DataFrame,
             values: np.ndarray, bad: np.ndarray, dash: np.ndarray,
             codes: np.ndarray | None) -> LoadResult:
    """Check each day row against the calendar and turn its cells into readings."""
    n_rows, width = values.shape
    position = np.arange(width)
    dates, bad_date = to_date(keys[cols.date])
    ok_date = ~bad_date
    if local:
        periods = np.full(n_rows, 48, dtype="int64")
        day_start = np.zeros(n_rows, dtype="datetime64[ns]")
        if ok_date.any():
            periods[ok_date], day_start[ok_date] = periods_in_local_day(dates[ok_date])
    else:
        periods = np.full(n_rows, 48, dtype="int64")
        day_start = np.where(ok_date, dates, np.datetime64(0, "ns"))
    has_value = ~np.isnan(values) | bad
    inside = position[None, :] < periods[:, None]
    claimed = ~dash & (inside | has_value)
    counts = claimed.sum(axis=1)
    counts = np.where(ok_date, counts, np.maximum(1, (~dash & has_value).sum(axis=1)))
    rows_in = int(counts.sum())

    meter = keys[cols.meter]
    channel = keys[cols.channel].str.lower() if cols.channel else pd.Series(
        "ai", index=keys.index)
    known = channels()
    chan_codes, chan_values = pd.factorize(channel.map(normalise))
    chan_info = [known.get(v) for v in chan_values]

    keep = np.ones(n_rows, dtype=bool)

    def drop(mask: np.ndarray, column: str, value: pd.Series | np.ndarray, reason: object,
             fix: str) -> None:
        nonlocal keep
        hit = keep & mask
        if hit.any():
            where = np.flatnonzero(hit)
            why = reason[where] if isinstance(reason, np.ndarray) else reason
            val = value.to_numpy(dtype=object) if isinstance(value, pd.Series) else value
            ctx.reject(where, column, val[where], why, fix, counts[where])
            keep &= ~hit

    drop(bad_date, cols.date, keys[cols.date], "not a date",
         "write dates as dd/mm/yyyy (or dd-mm-yyyy)")
    drop((meter == "").to_numpy(), cols.meter, meter, "no meter id", "give every row its meter")
    unknown_channel = np.array([c is None for c in chan_info] + [True])[chan_codes]
    drop(unknown_channel, cols.channel or cols.meter, channel, "unknown channel / measurement "
         "type", "use AI, AE, RI or RE (scopes/interval_channels.csv) or map it")
    too_few = keep & (periods > width)
    drop(too_few, cols.date, keys[cols.date],
         np.array([f"the local day has {p} settlement periods but the file has only {width} "
                   "period columns" for p in periods], dtype=object),
         "export with HH49/HH50 columns, or load with --timezone UTC if the days are UTC days")
    wrong = (dash & inside).any(axis=1) | (has_value & ~inside).any(axis=1)
    drop(wrong, cols.date, keys[cols.date],
         np.array([f"{'local' if local else 'UTC'} day has {p} settlement periods but the row "
                   f"has {c} values" for p, c in zip(periods, claimed.sum(axis=1),
                                                      strict=True)], dtype=object),
         "check the export's time basis (--timezone UTC for data collectors publishing UTC "
         "days); clock-change days have 46 (March) or 50 (October) periods")
    _drop_duplicates(ctx, keep, keys, values, codes, counts, cols, drop)

    site = ctx.sites(meter)
    keep = reject_without_site(ctx, keep, site, cols.meter, meter, counts)

    cell = claimed & keep[:, None]
    bad_cell = cell & bad
    unknown_flag = (cell & ~bad_cell & (codes == UNKNOWN) if codes is not None
                    else np.zeros_like(cell))
    for mask, reason, fix in (
            (bad_cell, "not a number", "write the reading as a number, or leave it empty if "
             "there is no reading"),
            (unknown_flag, "unknown status flag", "use Actual/Estimated or A/E "
             "(scopes/interval_status.csv)")):
        r, c = np.nonzero(mask)
        if len(r):
            ctx.reject(r, np.array(cols.periods, dtype=object)[c],
                       _cell_text(values, bad, codes, r, c), reason, fix, 1)
    cell &= ~bad_cell & ~unknown_flag
    r, c = np.nonzero(cell)
    return _activity(ctx, cols, local, r, c, values, codes, day_start, dates, meter, site,
                     chan_codes, chan_info, rows_in)


def _cell_text(values: np.ndarray, bad: np.ndarray, codes: np.ndarray | None,
               r: np.ndarray, c: np.ndarray) -> np.ndarray:
    return np.array([("(text)" if bad[i, j] else str(values[i, j])) for i, j in zip(r, c,
                                                                                   strict=True)],
                    dtype=object)


def _drop_duplicates(ctx: Context, keep: np.ndarray, keys: pd.DataFrame, values: np.ndarray,
                     codes: np.ndarray | None, counts: np.ndarray, cols: WideColumns,
                     drop: object) -> None:
    """Identical repeated day rows load once; differing ones are all quarantined."""
    dup = keys.duplicated(keep=False).to_numpy() & keep
    if not dup.any():
        return
    lines = ctx.table.lines
    groups = keys[dup].groupby(list(keys.columns), sort=False).indices
    for positions in groups.values():
        rows = np.flatnonzero(dup)[positions]
        first = rows[0]
        same = all(np.array_equal(values[first], values[r], equal_nan=True) and (
            codes is None or np.array_equal(codes[first], codes[r])) for r in rows[1:])
        if same:
            later = rows[1:]
            ctx.reject(later, cols.date, keys[cols.date].to_numpy(dtype=object)[later],
                       f"identical duplicate of line {lines[first]}: loaded once",
                       "nothing to fix (two exports overlapped)", counts[later])
        else:
            ctx.reject(rows, cols.date, keys[cols.date].to_numpy(dtype=object)[rows],
                       "conflicting duplicate: lines " + ", ".join(str(lines[r]) for r in rows)
                       + " give different values for the same meter, channel and day",
                       "keep the right row and load the file again", counts[rows])
        keep[rows[1:] if same else rows] = False


def _activity(ctx: Context, cols: WideColumns, local: bool, r: np.ndarray, c: np.ndarray,
              values: np.ndarray, codes: np.ndarray | None, day_start: np.ndarray,
              dates: np.ndarray, meter: pd.Series, site: pd.Series, chan_codes: np.ndarray,
              chan_info: list, rows_in: int) -> LoadResult:
    quantity = values[r, c]
    kinds = [(i.kind if i else "active") for i in chan_info]
    types = [((ctx.options.activity_type or i.activity_type)
              if i and i.activity_type == "electricity.grid" else (i.activity_type if i else ""))
             for i in chan_info]
    factor = {k: value_unit(ctx.options.unit, k) for k in ("active", "reactive")}
    type_names = sorted(set(types))
    type_code = np.array([type_names.index(t) for t in types], dtype="int16")
    unit_names = [factor["active"][1], factor["reactive"][1]]
    unit_code = np.array([0 if k == "active" else 1 for k in kinds], dtype="int8")
    row_channel = chan_codes[r]
    quantity = quantity * factor["active"][0]
    if ctx.options.unit:
        ctx.assume(f"values declared in {ctx.options.unit}; stored as kWh / kVArh")
    else:
        ctx.assume("values taken as kWh (kVArh on reactive channels); declare --unit "
                   "Wh or kW otherwise")
    status = _status(quantity, codes[r, c] if codes is not None else None)
    if codes is None:
        ctx.assume("no status columns: readings with a value are taken as actual")
    start = day_start[r] + c.astype("int64") * HALF_HOUR
    if local:
        local_date, period = dates[r], (c + 1).astype("int16")
    else:
        local_date, period = settlement_of(start)
    meter_cat = pd.Categorical.from_codes(*_codes(meter, r))
    site_cat = pd.Categorical.from_codes(*_codes(site, r))
    activity = activity_frame(
        ctx, np.arange(len(r)), ctx.table.lines[r],
        site=site_cat, meter_id=meter_cat,
        activity_type=pd.Categorical.from_codes(type_code[row_channel], type_names),
        period_start=pd.DatetimeIndex(start).tz_localize("UTC"),
        period_end=pd.DatetimeIndex(start + HALF_HOUR).tz_localize("UTC"),
        quantity=quantity,
        unit=pd.Categorical.from_codes(unit_code[row_channel],
                                       unit_names).remove_unused_categories(),
        status=pd.Categorical.from_codes(status, STATUS_CODES),
        local_date=local_date, settlement_period=period,
        source_column=pd.Categorical.from_codes(c.astype("int16"), cols.periods))
    if cols.channel:
        activity["channel"] = pd.Categorical.from_codes(*_codes(ctx.table.frame[cols.channel]
                                                              .str.upper(), r))
    activity = gaps.apply(ctx, activity)
    ctx.progress("validate")
    return finish(ctx, "hh_wide", activity, rows_in, "reading")


def _codes(series: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
    codes, uniques = pd.factorize(series.astype(str))
    return codes[rows].astype("int32"), [str(u) for u in uniques]


def _status(quantity: np.ndarray, flags: np.ndarray | None) -> np.ndarray:
    """Status codes (indices of STATUS_CODES): empty cells are missing whatever the flag."""
    missing = STATUS_CODES.index("missing")
    if flags is None:
        out = np.zeros(len(quantity), dtype="int8")
    else:
        out = np.where(flags >= 0, flags, 0).astype("int8")
    out[np.isnan(quantity)] = missing
    return out
