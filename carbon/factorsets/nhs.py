"""NHS reference tables: metered-dose inhaler products (``factors/nhs_inhaler_products.csv``).

The table lists, per inhaler class (Wilkinson et al., BMJ Open 2019, Table 2), the propellant,
its mass per inhaler [g], the carbon footprint per inhaler [g CO2e] (low, high, midpoint) and
the number of actuations. Two ways to use it (../shared/domain section 3.2):

- where the propellant mass is known, the activity is kg of propellant and the factor is the
  propellant's GWP (set ``gwp:<basis>``, ids ``gas/hfc-134a/kg``, ``gas/hfc-227ea/kg``);
- otherwise, count inhalers and use the per-inhaler footprint, the set
  ``nhs-inhalers:wilkinson-2019`` built here (ids ``inhaler/<class>/inhaler``).
"""

from __future__ import annotations

import io
from functools import cache

import pandas as pd

from carbon import resources
from carbon.errors import ReferenceDataError
from carbon.factorsets.schema import normalise_table

PRODUCTS_FILE = "nhs_inhaler_products.csv"
_NUMBERS = ("propellant_g_low", "propellant_g_high", "footprint_gco2e_low",
            "footprint_gco2e_high", "footprint_gco2e_mid", "actuations")


@cache
def inhaler_products() -> pd.DataFrame:
    """The inhaler product table; masses [g], footprints [g CO2e per inhaler].

    Raises
    ------
    ReferenceDataError
        If a number is missing or a midpoint lies outside its low-high range.
    """
    frame = pd.read_csv(io.StringIO(resources.read_text("carbon.factors", PRODUCTS_FILE)),
                        keep_default_na=False)
    for column in _NUMBERS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
        if frame[column].isna().any():
            raise ReferenceDataError(f"{column} must be a number in every row",
                                     file=PRODUCTS_FILE, column=column)
    outside = ~frame["footprint_gco2e_mid"].between(frame["footprint_gco2e_low"],
                                                    frame["footprint_gco2e_high"])
    if outside.any():
        raise ReferenceDataError("a midpoint lies outside its low-high range",
                                 file=PRODUCTS_FILE, row=int(frame.index[outside][0]) + 2)
    frame["verified"] = frame["verified"].astype(str).str.casefold().eq("true")
    return frame


def inhaler_table() -> pd.DataFrame:
    """Per-inhaler factors: ids ``inhaler/<class>/inhaler``, values [gCO2e per inhaler]."""
    products = inhaler_products()
    return normalise_table(pd.DataFrame({
        "factor_id": "inhaler/" + products["inhaler_class"] + "/inhaler",
        "description": products["inhaler_class"] + " (e.g. " + products["example"]
        + "), propellant " + products["propellant"],
        "uom": "inhaler", "activity_unit": "inhaler", "numerator_unit": "gCO2e",
        "value": products["footprint_gco2e_mid"], "scope": "3",
        "source": products["source"], "verified": products["verified"],
        "note": "midpoint of " + products["footprint_gco2e_low"].map("{:g}".format) + "-"
        + products["footprint_gco2e_high"].map("{:g}".format) + " g CO2e; "
        + products["actuations"].map("{:g}".format) + " actuations",
        "source_ref": [f"{PRODUCTS_FILE} row {i + 2}" for i in products.index],
    }))
