"""Tiny hand-made inventory lines and activity, small enough to compute results by hand.

NHS Carbon Footprint (CF) by year: 2019/20 300, 2023/24 260, 2024/25 230 tCO2e (Plus: 350, 305,
270; market-based CF: 250, 190, 80). Energy (electricity + gross-CV gas): 3000, 2520, 2450 MWh.
Waste: 60, 53, 60 t. Water supply: 10000, 9000, 9450 m3.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from carbon.activity import validate_activity
from carbon.periods import ReportingPeriod
from carbon.socialvalue.measures import MeasureData, annual_activity

#: (year, scope, nhs_footprint, report_group, tco2e, tco2e_market)
LINES = [
    (2019, "1", "CF", "building_energy", 100.0, 100.0),
    (2019, "2", "CF", "building_energy", 200.0, 150.0),
    (2019, "3", "CF_PLUS_ONLY", "staff_commute", 50.0, 50.0),
    (2019, "outside", "NONE", "building_energy", 30.0, 30.0),
    (2023, "1", "CF", "building_energy", 90.0, 90.0),
    (2023, "2", "CF", "building_energy", 170.0, 100.0),
    (2023, "3", "CF_PLUS_ONLY", "staff_commute", 45.0, 45.0),
    (2023, "outside", "NONE", "building_energy", 30.0, 30.0),
    (2024, "1", "CF", "building_energy", 80.0, 80.0),
    (2024, "2", "CF", "building_energy", 150.0, 0.0),
    (2024, "3", "CF_PLUS_ONLY", "staff_commute", 40.0, 40.0),
    (2024, "outside", "NONE", "building_energy", 30.0, 30.0),
]
#: (year, activity_type, quantity, unit)
ACTIVITY = [
    (2019, "electricity.grid", 1_000_000, "kWh"),
    (2023, "electricity.grid", 820_000, "kWh"),
    (2024, "electricity.grid", 800, "MWh"),
    (2019, "fuel.natural_gas", 2_000, "MWh (Gross CV)"),
    (2023, "fuel.natural_gas", 1_700_000, "kWh (Gross CV)"),
    (2024, "fuel.natural_gas", 1_650, "MWh (Gross CV)"),
    (2024, "fuel.gas_oil", 1_000, "litres"),
    (2019, "waste.general.landfill", 20, "tonnes"),
    (2019, "waste.recycling.mixed", 30, "tonnes"),
    (2019, "waste.clinical.hti", 10, "tonnes"),
    (2023, "waste.general.landfill", 10, "tonnes"),
    (2023, "waste.recycling.mixed", 35, "tonnes"),
    (2023, "waste.clinical.hti", 8, "tonnes"),
    (2024, "waste.general.landfill", 5, "tonnes"),
    (2024, "waste.recycling.mixed", 40_000, "kg"),
    (2024, "waste.clinical.hti", 5, "tonnes"),
    (2024, "waste.food.anaerobic_digestion", 10, "tonnes"),
    (2019, "water.supply", 10_000, "m3"),
    (2023, "water.supply", 9_000, "m3"),
    (2024, "water.supply", 9_450, "m3"),
]


def make_lines(rows: list[tuple] = LINES) -> pd.DataFrame:
    """INVENTORY LINES with every contract column (provenance columns filled in)."""
    records = []
    for year, scope, footprint, group, tco2e, market in rows:
        records.append({
            "period": ReportingPeriod.financial_year(year).label, "year": year,
            "organisation": "RXX", "site": "S1", "activity_type": "electricity.grid",
            "line": "generation", "scope": scope, "scope3_category": pd.NA,
            "nhs_footprint": footprint, "report_group": group, "quantity": 1.0,
            "unit": "kWh", "tco2e": tco2e, "tco2e_market": market, "factor_id": "f",
            "factor_set": f"desnz:{year}", "factor_version": "1", "layer": "base",
            "gwp_basis": "AR5", "factor_value": 0.2, "factor_unit": "kgCO2e/kWh",
            "period_policy": "majority", "activity_rows": 1, "share_actual": 1.0,
            "share_estimated": 0.0, "share_filled": 0.0})
    frame = pd.DataFrame(records)
    frame["scope3_category"] = frame["scope3_category"].astype("Int64")
    return frame


def make_activity(rows: list[tuple] = ACTIVITY) -> pd.DataFrame:
    """A canonical activity table: one row per year and type spanning the financial year."""
    records = []
    for i, (year, key, quantity, unit) in enumerate(rows):
        period = ReportingPeriod.financial_year(year)
        records.append({"organisation": "RXX", "site": "S1", "meter_id": f"M{i}",
                        "activity_type": key, "period_start": pd.Timestamp(period.start),
                        "period_end": pd.Timestamp(period.end), "quantity": float(quantity),
                        "unit": unit, "status": "actual", "source_file": "tiny.csv",
                        "source_row": i + 2, "batch_id": "tiny"})
    frame = pd.DataFrame(records)
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return validate_activity(frame)


@pytest.fixture
def tiny() -> MeasureData:
    """The hand-made data set of this module's docstring."""
    return MeasureData(make_lines(), annual_activity(make_activity()))


@pytest.fixture(scope="session")
def build_activity() -> Callable[[list[tuple]], pd.DataFrame]:
    """The activity builder, for tests that make their own rows."""
    return make_activity


@pytest.fixture(scope="session")
def tiny_lines() -> pd.DataFrame:
    """The inventory lines of the hand-made data set."""
    return make_lines()


ONE_METRIC = """
[framework]
id = "t"
name = "Test"
version = "1"
source = "test"
verified = false

[[themes]]
id = "env"
name = "Environment"

[[themes.sub_themes]]
id = "impact"
name = "Impact"

[[themes.sub_themes.metrics]]
id = "m"
name = "M"
"""


@pytest.fixture(scope="session")
def one_metric() -> Callable[[str], str]:
    """Framework TOML with one metric whose fields are ``body``."""
    return lambda body: ONE_METRIC + body
