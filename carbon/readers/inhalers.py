"""Inhalers issued or prescribed: counts by product -> propellant mass.

Products are matched (case-insensitive, by the product name containing a table entry) against
``scopes/inhaler_product_classes.csv``, which names each product's inhaler class; the class's
propellant and grams per inhaler (the midpoint of the published range) come from the NHS inhaler
table ``factors/nhs_inhaler_products.csv`` (Wilkinson et al. 2019). Pressurised MDIs become
kilograms of
propellant (``inhaler.propellant_hfa134a`` / ``_hfa227ea`` / ``_hfa152a``); propellant-free
inhalers are counted (``inhaler.dry_powder``, unit ``inhaler``). Columns: month, product, number
of inhalers (``inhalers`` / ``items``), optional site and BNF code. Counting unit: the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.errors import ReferenceDataError
from carbon.factorsets.nhs import inhaler_products
from carbon.readers.build import TRUST_WIDE, activity_frame, finish
from carbon.readers.dates import month_bounds
from carbon.readers.simple import Rows, vocabulary
from carbon.readers.table import to_month, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult


def read(ctx: Context) -> LoadResult:
    """Read inhaler counts (see the module docstring)."""
    r = Rows(ctx)
    months, bad = to_month(r.text("month", "period"))
    r.drop(bad, r.name("month", "period"), "not a month", "write months as yyyy-mm")
    c_n = r.name("inhalers", "items", "inhaler count", "quantity inhalers")
    count, bad = to_number(r.text("inhalers", "items", "inhaler count", "quantity inhalers"))
    r.drop(bad | np.isnan(count), c_n, "count not a number", "give the number of inhalers")
    table = _product_table()
    product = r.text("product", "presentation", "bnf name")
    match = [next((i for i, key in enumerate(table["product"]) if key in p.lower()), -1)
             for p in product]
    matched = np.array(match)
    r.drop(matched < 0, r.name("product", "presentation"), "no inhaler class for product",
           "add the product and its class to scopes/inhaler_product_classes.csv")
    site = ctx.sites(None, "site code", default=TRUST_WIDE)
    rows = r.rows
    entry = table.iloc[matched[rows]] if len(rows) else table.iloc[[]]
    propellant = entry["propellant"].to_numpy(dtype=object)
    grams = pd.to_numeric(entry["propellant_g"], errors="coerce").to_numpy()
    is_mdi = propellant != "none"
    types = np.where(is_mdi, "inhaler.propellant_" + propellant.astype(str), "inhaler.dry_powder")
    quantity = np.where(is_mdi, count[rows] * grams / 1000.0, count[rows])
    lo, hi = month_bounds(months[rows])
    activity = activity_frame(
        ctx, rows, r.table.lines[rows], site=pd.Categorical(site.to_numpy()[rows]),
        meter_id=pd.Categorical(product.to_numpy(dtype=object)[rows]),
        activity_type=pd.Categorical(types), period_start=lo, period_end=hi,
        quantity=quantity, unit=pd.Categorical(np.where(is_mdi, "kg", "inhaler")),
        status="actual", inhalers=count[rows],
        propellant_g_per_inhaler=np.where(is_mdi, grams, np.nan),
        bnf_code=r.text("bnf code", "bnf presentation code").to_numpy(dtype=object)[rows])
    ctx.assume("inhaler propellant mass = count x grams per inhaler of the product's class "
               "(midpoint of the published range, factors/nhs_inhaler_products.csv)")
    return finish(ctx, "inhalers", activity, r.n, "row")


def _product_table() -> pd.DataFrame:
    """Products with propellant key (``hfa134a`` or ``none``) and grams per inhaler."""
    products = vocabulary("carbon.scopes", "inhaler_product_classes.csv")
    classes = inhaler_products().set_index("inhaler_class")
    known = products["inhaler_class"].isin([*classes.index, "propellant-free"])
    if not known.all():
        raise ReferenceDataError(
            "inhaler class not in factors/nhs_inhaler_products.csv",
            file="scopes/inhaler_product_classes.csv", row=int(np.argmin(known)) + 2,
            value=products["inhaler_class"][~known].iloc[0])
    merged = products.join(classes[["propellant", "propellant_g_low", "propellant_g_high"]],
                           on="inhaler_class")
    free = merged["inhaler_class"] == "propellant-free"
    merged["propellant"] = np.where(
        free, "none", merged["propellant"].astype(str).str.lower().str.replace("-", ""))
    merged["propellant_g"] = np.where(
        free, np.nan, (merged["propellant_g_low"] + merged["propellant_g_high"]) / 2)
    return merged
