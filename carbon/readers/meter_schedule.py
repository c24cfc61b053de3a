"""The trust's meter schedule: which meter belongs to which site (and the site's floor area).

Interval and register files name meters, not sites; the schedule held in the store supplies the
site. Columns: ``site_code``, ``meter_id``, ``utility``; optional ``site_name``, ``gia_m2``
(gross internal area, for intensity metrics), ``meter_description``. Counting unit: the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.readers.build import finish
from carbon.readers.table import to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

#: Columns of the reference frame (the store's ``meters`` table).
REFERENCE_COLUMNS = ("meter_id", "site", "site_name", "gia_m2", "utility", "description",
                     "source_file", "source_row")


def read(ctx: Context) -> LoadResult:
    """Read a meter schedule into reference rows (no activity)."""
    table = ctx.table
    site = table.column("site code", "site")
    meter = table.column("meter id", "meter")
    utility = table.column("utility")
    n = len(table.frame)
    keep = np.ones(n, dtype=bool)
    for values, column, what in ((site, "site_code", "site"), (meter, "meter_id", "meter id")):
        empty = keep & (values == "").to_numpy()
        if empty.any():
            ctx.reject(np.flatnonzero(empty), column, "", f"no {what}",
                       f"give every meter its {what}")
            keep &= ~empty
    area_text = (table.column("gia m2", "gia", "gross internal area m2")
                 if table.has("gia m2", "gia", "gross internal area m2")
                 else pd.Series([""] * n))
    gia, bad = to_number(area_text, ctx.options.decimal)
    for problem, reason in ((bad, "floor area is not a number"),
                            (~bad & ~(np.isnan(gia) | (gia > 0)),
                             "floor area is not a positive number")):
        hit = keep & problem
        if hit.any():
            ctx.reject(np.flatnonzero(hit), "gia_m2", area_text.to_numpy(dtype=object),
                       reason, "write the gross internal area in m2 as a positive number, or "
                       "leave it empty")
            keep &= ~hit
    dup = keep & meter.duplicated(keep="first").to_numpy() & ~pd.DataFrame(
        {"m": meter, "s": site}).duplicated(keep=False).to_numpy()
    clash = keep & meter.duplicated(keep=False).to_numpy() & ~dup
    rows = np.flatnonzero(keep)
    reference = pd.DataFrame({
        "meter_id": meter.iloc[rows].to_numpy(), "site": site.iloc[rows].to_numpy(),
        "site_name": _optional(table, ("site name",), rows),
        "gia_m2": gia[rows], "utility": utility.iloc[rows].to_numpy(),
        "description": _optional(table, ("meter description", "description"), rows),
        "source_file": ctx.source_file, "source_row": table.lines[rows]})
    if clash.any():
        ctx.warn(np.flatnonzero(clash), "meter_id", meter[clash].to_numpy(dtype=object),
                 "meter listed more than once; the last row wins")
    reference = reference.drop_duplicates("meter_id", keep="last").reset_index(drop=True)
    ctx.assume("meter schedule: interval and register files will take each meter's site from "
               "it")
    return finish(ctx, "meter_schedule", None, n, "row", silent_units=int(keep.sum()),
                  reference=reference)


def _optional(table: object, names: tuple[str, ...], rows: np.ndarray) -> np.ndarray:
    from carbon.readers.table import RawTable

    assert isinstance(table, RawTable)
    found = table.has(*names)
    if found is None:
        return np.full(len(rows), "", dtype=object)
    return table.column(found).iloc[rows].to_numpy(dtype=object)
