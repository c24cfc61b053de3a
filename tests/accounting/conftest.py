"""Hand-made inventory lines for testing the views on an inventory."""

from __future__ import annotations

import pandas as pd
import pytest

from carbon.accounting.result import LINE_COLUMNS, Inventory


def line(period: str, site: str, kind: str, name: str, scope: str, footprint: str, group: str,
         quantity: float, unit: str, factor: float, market: float | None = None,
         category: int | None = None) -> dict[str, object]:
    tco2e = quantity * factor / 1000.0
    return {
        "period": period, "year": int(period[:4]), "organisation": "RXX", "site": site,
        "activity_type": kind, "line": name, "scope": scope,
        "scope3_category": category, "nhs_footprint": footprint, "report_group": group,
        "quantity": quantity, "unit": unit, "tco2e": tco2e,
        "tco2e_market": tco2e if market is None else quantity * market / 1000.0,
        "factor_id": f"f.{kind}.{name}", "factor_set": f"desnz:{period[:4]}",
        "factor_version": "1", "layer": "base", "gwp_basis": "AR5", "factor_value": factor,
        "factor_unit": f"kgCO2e/{unit}", "period_policy": "majority", "activity_rows": 12,
        "share_actual": 1.0, "share_estimated": 0.0, "share_filled": 0.0,
    }


@pytest.fixture
def two_year_lines() -> pd.DataFrame:
    rows = []
    for period, elec, grid, gas in (("2023/24", 1_000_000, 0.20707, 2_000_000),
                                    ("2024/25", 900_000, 0.20705, 2_100_000)):
        rows += [
            line(period, "S01", "electricity.grid", "generation", "2", "CF", "building_energy",
                 elec, "kWh", grid, market=0.0),
            line(period, "S01", "electricity.grid", "t_and_d", "3", "CF", "building_energy",
                 elec, "kWh", 0.0183, category=3),
            line(period, "S01", "fuel.natural_gas", "combustion", "1", "CF", "building_energy",
                 gas, "kWh_gross", 0.1829),
            line(period, "S01", "fleet.diesel", "biogenic", "outside", "NONE",
                 "business_travel_and_fleet", 10_000, "litre", 0.17),
            line(period, "S02", "patient_travel.car.average_unknown", "travel", "outside",
                 "CF_PLUS_ONLY", "patient_and_visitor_travel", 50_000, "km", 0.17),
        ]
    rows.append(line("2024/25", "S02", "water.supply", "supply", "3", "CF", "water_and_waste",
                     1000, "m3", 0.15311, category=1))
    frame = pd.DataFrame(rows)
    frame["scope3_category"] = frame["scope3_category"].astype("Int64")
    return frame[list(LINE_COLUMNS)]


@pytest.fixture
def inventory(two_year_lines: pd.DataFrame) -> Inventory:
    return Inventory(two_year_lines, {"run_id": "test-run", "carbon_version": "0"})
