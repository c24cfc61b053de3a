"""The value of carbon reduced: tCO2e avoided times the carbon value of its year.

A reduction is measured against the base year (``E_base - E_year``) or against a business as
usual series (``BAU_year - E_year``); a negative reduction is an increase and is valued
negatively. Each year is valued at the carbon value of the calendar year in which its financial
year starts (FY 2024/25 at the 2024 value, decision record 0022), for the low, central and high
scenarios, in the table's price year or re-based to another with the GDP deflator.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from carbon.errors import ConfigurationError
from carbon.socialvalue.carbon_values import SCENARIOS, load_carbon_values, values_for
from carbon.socialvalue.deflator import load_deflator, rebase_factor

Basis = Literal["base_year", "bau"]

MONETISED_COLUMNS = ("year", "basis", "tco2e", "reference_tco2e", "tco2e_reduced",
                     "value_year", "price_year", *(f"gbp_per_tco2e_{s}" for s in SCENARIOS),
                     *(f"value_gbp_{s}" for s in SCENARIOS))


def reductions(emissions: pd.Series, *, base_year: int | None = None,
               bau: pd.Series | None = None) -> pd.DataFrame:
    """tCO2e reduced each year against the base year or a business as usual series.

    Parameters
    ----------
    emissions : pandas.Series
        Emissions by financial-year start year [tCO2e].
    base_year : int, optional
        Reference year; it has no row of its own (its reduction is 0 by definition, and
        carbon-value tables may start after it). Give this or ``bau``.
    bau : pandas.Series, optional
        Business as usual emissions by year [tCO2e]; only years present in both count.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``basis``, ``tco2e``, ``reference_tco2e``, ``tco2e_reduced`` [tCO2e].
    """
    if (base_year is None) == (bau is None):
        raise ConfigurationError("give exactly one of base_year and bau",
                                 fix="value reductions against the base year or against BAU")
    actual = emissions.astype("float64").sort_index()
    if bau is not None:
        reference = bau.astype("float64").reindex(actual.index)
        basis: Basis = "bau"
    else:
        if base_year not in actual.index:
            raise ConfigurationError(f"no emissions for base year {base_year}", value=base_year,
                                     expected=", ".join(str(y) for y in actual.index))
        actual = actual.drop(base_year)
        reference = pd.Series(emissions[base_year], index=actual.index, dtype="float64")
        basis = "base_year"
    frame = pd.DataFrame({"year": actual.index.astype("int64"), "basis": basis,
                          "tco2e": actual.to_numpy(), "reference_tco2e": reference.to_numpy()})
    frame = frame.dropna(subset=["reference_tco2e"]).reset_index(drop=True)
    frame["tco2e_reduced"] = frame["reference_tco2e"] - frame["tco2e"]
    return frame


def monetise(reduced: pd.DataFrame, *, price_year: int | None = None,
             carbon_values: str | None = None, deflator: str | None = None) -> pd.DataFrame:
    """Value reductions with the carbon values for appraisal (low, central, high).

    Parameters
    ----------
    reduced : pandas.DataFrame
        Output of :func:`reductions` (``year`` = financial-year start year).
    price_year : int, optional
        Express values in this year's prices (GDP deflator); the table's own price year when
        omitted.
    carbon_values, deflator : str, optional
        Catalogue ids of the tables; defaults from ``index.toml``.

    Returns
    -------
    pandas.DataFrame
        :data:`MONETISED_COLUMNS`: the reduction [tCO2e], the carbon value per scenario
        [GBP/tCO2e] and the value per scenario [GBP], all in ``price_year`` prices.
    """
    table, info = load_carbon_values(carbon_values)
    table_price_year = int(info.price_year or table["price_year"].iloc[0])
    target_year = table_price_year if price_year is None else price_year
    factor = rebase_factor(table_price_year, target_year, deflator)
    out = reduced.copy()
    out["value_year"] = out["year"].astype("int64")
    out["price_year"] = target_year
    for scenario in SCENARIOS:
        values = values_for(table, out["value_year"].to_numpy(), scenario, info).to_numpy()
        out[f"gbp_per_tco2e_{scenario}"] = values * factor
    for scenario in SCENARIOS:
        out[f"value_gbp_{scenario}"] = out["tco2e_reduced"] * out[f"gbp_per_tco2e_{scenario}"]
    return out[list(MONETISED_COLUMNS)]


def sources(price_year: int | None, carbon_values: str | None = None,
            deflator: str | None = None) -> list[str]:
    """Citations of the tables a :func:`monetise` call with these arguments uses."""
    _, info = load_carbon_values(carbon_values)
    cited = [f"{info.citation}; {info.price_year} prices"]
    if price_year is not None and price_year != info.price_year:
        cited.append(load_deflator(deflator)[1].citation)
    return cited
