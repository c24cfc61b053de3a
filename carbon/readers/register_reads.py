"""Cumulative register reads (non-half-hourly meters): consumption from successive reads.

Reads are differenced per meter serial and register, in date order. A read lower than the
previous one is a rollover at the register's own size: advance = 10^digits - previous +
current (the digit count comes from ``register_digits``, else from the width of the readings,
which keep their leading zeros). Reads are never differenced across meters: an ``INITIAL`` read
(or a new serial) opens a new chain, a ``FINAL`` read closes one. The advance is multiplied by
the meter's multiplier.

Each advance is one activity row over ``[previous read date, read date)`` (local midnights, as
read-to-read bills are), status ``estimated`` when either read is estimated. Rows are not split
across reporting periods here: the inventory apportions by day. Advances whose daily rate is
implausible (``scopes/loading_rules.toml``) and estimated reads are warned about.

Counting unit: the read. The first read of a chain is accepted without an activity row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon import resources
from carbon.readers.build import activity_frame, finish, reject_without_site
from carbon.readers.dates import day_bounds
from carbon.readers.table import to_date, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

_ESTIMATED = {"e", "d", "est", "estimated", "deemed"}


def read(ctx: Context) -> LoadResult:
    """Read register reads (see the module docstring)."""
    t = ctx.table
    n = len(t.frame)
    serial = t.column("meter serial", "serial", "meter serial number")
    mpan = t.column("mpan core", "mpan", "meter id") if t.has(
        "mpan core", "mpan", "meter id") else serial
    register = t.column("register id", "register") if t.has("register id", "register") else (
        pd.Series("1", index=t.frame.index))
    date_col = t.has("read date", "reading date", "date") or "read date"
    read_col = t.has("reading", "read", "register reading") or "reading"
    dates, bad_date = to_date(t.column(date_col))
    text = t.column(read_col)
    reading, bad_read = to_number(text)
    digits_col = t.has("register digits", "digits")
    width = text.str.len().to_numpy(dtype="float64")
    if digits_col:
        digits, bad_digits = to_number(t.column(digits_col))
        if np.isnan(digits).any():
            ctx.assume("register size taken from the width of the readings where "
                       f"{digits_col!r} is empty (leading zeros kept)")
        digits = np.where(np.isnan(digits), width, digits)
    else:
        digits, bad_digits = width, np.zeros(n, dtype=bool)
        ctx.assume("register size taken from the width of the readings (leading zeros kept)")
    bad_digits |= ~(digits >= 1) | (digits != np.floor(digits))
    with np.errstate(over="ignore"):
        size = 10.0 ** digits
    mult_col = t.has("multiplier", "meter multiplier", "ct ratio")
    multiplier, bad_mult = (to_number(t.column(mult_col)) if mult_col
                            else (np.ones(n), np.zeros(n, dtype=bool)))
    multiplier = np.where(np.isnan(multiplier), 1.0, multiplier)
    kind = (t.column("read type") if t.has("read type") else pd.Series("", index=t.frame.index)
            ).str.lower()
    reason = (t.column("read reason") if t.has("read reason") else
              pd.Series("", index=t.frame.index)).str.upper()
    keep = np.ones(n, dtype=bool)
    for mask, column, why, fix in (
            (bad_date, date_col, "not a date", "write dates as dd/mm/yyyy"),
            (bad_read | np.isnan(reading), read_col, "reading is not a number",
             "give the register reading as digits"),
            (reading < 0, read_col, "negative register reading",
             "a register counts up from zero: check the reading"),
            (bad_digits, digits_col or read_col, "register size is not a whole number of digits",
             "give the number of register digits"),
            (bad_mult, mult_col or read_col, "multiplier is not a number",
             "give the meter multiplier (1 when none)"),
            (reading >= size, read_col,
             "reading does not fit the register's digits",
             "check the reading and register_digits")):
        hit = keep & mask
        if hit.any():
            where = np.flatnonzero(hit)
            ctx.reject(where, column, t.frame[column].to_numpy(dtype=object)[where]
                       if column in t.frame else None, why, fix)
            keep &= ~hit
    site = ctx.sites(mpan)
    keep = reject_without_site(ctx, keep, site, "mpan_core", mpan)

    order = np.lexsort((t.lines, dates, register.to_numpy(), serial.to_numpy(),
                        mpan.to_numpy()))
    order = order[keep[order]]
    key = pd.DataFrame({"m": mpan.to_numpy()[order], "s": serial.to_numpy()[order],
                        "r": register.to_numpy()[order], "d": dates[order]})
    same = key.duplicated(keep="first").to_numpy()
    if same.any():
        where = order[same]
        ctx.reject(where, date_col, t.column(date_col).to_numpy(dtype=object)[where],
                   "second read of the same register on the same day",
                   "keep one read per day (the later one is set aside)")
        keep[where] = False
    return _advances(ctx, t, order[~same], keep, mpan, serial, register, dates, reading,
                     digits, multiplier, kind, reason, site, n)


def _advances(ctx: Context, t: object, order: np.ndarray, keep: np.ndarray, mpan: pd.Series,
              serial: pd.Series, register: pd.Series, dates: np.ndarray, reading: np.ndarray,
              digits: np.ndarray, multiplier: np.ndarray, kind: pd.Series, reason: pd.Series,
              site: pd.Series, n: int) -> LoadResult:
    from carbon.readers.table import RawTable

    assert isinstance(t, RawTable)
    o_serial = serial.to_numpy()[order]
    o_reg = register.to_numpy()[order]
    o_mpan = mpan.to_numpy()[order]
    starts = reason.to_numpy()[order].astype(str)
    chain = np.zeros(len(order), dtype=bool)
    chain[1:] = ((o_serial[1:] == o_serial[:-1]) & (o_reg[1:] == o_reg[:-1])
                 & (o_mpan[1:] == o_mpan[:-1]) & ~np.char.startswith(starts[1:], "INITIAL")
                 & ~np.char.startswith(starts[:-1], "FINAL"))
    cur = order[chain]
    prev = order[np.flatnonzero(chain) - 1]
    with np.errstate(over="ignore"):
        size = 10.0 ** digits[cur]
    raw_advance = reading[cur] - reading[prev]
    rolled = raw_advance < 0
    advance = np.where(rolled, size - reading[prev] + reading[cur], raw_advance)
    quantity = advance * multiplier[cur]
    days = (dates[cur] - dates[prev]) / np.timedelta64(1, "D")
    estimated = np.isin(kind.to_numpy()[cur], list(_ESTIMATED)) | np.isin(
        kind.to_numpy()[prev], list(_ESTIMATED))
    rolled_rows = cur[rolled]
    for r, p, a in zip(rolled_rows, prev[rolled], advance[rolled], strict=True):
        ctx.warn(np.array([r]), "reading", t.frame.iloc[r].get("reading", ""),
                 f"register rolled over at 10^{int(digits[r])}: advance = 10^{int(digits[r])}"
                 f" - {reading[p]:.0f} + {reading[r]:.0f} = {a:.0f}")
    rate = quantity / np.maximum(days, 1.0)
    ratio = float(resources.read_toml("carbon.scopes", "loading_rules.toml")
                  ["register_jump_ratio"]["value"])
    median = pd.Series(rate).groupby(o_serial[chain]).transform("median").to_numpy()
    jump = rate > ratio * median
    if jump.any():
        ctx.warn(cur[jump], "reading", None,
                 f"implausible advance: daily rate more than {ratio:g}x the meter's median "
                 "(misread, or a meter exchange recorded as a rollover?)")
    est_reads = np.flatnonzero(keep & np.isin(kind.to_numpy(), list(_ESTIMATED)))
    if len(est_reads):
        ctx.warn(est_reads, "read_type", "E",
                 "estimated read: the advances either side are mis-split (the total is right "
                 "again at the next actual read)")
    exchanges = np.flatnonzero(np.char.startswith(reason.to_numpy().astype(str), "INITIAL")
                               & keep)
    for r in exchanges:
        ctx.assume(f"meter exchange: new meter {serial.iloc[r]} from "
                   f"{pd.Timestamp(dates[r]):%d/%m/%Y}; reads not differenced across meters")
    start, end = day_bounds(dates[prev], dates[cur])
    activity = activity_frame(
        ctx, cur, t.lines[cur], site=pd.Categorical(site.to_numpy()[cur]),
        meter_id=pd.Categorical(mpan.to_numpy()[cur]),
        activity_type=ctx.options.activity_type or "electricity.grid",
        period_start=start, period_end=end, quantity=quantity, unit="kWh",
        status=pd.Categorical(np.where(estimated, "estimated", "actual")),
        record_key=pd.Categorical(serial.to_numpy()[cur] + "/" + register.to_numpy()[cur]),
        meter_serial=serial.to_numpy()[cur], read_from=reading[prev], read_to=reading[cur],
        rollover=rolled)
    ctx.assume("each read-to-read advance is one row over its own dates; the inventory "
               "apportions it to reporting periods by day")
    opening = int(keep.sum()) - len(cur)
    return finish(ctx, "register_reads", activity, n, "read", silent_units=opening)
