"""A realistic report-inputs folder for a small fictional trust (what the engine will produce).

Riverside Community Health NHS Trust (the demo trust, code RZZ): activity for the base year
2019/20 and for 2023/24 and 2024/25 from :func:`demo_activity` (monthly streams of the demo
trust), scaled per year so energy and waste fall over time, plus staff commuting and (2019/20
only) landfilled waste.
Inventory lines are activity x factor for each line of ``data/fixture-factors.csv`` (real DESNZ
values where the MANIFEST gives them, otherwise marked illustrative). Compliance rows, the
trajectory chart and the BAU series stand in for the targets engine; annual actuals add
2020/21-2022/23 totals without lines. Everything is deterministic.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from carbon import units
from carbon.activity import validate_activity, write_activity_csv
from carbon.demo import ORGANISATION, ORGANISATION_NAME
from carbon.periods import LONDON, ReportingPeriod, financial_year_of
from carbon.report import ReportInputs, build_report_inputs
from carbon.report.model import INVENTORY_COLUMNS

DATA = Path(__file__).parent / "data"
YEARS = (2019, 2023, 2024)
BASE_YEAR = 2019
#: Activity scale by year: energy and waste fall towards 2024/25 (fictional).
SCALE = {
    "energy": {2019: 1.24, 2023: 1.035, 2024: 1.0},
    "waste": {2019: 1.12, 2023: 1.03, 2024: 1.0},
    "water": {2019: 1.06, 2023: 0.98, 2024: 1.0},
    "other": {2019: 1.10, 2023: 1.02, 2024: 1.0},
}
#: Totals of years held only as annual actuals (fictional), tCO2e.
ACTUALS_ONLY = {2020: 0.93, 2021: 0.90, 2022: 0.86}
TARGET_RATE = 0.042  # the fixture trust's own path: 4.2% of the base year a year (SBTi LAR)
FLOOR_AREA_M2 = 18_500.0
WTE = {2019: 1210.0, 2023: 1265.0, 2024: 1280.0}


def _kind(activity_type: str) -> str:
    if activity_type.startswith(("electricity.", "fuel.")):
        return "energy"
    return activity_type.split(".")[0] if activity_type.startswith(("waste", "water")) else "other"


def _extra_rows(year: int) -> pd.DataFrame:
    """Staff commuting every year and landfilled general waste in the base year only."""
    period = ReportingPeriod.financial_year(year)
    months = pd.date_range(period.start.replace(tzinfo=None), periods=13, freq="MS")
    starts = months[:-1].tz_localize(LONDON).tz_convert("UTC")
    ends = months[1:].tz_localize(LONDON).tz_convert("UTC")
    streams = [("RZZ", "STAFF-SURVEY", "commute.car.average_unknown", "km", 1_900_000.0)]
    if year == BASE_YEAR:
        streams.append(("R01", "WASTE-R01", "waste.general.landfill", "tonnes", 38.0))
    rows = [{"organisation": ORGANISATION, "site": site, "meter_id": meter,
             "activity_type": key, "period_start": starts[i], "period_end": ends[i],
             "quantity": round(annual / 12, 3), "unit": unit, "status": "estimated"
             if key.startswith("commute") else "actual", "source_file": "fixture-extra.csv",
             "source_row": 2 + i, "batch_id": f"fixture-{year}"}
            for site, meter, key, unit, annual in streams for i in range(12)]
    return pd.DataFrame(rows)


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
    rng = np.random.default_rng(20240401 + period.start_year)
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


def fixture_activity() -> pd.DataFrame:
    """Canonical activity of the three years (scaled demo streams plus extras)."""
    parts = []
    for year in YEARS:
        frame = demo_activity(ReportingPeriod.financial_year(year))
        scale = frame["activity_type"].astype(str).map(lambda k, y=year: SCALE[_kind(k)][y])
        frame["quantity"] = (frame["quantity"] * scale.astype(float)).round(3)
        frame["batch_id"] = f"fixture-{year}"
        parts += [frame, _extra_rows(year)]
    table = pd.concat([p.astype(dict.fromkeys(p.select_dtypes("category"), "object"))
                       for p in parts], ignore_index=True)
    return validate_activity(table)


def fixture_inventory(activity: pd.DataFrame) -> pd.DataFrame:
    """INVENTORY LINES: activity aggregated per year, site and type, times each factor row."""
    factors = pd.read_csv(DATA / "fixture-factors.csv", dtype={"scope": "string"})
    frame = activity.assign(year=financial_year_of(activity["period_start"]).to_numpy(),
                            _est=np.where(activity["status"].astype(str) == "actual", 0.0,
                                          activity["quantity"]))
    grouped = frame.groupby(["year", "site", "activity_type", "unit"], observed=True).agg(
        quantity=("quantity", "sum"), estimated=("_est", "sum"), rows=("quantity", "size"))
    lines = []
    for (year, site, key, unit), row in grouped.iterrows():
        for factor in factors.loc[factors["activity_type"] == key].itertuples():
            per = str(factor.factor_unit).split("/", 1)[1]
            quantity = row["quantity"] * units.conversion_factor(str(unit), per)
            value = float(getattr(factor, f"factor_{year}"))
            tco2e = quantity * value / 1000.0
            share_est = row["estimated"] / row["quantity"] if row["quantity"] else 0.0
            lines.append({
                "period": ReportingPeriod.financial_year(int(year)).label, "year": int(year),
                "organisation": ORGANISATION, "site": site, "activity_type": key,
                "line": factor.line, "scope": factor.scope,
                "scope3_category": factor.scope3_category, "nhs_footprint": factor.nhs_footprint,
                "report_group": factor.report_group, "quantity": quantity, "unit": per,
                "tco2e": tco2e, "tco2e_market": tco2e * (0.0 if factor.line == "generation"
                                                         and year == 2024 else 1.0),
                "factor_id": f"fixture:{key}:{factor.line}",
                "factor_set": f"desnz:{year}", "factor_version": "1.1", "layer": "base",
                "gwp_basis": "AR4" if year < 2023 else "AR5", "factor_value": value,
                "factor_unit": factor.factor_unit, "period_policy": "majority",
                "activity_rows": int(row["rows"]), "share_actual": 1.0 - share_est,
                "share_estimated": share_est, "share_filled": 0.0})
    table = pd.DataFrame(lines)
    table["scope3_category"] = table["scope3_category"].astype("Int64")
    return table[list(INVENTORY_COLUMNS)]


def _cf(lines: pd.DataFrame) -> pd.Series:
    cf = lines.loc[(lines["nhs_footprint"] == "CF") & (lines["scope"] != "outside")]
    return cf.groupby("year")["tco2e"].sum()


def _plus(lines: pd.DataFrame) -> pd.Series:
    plus = lines["nhs_footprint"].isin(["CF", "CF_PLUS_ONLY"])
    return lines.loc[plus].groupby("year")["tco2e"].sum()


def _trajectory_png(series: pd.DataFrame) -> bytes:
    """The chart the targets engine would hand over (drawn here with plain matplotlib)."""
    fig = Figure(figsize=(6.7, 2.8), layout="constrained")
    ax = fig.add_subplot()
    for name, part in series.groupby("series", sort=True):
        ax.plot(part["year"], part["tco2e"], marker="o" if name == "actual" else "",
                label=str(name))
    ax.set_ylabel("tCO2e")
    ax.legend(frameon=False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    return buffer.getvalue()


def _completeness(year: int) -> pd.DataFrame:
    period = ReportingPeriod.financial_year(year)
    months = pd.date_range(period.start.replace(tzinfo=None), periods=13, freq="MS")
    bounds = months.tz_localize(LONDON)
    expected = ((bounds[1:] - bounds[:-1]).total_seconds() / 1800).astype(int)
    rows = []
    for meter, gaps in (("1200023305967", {}), ("1900012345678", {9: 96, 10: 48})):
        for i, month in enumerate(months[:-1]):
            present = int(expected[i]) - gaps.get(i, 0)
            rows.append({"meter_id": meter, "month": month.strftime("%Y-%m"),
                         "expected": int(expected[i]), "present": present,
                         "completeness": present / int(expected[i])})
    return pd.DataFrame(rows)


def write_fixture(folder: Path) -> Path:
    """Write the whole report-inputs folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    activity = fixture_activity()
    write_activity_csv(activity, folder / "activity.csv")
    lines = fixture_inventory(activity)
    lines.to_csv(folder / "inventory.csv", index=False, lineterminator="\n")
    cf, plus = _cf(lines), _plus(lines)
    base = float(cf[BASE_YEAR])
    actuals = [{"year": y, "metric": "tco2e", "footprint": "nhs_carbon_footprint",
                "value": float(v)} for y, v in cf.items()]
    actuals += [{"year": y, "metric": "tco2e", "footprint": "nhs_carbon_footprint_plus",
                 "value": float(v)} for y, v in plus.items()]
    actuals += [{"year": y, "metric": "tco2e", "footprint": "nhs_carbon_footprint",
                 "value": round(base * share, 1)} for y, share in ACTUALS_ONLY.items()]
    pd.DataFrame(actuals).sort_values(["year", "footprint"]).to_csv(
        folder / "annual_actuals.csv", index=False, lineterminator="\n")
    compliance = []
    for year in (2023, 2024):
        required = base * (1 - TARGET_RATE * (year - BASE_YEAR))
        actual = float(cf[year])
        gap = actual - required
        status = "on_track" if gap <= 0 else ("at_risk" if gap <= 0.05 * required
                                              else "off_track")
        compliance.append({"target": "Trust green plan path (4.2% of base a year)",
                           "footprint": "nhs_carbon_footprint", "year": year,
                           "required": required, "actual": actual, "gap_tco2e": gap,
                           "gap_pct": 100 * gap / required, "status": status})
    pd.DataFrame(compliance).to_csv(folder / "compliance.csv", index=False, lineterminator="\n")
    path_years = range(BASE_YEAR, 2033)
    trajectory = pd.DataFrame(
        [{"year": y, "footprint": "nhs_carbon_footprint", "series": "target path",
          "tco2e": base * (1 - TARGET_RATE * (y - BASE_YEAR))} for y in path_years]
        + [{"year": int(y), "footprint": "nhs_carbon_footprint", "series": "actual",
            "tco2e": float(v)} for y, v in cf.items()])
    trajectory.to_csv(folder / "trajectory.csv", index=False, lineterminator="\n")
    charts = folder / "charts"
    charts.mkdir(exist_ok=True)
    (charts / "trajectory.png").write_bytes(_trajectory_png(trajectory))
    (charts / "trajectory.json").write_text(json.dumps({
        "file": "trajectory.png", "title": "Trajectory against the trust green plan path",
        "alt": "Line chart: NHS Carbon Footprint actual emissions 2019/20 to 2024/25 against "
               "the trust path falling 4.2% of the base year each year to 2032/33.",
        "caption": "Supplied by the targets engine."}), encoding="utf-8")
    _completeness(2024).to_csv(folder / "completeness.csv", index=False, lineterminator="\n")
    pd.DataFrame([{"year": y, "name": name, "value": value, "unit": unit}
                  for y in YEARS for name, value, unit in
                  (("gross internal floor area", FLOOR_AREA_M2, "m2"),
                   ("whole-time equivalent staff", WTE[y], "WTE"))]).to_csv(
        folder / "denominators.csv", index=False, lineterminator="\n")
    pd.DataFrame({"year": list(YEARS), "tco2e": [base * 1.01 ** (y - BASE_YEAR)
                                                 for y in YEARS]}).to_csv(
        folder / "bau.csv", index=False, lineterminator="\n")
    digest = hashlib.sha256((folder / "activity.csv").read_bytes()).hexdigest()
    record = {"run_id": "run-2025-06-30-rzz-0007", "package_version": "0.1.0",
              "boundary": "operational control",
              "factor_sets": [f"desnz:{y}" for y in YEARS],
              "policies": {"scope 2 headline": "location-based",
                           "recalculation threshold": "5% of base year"},
              "inputs": [{"file": "activity.csv", "sha256": digest}]}
    (folder / "run_record.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    (folder / "report.toml").write_text(
        f'organisation = "{ORGANISATION_NAME}"\norganisation_code = "{ORGANISATION}"\n'
        f'base_year = "2019/20"\nframework = "nhs-trust-environment"\n'
        f'procurement_models = ["ppn-06-20", "ppn-002"]\n', encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def inputs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture trust's report-inputs folder (written once per session)."""
    return write_fixture(tmp_path_factory.mktemp("report-inputs"))


@pytest.fixture(scope="session")
def report_inputs(inputs_dir: Path) -> ReportInputs:
    """ReportInputs for 2024/25 built from the fixture folder."""
    return build_report_inputs("unused-workspace", "2024/25", inputs_dir)
