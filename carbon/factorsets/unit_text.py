"""Unit text in factor tables: one canonical pint spelling per unit.

Publications spell units many ways (``litres``, ``Litres``, ``kWh (Gross CV)``, ``kWH``,
``passenger.km``). A factor table stores the spelling that ``carbon/unit_aliases.csv`` maps the
text to (``litre``, ``kWh_gross``, ``kWh``, ``passenger_km``), or the text itself when it is
already a registry unit (``kgCO2e``, ``GJ``). Either way :func:`carbon.units.parse_unit`
understands it.
"""

from __future__ import annotations

from functools import cache

from carbon import units


@cache
def canonical_unit(text: str, *, file: str | None = None, row: int | None = None,
                   column: str | None = None) -> str:
    """Canonical spelling of a unit text, after checking it parses.

    Parameters
    ----------
    text : str
        Unit as published (``kWh (Gross CV)``, ``tonnes``, ``per FTE Working Hour``).
    file, row, column : optional
        Where the text came from, for the error message.

    Returns
    -------
    str
        ``kWh_gross``, ``tonne``, ``fte_hour`` ...

    Raises
    ------
    carbon.errors.UnitError
        If the text is not a unit the engine knows.
    """
    units.parse_unit(text, file=file, row=row, column=column)
    stripped = text.strip()
    exact, folded = units._aliases()
    if stripped in exact:
        return exact[stripped]
    normalised = " ".join(stripped.split()).casefold()
    if normalised in folded and stripped not in units.registry():
        return folded[normalised]
    return stripped
