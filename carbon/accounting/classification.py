"""Emission lines of each activity type, from ``scopes/emission_lines.csv``.

Each activity type has one or more emission lines (grid electricity: generation, T&D, well-to-tank
of generation and of T&D). Each line carries two classifications that cannot be derived from each
other (``../shared/domain/nhs-carbon-domain.md`` sections 1.4 and 3):

- the GHG Protocol scope (``1``, ``2``, ``3``, ``outside``) and Scope 3 category (1-15);
- the NHS footprint (``CF`` in the NHS Carbon Footprint, ``CF_PLUS_ONLY``, ``NONE``) and the NHS
  report group (building energy, anaesthetic gases and inhalers ...).

Patient and visitor travel is outside the scopes but inside Carbon Footprint Plus; inhalers and
well-to-tank are scope 3 but inside the Carbon Footprint.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import pandas as pd

from carbon import resources
from carbon.errors import ReferenceDataError
from carbon.taxonomy import activity_types

LINES_FILE = "emission_lines.csv"
SCOPES = ("1", "2", "3", "outside")
FOOTPRINTS = ("CF", "CF_PLUS_ONLY", "NONE")
#: NHS report groups (domain doc 1.3, the Carbon Footprint Plus figure): the four of the NHS
#: Carbon Footprint, the supply chain split as the NHS reports it, personal travel,
#: commissioned services, and ``other`` (refrigerants).
REPORT_GROUPS = ("building_energy", "anaesthetic_gases_and_inhalers", "business_travel_and_fleet",
                 "water_and_waste", "medicines_and_chemicals", "medical_equipment",
                 "non_medical_equipment", "other_supply_chain", "staff_commute",
                 "patient_and_visitor_travel", "commissioned_services", "other")
COLUMNS = ("activity_type", "line", "scope", "scope3_category", "nhs_footprint", "report_group",
           "factor_driver", "verified", "notes")


@cache
def emission_lines() -> pd.DataFrame:
    """The classification table, checked.

    Returns
    -------
    pandas.DataFrame
        Columns ``activity_type``, ``line``, ``scope``, ``scope3_category`` (Int64),
        ``nhs_footprint``, ``report_group``, ``factor_driver``, ``verified`` (bool), ``notes``.

    Raises
    ------
    ReferenceDataError
        Naming the row, if the shipped table breaks a rule (unknown activity type, scope,
        category, footprint or group; duplicate line; an emitting activity type without lines or
        a memo type with lines).
    """
    table = resources.read_csv_table("carbon.scopes", LINES_FILE, COLUMNS)
    where = f"scopes/{LINES_FILE}"
    known = activity_types()
    for number, row in enumerate(table.itertuples(index=False), start=2):
        problem = _row_problem(row, known)
        if problem:
            raise ReferenceDataError(problem, file=where, row=number)
    duplicated = table.duplicated(["activity_type", "line"])
    if duplicated.any():
        first = int(duplicated.to_numpy().argmax()) + 2
        raise ReferenceDataError("duplicate (activity_type, line)", file=where, row=first)
    covered = set(table["activity_type"])
    for kind in known.values():
        if kind.emitting and kind.key not in covered:
            raise ReferenceDataError(f"emitting activity type {kind.key!r} has no emission line",
                                     file=where, fix="add its lines or mark it non-emitting")
        if not kind.emitting and kind.key in covered:
            raise ReferenceDataError(f"memo activity type {kind.key!r} has emission lines",
                                     file=where)
    table["scope3_category"] = pd.to_numeric(table["scope3_category"].replace("", pd.NA)).astype(
        "Int64")
    table["verified"] = table["verified"] == "yes"
    return table


def _row_problem(row: object, known: Mapping[str, object]) -> str | None:
    get = row.__getattribute__
    if get("activity_type") not in known:
        return f"unknown activity type {get('activity_type')!r}"
    scope, category = get("scope"), get("scope3_category")
    if scope not in SCOPES:
        return f"scope {scope!r} is not one of {SCOPES}"
    if scope == "3" and not (category.isdigit() and 1 <= int(category) <= 15):
        return f"scope 3 line needs a category 1-15, got {category!r}"
    if scope != "3" and category:
        return f"only scope 3 lines have a category, got {category!r}"
    if get("nhs_footprint") not in FOOTPRINTS:
        return f"nhs_footprint {get('nhs_footprint')!r} is not one of {FOOTPRINTS}"
    if get("report_group") not in REPORT_GROUPS:
        return f"report_group {get('report_group')!r} is not one of {REPORT_GROUPS}"
    if get("verified") not in ("yes", "no"):
        return "verified must be yes or no"
    return None
