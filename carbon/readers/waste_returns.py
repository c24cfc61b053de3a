"""Waste contractor returns: tonnes by stream, EWC code and disposal route, per month.

The stream and route labels map to activity types through ``scopes/waste_streams.csv`` (exact
stream + route first, then route alone for rows with stream ``*``). EWC codes are normalised
(``18 01 03*``; a row may carry several, separated by ``/``) and kept in ``ewc_code``. Each row
is one month (local calendar month). A cost column [GBP] is kept as
``cost_gbp`` (:data:`carbon.readers.simple.COST_COLUMNS`). Counting unit: the row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.readers.build import TRUST_WIDE, activity_frame, finish
from carbon.readers.dates import month_bounds
from carbon.readers.simple import Rows, costs, vocabulary
from carbon.readers.table import normalise, to_month, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

_EWC = re.compile(r"^\d{2} ?\d{2} ?\d{2}\*?$")


def read(ctx: Context) -> LoadResult:
    """Read waste returns (see the module docstring)."""
    r = Rows(ctx)
    months, bad = to_month(r.text("month", "period"))
    r.drop(bad, r.name("month", "period"), "not a month", "write months as yyyy-mm")
    c_t = r.name("tonnes", "weight tonnes", "weight")
    tonnes, bad = to_number(r.text("tonnes", "weight tonnes", "weight"), ctx.options.decimal)
    r.drop(bad | np.isnan(tonnes), c_t, "tonnes not a number", "give the weight in tonnes")
    r.drop(tonnes < 0, c_t, "negative tonnes", "check the return")
    stream = r.text("waste stream", "stream", "waste type")
    route = r.text("disposal route", "route", "treatment")
    table = vocabulary("carbon.scopes", "waste_streams.csv")
    exact = {(normalise(s), normalise(d)): t for s, d, t in zip(
        table["waste_stream"], table["disposal_route"], table["activity_type"], strict=True)}
    types = np.array([exact.get((normalise(s), normalise(d)), exact.get(("*", normalise(d)), ""))
                      for s, d in zip(stream, route, strict=True)], dtype=object)
    r.drop(types == "", r.name("disposal route", "route"),
           "no activity type for this stream and route",
           "add the stream and route to scopes/waste_streams.csv (reviewed mapping)")
    ewc = r.text("ewc code", "ewc")
    codes = ewc.map(lambda text: " / ".join(_ewc(p) for p in text.split("/")) if text else "")
    bad_ewc = codes.map(lambda c: any(not _EWC.match(p) for p in c.split(" / ")) if c else False)
    r.drop(bad_ewc.to_numpy(dtype=bool), r.name("ewc code", "ewc"), "not an EWC code",
           "write codes as 18 01 03* (six digits, * for hazardous)")
    site = ctx.sites(None, "site code", default=TRUST_WIDE)
    rows = r.rows
    lo, hi = month_bounds(months[rows])
    container = r.text("container")
    activity = activity_frame(
        ctx, rows, r.table.lines[rows], site=pd.Categorical(site.to_numpy()[rows]),
        meter_id=pd.Categorical(stream.to_numpy(dtype=object)[rows]),
        activity_type=pd.Categorical(types[rows]), period_start=lo, period_end=hi,
        quantity=tonnes[rows], unit="tonne", status="actual",
        record_key=pd.Categorical((container + " | " + codes).to_numpy(dtype=object)[rows]),
        ewc_code=codes.to_numpy(dtype=object)[rows],
        disposal_route=route.to_numpy(dtype=object)[rows],
        contractor=r.text("contractor").to_numpy(dtype=object)[rows], cost_gbp=costs(r)[rows])
    ctx.assume("waste streams and routes mapped to activity types by scopes/waste_streams.csv")
    return finish(ctx, "waste_returns", activity, r.n, "row")


def _ewc(part: str) -> str:
    digits = re.sub(r"[^\d*]", "", part)
    star = "*" if "*" in digits else ""
    digits = digits.replace("*", "")
    return f"{digits[:2]} {digits[2:4]} {digits[4:6]}{star}" if len(digits) == 6 else part.strip()
