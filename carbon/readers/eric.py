"""NHS ERIC / HEFS estates returns (site-level workbooks and trust-level tables).

A whole return loads with one command (``carbon load FILE --layout eric --trust RXX``): the
energy, water and waste fields named in ``scopes/eric_fields.csv`` (every header spelling of
2013-14 to 2016-17, each with its activity type and unit, reviewed) become one activity row each
over the financial year. The energy, water and waste costs (£) become memo money rows
(``cost.energy``, ``cost.water``, ``cost.waste``) that the inventory keeps beside the carbon.
Water treatment is derived from supply at the declared share (``factors/conversions.toml``),
status ``estimated``. Workbooks are read from their ``Site Data`` sheet; the trust-level
``$``-delimited tables give one row per trust (site = trust code). The year comes from
``--year`` or the file name (``2016-17``).

Counting unit: the **value** (one mapped field of one row holding a number). Empty and
``Not Applicable`` cells are not values; negative or unreadable numbers are quarantined.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.errors import InputFileError
from carbon.periods import parse_period
from carbon.readers.build import activity_frame, finish
from carbon.readers.dates import day_bounds
from carbon.readers.detect import LAYOUTS, find_header
from carbon.readers.simple import vocabulary
from carbon.readers.sniff import open_source, sheet_names
from carbon.readers.table import build_table, normalise, to_number
from carbon.readers.water_bills import default_treatment_share

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

_YEAR = re.compile(r"(20\d\d)[-_/ ]?(\d\d)(?!\d)")
_NOT_A_VALUE = {"", "not applicable", "n/a", "na", "-", "none", "not reported"}


def read(ctx: Context) -> LoadResult:
    """Read an ERIC return (see the module docstring)."""
    if ctx.source.kind == "excel" and ctx.options.sheet is None and "Site Data" in sheet_names(
            ctx.source.path):
        source = open_source(ctx.source.path, sheet="Site Data")
        index, _ = find_header(source, LAYOUTS["eric"], ctx.renames)
        ctx.table = build_table(source, index, ctx.renames)
        ctx.assume("ERIC workbook: site-level figures read from the 'Site Data' sheet")
    t = ctx.table
    year = _year(ctx)
    org = t.column("organisation code", "trust code")
    selected = np.ones(len(org), dtype=bool)
    if ctx.options.trust:
        selected = (org.str.upper() == ctx.options.trust.upper()).to_numpy()
        if not selected.any():
            raise InputFileError(f"no rows for organisation {ctx.options.trust!r}",
                                 file=ctx.source_file,
                                 fix="check the trust's ERIC organisation code (e.g. RXX)")
        ctx.assume(f"{int(selected.sum())} row(s) of organisation {ctx.options.trust.upper()} "
                   f"selected out of {len(org)}")
    site_col = t.has("site code")
    site = t.column(site_col) if site_col else org
    fields = vocabulary("carbon.scopes", "eric_fields.csv")
    mapped = {normalise(f): (a, u, v) for f, a, u, v in zip(
        fields["field"], fields["activity_type"], fields["unit"], fields["verified"],
        strict=True)}
    present = [c for c in t.frame.columns if c in mapped]
    unmatched = [h for h in t.header if _energy_like(h) and normalise(h) not in mapped]
    if unmatched:
        ctx.assume("not loaded (no reviewed mapping in scopes/eric_fields.csv): "
                   + "; ".join(unmatched[:8]) + (" ..." if len(unmatched) > 8 else ""))
    unverified = [c for c in present if mapped[c][2] != "true"]
    if unverified:
        ctx.assume("mapped with an assumption (verified=false in scopes/eric_fields.csv): "
                   + "; ".join(unverified))
    lo, hi = day_bounds(np.array([np.datetime64(f"{year}-04-01")]),
                        np.array([np.datetime64(f"{year + 1}-04-01")]))
    positions = np.flatnonzero(selected)
    parts = []
    rows_in = 0
    share = ctx.options.treatment_share
    share = default_treatment_share() if share is None else share
    for j, column in enumerate(present):
        text = t.frame[column].str.strip()
        blank = text.str.lower().isin(_NOT_A_VALUE).to_numpy()
        values, bad = to_number(text, ctx.options.decimal)
        cells = positions[~blank[positions]]
        rows_in += len(cells)
        wrong = cells[bad[cells] | (values[cells] < 0)]
        if len(wrong):
            ctx.reject(wrong, column, text.to_numpy(dtype=object)[wrong],
                       "not a non-negative number", "correct the return value", 1)
        good = cells[~(bad[cells] | (values[cells] < 0))]
        kind, unit, _ = mapped[column]
        unit_ids = good * len(present) + j
        parts.append((good, unit_ids, kind, unit, values[good], "actual", np.nan))
        if kind == "water.supply":
            parts.append((good, unit_ids, "water.treatment", unit, values[good] * share,
                          "estimated", share))
    if not parts or not sum(len(p[0]) for p in parts):
        return finish(ctx, "eric", None, rows_in, "value")
    rows = np.concatenate([p[0] for p in parts])
    n = len(rows)
    activity = activity_frame(
        ctx, np.concatenate([p[1] for p in parts]), t.lines[rows],
        organisation=pd.Categorical(org.to_numpy(dtype=object)[rows]),
        site=pd.Categorical(site.to_numpy(dtype=object)[rows]), meter_id="ERIC",
        activity_type=pd.Categorical(np.concatenate([[p[2]] * len(p[0]) for p in parts])),
        period_start=lo.repeat(n), period_end=hi.repeat(n),
        quantity=np.concatenate([p[4] for p in parts]),
        unit=pd.Categorical(np.concatenate([[p[3]] * len(p[0]) for p in parts])),
        status=pd.Categorical(np.concatenate([[p[5]] * len(p[0]) for p in parts])),
        record_key=pd.Categorical(np.concatenate([[present[j]] * len(p[0]) for j, p in
                                                  _fields(parts, present)])),
        treatment_share=np.concatenate([np.full(len(p[0]), p[6]) for p in parts]))
    ctx.assume(f"annual quantities over financial year {year}/{(year + 1) % 100:02d}; water "
               f"treatment = {share:.0%} of supply (estimated)")
    return finish(ctx, "eric", activity, rows_in, "value")


def _fields(parts: list[tuple], present: list[str]) -> list[tuple[int, tuple]]:
    """Pair each part with the index of its ERIC field (from its unit ids)."""
    width = len(present)
    return [(int(p[1][0] % width) if len(p[1]) else 0, p) for p in parts]


def _energy_like(header: str) -> bool:
    text = header.lower()
    return any(k in text for k in ("(kwh)", "(m³)", "(tonnes)")) and not any(
        k in text for k in ("cost", "heated volume", "chp", "load"))


def _year(ctx: Context) -> int:
    if ctx.options.year:
        return parse_period(ctx.options.year).start_year
    match = _YEAR.search(ctx.source.path.name)
    if match is None:
        raise InputFileError("the financial year of this return is not in the file name",
                             file=ctx.source_file, fix="give it with --year 2016/17")
    start = int(match.group(1))
    if (start + 1) % 100 != int(match.group(2)):
        raise InputFileError("the file name does not hold a financial year like 2016-17",
                             file=ctx.source_file, fix="give it with --year 2016/17")
    ctx.assume(f"financial year {start}/{(start + 1) % 100:02d} from the file name")
    return start
