"""Supplier-specific emission intensities (from suppliers' carbon reduction plans).

Where a supplier publishes its own emissions intensity (a carbon reduction plan under PPN 06/21
or PPN 006, the NHS Net Zero Supplier Roadmap; domain doc 7.2), spend with that supplier uses
it instead of the category's spend factor. The table is the trust's own (CSV):

================  ========  ============================================================
column            required  meaning
================  ========  ============================================================
supplier          yes       supplier name as the ledger spells it (case, punctuation and
                            Ltd/Limited/PLC/LLP/Inc are ignored when matching)
kgco2e_per_gbp    yes       the supplier's intensity [kgCO2e per GBP of sales], >= 0
price_year        yes       year whose prices the supplier's sales are in (spend is re-based
                            to it)
source            yes       the document: "Acme Ltd carbon reduction plan 2024, p. 3"
reporting_year    no        year or financial year the plan reports
scopes            no        scopes the intensity covers ("1;2;3")
spend_type        no        restrict to one spend.* type (a supplier of several kinds of goods
                            may give one intensity per kind); empty = all its spend
verified          no        yes / no (default no: checked against the published plan?)
note              no        free text
================  ========  ============================================================

The rows become a custom factor set (``supplier:<file name>``, factor ids
``supplier/<name>/gbp``) layered over the spend factors, so every supplier-specific line names
its factor, set and source like any other line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import InputFileError
from carbon.factorsets.factorset import FactorSet
from carbon.factorsets.importer import sha256_of
from carbon.factorsets.labels import slug
from carbon.factorsets.schema import FactorSetInfo, normalise_table
from carbon.taxonomy import activity_types

REQUIRED = ("supplier", "kgco2e_per_gbp", "price_year", "source")
OPTIONAL = ("reporting_year", "scopes", "spend_type", "verified", "note")
#: Company-form words left out when matching names ("Acme Medical Ltd" = "ACME MEDICAL LIMITED").
LEGAL_FORMS = ("ltd", "limited", "plc", "llp", "inc")
_PUNCTUATION = re.compile(r"[^a-z0-9]+")


def supplier_key(name: object) -> str:
    """Matching key of a supplier name: folded, punctuation and company form removed."""
    words = _PUNCTUATION.sub(" ", str(name).casefold().replace("&", " and ")).split()
    while words and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


@dataclass(frozen=True)
class SupplierFactors:
    """A supplier intensity table and the factor set made from it.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per supplier (and spend type): ``key``, ``supplier``, ``spend_type``,
        ``factor_id``, ``kgco2e_per_gbp``, ``price_year``, ``source`` ...
    factors : FactorSet
        The custom set (``supplier:<file>``) layered over the spend factors.
    """

    table: pd.DataFrame
    factors: FactorSet

    def match(self, suppliers: pd.Series, spend_types: pd.Series
              ) -> tuple[np.ndarray, np.ndarray]:
        """Factor id and price year for each spend row ("" and NaN without a match).

        A row for the supplier and the row's spend type wins over a row for all its spend.
        """
        keys = suppliers.map(supplier_key).to_numpy(dtype=object)
        kinds = spend_types.astype(str).to_numpy(dtype=object)
        by = {(k, t): (f, y) for k, t, f, y in self.table[
            ["key", "spend_type", "factor_id", "price_year"]].itertuples(index=False)}
        found = [by.get((k, t)) or by.get((k, "")) for k, t in zip(keys, kinds, strict=True)]
        ids = np.array([f[0] if f else "" for f in found], dtype=object)
        years = np.array([float(f[1]) if f else np.nan for f in found], dtype="float64")
        return ids, years


def _fail(file: str, row: int, column: str, value: object, reason: str, fix: str) -> None:
    raise InputFileError(reason, file=file, row=row, column=column, value=value, fix=fix)


def read_supplier_factors(path: str | Path) -> SupplierFactors:
    """Read and check a supplier intensity table.

    Raises
    ------
    InputFileError
        Naming the file, row (header = 1), column and value, for a missing column, an empty
        name or source, a negative or non-numeric intensity, an impossible price year, an
        unknown spend type, or a supplier listed twice for the same spend type.
    """
    source = Path(path)
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    frame.columns = [c.strip().casefold() for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputFileError(f"supplier factor table lacks column(s) {', '.join(missing)}",
                             file=source.name, expected=", ".join((*REQUIRED, *OPTIONAL)))
    for column in OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""
    known = activity_types()
    rows = []
    for number, row in enumerate(frame.to_dict("records"), start=2):
        get = {k: str(v).strip() for k, v in row.items()}
        if not supplier_key(get["supplier"]):
            _fail(source.name, number, "supplier", get["supplier"], "no supplier name",
                  "give the supplier as the ledger names it")
        try:
            value = float(get["kgco2e_per_gbp"].replace(",", ""))
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            _fail(source.name, number, "kgco2e_per_gbp", get["kgco2e_per_gbp"],
                  "intensity is not a number >= 0", "give kgCO2e per GBP, e.g. 0.21")
        year = get["price_year"]
        if not (year.isdigit() and 1990 <= int(year) <= 2100):
            _fail(source.name, number, "price_year", year, "not a year",
                  "give the year whose prices the supplier's sales are in, e.g. 2023")
        if not get["source"]:
            _fail(source.name, number, "source", "", "no source",
                  "name the carbon reduction plan the intensity is taken from")
        kind = get["spend_type"]
        if kind and (not kind.startswith("spend.") or kind not in known):
            _fail(source.name, number, "spend_type", kind, "not a spend.* activity type",
                  "leave it empty or give a type of 'carbon taxonomy'")
        if get["verified"].casefold() not in ("", "yes", "no", "true", "false"):
            _fail(source.name, number, "verified", get["verified"], "not yes or no",
                  "write yes or no")
        key = supplier_key(get["supplier"])
        rows.append({"key": key, "supplier": get["supplier"], "spend_type": kind,
                     "factor_id": f"supplier/{slug(key)}"
                                  + (f"/{kind.removeprefix('spend.')}" if kind else "") + "/gbp",
                     "kgco2e_per_gbp": value, "price_year": int(year), "source": get["source"],
                     "reporting_year": get["reporting_year"], "scopes": get["scopes"],
                     "verified": get["verified"].casefold() in ("yes", "true"),
                     "note": get["note"], "row": number})
    table = pd.DataFrame(rows, columns=["key", "supplier", "spend_type", "factor_id",
                                        "kgco2e_per_gbp", "price_year", "source",
                                        "reporting_year", "scopes", "verified", "note", "row"])
    twice = table.duplicated(["key", "spend_type"])
    if twice.any():
        first = table[twice].iloc[0]
        _fail(source.name, int(first["row"]), "supplier", first["supplier"],
              "supplier listed twice for the same spend type", "keep one intensity per "
              "supplier and spend type")
    return SupplierFactors(table=table, factors=_factor_set(table, source))


def _factor_set(table: pd.DataFrame, path: Path) -> FactorSet:
    """The table as a custom factor set, one factor per row, provenance in each row."""
    factors = normalise_table(pd.DataFrame({
        "factor_id": table["factor_id"], "scope": "3", "activity_unit": "GBP",
        "numerator_unit": "kgCO2e", "uom": "£", "value": table["kgco2e_per_gbp"],
        "description": [f"{s} emissions intensity ({y} prices)" + (f", {k}" if k else "")
                        for s, y, k in zip(table["supplier"], table["price_year"],
                                           table["spend_type"], strict=True)],
        "source": table["source"], "note": table["note"], "verified": table["verified"],
        "source_ref": [f"row {r}" for r in table["row"]]}))
    info = FactorSetInfo(
        id=f"supplier:{slug(path.stem) or 'factors'}", kind="csv",
        title=f"Supplier-specific emission intensities ({path.name})",
        source_file=path.name, source_sha256=sha256_of(path), factors=len(table),
        currency_basis="GBP of each supplier's sales", price_basis_verified=False,
        price_basis_evidence="each row states its own price year (column price_year)",
        notes="from suppliers' carbon reduction plans; see the source of each factor")
    return FactorSet.from_table(info, factors)
