"""Anaesthetic agents issued by pharmacy (the purchase proxy for emissions).

Quantities become kilograms of agent, the canonical activity (domain doc 3.1):

* volatile agents in **bottles** -> mL (``pack_size`` x ``pack_unit``, or the agent's default
  bottle) -> L -> kg with the liquid density;
* volatile agents in mL or litres of liquid -> kg with the liquid density;
* gases in **litres of gas** (15 C, 1 atm) -> kg with the gas density; Entonox counts its N2O
  share (50% by volume) as ``anaesthetic.entonox`` in kg of N2O.

Densities, bottle sizes and the Entonox share are data (``factors/anaesthetic_agents.csv``,
with sources and ``verified`` flags). Negative quantities are returns and net off. Counting
unit: the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon import units
from carbon.errors import CarbonError
from carbon.readers.build import TRUST_WIDE, activity_frame, finish
from carbon.readers.dates import month_bounds
from carbon.readers.simple import Rows, vocabulary
from carbon.readers.table import normalise, to_month, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

_BOTTLES = {"bottle", "bottles", "btl", "pack", "packs"}


def agents() -> dict[str, pd.Series]:
    """Agent label or alias (normalised) -> its row of ``factors/anaesthetic_agents.csv``."""
    table = vocabulary("carbon.factors", "anaesthetic_agents.csv")
    out: dict[str, pd.Series] = {}
    for _, row in table.iterrows():
        for label in [row["agent"], *[a for a in row["aliases"].split(";") if a]]:
            out[normalise(label)] = row
    return out


def read(ctx: Context) -> LoadResult:
    """Read anaesthetic agent issues (see the module docstring)."""
    r = Rows(ctx)
    months, bad = to_month(r.text("month", "period"))
    r.drop(bad, r.name("month", "period"), "not a month", "write months as yyyy-mm")
    quantity, bad = to_number(r.text("quantity"), ctx.options.decimal)
    r.drop(bad | np.isnan(quantity), "quantity", "quantity not a number", "give the quantity")
    table = agents()
    agent = r.text("agent")
    product = r.text("product")
    info = [table.get(normalise(a), table.get(normalise(p))) for a, p in zip(
        agent, product, strict=True)]
    r.drop(np.array([i is None for i in info]), "agent", "unknown anaesthetic agent",
           "add it to factors/anaesthetic_agents.csv with its density and source")
    unit_text = r.text("quantity unit", "unit").map(normalise)
    pack, bad_pack = to_number(r.text("pack size"))
    pack_unit = r.text("pack unit").map(lambda u: u or "mL")
    r.drop(bad_pack, r.name("pack size"), "pack size not a number", "give the bottle size")
    kg = np.full(r.n, np.nan)
    why = np.full(r.n, "", dtype=object)
    for i in np.flatnonzero(r.keep):
        kg[i], why[i] = _kilograms(info[i], quantity[i], unit_text.iloc[i], pack[i],
                                   pack_unit.iloc[i], ctx)
    r.drop(why != "", r.name("quantity unit", "unit"), why,
           "use bottle (with pack size), mL or litres of liquid, or litres of gas")
    site = ctx.sites(None, "site code", default=TRUST_WIDE)
    rows = r.rows
    lo, hi = month_bounds(months[rows])
    department = r.text("department", "ward", "cost centre")
    activity = activity_frame(
        ctx, rows, r.table.lines[rows], site=pd.Categorical(site.to_numpy()[rows]),
        meter_id=pd.Categorical(np.where(department.to_numpy(dtype=object)[rows] != "",
                                         department.to_numpy(dtype=object)[rows], TRUST_WIDE)),
        activity_type=pd.Categorical([info[i]["activity_type"] for i in rows]),
        period_start=lo, period_end=hi, quantity=kg[rows], unit="kg", status="actual",
        record_key=pd.Categorical(product.to_numpy(dtype=object)[rows]),
        quantity_as_issued=quantity[rows],
        unit_as_issued=r.text("quantity unit", "unit").to_numpy(dtype=object)[rows],
        method="purchased (issues as proxy for emitted)")
    ctx.assume("issues are the purchase proxy for emissions; bottles -> mL -> kg by liquid "
               "density, gas litres -> kg by gas density (factors/anaesthetic_agents.csv); "
               "Entonox counted as its 50% N2O share; negative quantities are returns")
    return finish(ctx, "anaesthetic_gases", activity, r.n, "row")


def _kilograms(info: pd.Series | None, quantity: float, unit: str, pack: float,
               pack_unit: str, ctx: Context) -> tuple[float, str]:
    """Kilograms of agent (of N2O for Entonox) for one row, or a reason it cannot be done."""
    if info is None:
        return np.nan, "unknown anaesthetic agent"
    phase = info["phase"]
    if unit in _BOTTLES:
        if phase != "liquid":
            return np.nan, "bottles are for liquid agents; give gases in litres of gas"
        size = pack if not np.isnan(pack) else float(info["default_bottle_ml"] or "nan")
        if np.isnan(size):
            return np.nan, "bottle size unknown"
        if np.isnan(pack):
            ctx.assume(f"{info['agent']}: bottle size {size:g} mL from "
                       "factors/anaesthetic_agents.csv")
        try:
            litres = quantity * size * units.conversion_factor(pack_unit, "litre")
        except CarbonError:
            return np.nan, f"unknown pack unit {pack_unit!r}"
        return litres * float(info["liquid_density_kg_per_l"]), ""
    try:
        litres = quantity * units.conversion_factor(unit, "litre")
    except CarbonError:
        return np.nan, f"unknown quantity unit {unit!r}"
    if phase == "liquid":
        return litres * float(info["liquid_density_kg_per_l"]), ""
    return litres * float(info["n2o_volume_fraction"]) * float(info["gas_density_kg_per_l"]), ""
