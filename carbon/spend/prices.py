"""Price-year adjustment of spend: money of one year expressed in the prices of another.

A spend factor is kgCO2e per £ *in its own price year*; spend recorded in another year's money
is first re-based to that year: ``spend x index[factor year] / index[spend year]`` with the GDP
deflator table shipped for the social value bridge (``scenarios/social_value/``, read through
:mod:`carbon.socialvalue.deflator`; one table for the whole engine). The spend price year of a
ledger line is the start year of the NHS financial year it falls in (decision 0041): NHS
accounts are kept by financial year, and the calendar-year index of that start year covers nine
of its twelve months.

Nothing is re-based silently: the inventory line records both price years and the ratio; where
the factor's price year is unknown (the SDU table) nothing is re-based and the run says so; a
year the deflator table does not cover is an error, never an extrapolated inflation rate.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from carbon.errors import ConfigurationError
from carbon.socialvalue.deflator import load_deflator, rebase_factor


def price_ratios(spend_years: pd.Series | NDArray[np.float64],
                 factor_year: int | None) -> NDArray[np.float64]:
    """Multipliers taking spend in each row's price year to ``factor_year`` prices.

    Parameters
    ----------
    spend_years : array-like of float
        Price year of each spend row (NaN where unknown).
    factor_year : int, optional
        Price year of the factor's money; None when unknown.

    Returns
    -------
    numpy.ndarray
        [dimensionless] ``index[factor_year] / index[spend_year]``; NaN where either year is
        unknown (the caller leaves that spend as it is and says so).

    Raises
    ------
    ConfigurationError
        If the deflator table does not cover a year.
    """
    years = np.asarray(spend_years, dtype="float64")
    out = np.full(len(years), np.nan)
    if factor_year is None:
        return out
    for year in np.unique(years[~np.isnan(years)]):
        try:
            ratio = rebase_factor(int(year), int(factor_year))
        except ConfigurationError as exc:
            exc.fix = ("add that year's HM Treasury GDP deflator to the deflator table of "
                       "scenarios/social_value/ (with its source), or give the ledger a "
                       "price_year column the table covers")
            raise
        out[years == year] = ratio
    return out


def deflator_source() -> dict[str, Any]:
    """Provenance of the deflator table, for the run record."""
    index, info = load_deflator()
    return {"id": info.id, "title": info.title, "publisher": info.publisher,
            "edition": info.edition, "year_basis": info.year_basis,
            "years": f"{int(index.index.min())}-{int(index.index.max())}",
            "verified": info.verified}
