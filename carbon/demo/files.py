"""Write the demo trust's data in the layouts estates teams receive (deterministic bytes).

The layouts are those of the real-shaped samples the readers are tested on: a meter schedule,
a half-hourly long export (UTC), gas bills with volumes and calorific values (one metric and one
imperial meter), oil deliveries, water bills, waste contractor returns, mileage claims and rail,
pharmacy issues of anaesthetic agents, fleet fuel-card transactions, and the procurement ledger
(:mod:`carbon.demo.ledger`). Gas and water bills, oil tickets and fuel-card transactions carry
their cost in GBP at the demo's fictional tariffs (``carbon/demo/prices.csv``).
"""

from __future__ import annotations

import csv
import io
import itertools
import zlib
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from carbon import resources, units
from carbon.demo import trust
from carbon.demo.ledger import write_ledger
from carbon.periods import LONDON, ReportingPeriod
from carbon.spreadsheet import write_atomic, write_text

#: Seasonal shape of heating (index 0 = April): winter high, summer low.
_HEATING = np.array([0.9, 0.6, 0.4, 0.35, 0.35, 0.5, 0.9, 1.3, 1.6, 1.7, 1.5, 1.3])


def _rng(*key: object) -> np.random.Generator:
    """A generator seeded from the demo seed and a key: same key, same numbers, every run."""
    return np.random.default_rng([trust.SEED, *(zlib.crc32(str(k).encode()) for k in key)])


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return write_text(path, text.getvalue())


def _months(year: int) -> list[date]:
    return [date(year + (m > 12), (m - 1) % 12 + 1, 1) for m in range(4, 16)]


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _price(utility: str, year: int) -> float:
    """The demo's fictional tariff of a utility in a financial year [GBP per unit]."""
    table = pd.read_csv(io.StringIO(resources.read_text("carbon", "demo/prices.csv")))
    row = table[(table["utility"] == utility) & (table["year"] == year)]
    return float(row["gbp_per_unit"].iloc[0])


def write_meter_schedule(folder: Path) -> Path:
    """``meters_and_sites.csv``: the sites, their floor areas and meters."""
    rows: list[tuple[object, ...]] = []
    for s in trust.SITES:
        rows += [
            (s.code, s.name, s.gia_m2, "electricity", s.mpan, "HH (profile class 00)",
             "hh_long_utc.csv", ""),
            (s.code, s.name, s.gia_m2, "gas", s.mprn, s.gas_units, "gas_bills.csv", ""),
            (s.code, s.name, s.gia_m2, "water", s.water_spid,
             "water + metered sewage" if s.sewage_metered else "water; sewage not metered",
             "water.csv", ""),
        ]
    rows.append(("R01", trust.SITES[0].name, trust.SITES[0].gia_m2, "gas oil", "GEN1",
                 "standby generator tank", "oil_deliveries.csv", ""))
    return _write(folder / "meters_and_sites.csv",
                  ["site_code", "site_name", "gia_m2", "utility", "meter_id",
                   "meter_description", "data_file", "notes"], rows)


def write_half_hourly(folder: Path) -> Path:
    """``hh_long_utc.csv``: every half hour of both HH meters, start of period in UTC."""
    frames = []
    for site in trust.SITES:
        for year in trust.YEARS:
            period = ReportingPeriod.financial_year(year)
            start = pd.Timestamp(period.start).tz_convert("UTC")
            stamps = pd.date_range(start, pd.Timestamp(period.end).tz_convert("UTC"),
                                   freq="30min", inclusive="left")
            local = stamps.tz_convert(LONDON)
            hour = local.hour + local.minute / 60
            weekday = local.day_of_week < 5
            occupied = weekday & (hour >= 7) & (hour < 19)
            month = (local.month - 4) % 12
            shape = (1.0 + 1.2 * occupied) * (1.0 + 0.12 * (_HEATING[month] - 1.0))
            rng = _rng("hh", site.code, year)
            values = shape * rng.normal(1.0, 0.05, len(stamps))
            values *= trust.ELECTRICITY_KWH[(site.code, year)] / values.sum()
            status = np.where(rng.random(len(stamps)) < 0.01, "E", "A")
            frames.append(pd.DataFrame({
                "meter_id": site.mpan, "timestamp_utc": stamps.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "kwh": np.round(values, 3), "status": status}))
    table = pd.concat(frames, ignore_index=True)
    return write_atomic(folder / "hh_long_utc.csv", lambda path: table.to_csv(
        path, index=False, lineterminator="\n", float_format="%.3f"))


