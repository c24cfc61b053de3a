"""Engine measures a framework metric can be bound to: a small, explicit registry.

:data:`MEASURES` maps a name to a function ``f(data, params, unit) -> MeasureSeries`` giving one
value per financial year (start year). There is no expression language and no ``eval``: a
framework chooses a measure by name and passes parameters, which are checked when the framework
is loaded.

=================  =================================================  ===========================
measure            parameters                                         value per year
=================  =================================================  ===========================
inventory_tco2e    footprint (nhs_carbon_footprint, nhs_carbon_       sum of ``tco2e`` (or
                   footprint_plus, ghgp_scope_1_2_3 ...);             ``tco2e_market``) of the
                   optional scopes, report_groups, basis              matching inventory lines
                   (location | market)
activity_total     activity (taxonomy keys or patterns such as        sum of the activity, each
                   ``waste.*``); optional calorific_basis = gross     (type, unit) converted once
activity_share     numerator, denominator (patterns)                  100 * numerator/denominator
=================  =================================================  ===========================

Footprints are the named boundaries of ``scenarios/footprints.toml`` (:mod:`carbon.footprints`):
the NHS Carbon Footprint is the lines with ``nhs_footprint == "CF"``; Carbon Footprint Plus adds
``CF_PLUS_ONLY`` (including patient and visitor travel, outside the GHG Protocol scopes);
``ghgp_scope_1_2_3`` is every line in scopes 1-3. Biogenic CO2 (footprint ``NONE``, scope
``outside``) is in none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

import pandas as pd

from carbon import units
from carbon.errors import ConfigurationError, DimensionError
from carbon.footprints import footprint_mask, footprints
from carbon.periods import ReportingPeriod, financial_year_of
from carbon.taxonomy import activity_types
from carbon.totals import ActivitySource, activity_totals

if TYPE_CHECKING:
    from carbon.socialvalue.framework import Metric

TCO2E = "tCO2e"


@dataclass(frozen=True)
class MeasureData:
    """What measures read: inventory lines of several years and annual activity totals.

    Attributes
    ----------
    inventory : pandas.DataFrame
        INVENTORY LINES of every year available (column ``year`` = FY start year).
    activity : pandas.DataFrame
        Annual activity totals (:func:`annual_activity`): ``year``, ``activity_type``,
        ``quantity`` in ``unit``, ``rows``, ``estimated_share``.
    """

    inventory: pd.DataFrame
    activity: pd.DataFrame


@dataclass(frozen=True)
class MeasureSeries:
    """A measure's values by financial year [``unit``], with notes on what was left out."""

    by_year: pd.Series
    unit: str
    notes: tuple[str, ...] = field(default=())


def annual_activity(frame: pd.DataFrame | ActivitySource,
                    years: Iterable[int] | None = None) -> pd.DataFrame:
    """Totals per financial year and activity type, intervals apportioned by day.

    A bill or read that straddles the 31 March boundary is split between the two years by
    local days, exactly as the inventory does it (:func:`carbon.totals.activity_totals`).

    Parameters
    ----------
    frame : pandas.DataFrame or ActivitySource
        A valid canonical activity table (several years), or a source that totals its own
        rows (:class:`carbon.store.Store`: nothing is read into memory).
    years : iterable of int, optional
        Financial start years to report (default: every year a table touches; required for a
        source). Pass the inventory's years so a few days of a bill in an adjacent year are
        not a "year".

    Returns
    -------
    pandas.DataFrame
        ``year``, ``activity_type``, ``rows``, ``quantity`` [unit], ``unit`` (each type's
        default unit where the dimension allows, converted once per group) and
        ``estimated_share`` (share of the quantity not actual, 0-1).
    """
    columns = ["year", "activity_type", "rows", "quantity", "unit", "estimated_share"]
    if isinstance(frame, pd.DataFrame) and frame.empty:
        return pd.DataFrame(columns=columns)
    if years is None and not isinstance(frame, pd.DataFrame):
        raise TypeError("annual_activity of an activity source needs the years")
    wanted = sorted(set(years) if years is not None else set(
        financial_year_of(frame["period_start"]).tolist()))  # type: ignore[index]
    periods = [ReportingPeriod.financial_year(int(y)) for y in wanted]
    totals = activity_totals(frame, periods, keys=("activity_type",), grain="period").frame
    if totals.empty:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame({
        "year": totals["year"].astype(int), "activity_type": totals["activity_type"],
        "rows": totals["activity_rows"].astype(int), "quantity": totals["quantity"],
        "unit": totals["unit"], "estimated_share": 1.0 - totals["share_actual"],
    })[columns].reset_index(drop=True)


def matching(keys: Iterable[str], patterns: Iterable[str]) -> list[str]:
    """Keys matching any pattern (shell-style: ``waste.*``, ``waste.*.landfill``), sorted."""
    wanted = list(patterns)
    return sorted({k for k in keys if any(fnmatchcase(k, p) for p in wanted)})


