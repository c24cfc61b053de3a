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
``missing`` (never zero). Whole-day problems are checked on the day rows; the readings are then
made and emitted. When they go to a sink (the store's writer, streamed totals), they are made
meter by meter in pieces of about :data:`PIECE_READINGS`, so a file of ten million readings is
never held as ten million rows at once; when the caller keeps the whole table anyway, they are
made in one piece (pieces would only be copied once more into one table).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.errors import InputFileError
from carbon.readers import gaps
from carbon.readers.build import activity_frame, finish, reject_without_site
from carbon.readers.dates import local_day_and_period
from carbon.readers.intervals import (
    HALF_HOUR,
    STATUS_CODES,
    channels,
    periods_in_local_day,
    value_unit,
)
from carbon.readers.table import normalise, to_date
from carbon.readers.wide_block import UNKNOWN, Block, read_block

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

_TIME_LABEL = re.compile(r"^\d{2}:\d{2}$")
_NUMBERED = re.compile(r"^(?:hh|p)\s?0*(\d{1,2})$")
_STATUS_SUFFIXES = (" act est", " status", " flag", " actual estimated")
_METER = ("mpan", "mpan core", "meter id", "meter", "msid", "meter point")
_DATE = ("settlement date", "date", "reading date", "read date", "day")
_CHANNEL = ("measurement type", "channel", "channel type", "register", "flow")
#: Readings made and emitted at a time (whole meters and channels; memory, not results).
PIECE_READINGS = 1 << 20
_MISSING = STATUS_CODES.index("missing")


@dataclass(frozen=True)
class WideColumns:
    """Where things are in a wide header (normalised names)."""

    meter: str
    date: str
    channel: str | None
    periods: list[str]
    statuses: list[str | None]
    labelled: bool

    @property
    def keys(self) -> list[str]:
        return [self.meter, self.date] + ([self.channel] if self.channel else [])


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
    written = [c.strip() for c in ctx.source.rows[ctx.header_index]]
    header = [ctx.renames.get(normalise(c), normalise(c)) for c in written]
    cols = wide_columns(header)
    label = dict(reversed(list(zip(header, written, strict=True))))
    local = _time_basis(ctx, cols)
    block = read_block(ctx, header, cols.keys, cols.periods, cols.statuses)
    ctx.progress("parse")
    days = _check_days(ctx, cols, local, block, label)
    factor, kinds = _units(ctx, days.channel_info)
    filled = 0
    for rows in _pieces(days, PIECE_READINGS if ctx.sink is not None else None):
        readings = _readings(ctx, cols, local, block, days, rows, label, factor, kinds)
        readings, count = gaps.apply(ctx, readings)
        filled += count
        ctx.emit(readings)
    gaps.state(ctx, filled)
    return finish(ctx, "hh_wide", None, days.rows_in, "reading")


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


@dataclass(frozen=True)
class Days:
    """The day rows after the whole-day checks.

    Attributes
    ----------
    cells : numpy.ndarray
        Cells that become readings (day rows x period columns). [bool]
    day_start : numpy.ndarray
        UTC start of each row's first period, nanoseconds since the epoch. [int64]
    dates : numpy.ndarray
        The row's date as written. [datetime64[ns]]
    meter, site, channel : tuple of (codes, values)
        Per day row: integer codes and the distinct texts they stand for.
    channel_info : list
        :class:`~carbon.readers.intervals.Channel` of each distinct channel.
    rows_in : int
        Readings in the file (the counting unit).
    """

    cells: np.ndarray
    day_start: np.ndarray
    dates: np.ndarray
    meter: tuple[np.ndarray, list[str]]
    site: tuple[np.ndarray, list[str]]
    channel: tuple[np.ndarray, list[str]]
    channel_info: list
    rows_in: int


def _check_days(ctx: Context, cols: WideColumns, local: bool, block: Block,
                label: dict[str, str]) -> Days:
    """Check each day row against the calendar; quarantine bad rows and bad cells."""
    keys, values = block.keys, block.numbers
    n_rows, width = values.shape
    dash = block.dash if block.dash is not None else np.zeros(values.shape, dtype=bool)
    dates, bad_date = to_date(keys[cols.date])
    periods = np.full(n_rows, 48, dtype="int64")
    day_start = np.zeros(n_rows, dtype="datetime64[ns]")
    if local and (~bad_date).any():
        periods[~bad_date], day_start[~bad_date] = periods_in_local_day(dates[~bad_date])
    elif not local:
        day_start = np.where(bad_date, np.datetime64(0, "ns"), dates)
    has_value = ~np.isnan(values) if block.bad is None else ~np.isnan(values) | block.bad
    inside = np.arange(width)[None, :] < periods[:, None]
    claimed = ~dash & (inside | has_value)
    counts = np.where(bad_date, np.maximum(1, (~dash & has_value).sum(axis=1)),
                      claimed.sum(axis=1))
    meter = keys[cols.meter]
    chan_codes, written_channels = pd.factorize(
        keys[cols.channel] if cols.channel else pd.Series("ai", index=keys.index))
    chan_codes, chan_values = _refactor(chan_codes, [normalise(str(c))
                                                     for c in written_channels])
    known = channels()
    chan_info = [known.get(v) for v in chan_values]
    keep = np.ones(n_rows, dtype=bool)

    def drop(mask: np.ndarray, column: str, value: pd.Series,
             reason: str | Callable[[np.ndarray], np.ndarray], fix: str) -> None:
        nonlocal keep
        hit = keep & mask
        if hit.any():
            where = np.flatnonzero(hit)
            why = reason(where) if callable(reason) else reason
            ctx.reject(where, label[column], value.to_numpy(dtype=object)[where], why, fix,
                       counts[where])
            keep &= ~hit

    date_text = keys[cols.date]
    drop(bad_date, cols.date, date_text, "not a date",
         "write dates as dd/mm/yyyy (or dd-mm-yyyy)")
    drop((meter == "").to_numpy(), cols.meter, meter, "no meter id", "give every row its meter")
    unknown = np.array([c is None for c in chan_info] + [True])[chan_codes]
    drop(unknown, cols.channel or cols.meter, keys.get(cols.channel or cols.meter, meter),
         "unknown channel / measurement type",
         "use AI, AE, RI or RE (scopes/interval_channels.csv) or map it")
    drop(periods > width, cols.date, date_text,
         lambda w: np.array([f"the local day has {p} settlement periods but the file has only "
                             f"{width} period columns" for p in periods[w]], dtype=object),
         "export with HH49/HH50 columns, or load with --timezone UTC if the days are UTC days")
    basis = "local" if local else "UTC"
    drop((dash & inside).any(axis=1) | (has_value & ~inside).any(axis=1), cols.date, date_text,
         lambda w: np.array([f"{basis} day has {p} settlement periods but the row has {c} "
                             "values" for p, c in zip(periods[w], claimed[w].sum(axis=1),
                                                      strict=True)], dtype=object),
         "check the export's time basis (--timezone UTC for data collectors publishing UTC "
         "days); clock-change days have 46 (March) or 50 (October) periods")
    _drop_duplicates(ctx, keep, keys, block, counts, label[cols.date], cols.date)
    site = ctx.sites(meter)
    keep = reject_without_site(ctx, keep, site, label[cols.meter], meter, counts)
    cells = _check_cells(ctx, claimed & keep[:, None], block, cols, label)
    meter_codes, meter_values = pd.factorize(meter)
    site_codes, site_values = pd.factorize(site.astype(str))
    return Days(cells, day_start.astype("datetime64[ns]").view("int64"), dates,
                (_small_codes(meter_codes, len(meter_values)), [str(v) for v in meter_values]),
                (_small_codes(site_codes, len(site_values)), [str(v) for v in site_values]),
                (_small_codes(chan_codes, len(chan_values)),
                 [str(v).upper() for v in chan_values]), chan_info,
                int(counts.sum()))


def _refactor(codes: np.ndarray, names: list[str]) -> tuple[np.ndarray, list[str]]:
    """Codes of texts that may fold together (``AI`` and ``ai``), numbered again."""
    folded, uniques = pd.factorize(pd.Series(names, dtype=object))
    return folded[codes], [str(u) for u in uniques]


def _check_cells(ctx: Context, cells: np.ndarray, block: Block, cols: WideColumns,
                 label: dict[str, str]) -> np.ndarray:
    """Quarantine single cells (not a number, unknown flag); the cells left are readings."""
    names = np.array([label[p] for p in cols.periods], dtype=object)
    for blocked, reason, fix in (
            (block.bad, "not a number", "write the reading as a number, or leave it empty if "
             "there is no reading"),
            (None if block.codes is None else block.codes == UNKNOWN, "unknown status flag",
             "use Actual/Estimated or A/E (scopes/interval_status.csv)")):
        if blocked is None:
            continue
        r, c = np.nonzero(cells & blocked)
        if len(r):
            frame = ctx.table.frame
            text = np.array([frame[cols.periods[j]].iloc[i] if block.bad is not None
                             else str(block.numbers[i, j]) for i, j in zip(r, c, strict=True)],
                            dtype=object)
            ctx.reject(r, names[c], text, reason, fix, 1)
            cells = cells.copy()
            cells[r, c] = False
    return cells


def _drop_duplicates(ctx: Context, keep: np.ndarray, keys: pd.DataFrame, block: Block,
                     counts: np.ndarray, column: str, date: str) -> None:
    """Identical repeated day rows load once; differing ones are all quarantined."""
    dup = keys.duplicated(keep=False).to_numpy() & keep
    if not dup.any():
        return
    values, codes = block.numbers, block.codes
    lines = ctx.table.lines
    groups = keys[dup].groupby(list(keys.columns), sort=False).indices
    for positions in groups.values():
        rows = np.flatnonzero(dup)[positions]
        first = rows[0]
        same = all(np.array_equal(values[first], values[r], equal_nan=True) and (
            codes is None or np.array_equal(codes[first], codes[r])) for r in rows[1:])
        text = keys[date].to_numpy(dtype=object)
        if same:
            later = rows[1:]
            ctx.reject(later, column, text[later],
                       f"identical duplicate of line {lines[first]}: loaded once",
                       "nothing to fix (two exports overlapped)", counts[later])
        else:
            ctx.reject(rows, column, text[rows],
                       "conflicting duplicate: lines " + ", ".join(str(lines[r]) for r in rows)
                       + " give different values for the same meter, channel and day",
                       "keep the right row and load the file again", counts[rows])
        keep[rows[1:] if same else rows] = False


def _units(ctx: Context, channel_info: list) -> tuple[float, list[tuple[str, str]]]:
    """Multiplier to stored quantities, and (activity type, unit) of each channel."""
    factor, _ = value_unit(ctx.options.unit, "active")
    if ctx.options.unit:
        ctx.assume(f"values declared in {ctx.options.unit}; stored as kWh / kVArh")
    else:
        ctx.assume("values taken as kWh (kVArh on reactive channels); declare --unit "
                   "Wh or kW otherwise")
    kinds = []
    for info in channel_info:
        if info is None:
            kinds.append(("", ""))
            continue
        kind = (ctx.options.activity_type or info.activity_type
                if info.activity_type == "electricity.grid" else info.activity_type)
        kinds.append((kind, value_unit(ctx.options.unit, info.kind)[1]))
    return factor, kinds


def _pieces(days: Days, limit: int | None) -> Iterator[np.ndarray]:
    """Day rows in meter, channel and date order, in pieces of whole series.

    ``limit`` readings at most per piece (a series is never split); ``None``: one piece.
    """
    readings = days.cells.sum(axis=1)
    rows = np.flatnonzero(readings > 0)
    series = (days.meter[0].astype("int64") * (len(days.channel[1]) + 1)
              + days.channel[0])[rows]
    order = np.lexsort((days.dates[rows], series))
    rows, series = rows[order], series[order]
    if limit is None:
        if len(rows):
            yield rows
        return
    starts = np.flatnonzero(np.r_[True, series[1:] != series[:-1]]) if len(rows) else rows
    sizes = np.add.reduceat(readings[rows], starts) if len(rows) else rows
    first, total = 0, 0
    for i, size in enumerate(sizes):
        if total and total + size > limit:
            yield rows[starts[first]:starts[i]]
            first, total = i, 0
        total += int(size)
    if total:
        yield rows[starts[first]:]


def _readings(ctx: Context, cols: WideColumns, local: bool, block: Block, days: Days,
              rows: np.ndarray, label: dict[str, str], factor: float,
              kinds: list[tuple[str, str]]) -> pd.DataFrame:
    """Activity rows of the readings of some day rows (day row by day row, periods in order).

    The cells are picked by a boolean mask over the piece's day rows (row-major, so the
    readings come out in order) and every per-row value is taken once per day row and
    repeated; category codes stay in the small integer type of their categories.
    """
    width = days.cells.shape[1]
    cells = days.cells[rows]
    per_row = cells.sum(axis=1)

    def each(values: np.ndarray) -> np.ndarray:  # a value per day row, once per reading
        return np.repeat(values[rows], per_row)

    c = np.broadcast_to(np.arange(width, dtype="int8"), cells.shape)[cells]
    # A run of consecutive day rows (a file in series order) is a view, not a gathered copy.
    span = (slice(int(rows[0]), int(rows[-1]) + 1)
            if len(rows) and int(rows[-1]) - int(rows[0]) + 1 == len(rows)
            and bool((np.diff(rows) == 1).all()) else rows)
    quantity = block.numbers[span][cells]
    quantity *= factor
    if block.codes is None:
        status = np.zeros(len(quantity), dtype="int8")
    else:
        status = np.maximum(block.codes[span][cells], 0)
    status[np.isnan(quantity)] = _MISSING
    step = np.int64(HALF_HOUR.astype("timedelta64[ns]").astype("int64"))
    start = each(days.day_start)
    start += c * step
    if local:
        local_date, period = each(days.dates), c.astype("int16") + 1
    else:
        local_date, period = local_day_and_period(start)
    chan = each(days.channel[0])
    type_names = sorted({k for k, _ in kinds})
    unit_names = sorted({u for _, u in kinds})
    type_code = np.array([type_names.index(k) for k, _ in kinds], dtype="int8")
    unit_code = np.array([unit_names.index(u) for _, u in kinds], dtype="int8")
    extra = {"channel": pd.Categorical.from_codes(chan, days.channel[1], validate=False)
             } if cols.channel else {}
    return activity_frame(
        ctx, None, each(ctx.table.lines),
        site=pd.Categorical.from_codes(each(days.site[0]), days.site[1], validate=False),
        meter_id=pd.Categorical.from_codes(each(days.meter[0]), days.meter[1], validate=False),
        activity_type=pd.Categorical.from_codes(each(type_code[days.channel[0]]), type_names,
                                                validate=False),
        period_start=_utc(start), period_end=_utc(start + step), quantity=quantity,
        unit=pd.Categorical.from_codes(each(unit_code[days.channel[0]]), unit_names,
                                       validate=False),
        status=pd.Categorical.from_codes(status, STATUS_CODES, validate=False),
        local_date=local_date, settlement_period=period,
        source_column=pd.Categorical.from_codes(c, [label[p] for p in cols.periods],
                                                validate=False),
        **extra)


def _utc(ns: np.ndarray) -> pd.DatetimeIndex:
    """Nanoseconds since the epoch as aware UTC times (a view, not a copy)."""
    return pd.DatetimeIndex(ns, dtype="datetime64[ns, UTC]", copy=False)


def _small_codes(codes: np.ndarray, count: int) -> np.ndarray:
    """Category codes in the integer type pandas keeps for ``count`` categories."""
    for dtype in ("int8", "int16", "int32"):
        if count < np.iinfo(dtype).max:
            return codes.astype(dtype)
    return codes.astype("int64")
