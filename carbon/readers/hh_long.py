"""Long (tidy) half-hourly exports: one row per meter x half hour.

Columns: a meter id, a timestamp, a value, and optionally a status flag and a channel. The value
column's name declares its unit (``kwh``, ``wh``, ``kw`` = average demand, ``kvarh`` = reactive);
a neutral name (``value``, ``consumption``) is taken as kWh unless ``--unit`` says otherwise.

Time basis: a timestamp with an offset (``...Z``, ``+01:00``) is exact. One without is UTC when
the column name says so (``timestamp_utc``), else local (Europe/London) when declared with
``--timezone``; otherwise the file is refused. Local times that occur twice (the October clock
change) or never (March) are quarantined: they need an offset. A timestamp marks the start of
its half hour unless ``--timestamp-marks end`` is given or the column name says ``end``.

Counting unit: the row. Identical repeated rows load once; rows giving different values for the
same meter, channel and half hour are all quarantined.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.errors import InputFileError
from carbon.isotime import iso_shape, parse_iso_naive, parse_iso_utc
from carbon.readers import gaps
from carbon.readers.build import activity_frame, finish, reject_without_site
from carbon.readers.dates import local_day_and_period
from carbon.readers.intervals import (
    HALF_HOUR,
    STATUS_CODES,
    channels,
    status_flags,
    value_unit,
)
from carbon.readers.table import normalise, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

_METER = ("mpan", "mpan core", "meter id", "meter", "msid", "meter point")
_TIME = ("timestamp", "timestamp utc", "timestamp local", "datetime", "date time",
         "interval start", "period start", "start time", "reading time", "interval end",
         "period end", "end time")
_VALUE = ("kwh", "wh", "kw", "kvarh", "value", "consumption", "reading value")
_STATUS = ("status", "flag", "status flag", "quality", "actual estimated")
_CHANNEL = ("channel", "measurement type", "channel type", "register", "flow")
_WHOLE_TIME = r"\d:\d{2}(?::\d{2})?$"
_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M")


def read(ctx: Context) -> LoadResult:
    """Read a long half-hourly export (see the module docstring)."""
    table = ctx.table
    n = len(table.frame)
    meter_col = table.has(*_METER)
    time_col = table.has(*_TIME)
    value_col = table.has(*_VALUE)
    assert meter_col and time_col and value_col  # guaranteed by the layout signature
    status_col = table.has(*_STATUS)
    channel_col = table.has(*_CHANNEL)
    meter = table.column(meter_col)
    text = table.column(time_col)
    keep = np.ones(n, dtype=bool)

    def drop(mask: np.ndarray, column: str, value: pd.Series, reason: str | np.ndarray,
             fix: str) -> None:
        nonlocal keep
        hit = keep & mask
        if hit.any():
            where = np.flatnonzero(hit)
            why = reason[where] if isinstance(reason, np.ndarray) else reason
            ctx.reject(where, column, value.to_numpy(dtype=object)[where], why, fix)
            keep &= ~hit

    start, why = _parse_times(ctx, text, time_col)
    drop(why != "", time_col, text, why, "write timestamps as ISO 8601 with an offset "
         "(2024-10-27T01:30:00+01:00) or in UTC (…Z)")
    marks_end = ctx.options.timestamp_marks == "end" or (
        ctx.options.timestamp_marks is None and "end" in time_col)
    ctx.assume("timestamps mark the " + ("end" if marks_end else "start") + " of the half hour"
               + ("" if ctx.options.timestamp_marks else
                  " (from the column name)" if marks_end else
                  " (default; --timestamp-marks end if not)"))
    if marks_end:
        start = start - HALF_HOUR
    aligned = (start.astype("int64") % HALF_HOUR.astype("timedelta64[ns]").astype("int64")) == 0
    drop(~aligned, time_col, text, "not on a half-hour boundary",
         "interval data must be half-hourly (00 or 30 minutes past the hour)")

    values, bad = to_number(table.column(value_col), ctx.options.decimal)
    drop(bad, value_col, table.column(value_col), "not a number",
         "write the reading as a number, or leave it empty if there is no reading")
    drop((meter == "").to_numpy(), meter_col, meter, "no meter id", "give every row its meter")

    flags = table.column(status_col) if status_col else pd.Series("", index=table.frame.index)
    lookup = status_flags()
    status = flags.map(lambda f: lookup.get(normalise(f), "" if f == "" else "?"))
    drop((status == "?").to_numpy(), status_col or value_col, flags, "unknown status flag",
         "use A/E or Actual/Estimated (scopes/interval_status.csv)")
    channel = (table.column(channel_col) if channel_col else
               pd.Series(_implied_channel(value_col), index=table.frame.index))
    info = channel.map(lambda c: channels().get(normalise(c)))
    drop(info.isna().to_numpy(), channel_col or value_col, channel,
         "unknown channel / measurement type", "use AI, AE, RI or RE "
         "(scopes/interval_channels.csv)")
    _drop_duplicates(ctx, keep, meter, channel, start, values, status, time_col, text)
    site = ctx.sites(meter)
    keep = reject_without_site(ctx, keep, site, meter_col, meter)

    rows = np.flatnonzero(keep)
    kind = np.array([info.iloc[i].kind for i in rows], dtype=object)
    declared = ctx.options.unit or {"wh": "Wh", "kw": "kW"}.get(value_col)
    factor, _ = value_unit(declared, "active")
    unit = np.where(kind == "active", "kWh", "kVArh")
    ctx.assume(f"values in {declared or 'kWh'}"
               + (" (declared)" if ctx.options.unit else f" (column {value_col!r})"
                  if value_col in ("kwh", "wh", "kw", "kvarh") else
                  " (default; declare --unit Wh or kW otherwise)"))
    quantity = values[rows] * factor
    codes = status.iloc[rows].to_numpy(dtype=object)
    codes = np.where(codes == "", "actual", codes)
    codes = np.where(np.isnan(quantity), "missing", codes)
    types = np.array([(ctx.options.activity_type or i.activity_type)
                      if i.activity_type == "electricity.grid" else i.activity_type
                      for i in info.iloc[rows]], dtype=object)
    begin = start[rows]
    local_date, period = local_day_and_period(begin.astype("datetime64[ns]").view("int64"))
    activity = activity_frame(
        ctx, rows, table.lines[rows], site=pd.Categorical(site.iloc[rows]),
        meter_id=pd.Categorical(meter.iloc[rows]), activity_type=pd.Categorical(types),
        period_start=pd.DatetimeIndex(begin).tz_localize("UTC"),
        period_end=pd.DatetimeIndex(begin + HALF_HOUR).tz_localize("UTC"),
        quantity=quantity, unit=pd.Categorical(unit),
        status=pd.Categorical(codes, categories=STATUS_CODES),
        local_date=local_date, settlement_period=period,
        channel=pd.Categorical(channel.iloc[rows].str.upper()))
    activity, filled = gaps.apply(ctx, activity)
    gaps.state(ctx, filled)
    return finish(ctx, "hh_long", activity, n, "row")


def _implied_channel(value_col: str) -> str:
    return "kvarh" if value_col == "kvarh" else "ai"


def _parse_times(ctx: Context, text: pd.Series, column: str) -> tuple[np.ndarray, np.ndarray]:
    """UTC start instants (naive datetime64[ns]) and a reason text where a row fails."""
    n = len(text)
    why = np.full(n, "", dtype=object)
    _, has_offset = iso_shape(text)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    if has_offset.any():
        parsed = parse_iso_utc(text[has_offset])
        out[has_offset] = parsed.dt.tz_localize(None).to_numpy()
    naive = ~has_offset & (text != "").to_numpy()
    if naive.any():
        wall = _parse_naive(text[naive])
        if "utc" in column or ctx.options.timezone == "UTC":
            ctx.assume("timestamps without an offset are UTC"
                       + (" (declared)" if ctx.options.timezone == "UTC" else
                          f" (column {column!r})"))
            out[naive] = wall
        elif ctx.options.timezone == "Europe/London":
            ctx.assume("timestamps without an offset are local Europe/London time (declared)")
            index = pd.DatetimeIndex(wall)
            earlier = index.tz_localize("Europe/London", ambiguous=np.ones(len(index), bool),
                                        nonexistent="NaT")
            later = index.tz_localize("Europe/London", ambiguous=np.zeros(len(index), bool),
                                      nonexistent="NaT")
            sub = np.where(earlier == later, earlier.tz_convert("UTC").tz_localize(None),
                           np.datetime64("NaT"))
            reasons = np.where(np.isnat(wall), "",
                               np.where(pd.isna(earlier),
                                        "local time does not exist (clocks go forward)",
                                        np.where(earlier != later,
                                                 "ambiguous local time: it occurs twice when the "
                                                 "clocks go back", "")))
            out[naive] = sub.astype("datetime64[ns]")
            why[naive] = np.where(reasons == "", why[naive], reasons)
        else:
            raise InputFileError(
                f"timestamps in column {column!r} carry no UTC offset and the file does not "
                "say whether they are UTC or local time", file=ctx.source_file,
                fix="declare --timezone UTC or --timezone Europe/London")
    why = np.where((why == "") & np.isnat(out), "not a date and time", why)
    return out, why


def _parse_naive(text: pd.Series) -> np.ndarray:
    """Wall-clock times: whole ISO text, or a day-first date with a whole ``HH:MM`` time (a
    line cut short after ``00:3`` is not read as 00:03)."""
    parsed = pd.Series(parse_iso_naive(text), index=text.index)
    whole = text.str.contains(_WHOLE_TIME, regex=True).to_numpy()
    for fmt in _FORMATS:
        left = parsed.isna().to_numpy() & whole
        if not left.any():
            break
        parsed[left] = pd.to_datetime(text[left], format=fmt, errors="coerce")
    return parsed.to_numpy(dtype="datetime64[ns]")


def _drop_duplicates(ctx: Context, keep: np.ndarray, meter: pd.Series, channel: pd.Series,
                     start: np.ndarray, values: np.ndarray, status: pd.Series,
                     time_col: str, text: pd.Series) -> None:
    """Identical repeated rows load once; rows that disagree for one half hour are all
    quarantined."""
    index = np.flatnonzero(keep)
    key = pd.DataFrame({"m": meter.to_numpy()[index], "c": channel.str.lower().to_numpy()[index],
                        "t": start[index], "v": values[index], "s": status.to_numpy()[index]})
    in_slot = key.duplicated(["m", "c", "t"], keep=False).to_numpy()
    if not in_slot.any():
        return
    sub = key[in_slot]
    rows = index[in_slot]
    slot = sub.groupby(["m", "c", "t"], sort=False).ngroup().to_numpy()
    variant = sub.groupby(["m", "c", "t", "v", "s"], sort=False, dropna=False).ngroup()
    variants = variant.groupby(slot).transform("nunique").to_numpy()
    lines = pd.Series(ctx.table.lines[rows])
    first_line = lines.groupby(slot).transform("first").to_numpy()
    first = ~pd.Series(slot).duplicated().to_numpy()
    clash = variants > 1
    if clash.any():
        ctx.reject(rows[clash], time_col, text.to_numpy(dtype=object)[rows[clash]],
                   "conflicting duplicate: another row gives a different value for the same "
                   "meter, channel and half hour", "keep the right row and load the file again")
    repeat = ~clash & ~first
    if repeat.any():
        ctx.reject(rows[repeat], time_col, text.to_numpy(dtype=object)[rows[repeat]],
                   np.array([f"identical duplicate of line {n}: loaded once"
                             for n in first_line[repeat]], dtype=object),
                   "nothing to fix (two exports overlapped)")
    keep[rows[clash | repeat]] = False
