"""The demo trust's procurement ledger: a year of spend by supplier, as a finance system exports it.

Suppliers and annual amounts are invented, sized like a small community trust. Categories come
as a real ledger mixes them: NHS eClass codes for catalogue purchases, SIC codes or free text for
the rest, and a few categories the mapping table does not know (business rates, subscriptions,
an eClass code outside the table) so unmapped spend shows in the report. The ledger also holds
what activity data already count (water, waste, rail travel, energy), so the hybrid rules have
something to exclude, and one credit note. One supplier publishes its own intensity in a carbon
reduction plan (``supplier_factors.csv`` beside this module, a demonstration figure).
"""

from __future__ import annotations

import csv
import zlib
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from carbon import resources

#: (supplier, eClass code, category, description, GBP in 2023/24, ledger lines a year).
SUPPLIERS = (
    ("Meridian Pharma Wholesale Ltd", "DAA", "", "Medicines - wholesale", 1_450_000, 40),
    ("Kestrel Medical Supplies Ltd", "FAB", "", "Surgical instruments and consumables",
     620_000, 30),
    ("Clearwater Dressings Ltd", "EAC", "", "Wound dressings", 180_000, 14),
    ("Riverside Diagnostics", "KAB", "", "Laboratory reagents and analyser service",
     240_000, 12),
    ("Medigas UK Ltd", "", "Medical gases", "Medical gas cylinder rental and refills",
     65_000, 12),
    ("Brightline IT Services", "", "62.02", "IT support and licences", 210_000, 12),
    ("Officeworld Stationers", "", "Stationery", "Stationery and printer paper", 38_000, 20),
    ("Harbour Catering Supplies", "AAB", "", "Patient meals provisions", 290_000, 24),
    ("CleanCare Facilities Ltd", "MAC", "", "Cleaning contract", 410_000, 12),
    ("Oakfield Construction Ltd", "", "41.20", "Ward refurbishment works", 750_000, 8),
    ("Swift Couriers", "", "Courier services", "Pathology sample courier", 48_000, 12),
    ("Valley Community Care", "RAA", "", "Purchased community beds", 520_000, 12),
    ("Linen Services Co", "VAB", "", "Linen hire and laundry", 85_000, 12),
    ("Parkside Furniture", "TAA", "", "Office and ward furniture", 40_000, 4),
    ("Riverside Water Services", "", "36.00", "Water and sewerage charges", 95_000, 12),
    ("MedWaste Solutions", "", "Clinical waste collection", "Clinical waste collection and "
     "disposal", 120_000, 12),
    ("Greenline Rail Travel", "", "Rail travel", "Staff rail tickets", 30_000, 12),
    ("National Energy Supply plc", "LAA", "", "Electricity and gas supply", 980_000, 24),
    ("Riverside Borough Council", "", "Business rates", "Business rates", 160_000, 2),
    ("Royal College Subscriptions", "", "Subscriptions", "Professional subscriptions",
     12_000, 4),
    ("Hillview Staff Lottery", "NAB", "", "Staff wellbeing awards", 5_000, 3),
)
#: Spend of each year relative to 2023/24.
YEAR_SCALE = {2019: 0.86, 2023: 1.0, 2024: 1.04}
HEADER = ("transaction_id", "transaction_date", "supplier", "description", "eclass_code",
          "category", "cost_centre", "amount_gbp")
SUPPLIER_FACTORS = "supplier_factors.csv"


def _rng(seed: int, *key: object) -> np.random.Generator:
    return np.random.default_rng([seed, *(zlib.crc32(str(k).encode()) for k in key)])


def ledger_rows(year: int, seed: int) -> list[tuple[object, ...]]:
    """The ledger lines of one financial year (start year ``year``), in date order."""
    scale = YEAR_SCALE.get(year, 1.0)
    rows = []
    for name, eclass, category, description, annual, lines in SUPPLIERS:
        rng = _rng(seed, "ledger", name, year)
        amounts = annual * scale / lines * rng.lognormal(0.0, 0.25, lines)
        days = np.sort(rng.integers(0, 366 if (year + 1) % 4 == 0 else 365, lines))
        for amount, day in zip(amounts, days, strict=True):
            rows.append((date(year, 4, 1) + timedelta(days=int(day)), name, description,
                         eclass, category, round(float(amount), 2)))
    first = next(r for r in rows if r[1].startswith("Kestrel"))
    rows.append((first[0] + timedelta(days=14), first[1], "Credit note: returned consumables",
                 first[3], first[4], -round(float(first[5]) / 4, 2)))
    rows.sort(key=lambda r: (r[0], r[1], r[5]))
    return [(f"INV-{year}-{n:05d}", day.strftime("%d/%m/%Y"), name, text, eclass, category,
             "CC" + str(100 + zlib.crc32(name.encode()) % 40), f"{amount:.2f}")
            for n, (day, name, text, eclass, category, amount) in enumerate(rows, start=1)]


def write_ledger(path: Path, years: tuple[int, ...], seed: int) -> Path:
    """Write the ledger of ``years`` as CSV (deterministic bytes)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for year in years:
            writer.writerows(ledger_rows(year, seed))
    return path


def write_supplier_factors(folder: Path) -> Path:
    """Copy the demo's supplier intensity table (``supplier_factors.csv``) into ``folder``."""
    target = folder / SUPPLIER_FACTORS
    target.write_text(resources.read_text("carbon", f"demo/{SUPPLIER_FACTORS}"),
                      encoding="utf-8")
    return target
