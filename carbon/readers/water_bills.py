"""Water bills: supply (m3) and wastewater treatment (m3).

Supply is ``water.supply``. Treatment is ``water.treatment``: the metered sewage volume where
sewage is metered; otherwise a declared share of supply, by default the legacy NHS SDU 80%
(``factors/conversions.toml``, overridable with ``--treatment-share``), stored with status
``estimated`` and the share in ``treatment_share``. Bill periods straddle reporting years; rows
keep their own dates and the inventory apportions by day. Costs [GBP] are kept as ``cost_gbp``:
water and sewerage charges on their own rows where the bill splits them, else the whole bill on
the supply row. Counting unit: the row (one row gives a supply and a treatment activity row).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon import resources
from carbon.readers.build import activity_frame, finish
from carbon.readers.dates import bill_end_inclusive, day_bounds
from carbon.readers.simple import COST_COLUMNS, Rows, costs
from carbon.readers.table import to_date, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

#: Texts of the ``sewage_metered`` flag.
_YES = ("Y", "YES", "TRUE", "1")
_NO = ("N", "NO", "FALSE", "0")


def default_treatment_share() -> float:
    """Share of supply returned to sewer when sewage is not metered (conversions.toml)."""
    table = resources.read_toml("carbon.factors", "conversions.toml")
    return float(table["water_treatment_share"]["value"])


def _costs(r: Rows, rows: np.ndarray) -> np.ndarray:
    """Costs of the supply rows then the treatment rows [GBP]: water and sewerage charges
    where the bill splits them, else the whole bill on the supply row."""
    water = costs(r, "water cost gbp", "supply cost gbp")
    sewerage = costs(r, "sewerage cost gbp", "sewage cost gbp", "wastewater cost gbp")
    whole = costs(r, *COST_COLUMNS)
    supply = np.where(np.isnan(water), whole, water)
    if not np.isnan(whole[rows]).all():
        r.ctx.assume("a bill's single cost is kept with its water supply row (water and "
                     "sewerage together)")
    return np.concatenate([supply[rows], sewerage[rows]])


def read(ctx: Context) -> LoadResult:
    """Read water bills (see the module docstring)."""
    r = Rows(ctx)
    spid = r.text("spid", "supply point id", "water account")
    start, bad_s = to_date(r.text("period from", "from"))
    end, bad_e = to_date(r.text("period to", "to"))
    r.drop(bad_s, r.name("period from", "from"), "not a date", "write dates as dd/mm/yyyy")
    r.drop(bad_e, r.name("period to", "to"), "not a date", "write dates as dd/mm/yyyy")
    r.drop(~(bad_s | bad_e) & (end < start), r.name("period to", "to"),
           "period ends before it starts", "check the bill dates")
    c_supply = r.name("water supply m3", "water m3", "supply m3")
    supply, bad = to_number(r.text("water supply m3", "water m3", "supply m3"),
                            ctx.options.decimal)
    r.drop(bad | np.isnan(supply), c_supply, "water volume is not a number",
           "give the supply in m3")
    r.drop(supply < 0, c_supply, "negative water volume", "check the reads")
    metered_flag = r.text("sewage metered", "sewerage metered").str.upper()
    r.drop(~metered_flag.isin([*_YES, *_NO, ""]).to_numpy(),
           r.name("sewage metered", "sewerage metered"), "sewage_metered is not Y or N",
           "write Y when the bill has a metered sewage volume, N when it has none")
    c_sewage = r.name("sewage m3", "sewerage m3", "wastewater m3")
    sewage, bad = to_number(r.text("sewage m3", "sewerage m3", "wastewater m3"),
                            ctx.options.decimal)
    metered = metered_flag.isin(_YES).to_numpy() | (
        (metered_flag == "").to_numpy() & ~np.isnan(sewage))
    r.drop(bad | (metered & np.isnan(sewage)), c_sewage, "metered sewage volume missing",
           "give sewage_m3, or mark sewage_metered N to estimate it from supply")
    site = ctx.sites(spid, "site code")
    r.drop(site.to_numpy(dtype=object) == "", r.name("site code"), "no site",
           "give a site_code column, --site, or load the meter schedule")
    share = ctx.options.treatment_share
    if share is None:
        share = default_treatment_share()
        source = "the legacy NHS SDU default (factors/conversions.toml)"
    else:
        source = "declared with --treatment-share"
    rows = r.rows
    inclusive = bill_end_inclusive(ctx, spid, start, end, r.keep)
    stop = end[rows] + (np.timedelta64(1, "D") if inclusive else np.timedelta64(0, "D"))
    lo, hi = day_bounds(start[rows], stop)
    estimated = ~metered[rows]
    if estimated.any():
        ctx.assume(f"sewage not metered on {int(estimated.sum())} bill(s): wastewater = "
                   f"{share:.0%} of supply ({source}), status 'estimated'")
    treatment = np.where(estimated, supply[rows] * share, sewage[rows])
    both = np.concatenate([rows, rows])
    site_both = np.concatenate([site.to_numpy(dtype=object)[rows]] * 2)
    meter_both = np.concatenate([spid.to_numpy(dtype=object)[rows]] * 2)
    types = np.array(["water.supply"] * len(rows) + ["water.treatment"] * len(rows))
    kind = (r.text("read type").str.upper().to_numpy(dtype=object)[rows] == "E")
    status = np.concatenate([np.where(kind, "estimated", "actual"),
                             np.where(estimated | kind, "estimated", "actual")])
    activity = activity_frame(
        ctx, both, r.table.lines[both], site=pd.Categorical(site_both),
        meter_id=pd.Categorical(meter_both), activity_type=pd.Categorical(types),
        period_start=lo.append(lo), period_end=hi.append(hi),
        quantity=np.concatenate([supply[rows], treatment]), unit="m3",
        status=pd.Categorical(status),
        treatment_share=np.concatenate([np.full(len(rows), np.nan),
                                        np.where(estimated, share, np.nan)]),
        cost_gbp=_costs(r, rows))
    ends = pd.Series(hi.tz_convert("Europe/London"), index=meter_both[:len(rows)]).groupby(
        level=0).max() if len(rows) else pd.Series(dtype=object)
    for meter, last in ends[ends < ends.max()].items():
        ctx.assume(f"{meter}: billed to {last - pd.Timedelta(days=1):%d/%m/%Y}; the days after "
                   "are not billed yet (reported as a gap, not accrued)")
    return finish(ctx, "water_bills", activity, r.n, "row")
