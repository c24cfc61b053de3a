"""Report: social value metrics on a large inventory, and the board outputs of one year.

Case 1 evaluates the preset framework (12 metrics) on synthetic INVENTORY LINES and a
half-hourly-sized activity table, and compares it with the bare limit: the same sums done
directly in numpy (one ``bincount`` per quantity). Case 2 times the outputs of one year
(HTML with its charts, workbook, JSON) on a report-sized input; it has no bare limit and prints
file sizes instead. Data are generated in memory; nothing is read from the repository.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from harness import Row, measure

LABEL = "report"
YEARS = (2019, 2023, 2024)
TYPES = ("electricity.grid", "fuel.natural_gas", "water.supply", "waste.clinical.hti",
         "waste.recycling.mixed", "waste.general.landfill")
UNITS = ("kWh", "kWh (Gross CV)", "m3", "tonnes", "tonnes", "tonnes")
FOOTPRINTS = ("CF", "CF", "CF_PLUS_ONLY")


def _lines(n: int, seed: int = 1) -> pd.DataFrame:
    from carbon.periods import ReportingPeriod
    from carbon.report.model import INVENTORY_COLUMNS

    rng = np.random.default_rng(seed)
    year = rng.choice(YEARS, n)
    scope = rng.choice(["1", "2", "3", "outside"], n, p=[0.3, 0.3, 0.35, 0.05])
    frame = pd.DataFrame({
        "period": pd.Series(year).map({y: ReportingPeriod.financial_year(y).label
                                       for y in YEARS}),
        "year": year, "organisation": "RZZ", "site": rng.choice(["R01", "R02"], n),
        "activity_type": rng.choice(TYPES, n), "line": "generation", "scope": scope,
        "scope3_category": pd.array([pd.NA] * n, dtype="Int64"),
        "nhs_footprint": rng.choice(FOOTPRINTS, n), "report_group": "building_energy",
        "quantity": rng.random(n) * 1000, "unit": "kWh", "tco2e": rng.random(n),
        "factor_id": "f", "factor_set": "desnz:2024", "factor_version": "1", "layer": "base",
        "gwp_basis": "AR5", "factor_value": 0.2, "factor_unit": "kgCO2e/kWh",
        "period_policy": "majority", "activity_rows": 1, "share_actual": 1.0,
        "share_estimated": 0.0, "share_filled": 0.0})
    frame["tco2e_market"] = frame["tco2e"]
    return frame[list(INVENTORY_COLUMNS)]


def _activity(n: int, seed: int = 2) -> pd.DataFrame:
    from carbon.activity import validate_activity

    rng = np.random.default_rng(seed)
    kind = rng.integers(0, len(TYPES), n)
    year = np.asarray(YEARS)[rng.integers(0, len(YEARS), n)]
    start = pd.to_datetime([f"{y}-06-01" for y in year], utc=True) + pd.to_timedelta(
        rng.integers(0, 180 * 48, n) * 30, unit="min")
    frame = pd.DataFrame({
        "organisation": "RZZ", "site": "R01", "meter_id": rng.choice(["M1", "M2", "M3"], n),
        "activity_type": np.asarray(TYPES)[kind], "period_start": start,
        "period_end": start + pd.Timedelta(minutes=30), "quantity": rng.random(n) * 10,
        "unit": np.asarray(UNITS)[kind], "status": "actual", "source_file": "bench.csv",
        "source_row": np.arange(2, n + 2), "batch_id": "bench"})
    return validate_activity(frame)


def evaluate_case(lines: int, rows: int) -> dict[str, float]:
    """Engine: annual activity + 12 metrics. Bare: the same sums with numpy on raw arrays."""
    from carbon.socialvalue import MeasureData, annual_activity, evaluate_framework, load_framework

    inventory, activity = _lines(lines), _activity(rows)
    framework = load_framework()
    start = time.perf_counter()
    data = MeasureData(inventory, annual_activity(activity))
    evaluate_framework(framework, data, year=2024, base_year=2019)
    engine = time.perf_counter() - start
    start = time.perf_counter()
    year_code = np.searchsorted(YEARS, inventory["year"].to_numpy())
    keep = (inventory["scope"].to_numpy() != "outside") & (
        inventory["nhs_footprint"].to_numpy() == "CF")
    np.bincount(year_code[keep], weights=inventory["tco2e"].to_numpy()[keep], minlength=3)
    local = activity["period_start"].dt.tz_convert("Europe/London")
    fy = local.dt.year.to_numpy() - (local.dt.month.to_numpy() < 4)
    codes = activity["activity_type"].cat.codes.to_numpy() * 3 + np.searchsorted(YEARS, fy)
    np.bincount(codes, weights=activity["quantity"].to_numpy())
    bare = time.perf_counter() - start
    return {"engine_s": engine, "bare_s": bare}


def outputs_case(lines: int) -> dict[str, float]:
    """HTML (with charts), workbook and JSON for one year of a report-sized input."""
    from carbon.demo import write_demo_files
    from carbon.readers import LoadOptions, read_file
    from carbon.report import assemble_report_inputs, write_html, write_json, write_xlsx

    inventory = _lines(lines)
    with tempfile.TemporaryDirectory() as folder:  # the demo trust's activity, as read
        activity = pd.concat([read_file(path, LoadOptions()).activity
                              for path in write_demo_files(folder)[1:]], ignore_index=True)
    actuals = inventory.groupby("year", as_index=False)["tco2e"].sum().rename(
        columns={"tco2e": "value"}).assign(metric="tco2e", footprint="nhs_carbon_footprint")
    start = time.perf_counter()
    inputs = assemble_report_inputs(organisation="Bench trust", year=2024, base_year=2019,
                                    inventory=inventory, activity=activity,
                                    annual_actuals=actuals)
    sizes = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, write in (("html", write_html), ("xlsx", write_xlsx), ("json", write_json)):
            sizes[f"{name}_kb"] = write(inputs, Path(folder) / f"r.{name}").stat().st_size / 1e3
    return {"total_s": time.perf_counter() - start, **sizes}


def run(quick: bool) -> list[Row]:
    lines, rows = (30_000, 200_000) if quick else (300_000, 2_000_000)
    case = measure("bench_report", "evaluate_case", lines=lines, rows=rows)
    engine, bare = case.extra["engine_s"], case.extra["bare_s"]
    report_lines = 300 if quick else 3_000
    out = measure("bench_report", "outputs_case", lines=report_lines)
    sizes = ", ".join(f"{k[:-3]} {v:,.0f} kB" for k, v in out.extra.items() if k.endswith("_kb"))
    return [
        Row(LABEL, f"bare numpy sums ({lines:,} lines, {rows:,} rows)", bare, 0.0),
        Row(LABEL, f"12 framework metrics ({lines:,} lines, {rows:,} rows)", engine,
            case.peak_mb, ratio=engine / bare, note="annual activity + evaluation vs bare"),
        Row(LABEL, f"html + xlsx + json ({report_lines:,} lines)",
            out.extra["total_s"], out.peak_mb, note=sizes),
    ]
