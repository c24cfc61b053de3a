"""Fleet fuel-card and charge-card transactions.

Fuel products map to ``fleet.diesel`` / ``fleet.petrol`` (litres) through
``scopes/fuel_products.csv`` (context ``fleet``). EV charging (kWh) is placed by its ``source``
text through ``scopes/fleet_charging.csv``: charging at a trust depot is already inside that
site's meter, so it is stored as the memo type ``fleet.electricity_depot`` (never counted twice;
its site comes from the MPAN named in the source when the meter schedule knows it); public
charging is ``fleet.electricity_public``. Each transaction is one row over its day; the vehicle
registration is the meter id. A cost column [GBP] is kept as
``cost_gbp`` (:data:`carbon.readers.simple.COST_COLUMNS`). Counting unit: the row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon import units
from carbon.errors import CarbonError
from carbon.readers.build import TRUST_WIDE, activity_frame, finish
from carbon.readers.dates import day_bounds
from carbon.readers.simple import Rows, costs, lookup, vocabulary
from carbon.readers.table import normalise, to_date, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

_MPAN = re.compile(r"\b(\d{13})\b")


def read(ctx: Context) -> LoadResult:
    """Read fleet transactions (see the module docstring)."""
    r = Rows(ctx)
    c_date = r.name("transaction date", "date")
    dates, bad = to_date(r.text("transaction date", "date"))
    r.drop(bad, c_date, "not a date", "write dates as dd/mm/yyyy")
    quantity, bad = to_number(r.text("quantity"), ctx.options.decimal)
    r.drop(bad | np.isnan(quantity), "quantity", "quantity not a number", "give the quantity")
    r.drop(quantity < 0, "quantity", "negative quantity", "enter refunds as corrections")
    table = vocabulary("carbon.scopes", "fuel_products.csv")
    fleet = table[table["context"] == "fleet"]
    products = {normalise(k): v for k, v in zip(fleet["label"], fleet["activity_type"],
                                                strict=True)}
    product = r.text("product")
    types = lookup(product, products)
    r.drop(types == "", "product", "unknown fleet product",
           "add the product to scopes/fleet_fuel labels in scopes/fuel_products.csv")
    source = r.text("source", "location", "site")
    charging = vocabulary("carbon.scopes", "fleet_charging.csv")
    electric = np.char.startswith(types.astype(str), "fleet.electricity")
    placed = np.array([next((t for p, t in zip(charging["pattern"], charging["activity_type"],
                                               strict=True) if p in s.lower()), "")
                       for s in source], dtype=object)
    types = np.where(electric, placed, types)
    r.drop(electric & (placed == ""), r.name("source"), "charging location unknown",
           "say depot/on site or public network in the source column "
           "(scopes/fleet_charging.csv)")
    unit_text = r.text("unit")
    ok_unit: dict[str, bool] = {}
    for text in unit_text.unique():
        try:
            ok_unit[text] = units.dimension_name(units.parse_unit(text)) in ("volume", "energy")
        except CarbonError:
            ok_unit[text] = False
    r.drop(~unit_text.map(ok_unit).to_numpy(dtype=bool), "unit", "unknown unit",
           "use litres or kWh")
    mpan = source.map(lambda s: (m.group(1) if (m := _MPAN.search(s)) else ""))
    site = ctx.sites(None, "site code")
    from_meter = np.array([ctx.meters.get(m, "") for m in mpan], dtype=object)
    site_values = np.where(site.to_numpy(dtype=object) != "", site.to_numpy(dtype=object),
                           np.where(from_meter != "", from_meter, TRUST_WIDE))
    rows = r.rows
    lo, hi = day_bounds(dates[rows])
    reg = r.text("vehicle reg", "registration", "vehicle")
    odometer = r.text("odometer miles", "odometer")
    ordinal = pd.DataFrame({"v": reg, "d": dates}).groupby(["v", "d"], dropna=False).cumcount()
    key = np.where(odometer.to_numpy(dtype=object) != "",
                   "odo " + odometer.to_numpy(dtype=object),
                   "n " + ordinal.astype(str).to_numpy(dtype=object))
    activity = activity_frame(
        ctx, rows, r.table.lines[rows], site=pd.Categorical(site_values[rows]),
        meter_id=pd.Categorical(reg.to_numpy(dtype=object)[rows]),
        activity_type=pd.Categorical(types[rows]), period_start=lo, period_end=hi,
        quantity=quantity[rows], unit=pd.Categorical(unit_text.to_numpy(dtype=object)[rows]),
        status="actual", record_key=pd.Categorical(key[rows]),
        product=product.to_numpy(dtype=object)[rows],
        vehicle=r.text("vehicle").to_numpy(dtype=object)[rows],
        charge_source=source.to_numpy(dtype=object)[rows], cost_gbp=costs(r)[rows])
    if (types[rows] == "fleet.electricity_depot").any():
        ctx.assume("EV charging at a trust depot is already in that site's electricity meter: "
                   "stored as memo fleet.electricity_depot, never counted twice")
    return finish(ctx, "fleet_fuel", activity, r.n, "row")