def inventory_tco2e(data: MeasureData, params: Mapping[str, Any], unit: str) -> MeasureSeries:
    """Emissions of a footprint by year, converted to ``unit`` (a CO2e mass)."""
    lines = data.inventory
    keep = footprint_mask(lines, str(params["footprint"]))
    if "scopes" in params:
        keep &= lines["scope"].astype(str).isin([str(s) for s in params["scopes"]])
    if "report_groups" in params:
        keep &= lines["report_group"].astype(str).isin(list(params["report_groups"]))
    column = "tco2e_market" if params.get("basis", "location") == "market" else "tco2e"
    totals = lines.loc[keep].groupby("year")[column].sum()
    years = sorted(int(y) for y in lines["year"].unique())
    values = totals.reindex(years, fill_value=0.0).astype("float64")
    return MeasureSeries(values * units.conversion_factor(TCO2E, unit), unit)


def _convertible(from_unit: str, to_unit: str, basis: str | None) -> float | None:
    try:
        return units.conversion_factor(from_unit, to_unit)
    except DimensionError:
        unit_basis = units.calorific_basis(from_unit)
        if unit_basis is not None and unit_basis == basis:
            return units.conversion_factor(from_unit,
                                           units.with_calorific_basis(to_unit, unit_basis))
        return None


def activity_total(data: MeasureData, params: Mapping[str, Any], unit: str) -> MeasureSeries:
    """Sum of the matching activity types by year, in ``unit``.

    With ``calorific_basis = "gross"``, fuel energy on gross CV counts at its kWh value next to
    electricity (the ERIC and SECR convention); groups that cannot be converted (litres of a
    fuel into kWh) are left out and named in the notes.
    """
    table = data.activity
    keys = matching(table["activity_type"].astype(str).unique(), params["activity"])
    part = table.loc[table["activity_type"].astype(str).isin(keys)]
    basis = params.get("calorific_basis")
    years = sorted(int(y) for y in table["year"].unique())
    totals = pd.Series(0.0, index=pd.Index(years, name="year"))
    notes = []
    for (activity_type, from_unit), group in part.groupby(["activity_type", "unit"], sort=True):
        factor = _convertible(str(from_unit), unit, basis)
        if factor is None:
            notes.append(f"{activity_type} in {from_unit} left out (not convertible to {unit})")
            continue
        totals = totals.add(group.groupby("year")["quantity"].sum() * factor, fill_value=0.0)
    return MeasureSeries(totals.astype("float64"), unit, tuple(notes))


def activity_share(data: MeasureData, params: Mapping[str, Any], unit: str) -> MeasureSeries:
    """Share of the denominator activity that matches the numerator patterns, in percent."""
    keys = matching(data.activity["activity_type"].astype(str).unique(), params["denominator"])
    if not keys:
        empty = pd.Series(dtype="float64", index=pd.Index([], name="year"))
        return MeasureSeries(empty, unit, ("no activity matches the denominator",))
    common = activity_types()[keys[0]].default_unit
    denominator = activity_total(data, {"activity": keys}, common)
    numerator_keys = matching(keys, params["numerator"])
    numerator = activity_total(data, {"activity": numerator_keys}, common)
    share = numerator.by_year.reindex(denominator.by_year.index, fill_value=0.0) * 100.0
    share = share.div(denominator.by_year.where(denominator.by_year != 0))
    return MeasureSeries(share, unit, denominator.notes)


@dataclass(frozen=True)
class Measure:
    """A registry entry: the function, its parameters and what its value is."""

    function: Callable[[MeasureData, Mapping[str, Any], str], MeasureSeries]
    required: frozenset[str]
    optional: frozenset[str]
    description: str


MEASURES: dict[str, Measure] = {
    "inventory_tco2e": Measure(inventory_tco2e, frozenset({"footprint"}),
                               frozenset({"scopes", "report_groups", "basis"}),
                               "emissions of a footprint [CO2e mass]"),
    "activity_total": Measure(activity_total, frozenset({"activity"}),
                              frozenset({"calorific_basis"}),
                              "sum of activity quantities [unit of the metric]"),
    "activity_share": Measure(activity_share, frozenset({"numerator", "denominator"}),
                              frozenset(), "share of an activity in a larger one [%]"),
}


def check_measure(metric: Metric, *, file: str) -> None:
    """Check that a metric names a known measure with valid parameters and a usable unit.

    Raises
    ------
    ConfigurationError
        Naming the file, the metric and the fix.
    """
    where = f"metrics.{metric.id}"
    entry = MEASURES.get(metric.measure)
    if entry is None:
        raise ConfigurationError("unknown measure", file=file, column=f"{where}.measure",
                                 value=metric.measure, expected=", ".join(sorted(MEASURES)))
    given = set(metric.params)
    if not entry.required <= given or not given <= entry.required | entry.optional:
        raise ConfigurationError(
            f"parameters of measure {metric.measure!r} are wrong", file=file,
            column=f"{where}.params", value=sorted(given),
            expected=f"required {sorted(entry.required)}, optional {sorted(entry.optional)}")
    footprint = metric.params.get("footprint")
    if footprint is not None and footprint not in footprints():
        raise ConfigurationError("unknown footprint", file=file, column=f"{where}.params",
                                 value=footprint, expected=", ".join(footprints()))
    if metric.comparison == "level" and metric.measure == "activity_share":
        if metric.unit != "%":
            raise ConfigurationError("a share is in percent", file=file,
                                     column=f"{where}.unit", value=metric.unit, expected="%")
    elif metric.comparison == "level":
        units.parse_unit(metric.unit, file=file, column=f"{where}.unit")
        if metric.measure == "inventory_tco2e":
            units.check_dimension(metric.unit, ["co2e"], context=f"{file}: {where}.unit")
