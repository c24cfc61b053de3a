"""Reader of Defra's spend-based emission factors by SIC code (EEIO, kgCO2e per £).

Defra's UK carbon footprint statistics publish, per product group of the Standard Industrial
Classification (SIC 2007 codes such as ``21``, ``10.2-3``, ``20A``, ``23OTHER``), the
greenhouse gas emissions of the supply chain per pound spent: ``GHG (kgCO2e per £)`` and
``CO2 (kgCO2 per £)``. The copy in ``../shared/data/defra_eeio/`` is a one-sheet extract for
the 2022 data year: a blank row, a header row (index 1) naming the two factor columns, then one
row per SIC group (code, description, GHG, CO2).

Each row becomes a factor ``sic/<code>/gbp`` (``sic/21/gbp``) per ``GBP`` with the total in
``value`` and the CO2 part in ``co2`` (CH4 and N2O parts are not published, so they stay
blank). The extract states neither the price year nor whether the money is at basic or
purchaser prices, nor the GWP basis; the reviewed metadata in ``factors/sources.toml`` records
what is known and flags what is not (``price_basis_verified = false``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from carbon.errors import InputFileError
from carbon.factorsets.labels import clean, slug
from carbon.factorsets.schema import normalise_table

#: Header text of the two factor columns (case and spacing ignored).
GHG_HEADER = re.compile(r"^ghg\s*\(kg\s*co2e\s*per\s*£\)$", re.IGNORECASE)
CO2_HEADER = re.compile(r"^co2\s*\(kg\s*co2\s*per\s*£\)$", re.IGNORECASE)
#: Rows searched for the header.
HEADER_ROWS = 10


@dataclass(frozen=True)
class EeioTable:
    """The factors of one EEIO extract.

    Attributes
    ----------
    table : pandas.DataFrame
        Factor table (:data:`carbon.factorsets.schema.FACTOR_COLUMNS`), one row per SIC group.
    sheet : str
        Sheet the factors were read from.
    excluded_rows : int
        Rows below the header without a SIC code (notes, blank lines).
    """

    table: pd.DataFrame
    sheet: str
    excluded_rows: int


def _sheets(path: Path) -> dict[str, pd.DataFrame]:
    try:
        return pd.read_excel(path, sheet_name=None, header=None, dtype=object,
                             engine="calamine")
    except (OSError, ValueError) as exc:
        raise InputFileError(f"cannot read the workbook: {exc}", file=path.name) from None


def _header(sheet: pd.DataFrame) -> tuple[int, int, int] | None:
    """(header row, GHG column, CO2 column) of a sheet, or None."""
    for row in range(min(HEADER_ROWS, len(sheet))):
        cells = [clean(v) for v in sheet.iloc[row]]
        ghg = [i for i, c in enumerate(cells) if GHG_HEADER.match(c)]
        co2 = [i for i, c in enumerate(cells) if CO2_HEADER.match(c)]
        if ghg and co2:
            return row, ghg[0], co2[0]
    return None


def is_eeio_table(path: Path) -> bool:
    """True for a workbook with a ``GHG (kgCO2e per £)`` and ``CO2 (kgCO2 per £)`` header."""
    if path.suffix.lower() not in (".ods", ".xlsx", ".xls"):
        return False
    return any(_header(sheet) is not None for sheet in _sheets(path).values())


def read_eeio_table(path: Path) -> EeioTable:
    """Read a Defra spend-factor extract into a factor table.

    Parameters
    ----------
    path : pathlib.Path
        ``eeio-factors-by-sic-2022-extract.ods`` (or a workbook of the same layout).

    Returns
    -------
    EeioTable

    Raises
    ------
    InputFileError
        Naming the file, row and column, when no sheet has the header, a factor is not a
        non-negative number, or a SIC code is listed twice.
    """
    for name, sheet in _sheets(path).items():
        found = _header(sheet)
        if found is not None:
            return _factors(path.name, str(name), sheet, *found)
    raise InputFileError("no sheet has the columns 'GHG (kgCO2e per £)' and "
                         "'CO2 (kgCO2 per £)'", file=path.name,
                         expected="Defra's spend-based factors by SIC code")


def _factors(file: str, sheet_name: str, sheet: pd.DataFrame, header: int, ghg: int,
             co2: int) -> EeioTable:
    body = sheet.iloc[header + 1:]
    codes = body[0].map(clean)
    keep = codes != ""
    rows = body[keep]
    numbers = {}
    for column, what in ((ghg, "GHG (kgCO2e per £)"), (co2, "CO2 (kgCO2 per £)")):
        values = pd.to_numeric(rows[column], errors="coerce")
        bad = values.isna() | (values < 0)
        if bad.any():
            at = rows.index[bad.to_numpy()][0]
            raise InputFileError("factor is not a number >= 0", file=file, row=int(at) + 1,
                                 column=what, value=rows.loc[at, column])
        numbers[column] = values.astype("float64")
    ids = [f"sic/{slug(code)}/gbp" for code in codes[keep]]
    duplicated = pd.Index(ids).duplicated()
    if duplicated.any():
        at = rows.index[duplicated][0]
        raise InputFileError("a SIC code is listed twice", file=file, row=int(at) + 1,
                             column="SIC", value=codes[at])
    table = pd.DataFrame({
        "factor_id": ids, "scope": "3", "level_1": codes[keep].to_numpy(),
        "level_2": rows[1].map(clean).to_numpy(), "uom": "£", "activity_unit": "GBP",
        "numerator_unit": "kgCO2e", "value": numbers[ghg].to_numpy(),
        "co2": numbers[co2].to_numpy(), "gwp_basis": "unknown",
        "source_ref": [f"{sheet_name}!{i + 1}" for i in rows.index],
    })
    return EeioTable(table=normalise_table(table), sheet=sheet_name,
                     excluded_rows=int((~keep).sum()))
