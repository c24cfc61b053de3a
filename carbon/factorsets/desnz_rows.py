"""DESNZ publication rows (one row per gas) to a factor table (one row per factor).

Both DESNZ readers (the flat file and the full-set workbook) produce the same long table of
published rows: ``scope``, ``level_1`` .. ``level_4``, ``column_text``, ``uom``, ``ghg``,
``value``, ``source_ref`` and, from 2023, ``desnz_id``. This module turns it into factors:

- rows whose GHG label is not an emission (``kWh (Net CV)``, ``kWh (net)``, ``kWh``: the SECR
  kWh-per-km energy rows; the stray backtick ``\\``` of 2020 and 2021) and ``END`` sentinels
  are left out and counted;
- ``kg CO2e`` rows give the total; ``kg CO2``/``kg CH4``/``kg N2O`` (to 2021), ``kg CO2e of
  CO2`` (2022) and ``kg CO2e of CO2 per unit`` (2023 on) give the per-gas parts. In every edition
  the parts are CO2e-weighted and add up to the total (checked by the tests), whatever the label
  says;
- a blank cell stays NaN (not published), a text cell such as ``< 1`` becomes NaN with a note;
- outside-of-scopes rows publish only the CO2 part (biogenic CO2): that part is also the
  factor's value.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from carbon.errors import InputFileError
from carbon.factorsets import labels
from carbon.factorsets.schema import normalise_table
from carbon.factorsets.unit_text import canonical_unit

#: Columns the readers must provide.
RAW_COLUMNS = ("scope", "level_1", "level_2", "level_3", "level_4", "column_text", "uom",
               "ghg", "value", "source_ref", "desnz_id")

_GAS = re.compile(r"^kg (?:CO2e of )?(?P<gas>CO2|CH4|N2O)(?: per unit)?$")
_ENERGY_LABEL = re.compile(r"kwh|secr", re.IGNORECASE)
_SCOPES = {"scope 1": "1", "scope 2": "2", "scope 3": "3", "outside of scopes": "outside"}


def gas_of(label: str) -> str | None:
    """``total``, ``co2``, ``ch4``, ``n2o`` for an emission GHG label, None otherwise."""
    if label == "kg CO2e":
        return "total"
    match = _GAS.match(label)
    return match.group("gas").lower() if match else None


def _numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Cell values to float64 (blank -> NaN) and a note for text that is not a number."""
    cells = values.astype(object).where(values.notna(), "")
    text = cells.map(lambda v: v.replace(",", "").strip() if isinstance(v, str) else v)
    numbers = pd.to_numeric(text.replace("", np.nan), errors="coerce").astype("float64")
    odd = numbers.isna() & text.map(lambda v: isinstance(v, str) and v != "")
    notes = pd.Series("", index=values.index, dtype=object)
    notes[odd] = [f"published as {v!r}" for v in text[odd]]
    return numbers, notes


def assemble(raw: pd.DataFrame, *, file: str, gwp_basis: str) -> tuple[pd.DataFrame, int]:
    """Build the factor table of one DESNZ edition from its published rows.

    Parameters
    ----------
    raw : pandas.DataFrame
        Columns :data:`RAW_COLUMNS`, one row per published cell row (any order).
    file : str
        Source file name, for messages.
    gwp_basis : str
        GWP basis of the edition (``AR4``, ``AR5``), stored on every factor.

    Returns
    -------
    (pandas.DataFrame, int)
        The factor table (see :mod:`carbon.factorsets.schema`) and the number of source rows
        left out on purpose (SECR energy rows, stray cells, ``END`` sentinels).

    Raises
    ------
    InputFileError
        For a scope or GHG label the importer does not know, or two rows that give the same
        factor id and gas.
    carbon.errors.UnitError
        For a unit of measurement the engine does not know.
    """
    rows = raw.loc[:, list(RAW_COLUMNS)].copy()
    for column in RAW_COLUMNS:
        if column != "value":
            rows[column] = rows[column].map(labels.clean)
    sentinel = rows["scope"].str.upper().isin(["END", ""])
    rows["gas"] = rows["ghg"].map(gas_of)
    energy = rows["gas"].isna() & ~sentinel
    unknown = energy & ~rows["level_1"].str.contains(_ENERGY_LABEL)
    if unknown.any():
        bad = rows[unknown].iloc[0]
        raise InputFileError("unknown GHG label in a factor row", file=file,
                             row=None, column="GHG", value=bad["ghg"],
                             expected="kg CO2e, kg CO2e of CO2 per unit ... (at "
                                      f"{bad['source_ref']})")
    excluded = int((sentinel | energy).sum())
    rows = rows[~(sentinel | energy)].copy()
    scope = rows["scope"].str.casefold().map(_SCOPES)
    if scope.isna().any():
        bad = rows[scope.isna()].iloc[0]
        raise InputFileError("unknown scope", file=file, column="Scope", value=bad["scope"],
                             expected="Scope 1, Scope 2, Scope 3 or Outside of Scopes")
    rows["scope"] = scope
    rows["number"], rows["note"] = _numbers(rows["value"])
    canonical = labels.canonical_paths(rows)
    rows["factor_id"] = labels.factor_ids(canonical)
    rows["stated_year"] = canonical["stated_year"]
    keyed = rows["factor_id"] + "#" + rows["gas"]
    labels.check_unique(keyed, rows["source_ref"], file=file)
    return _factors(rows, file=file, gwp_basis=gwp_basis), excluded


def _factors(rows: pd.DataFrame, *, file: str, gwp_basis: str) -> pd.DataFrame:
    numbers = rows.pivot_table(index="factor_id", columns="gas", values="number",
                               aggfunc="first", dropna=False)
    numbers = numbers.reindex(columns=["total", "co2", "ch4", "n2o"])
    # The row that describes the factor: its total row, else its first part row.
    ranked = rows.assign(rank=(rows["gas"] != "total").astype(int)).sort_values(
        "rank", kind="stable")
    first = ranked.drop_duplicates("factor_id").set_index("factor_id")
    notes = rows[rows["note"] != ""].groupby("factor_id")["note"].agg("; ".join)
    table = first.loc[numbers.index, ["scope", "level_1", "level_2", "level_3", "level_4",
                                      "column_text", "uom", "source_ref", "desnz_id",
                                      "stated_year"]].copy()
    outside = table["scope"] == "outside"
    table["value"] = numbers["total"].where(~outside | numbers["total"].notna(), numbers["co2"])
    for gas in ("co2", "ch4", "n2o"):
        table[gas] = numbers[gas]
    table["note"] = notes.reindex(table.index).fillna("")
    table["activity_unit"] = [canonical_unit(uom, file=file, column="UOM")
                              for uom in table["uom"]]
    table["numerator_unit"] = "kgCO2e"
    level_1 = table["level_1"].str.casefold()
    path_text = table[list(labels.PATH_COLUMNS)].agg(" ".join, axis=1)
    table["wtt"] = level_1.str.startswith("wtt")
    table["td"] = (level_1 == "transmission and distribution") | path_text.str.contains(
        "T&D", regex=False)
    table["outside_of_scopes"] = outside
    table["gwp_basis"] = gwp_basis
    return normalise_table(table.sort_index())
