"""A Streamlined Energy and Carbon Reporting (SECR) style disclosure table.

NHS trusts are not companies, but SECR's disclosure is the familiar template for energy and
carbon in annual reports (domain specification 7.5): UK energy use in kWh, the associated
emissions by scope, at least one intensity ratio, the previous year's figures and a methodology
statement. This is an output template over the inventory, not a calculation path.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon import units
from carbon.errors import DimensionError
from carbon.report.model import ReportInputs
from carbon.report.summary import factor_sets
from carbon.socialvalue.evaluate import label
from carbon.socialvalue.measures import matching
from carbon.taxonomy import activity_types

#: Activity types whose energy SECR discloses (buildings and transport), as patterns.
ENERGY_TYPES = ("electricity.grid", "electricity.green_tariff",
                "electricity.third_party_renewable", "heat.*", "fuel.*", "fleet.*")
SECR_COLUMNS = ("section", "item", "unit")


def _energy_rows(totals: pd.DataFrame, year: int) -> list[tuple[str, str, float]]:
    part = totals.loc[totals["year"] == year]
    keys = matching(part["activity_type"].astype(str).unique(), ENERGY_TYPES)
    described = activity_types()
    rows = []
    for key in keys:
        for unit, group in part.loc[part["activity_type"] == key].groupby("unit", sort=True):
            quantity = float(group["quantity"].sum())
            try:
                factor = units.conversion_factor(str(unit), "kWh")
                shown = "kWh"
            except DimensionError:
                basis = units.calorific_basis(str(unit))
                if basis is None:
                    rows.append((described[key].description, str(unit), quantity))
                    continue
                factor = units.conversion_factor(str(unit),
                                                 units.with_calorific_basis("kWh", basis))
                shown = f"kWh ({basis} CV)"
            rows.append((described[key].description, shown, quantity * factor))
    return rows


def _scope_rows(lines: pd.DataFrame | None) -> list[tuple[str, str, float]]:
    if lines is None:
        return []
    scope = lines["scope"].astype(str)
    s1 = float(lines.loc[scope == "1", "tco2e"].sum())
    s2 = float(lines.loc[scope == "2", "tco2e"].sum())
    s2m = float(lines.loc[scope == "2", "tco2e_market"].sum())
    s3 = float(lines.loc[scope == "3", "tco2e"].sum())
    return [("Scope 1 (direct emissions)", "tCO2e", s1),
            ("Scope 2 (purchased energy), location-based", "tCO2e", s2),
            ("Scope 2 (purchased energy), market-based", "tCO2e", s2m),
            ("Scope 3 (reported categories)", "tCO2e", s3),
            ("Scope 1 and 2 (location-based)", "tCO2e", s1 + s2)]


def secr_table(inputs: ReportInputs) -> pd.DataFrame:
    """The disclosure: energy by source, emissions by scope and intensity ratios, this year
    and the previous year.

    Returns
    -------
    pandas.DataFrame
        ``section``, ``item``, ``unit`` and one value column per year (labels such as
        ``2024/25``); energy in kWh (fuels on the calorific basis stated in the unit; a fuel
        recorded only by volume keeps its unit), emissions in tCO2e.
    """
    years = [inputs.year, inputs.year - 1]
    labels = [label(y) for y in years]
    cells: dict[tuple[str, str, str], dict[str, float]] = {}

    def put(section: str, rows: list[tuple[str, str, float]], column: str) -> None:
        for item, unit, value in rows:
            cells.setdefault((section, item, unit), {})[column] = value

    for year, column in zip(years, labels, strict=True):
        energy = _energy_rows(inputs.activity_totals, year)
        put("Energy use", energy, column)
        kwh = [v for _, u, v in energy if u.startswith("kWh")]
        if kwh:
            put("Energy use", [("Total energy (kWh and gross-CV kWh)", "kWh", sum(kwh))], column)
        scopes = _scope_rows(inputs.inventory.get(year))
        put("Emissions", scopes, column)
        s12 = next((v for item, _, v in scopes if item.startswith("Scope 1 and 2")), None)
        dens = inputs.denominators.loc[inputs.denominators["year"].astype("int64") == year]
        if s12 is not None:
            put("Intensity ratio", [
                (f"Scope 1 and 2 (location-based) per {row.name}", f"tCO2e/{row.unit}",
                 s12 / float(row.value) if float(row.value) else np.nan)
                for row in dens.itertuples(index=False)], column)
    rows = [{"section": s, "item": i, "unit": u, **{lab: v.get(lab, np.nan) for lab in labels}}
            for (s, i, u), v in cells.items()]
    return pd.DataFrame(rows, columns=[*SECR_COLUMNS, *labels])


def methodology_statement(inputs: ReportInputs) -> str:
    """The SECR methodology statement, built from the inventory's provenance."""
    sets = factor_sets(inputs.lines)
    named = ", ".join(f"{r.factor_set} (version {r.factor_version}, {r.gwp_basis})"
                      for r in sets.drop_duplicates(["factor_set", "factor_version",
                                                     "gwp_basis"]).itertuples())
    boundary = str(inputs.run_record.get("boundary", "operational control"))
    engine = str(inputs.run_record.get("package_version", "")).strip()
    by = f"carbon {engine}" if engine else "the carbon engine"
    return (
        f"Emissions for {inputs.period} follow the GHG Protocol Corporate Standard with an "
        f"organisational boundary of {boundary}. Activity data (metered and invoiced energy, "
        f"fuel, water, waste, travel and clinical gases) were multiplied by emission factors "
        f"from {named} using {by}. Scope 2 is reported location-based and market-based; "
        f"totals and targets use location-based figures. Fuel energy is stated on gross "
        f"calorific value. Biogenic CO2 is reported outside the scopes and excluded from all "
        f"totals. Intensity ratios divide scope 1 and 2 emissions (location-based) by the "
        f"denominators stated. Figures for {label(inputs.year - 1)} are shown for comparison."
    )
