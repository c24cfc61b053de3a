"""GWP reference values (``factors/gwp.csv``) and restating factors on another GWP basis.

The table holds 100-year global warming potentials per gas and basis (``AR4``, ``AR5``,
``AR6`` and ``NHS-literature``, the anaesthesia literature set: desflurane 2540, isoflurane 510,
sevoflurane 130, nitrous oxide 298), each with its source and a ``verified`` flag.

Restating a factor: DESNZ publishes each factor's CO2, CH4 and N2O parts already weighted by
the edition's GWPs (kg CO2e of CH4 per unit ...). On another basis the total is

    total' = CO2 + CH4 x GWP'(CH4) / GWP(CH4) + N2O x GWP'(N2O) / GWP(N2O)

[kgCO2e per activity unit]. That needs the three parts and that they add up to the published
total (a refrigerant's total is a single HFC's GWP, which the parts do not carry): otherwise the
factor cannot be restated, and :func:`restate_gwp` says so.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from typing import Literal

import numpy as np
import pandas as pd

from carbon import resources
from carbon.errors import GwpConversionError, ReferenceDataError
from carbon.factorsets.labels import fold, slug
from carbon.factorsets.schema import FactorSetInfo, normalise_table

GWP_FILE = "gwp.csv"
SOURCES_FILE = "gwp_sources.csv"
#: Relative tolerance for "the parts add up to the total" (DESNZ rounds to 5 dp).
PARTS_TOLERANCE = 1e-3
#: Gases whose parts DESNZ publishes besides CO2 (GWP 1 on every basis).
_PART_GASES = ("CH4", "N2O")


@cache
def gwp_table() -> pd.DataFrame:
    """The GWP reference table: gas, names, basis, gwp100, source, verified, note.

    Returns
    -------
    pandas.DataFrame
        One row per gas and basis; ``gwp100`` [kgCO2e per kg of gas].
    """
    frame = pd.read_csv(io.StringIO(resources.read_text("carbon.factors", GWP_FILE)),
                        dtype={"gwp100": "float64"}, keep_default_na=False)
    if frame.duplicated(["gas", "basis"]).any():
        raise ReferenceDataError("a gas is listed twice for one basis", file=GWP_FILE)
    frame["verified"] = frame["verified"].astype(str).str.casefold().eq("true")
    return frame


@cache
def gwp_sources() -> dict[str, dict[str, str]]:
    """Sources cited by ``gwp.csv``, by key: title, url, licence."""
    reader = csv.DictReader(io.StringIO(resources.read_text("carbon.factors", SOURCES_FILE)))
    return {row["key"]: row for row in reader}


def bases() -> list[str]:
    """GWP bases in the table (``AR4``, ``AR5``, ``AR6``, ``NHS-literature``)."""
    return list(dict.fromkeys(gwp_table()["basis"]))


def gwp_value(gas: str, basis: str) -> float:
    """GWP100 of a gas on a basis [kgCO2e per kg].

    Parameters
    ----------
    gas : str
        Key (``CH4``, ``HFC-134a``, ``desflurane``) or any listed name (``Methane``,
        ``HFA-134a``), case-insensitive.
    basis : str
        ``AR4``, ``AR5``, ``AR6`` or ``NHS-literature``.

    Raises
    ------
    GwpConversionError
        If the table has no value for that gas on that basis.
    """
    table = gwp_table()
    wanted = fold(gas)
    names = table["gas"].map(fold) + ";" + table["names"].map(
        lambda n: ";".join(fold(x) for x in n.split(";")))
    hit = table[(names.str.split(";").map(lambda parts: wanted in parts))
                & (table["basis"].str.casefold() == basis.casefold())]
    if hit.empty:
        raise GwpConversionError(f"no {basis} GWP for {gas!r} in factors/{GWP_FILE}",
                                 expected=", ".join(sorted(set(table["gas"]))),
                                 fix=f"add a reviewed row with its source to factors/{GWP_FILE}")
    return float(hit["gwp100"].iloc[0])


def gas_set_info(basis: str) -> FactorSetInfo:
    """Metadata of the per-kg gas set ``gwp:<basis>``."""
    sources = gwp_sources()
    keys = sorted(set(gwp_table().loc[gwp_table()["basis"] == basis, "source"]))
    return FactorSetInfo(
        id=f"gwp:{basis.lower()}", kind="gwp", publisher="; ".join(keys),
        title=f"Release of one kg of gas, {basis} GWP100",
        gwp_basis=basis, gwp_basis_verified=True,
        gwp_basis_evidence=f"built from the {basis} rows of factors/{GWP_FILE}",
        source_title=" | ".join(sources[k]["title"] for k in keys),
        source_url=" ".join(sources[k]["url"] for k in keys),
        licence="; ".join(sources[k]["licence"] for k in keys),
        notes="factor = GWP100 of the gas [kgCO2e per kg released]; use for refrigerant "
              "leakage, anaesthetic agents and inhaler propellants by mass")


def gas_table(basis: str) -> pd.DataFrame:
    """Per-kg factor table of every gas with a ``basis`` GWP: ids ``gas/<gas>/kg``."""
    rows = gwp_table()[gwp_table()["basis"] == basis]
    if rows.empty:
        raise GwpConversionError(f"unknown GWP basis {basis!r}", expected=", ".join(bases()))
    return normalise_table(pd.DataFrame({
        "factor_id": [f"gas/{slug(g)}/kg" for g in rows["gas"]],
        "description": [f"{g} ({n})" if n else g for g, n in zip(rows["gas"], rows["names"],
                                                                  strict=True)],
        "uom": "kg", "activity_unit": "kg", "numerator_unit": "kgCO2e",
        "value": rows["gwp100"].to_numpy(), "scope": "1", "gwp_basis": basis,
        "source": rows["source"].to_numpy(), "verified": rows["verified"].to_numpy(),
        "note": rows["note"].to_numpy(), "source_ref": [f"{GWP_FILE} row {i + 2}"
                                                        for i in rows.index],
    }))


def infer_basis(table: pd.DataFrame) -> tuple[str | None, str]:
    """GWP basis shown by a DESNZ edition's own Methane and Nitrous oxide refrigerant rows.

    The ``Refrigerant & other`` sheet lists kg CO2e per kg of methane and nitrous oxide, i.e.
    the GWPs the edition used.

    Parameters
    ----------
    table : pandas.DataFrame
        A DESNZ factor table.

    Returns
    -------
    (str or None, str)
        The basis whose CH4 and N2O values both match (None if none does), and the evidence.
    """
    refrigerants = table[table["level_1"].astype(str) == "Refrigerant & other"]
    found: dict[str, float] = {}
    for gas, name in (("CH4", "Methane"), ("N2O", "Nitrous oxide")):
        rows = refrigerants[(refrigerants["level_3"] == name) & refrigerants["value"].notna()]
        if not rows.empty:
            found[gas] = float(rows["value"].iloc[0])
    if len(found) < len(_PART_GASES):
        return None, "no Methane and Nitrous oxide rows in Refrigerant & other"
    evidence = (f"Refrigerant & other rows give Methane {found['CH4']:g} and Nitrous oxide "
                f"{found['N2O']:g} kg CO2e per kg")
    for basis in ("AR4", "AR5", "AR6"):
        if all(np.isclose(found[g], gwp_value(g, basis)) for g in _PART_GASES):
            return basis, f"{evidence}, the {basis} GWPs"
    return None, f"{evidence}, which match no basis in factors/{GWP_FILE}"


def restate_gwp(frame: pd.DataFrame, to_basis: str, *,
                on_missing: Literal["raise", "flag"] = "raise") -> pd.DataFrame:
    """Recompute factor totals on another GWP basis from their per-gas parts.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``value``, ``co2``, ``ch4``, ``n2o`` [kgCO2e per activity unit] and
        ``gwp_basis`` (a factor table or the output of
        :func:`carbon.factorsets.resolve.resolve_factors`).
    to_basis : str
        ``AR4``, ``AR5`` or ``AR6``.
    on_missing : {'raise', 'flag'}
        What to do with a row that cannot be restated (no parts, or parts that do not add up
        to the total): raise, or keep the published value with ``gwp_restated`` False.

    Returns
    -------
    pandas.DataFrame
        A copy with ``value``, ``ch4``, ``n2o`` and ``gwp_basis`` restated, plus
        ``gwp_restated`` (bool) and ``gwp_note`` (why a row was not restated).

    Raises
    ------
    GwpConversionError
        With ``on_missing='raise'``, naming the first rows that cannot be restated.
    """
    out = frame.copy()
    current = out["gwp_basis"].astype(str)
    change = (current != to_basis).to_numpy()
    parts = out[["co2", "ch4", "n2o"]].to_numpy(dtype="float64")
    total = out["value"].to_numpy(dtype="float64")
    has_parts = ~np.isnan(parts).any(axis=1)
    adds_up = np.isclose(parts.sum(axis=1), total, rtol=PARTS_TOLERANCE, atol=1e-9)
    ok = has_parts & adds_up
    bad = change & ~ok
    if bad.any() and on_missing == "raise":
        ids = out["factor_id"] if "factor_id" in out else out.index.to_series()
        listed = ", ".join(map(str, ids[bad][:3])) + (" ..." if bad.sum() > 3 else "")
        raise GwpConversionError(
            f"{int(bad.sum())} factor(s) cannot be restated on {to_basis} ({listed}): no "
            "per-gas parts were published, or the parts do not add up to the total",
            fix="keep the published basis for these factors, or pass on_missing='flag' to "
                "keep their published values flagged")
    restated = change & ok
    for basis in set(current[restated]):
        rows = restated & (current == basis).to_numpy()
        ratio = {g: gwp_value(g, to_basis) / gwp_value(g, basis) for g in _PART_GASES}
        new_ch4 = parts[rows, 1] * ratio["CH4"]
        new_n2o = parts[rows, 2] * ratio["N2O"]
        out.loc[rows, "ch4"] = new_ch4
        out.loc[rows, "n2o"] = new_n2o
        out.loc[rows, "value"] = parts[rows, 0] + new_ch4 + new_n2o
    out["gwp_basis"] = np.where(restated | ~change, to_basis, current)
    out["gwp_restated"] = restated | ~change
    out["gwp_note"] = np.where(bad, np.where(has_parts, "parts do not add up to the total",
                                             "no per-gas parts published"), "")
    return out
