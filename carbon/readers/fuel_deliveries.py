"""Oil and other fuel deliveries (delivery tickets).

Deliveries are not consumption, and without tank dips the only honest default is that fuel
delivered is used in the period of delivery: each ticket becomes one row over its delivery day,
and the assumption is stated with the load. Products map to activity types through
``scopes/fuel_products.csv`` (context ``delivery``). A cost column [GBP] is kept as
``cost_gbp`` (:data:`carbon.readers.simple.COST_COLUMNS`). Counting unit: the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.readers.build import activity_frame, finish
from carbon.readers.dates import day_bounds
from carbon.readers.simple import Rows, costs, lookup, vocabulary
from carbon.readers.table import normalise, to_date, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult


def read(ctx: Context) -> LoadResult:
    """Read delivery tickets (see the module docstring)."""
    r = Rows(ctx)
    c_date = r.name("delivery date")
    dates, bad = to_date(r.text("delivery date"))
    r.drop(bad, c_date, "not a date", "write dates as dd/mm/yyyy")
    c_litres = r.name("litres delivered", "litres", "quantity litres")
    litres, bad = to_number(r.text("litres delivered", "litres", "quantity litres"),
                            ctx.options.decimal)
    r.drop(bad | np.isnan(litres), c_litres, "litres not a number", "give litres delivered")
    r.drop(litres < 0, c_litres, "negative delivery", "enter a return or credit as its own "
           "negative-free correction, or remove the row")
    table = vocabulary("carbon.scopes", "fuel_products.csv")
    delivery = table[table["context"] == "delivery"]
    products = {normalise(k): v for k, v in zip(delivery["label"], delivery["activity_type"],
                                                strict=True)}
    product = r.text("product", "fuel")
    types = lookup(product, products)
    r.drop(types == "", r.name("product", "fuel"), "unknown fuel product",
           "add the product label to scopes/fuel_products.csv (context delivery)")
    tank = r.text("tank", "tank id")
    site = ctx.sites(None, "site code")
    r.drop(site.to_numpy(dtype=object) == "", r.name("site code"), "no site",
           "give a site_code column or --site")
    rows = r.rows
    lo, hi = day_bounds(dates[rows])
    meter = np.where(tank.to_numpy(dtype=object)[rows] != "",
                     tank.to_numpy(dtype=object)[rows], site.to_numpy(dtype=object)[rows])
    ticket = r.text("delivery ticket", "ticket", "delivery note")
    activity = activity_frame(
        ctx, rows, r.table.lines[rows], site=pd.Categorical(site.to_numpy()[rows]),
        meter_id=pd.Categorical(meter), activity_type=pd.Categorical(types[rows]),
        period_start=lo, period_end=hi, quantity=litres[rows], unit="litre", status="actual",
        record_key=pd.Categorical(ticket.to_numpy(dtype=object)[rows]),
        product=product.to_numpy(dtype=object)[rows],
        supplier=r.text("supplier").to_numpy(dtype=object)[rows], cost_gbp=costs(r)[rows],
        note=r.text("note", "notes").to_numpy(dtype=object)[rows])
    ctx.assume("fuel delivered is taken as used on the day of delivery (no tank dips); the "
               "reporting period of delivery carries it")
    return finish(ctx, "fuel_deliveries", activity, r.n, "row")
