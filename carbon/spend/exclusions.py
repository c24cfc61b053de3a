"""Hybrid rules against double counting, from ``scopes/spend_exclusions.csv`` (reviewed data).

Some goods in a procurement ledger are also counted from activity data: water bills (metered
cubic metres), waste contracts (contractor returns), business travel and fleet (claims,
tickets, fuel cards). A rule names a spend type and the activity type prefixes that cover it;
spend of that type is **excluded** for an organisation and reporting period in which the
organisation has activity of any covering type. Excluded spend is not converted to emissions
but reported with its amount and the rule's reason (never dropped silently).

Energy bought (fuel, electricity, heat) is never converted from spend: ``spend.energy`` is a
memo type of the taxonomy, kept only for money beside carbon.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from carbon import resources
from carbon.errors import ReferenceDataError
from carbon.taxonomy import activity_types

EXCLUSIONS_FILE = "spend_exclusions.csv"
COLUMNS = ("spend_type", "covered_by", "reason", "source")


@cache
def exclusion_rules() -> pd.DataFrame:
    """The exclusion rules, checked (``covered_by`` split into a tuple of prefixes).

    Raises
    ------
    ReferenceDataError
        Naming the row, for a spend type that is not an emitting ``spend.*`` type, a covering
        prefix that matches no activity type, or a spend type listed twice.
    """
    table = resources.read_csv_table("carbon.scopes", EXCLUSIONS_FILE, COLUMNS)
    where = f"scopes/{EXCLUSIONS_FILE}"
    known = activity_types()
    prefixes = []
    for number, row in enumerate(table.itertuples(index=False), start=2):
        kind = known.get(row.spend_type)
        if kind is None or not row.spend_type.startswith("spend.") or not kind.emitting:
            raise ReferenceDataError(f"{row.spend_type!r} is not an emitting spend.* type",
                                     file=where, row=number)
        covered = tuple(p.strip() for p in row.covered_by.split(";") if p.strip())
        dead = [p for p in covered if not any(k.startswith(p) for k in known)]
        if not covered or dead or any(p.startswith("spend.") for p in covered):
            raise ReferenceDataError("covered_by must list activity type prefixes that exist "
                                     "(not spend types)", file=where, row=number, value=dead)
        prefixes.append(covered)
    if table["spend_type"].duplicated().any():
        raise ReferenceDataError("a spend type is listed twice", file=where)
    table["covered_by"] = prefixes
    return table


def excluded(spend: pd.DataFrame, activity: pd.DataFrame) -> pd.Series:
    """Why each spend row is excluded (``""`` where it counts).

    Parameters
    ----------
    spend : pandas.DataFrame
        Aggregated spend with ``period``, ``organisation`` and ``activity_type``.
    activity : pandas.DataFrame
        Aggregated other activity of the same periods (``period``, ``organisation``,
        ``activity_type``, ``quantity``).

    Returns
    -------
    pandas.Series
        The rule's reason, aligned with ``spend``.
    """
    reasons = pd.Series("", index=spend.index, dtype=object)
    present = activity.loc[activity["quantity"].to_numpy(dtype="float64") != 0,
                           ["period", "organisation", "activity_type"]].astype(str)
    for rule in exclusion_rules().itertuples(index=False):
        kinds = present["activity_type"]
        covering = present[np.logical_or.reduce([kinds.str.startswith(p).to_numpy()
                                                 for p in rule.covered_by])]
        keys = set(zip(covering["period"], covering["organisation"], strict=True))
        hit = (spend["activity_type"].astype(str) == rule.spend_type).to_numpy() & np.array(
            [(p, o) in keys for p, o in zip(spend["period"].astype(str),
                                            spend["organisation"].astype(str), strict=True)],
            dtype=bool)
        reasons[hit] = f"excluded: {rule.reason}"
    return reasons
