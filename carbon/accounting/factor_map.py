"""Which published factor each emission line uses, from ``scopes/factor_map.csv``.

One row per (factor family, activity type, emission line, activity dimension, variant):

- ``family``: the factor family of the run (``desnz`` for the UK Government sets, ``sdu`` for the
  NHS Sustainable Development Unit table the NHS reporting portal used);
- ``dimension``: the dimension of the activity quantity (``energy_gross``, ``volume``, ``mass``
  ...), so gas in kWh (Gross CV), in m3 or in tonnes each meet the factor published per that
  unit;
- ``source``: ``period`` (the set the period policy selects for that period), ``gwp`` (the GWP
  table of the run's basis, for gases released as such: anaesthetic agents, propellants,
  refrigerants), or a fixed set name (``nhs-clinical-waste:srp-2020-21``, ``gwp:nhs-literature``);
- ``variant``: a reporting choice the row belongs to (``with_rf`` / ``without_rf`` for flights);
- ``if_missing``: ``error`` (a set that lacks the factor stops the run; never a fallback) or
  ``skip`` (only for biogenic memo lines: not published in every year, recorded in the run).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from carbon import resources, units
from carbon.accounting.classification import emission_lines
from carbon.errors import ReferenceDataError

MAP_FILE = "factor_map.csv"
COLUMNS = ("family", "activity_type", "line", "dimension", "factor_id", "source", "variant",
           "if_missing", "verified", "notes")


@cache
def factor_map() -> pd.DataFrame:
    """The factor map, checked against the classification and the unit dimensions.

    Raises
    ------
    ReferenceDataError
        Naming the row, for an unknown (activity type, line), dimension, ``if_missing`` value,
        or a duplicate key.
    """
    table = resources.read_csv_table("carbon.scopes", MAP_FILE, COLUMNS)
    where = f"scopes/{MAP_FILE}"
    lines = set(zip(emission_lines()["activity_type"], emission_lines()["line"], strict=True))
    dimensions = units.named_dimensions()
    for number, row in enumerate(table.itertuples(index=False), start=2):
        if (row.activity_type, row.line) not in lines:
            raise ReferenceDataError(
                f"({row.activity_type}, {row.line}) is not in scopes/emission_lines.csv",
                file=where, row=number)
        if row.dimension not in dimensions:
            raise ReferenceDataError(f"unknown dimension {row.dimension!r}", file=where,
                                     row=number, expected=", ".join(dimensions))
        if row.if_missing not in ("error", "skip"):
            raise ReferenceDataError("if_missing must be error or skip", file=where, row=number)
        if row.if_missing == "skip" and row.line != "biogenic":
            raise ReferenceDataError("only biogenic memo lines may be skipped when unpublished",
                                     file=where, row=number)
    key = ["family", "activity_type", "line", "dimension", "variant"]
    duplicated = table.duplicated(key)
    if duplicated.any():
        raise ReferenceDataError("duplicate key " + ", ".join(key), file=where,
                                 row=int(duplicated.to_numpy().argmax()) + 2)
    return table


def families() -> list[str]:
    """Factor families the map covers (``desnz``, ``sdu``)."""
    return sorted(set(factor_map()["family"]))