def _runs(years: Sequence[int]) -> list[list[int]]:
    """Consecutive years grouped: (2019, 2023, 2024) -> [[2019], [2023, 2024]]."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def _daily_gas(site: str, day: date) -> float:
    """Gas demand of one day [kWh gross]: the year's total shaped by the heating season."""
    year = day.year - (day.month < 4)
    nearest = min(trust.YEARS, key=lambda y: abs(y - year))
    month = (day.month - 4) % 12
    days = (date(day.year + (day.month == 12), day.month % 12 + 1, 1)
            - date(day.year, day.month, 1)).days
    return trust.GAS_KWH[(site, nearest)] * _HEATING[month] / _HEATING.sum() / days


def write_gas_bills(folder: Path) -> Path:
    """``gas_bills.csv``: read-to-read bills (5th to 5th) with volumes and calorific values."""
    correction = float(resources.read_toml("carbon.factors", "conversions.toml")
                       ["gas_volume_correction"]["value"])
    rows: list[tuple[object, ...]] = []
    for site in trust.SITES:
        read = 1_000_000
        imperial = site.gas_units == "hundreds of cubic feet"
        per_unit = units.conversion_factor(site.gas_units, "m3")
        for run in _runs(trust.YEARS):
            rng = _rng("gas", site.code, run[0])
            months = range(4, 16 + 12 * (len(run) - 1) + 1)  # April of the first year on
            dates = [date(run[0], 3, 5)] + [date(run[0] + (m - 1) // 12, (m - 1) % 12 + 1, 5)
                                             for m in months]
            for start, end in itertools.pairwise(dates):
                kwh = sum(_daily_gas(site.code, start + timedelta(days=d))
                          for d in range((end - start).days)) * float(rng.normal(1, 0.03))
                cv = round(float(rng.uniform(39.0, 39.9)), 1)
                volume = round(kwh * units.conversion_factor("kWh", "MJ") / (correction * cv)
                               / per_unit)
                recomputed = units.gas_volume_to_energy([volume], site.gas_units, [cv])[0]
                year = start.year - (start.month < 4)
                cost = float(recomputed) * _price("gas", min(trust.YEARS,
                                                             key=lambda y: abs(y - year)))
                rows.append((site.code, site.name, site.mprn, f"G-{site.code}-{run[0]}",
                             site.gas_units, f"RZZ-{site.code}-{end:%Y%m}", _dmy(start),
                             _dmy(end), read, "A", read + volume, "A", volume,
                             f"{correction:.5f}", f"{cv:.1f}", round(float(recomputed)),
                             f"{cost:.2f}",
                             "imperial meter" if imperial and start.month == 3 else ""))
                read += volume
    return _write(folder / "gas_bills.csv",
                  ["site_code", "site_name", "mprn", "meter_serial", "meter_units", "bill_ref",
                   "read_date_from", "read_date_to", "previous_read", "previous_read_type",
                   "present_read", "present_read_type", "units_used", "volume_correction",
                   "calorific_value_mj_m3", "supplier_kwh", "cost_gbp", "note"], rows)


def write_oil_deliveries(folder: Path) -> Path:
    """``oil_deliveries.csv``: gas oil for the standby generator, twice a year."""
    site = trust.SITES[0]
    rows: list[tuple[object, ...]] = []
    for year in trust.YEARS:
        litres = trust.GAS_OIL_LITRES[year]
        for n, day in enumerate((date(year, 6, 14), date(year, 12, 6))):
            delivered = round(litres * (0.55 if n == 0 else 0.45))
            rows.append((_dmy(day), site.code, site.name, "GEN1 (standby generator)",
                         "Gas oil (35-sec)", delivered, "Riverside Fuels Ltd",
                         f"RF-{year}{n + 1:02d}", f"{delivered * _price('gas_oil', year):.2f}",
                         ""))
    return _write(folder / "oil_deliveries.csv",
                  ["delivery_date", "site_code", "site_name", "tank", "product",
                   "litres_delivered", "supplier", "delivery_ticket", "cost_gbp", "note"], rows)


def write_water_bills(folder: Path) -> Path:
    """``water.csv``: monthly bills with metered sewage (R01), quarterly without (R02)."""
    rows: list[tuple[object, ...]] = []
    for site in trust.SITES:
        read = 50_000
        step = 1 if site.sewage_metered else 3
        for year in trust.YEARS:
            rng = _rng("water", site.code, year)
            months = _months(year)
            for i in range(0, 12, step):
                first = months[i]
                last = (months[i + step] if i + step < 12 else date(year + 1, 4, 1)) - \
                    timedelta(days=1)
                supply = round(trust.WATER_M3[(site.code, year)] * step / 12
                               * float(rng.normal(1, 0.04)))
                read += supply
                sewage = round(supply * 0.82) if site.sewage_metered else ""
                rows.append((site.code, site.name, site.water_spid, f"WM-{site.code}",
                             _dmy(first), _dmy(last), read, "A", supply,
                             "Y" if site.sewage_metered else "N", sewage,
                             f"{supply * _price('water', year):.2f}"))
    return _write(folder / "water.csv",
                  ["site_code", "site_name", "spid", "meter_serial", "period_from",
                   "period_to", "closing_read", "read_type", "water_supply_m3",
                   "sewage_metered", "sewage_m3", "cost_gbp"], rows)


def write_waste_returns(folder: Path) -> Path:
    """``waste.csv``: the waste contractors' monthly returns per site, stream and route."""
    rows: list[tuple[object, ...]] = []
    for year in trust.YEARS:
        rng = _rng("waste", year)
        for month in _months(year):
            for site, share in (("R01", 1.0), ("R02", trust.R02_WASTE_SHARE)):
                for stream, (ewc, container, route, tonnes) in trust.WASTE.items():
                    if site == "R02" and stream == "Food waste":
                        continue
                    amount = tonnes[year] * share * float(rng.normal(1, 0.06))
                    contractor = ("MedWaste Solutions" if ewc.startswith("18")
                                  else "Riverside Borough Council")
                    rows.append((f"{month:%Y-%m}", site, stream, ewc, container, route,
                                 f"{amount:.3f}", contractor))
    return _write(folder / "waste.csv",
                  ["month", "site_code", "waste_stream", "ewc_code", "container",
                   "disposal_route", "tonnes", "contractor"], rows)


_GREY_FLEET = (("Small", "Petrol", 0.18), ("Small", "Diesel", 0.06), ("Medium", "Petrol", 0.2),
               ("Medium", "Diesel", 0.2), ("Medium", "Hybrid", 0.1), ("Large", "Diesel", 0.08),
               ("Medium", "Battery Electric", 0.06), ("Unknown", "Unknown", 0.12))


def write_travel(folder: Path) -> Path:
    """``travel.csv``: monthly mileage claims by car size and fuel, and rail journeys."""
    rows: list[tuple[object, ...]] = []
    for year in trust.YEARS:
        rng = _rng("travel", year)
        for month in _months(year):
            for size, fuel, share in _GREY_FLEET:
                miles = trust.GREY_FLEET_MILES[year] / 12 * share * float(rng.normal(1, 0.05))
                rows.append((f"{month:%Y-%m}", "Community Nursing & Therapies",
                             "Mileage claim (own vehicle)", "Car", size, fuel, f"{miles:.1f}",
                             "miles", round(miles / 9.4), "", "", "", ""))
            rail = trust.RAIL_PASSENGER_KM[year] / 12 * float(rng.normal(1, 0.1))
            rows.append((f"{month:%Y-%m}", "Corporate", "Rail (travel management company)",
                         "National rail", "", "", round(rail), "passenger.km",
                         round(rail / 230), "", "", "Standard", ""))
    return _write(folder / "travel.csv",
                  ["period", "directorate", "claim_type", "mode", "vehicle_size", "fuel_type",
                   "distance", "distance_unit", "journeys", "origin", "destination",
                   "travel_class", "notes"], rows)


def write_anaesthetic_gases(folder: Path) -> Path:
    """``anaesthetic_gases.csv``: pharmacy issues (bottles) and cylinder statements (litres)."""
    rows: list[tuple[object, ...]] = []
    for year in trust.YEARS:
        rng = _rng("anaesthetic", year)
        for month in _months(year):
            m = f"{month:%Y-%m}"
            if trust.DESFLURANE_BOTTLES[year]:
                rows.append((m, "R01", "Day Surgery Unit", "Desflurane (Suprane) 240 mL",
                             "desflurane", 240, "mL", trust.DESFLURANE_BOTTLES[year], "bottle",
                             "pharmacy issue"))
            rows.append((m, "R01", "Day Surgery Unit", "Sevoflurane 250 mL", "sevoflurane",
                         250, "mL", trust.SEVOFLURANE_BOTTLES[year], "bottle",
                         "pharmacy issue"))
            rows.append((m, "R02", "Community Dental Service", "Medical nitrous oxide (cylinder)",
                         "nitrous oxide", "", "", round(trust.NITROUS_OXIDE_LITRES[year]
                                                        * float(rng.normal(1, 0.08))),
                         "litres", "cylinder supplier statement; litres of gas at 15 C, 1 atm"))
            rows.append((m, "R01", "Minor Injuries Unit", "Entonox (50% N2O / 50% O2)",
                         "nitrous oxide/oxygen 50:50", "", "",
                         round(trust.ENTONOX_LITRES[year] * float(rng.normal(1, 0.08))),
                         "litres", "cylinder supplier statement; litres of mixture"))
    return _write(folder / "anaesthetic_gases.csv",
                  ["month", "site_code", "department", "product", "agent", "pack_size",
                   "pack_unit", "quantity", "quantity_unit", "source"], rows)


def write_fleet_fuel(folder: Path) -> Path:
    """``fleet_fuel.csv``: diesel fuel-card fills and public EV charging."""
    rows: list[tuple[object, ...]] = []
    for year in trust.YEARS:
        rng = _rng("fleet", year)
        start = date(year, 4, 1)
        fills = 52 * 2
        for week in range(fills):
            day = start + timedelta(days=int(week * 365 / fills))
            litres = round(trust.FLEET_DIESEL_LITRES[year] / fills * float(rng.normal(1, 0.1)),
                           2)
            rows.append((_dmy(day), "RZ19 VAN", "Van (Ford Transit Custom)", "Diesel (B7)",
                         f"{litres:.2f}", "litres", "Fuel card - forecourt", "",
                         f"{litres * _price('diesel', year):.2f}"))
            if trust.EV_PUBLIC_KWH[year]:
                kwh = trust.EV_PUBLIC_KWH[year] / fills * float(rng.normal(1, 0.15))
                rows.append((_dmy(day), "RZ22 EVA", "Pool car (Nissan Leaf)",
                             "Electricity (EV charging)", f"{kwh:.1f}", "kWh",
                             "Public charge network (charge card)", "", ""))
    return _write(folder / "fleet_fuel.csv",
                  ["transaction_date", "vehicle_reg", "vehicle", "product", "quantity", "unit",
                   "source", "odometer_miles", "cost_gbp"], rows)


def write_settings(folder: Path) -> Path:
    """``report.toml`` of the workspace: who the report is for and the base year."""
    return write_text(folder / "report.toml", f'organisation = "{trust.ORGANISATION_NAME}"\n'
                      f'organisation_code = "{trust.ORGANISATION}"\n'
                      f'base_year = "{trust.BASE_YEAR}"\n')


def write_demo_files(folder: str | Path) -> list[Path]:
    """Write every demo input file into ``folder`` (created); the meter schedule first.

    Returns
    -------
    list of pathlib.Path
        The files, in the order they should be loaded.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    writers = (write_meter_schedule, write_half_hourly, write_gas_bills, write_oil_deliveries,
               write_water_bills, write_waste_returns, write_travel, write_anaesthetic_gases,
               write_fleet_fuel, write_procurement_ledger)
    return [write(target) for write in writers]


def write_procurement_ledger(folder: Path) -> Path:
    """``procurement_ledger.csv``: the finance system's ledger export of every demo year."""
    return write_ledger(folder / "procurement_ledger.csv", trust.YEARS, trust.SEED)
