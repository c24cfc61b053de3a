"""A built-in sample: a fictional NHS trust's activity data, generated deterministically.

Riverside Community Health NHS Trust (code ``RZZ``, fictional) has two sites: Riverside General
Hospital (``R01``) and Hillview Clinic (``R02``). The generator writes one NHS financial year of
monthly activity in the canonical CSV layout. Quantities are invented but sized like a small
community trust; the same call always writes the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.activity import validate_activity, write_activity_csv
from carbon.periods import LONDON, ReportingPeriod

ORGANISATION = "RZZ"
ORGANISATION_NAME = "Riverside Community Health NHS Trust (fictional)"
SEED = 20240401


@dataclass(frozen=True)
class _Stream:
    """One monthly series: site, meter, activity type, unit, annual amount, seasonal swing."""

    site: str
    meter_id: str
    activity_type: str
    unit: str
    annual: float
    winter_swing: float = 0.0
    decimals: int = 0


_STREAMS = (
    _Stream("R01", "1200023305967", "electricity.grid", "kWh", 2_400_000, 0.12),
    _Stream("R02", "1900012345678", "electricity.grid", "kWh", 310_000, 0.10),
    _Stream("R01", "7165102003", "fuel.natural_gas", "kWh (Gross CV)", 5_200_000, 0.55),
    _Stream("R02", "9876543210", "fuel.natural_gas", "kWh (Gross CV)", 640_000, 0.60),
    _Stream("R01", "GEN1", "fuel.gas_oil", "litres", 3_000, 0.0),
    _Stream("R01", "WM-R01", "water.supply", "m3", 21_000, -0.05),
    _Stream("R01", "WM-R01", "water.treatment", "m3", 16_800, -0.05),
    _Stream("R02", "WM-R02", "water.supply", "m3", 2_600, -0.05),
    _Stream("R01", "WASTE-R01", "waste.clinical.hti", "tonnes", 28.0, 0.0, 3),
    _Stream("R01", "WASTE-R01", "waste.clinical.alternative_treatment", "tonnes", 61.0, 0.0, 3),
    _Stream("R01", "WASTE-R01", "waste.offensive.energy_from_waste", "tonnes", 44.0, 0.0, 3),
    _Stream("R01", "WASTE-R01", "waste.general.energy_from_waste", "tonnes", 96.0, 0.0, 3),
    _Stream("R01", "WASTE-R01", "waste.recycling.mixed", "tonnes", 52.0, 0.0, 3),
    _Stream("R02", "WASTE-R02", "waste.general.energy_from_waste", "tonnes", 11.0, 0.0, 3),
    _Stream("RZZ", "CLAIMS", "travel.car.average_unknown", "miles", 410_000, 0.0, 1),
    _Stream("RZZ", "TMC", "travel.rail.national", "passenger.km", 96_000, 0.0, 1),
    _Stream("R01", "PHARM-R01", "anaesthetic.sevoflurane", "kg", 18.0, 0.0, 3),
    _Stream("R01", "PHARM-R01", "anaesthetic.nitrous_oxide", "kg", 420.0, 0.0, 3),
)


def demo_activity(year: ReportingPeriod | None = None) -> pd.DataFrame:
    """Monthly activity of the demo trust for one NHS financial year (default 2024/25).

    Returns
    -------
    pandas.DataFrame
        A valid canonical activity table (quantities in the units of each stream).
    """
    period = year or ReportingPeriod.financial_year(2024)
    rng = np.random.default_rng(SEED + period.start_year)
    months = pd.date_range(period.start.replace(tzinfo=None), periods=13, freq="MS")
    starts = months[:-1].tz_localize(LONDON).tz_convert("UTC")
    ends = months[1:].tz_localize(LONDON).tz_convert("UTC")
    # Month index 0 = April; cosine peaks in January (index 9).
    season = np.cos(2 * np.pi * (np.arange(12) - 9) / 12)
    rows = []
    line = 2
    for stream in _STREAMS:
        weights = 1.0 + stream.winter_swing * season
        noise = rng.normal(1.0, 0.04, size=12)
        monthly = stream.annual * weights * noise / weights.sum()
        for i in range(12):
            rows.append({
                "organisation": ORGANISATION, "site": stream.site, "meter_id": stream.meter_id,
                "activity_type": stream.activity_type, "period_start": starts[i],
                "period_end": ends[i], "quantity": round(float(monthly[i]), stream.decimals),
                "unit": stream.unit, "status": "estimated" if rng.random() < 0.05 else "actual",
                "source_file": "demo-activity.csv", "source_row": line, "batch_id": "demo",
            })
            line += 1
    return validate_activity(pd.DataFrame(rows))


def write_demo(folder: str | Path, year: ReportingPeriod | None = None) -> list[Path]:
    """Write the demo trust's input files into ``folder`` (created if needed).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    return [write_activity_csv(demo_activity(year), target / "demo-activity.csv")]
