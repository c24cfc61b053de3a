"""The engine's own activity CSV (:func:`carbon.activity.write_activity_csv`).

Rows are checked with :func:`carbon.activity.check_activity`; a row with any problem is
quarantined with the first problem's reason and fix. Counting unit: the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.activity import REQUIRED_COLUMNS
from carbon.isotime import parse_iso_utc
from carbon.readers.build import activity_frame, finish
from carbon.readers.simple import Rows
from carbon.readers.table import to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult


def read(ctx: Context) -> LoadResult:
    """Read a canonical activity CSV (batch id and file are replaced by this load's)."""
    r = Rows(ctx)
    times = {}
    for name in ("period start", "period end"):
        parsed = parse_iso_utc(r.text(name))
        r.drop(parsed.isna().to_numpy(), name, "not an ISO 8601 time with an offset",
               "write times like 2024-04-01T00:00:00Z")
        times[name] = parsed
    quantity, bad = to_number(r.text("quantity"))
    status = r.text("status", default="actual")
    r.drop(bad, "quantity", "quantity not a number", "give a number")
    rows = r.rows
    text = {c: r.text(c.replace("_", " ")).to_numpy(dtype=object)[rows]
            for c in ("organisation", "site", "meter_id", "activity_type", "unit")}
    if ctx.options.organisation:
        text["organisation"] = np.where(text["organisation"] == "", ctx.options.organisation,
                                        text["organisation"])
    extra = [c for c in r.table.frame.columns if c.replace(" ", "_") not in (
        *REQUIRED_COLUMNS, "calorific_basis")]
    activity = activity_frame(
        ctx, rows, r.table.lines[rows],
        **{k: pd.Categorical(v) for k, v in text.items()},
        period_start=pd.DatetimeIndex(times["period start"].iloc[rows]),
        period_end=pd.DatetimeIndex(times["period end"].iloc[rows]),
        quantity=quantity[rows], status=pd.Categorical(status.to_numpy(dtype=object)[rows]),
        **{c.replace(" ", "_"): r.table.frame[c].to_numpy(dtype=object)[rows] for c in extra})
    return finish(ctx, "canonical", activity, r.n, "row")
