"""Import a publication or a custom CSV into a factor set (and into a user library).

``carbon factors import FILE`` recognises the file:

- a DESNZ full set (``Introduction`` and ``Fuels`` sheets);
- a DESNZ flat file (``Factors by Category`` sheet, or a CSV export of it);
- the NHS SDU factor table (``category, name, unit, scope, 2019-20 ...``);
- Defra's spend-based factors by SIC code (``GHG (kgCO2e per £)``, :mod:`eeio`);
- a custom factor CSV (:mod:`carbon.factorsets.custom`).

The GWP basis of a DESNZ edition is taken from the publication: the sentence naming the IPCC
assessment report (full sets), else the edition's own Methane and Nitrous oxide refrigerant rows
(:func:`carbon.factorsets.gwp.infer_basis`). The set records which, as evidence.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from carbon.errors import ConfigurationError, InputFileError, ReferenceDataError
from carbon.factorsets import desnz_flat, desnz_fullset, eeio, sdu
from carbon.factorsets.custom import is_custom_csv, read_custom_csv
from carbon.factorsets.desnz_rows import assemble
from carbon.factorsets.gwp import infer_basis
from carbon.factorsets.library import write_library_set
from carbon.factorsets.registry import library_entries, user_library
from carbon.factorsets.schema import OGL, FactorSetInfo
from carbon.readers.limits import check_file_size, check_zip
from carbon.readers.sniff import is_zip

DESNZ_TITLE = "UK Government GHG Conversion Factors for Company Reporting"
SDU_TITLE = "NHS SDU carbon factors"
EEIO_TITLE = "Defra spend-based emission factors by SIC code"
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def detect_kind(path: Path) -> str:
    """``desnz-fullset``, ``desnz-flat``, ``defra-eeio``, ``sdu`` or ``csv`` for a file.

    Raises
    ------
    InputFileError
        If the file is none of these.
    """
    suffix = path.suffix.lower()
    check_file_size(path)
    if suffix in (".xls", ".xlsx", ".xlsm", ".ods"):
        if is_zip(path):
            check_zip(path)
        if desnz_fullset.is_full_set(path):
            return "desnz-fullset"
        if desnz_flat.is_flat_file(path):
            return "desnz-flat"
        if eeio.is_eeio_table(path):
            return "defra-eeio"
    elif suffix == ".csv":
        try:
            if sdu.is_sdu_table(path):
                return "sdu"
            if is_custom_csv(path):
                return "csv"
            if desnz_flat.is_flat_file(path):
                return "desnz-flat"
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            raise InputFileError(f"cannot read the CSV: {exc}", file=path.name,
                                 fix="save it as UTF-8 CSV with one header row") from None
    raise InputFileError(
        "not a file carbon can import", file=path.name,
        expected="a DESNZ full set or flat file (.xlsx/.xls/.csv), the SDU factor table, "
                 "Defra's spend factors by SIC (.ods/.xlsx), or a custom factor CSV with "
                 "factor_id, description, activity_unit, value, source")


def desnz_set(path: Path, *, metadata: dict[str, Any] | None = None
              ) -> tuple[FactorSetInfo, pd.DataFrame]:
    """Import one DESNZ edition (full set or flat file).

    Parameters
    ----------
    path : pathlib.Path
        The publication.
    metadata : dict, optional
        Reviewed fields that win over what is read from the file (``id``, ``publisher``,
        ``gwp_basis``, ``source_url`` ...; see ``factors/sources.toml``).

    Returns
    -------
    (FactorSetInfo, pandas.DataFrame)

    Raises
    ------
    ReferenceDataError
        If ``metadata`` states a GWP basis that the publication contradicts.
    """
    meta = dict(metadata or {})
    full = desnz_fullset.is_full_set(path)
    publication = (desnz_fullset.read_full_set(path) if full
                   else desnz_flat.read_flat_file(path))
    table, excluded = assemble(publication.rows, file=path.name, gwp_basis="")
    stated = publication.stated_gwp_basis
    inferred, inferred_evidence = infer_basis(table)
    shown = stated or inferred
    basis = meta.pop("gwp_basis", None) or shown or "unknown"
    if shown and basis != shown:
        raise ReferenceDataError(
            f"{path.name}: reviewed GWP basis {basis} but the publication shows {shown}",
            fix="correct gwp_basis in factors/sources.toml")
    evidence = meta.pop("gwp_basis_evidence", "") or (
        f"stated in the workbook: {publication.gwp_statement!r}" if stated else
        inferred_evidence)
    table["gwp_basis"] = pd.Categorical([basis] * len(table))
    year = publication.year
    fields: dict[str, Any] = {
        "id": f"desnz:{year}", "kind": publication.kind,
        "publisher": publication.publisher or "DESNZ", "title": f"{DESNZ_TITLE} {year}",
        "version": publication.version, "publication_year": year, "applies_to_year": year,
        "gwp_basis": basis, "gwp_basis_verified": shown is not None,
        "gwp_basis_evidence": evidence, "licence": OGL,
        "source_title": f"Greenhouse gas reporting: conversion factors {year}",
        "source_url": f"https://www.gov.uk/government/publications/"
                      f"greenhouse-gas-reporting-conversion-factors-{year}",
        "source_file": path.name, "source_sha256": sha256_of(path),
        "updated": publication.updated, "factors": int(table["value"].notna().sum()),
        "blank": int(table["value"].isna().sum()), "excluded_rows": excluded,
    }
    fields.update({k: v for k, v in meta.items() if k not in ("kind", "file")})
    return FactorSetInfo(**fields), table


def sdu_sets(path: Path, *, family: str = "sdu", metadata: dict[str, Any] | None = None
             ) -> list[tuple[FactorSetInfo, pd.DataFrame]]:
    """Import the SDU table: one set per financial-year column (``sdu:2019-20`` ...)."""
    meta = {k: v for k, v in (metadata or {}).items() if k not in ("id", "kind", "file")}
    read = sdu.read_sdu_table(path)
    out = []
    for column, table in read.tables.items():
        fields: dict[str, Any] = {
            "id": f"{family}:{column}", "kind": "sdu", "publisher": "NHS SDU",
            "title": f"{SDU_TITLE} {column}", "version": column,
            "applies_to_period": sdu.financial_year_label(column), "gwp_basis": "mixed",
            "source_file": path.name, "source_sha256": sha256_of(path),
            "factors": int(table["value"].notna().sum()),
            "blank": int(table["value"].isna().sum()), "excluded_rows": read.excluded_rows,
        }
        fields.update(meta)
        out.append((FactorSetInfo(**fields), table))
    return out


def eeio_set(path: Path, *, name: str | None = None, metadata: dict[str, Any] | None = None
             ) -> tuple[FactorSetInfo, pd.DataFrame]:
    """Import Defra's spend-based factors by SIC code as one set.

    The set id is ``name``, else ``defra-eeio:<year in the file name>``. The extract states no
    price year, price basis or GWP basis: unless ``metadata`` (reviewed, e.g.
    ``factors/sources.toml``) gives them, the price year is unknown and the set says so.

    Raises
    ------
    InputFileError
        If no id is given and the file name holds no year.
    """
    meta = {k: v for k, v in (metadata or {}).items() if k not in ("kind", "file")}
    read = eeio.read_eeio_table(path)
    year = _YEAR_IN_NAME.search(path.stem)
    set_id = name or meta.pop("id", None) or (f"defra-eeio:{year.group(0)}" if year else None)
    if set_id is None:
        raise InputFileError("the data year of these spend factors is not in the file name",
                             file=path.name, fix="name the set with --name defra-eeio:2022")
    fields: dict[str, Any] = {
        "id": set_id, "kind": "defra-eeio", "publisher": "Defra",
        "title": EEIO_TITLE, "data_year": int(year.group(0)) if year else None,
        "gwp_basis": "unknown", "source_file": path.name, "source_sha256": sha256_of(path),
        "factors": int(read.table["value"].notna().sum()),
        "blank": int(read.table["value"].isna().sum()), "excluded_rows": read.excluded_rows,
        "currency_basis": "GBP; price year and price basis not stated in the file",
        "price_basis_verified": False,
        "price_basis_evidence": "the file gives kgCO2e per £ without a price year",
    }
    fields.update({k: v for k, v in meta.items() if k != "id"})
    return FactorSetInfo(**fields), read.table


def custom_set(path: Path, *, name: str, metadata: dict[str, Any] | None = None
               ) -> tuple[FactorSetInfo, pd.DataFrame]:
    """Import a custom factor CSV as set ``name``."""
    meta = dict(metadata or {})
    table = read_custom_csv(path, gwp_basis=meta.get("gwp_basis", ""))
    bases = sorted(set(table["gwp_basis"].astype(str)) - {""})
    fields: dict[str, Any] = {
        "id": name, "kind": "csv", "title": path.stem, "source_file": path.name,
        "source_sha256": sha256_of(path), "gwp_basis": ", ".join(bases) or "n/a",
        "factors": int(table["value"].notna().sum()),
    }
    fields.update(meta)
    try:
        return FactorSetInfo(**fields), table
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigurationError(
            f"invalid set metadata: {first['msg']}", file=path.name,
            column=".".join(str(p) for p in first["loc"]), value=first.get("input"),
            fix="name the set family:edition in lower case letters, digits, '.', '_' and '-', "
                "e.g. --name supplier:2024-25") from None


def import_file(path: Path | str, workspace: Path | str, *, name: str | None = None,
                replace: bool = False, metadata: dict[str, Any] | None = None
                ) -> list[FactorSetInfo]:
    """Import a file into the user factor library of a workspace.

    Parameters
    ----------
    path : path-like
        A DESNZ full set or flat file, the SDU table or a custom factor CSV.
    workspace : path-like
        Workspace folder; sets are written to ``<workspace>/factors``. The installed package
        is never modified.
    name : str, optional
        Set id (``desnz:2027``, ``supplier:2024-25``). Defaults to ``desnz:<year>`` for DESNZ
        files; required for custom CSVs. For the SDU table, the family (``sdu`` by default).
    replace : bool
        Replace a set of the same id already in the user library.
    metadata : dict, optional
        Extra :class:`FactorSetInfo` fields (publisher, title, source_url, applies_to_year ...).

    Returns
    -------
    list of FactorSetInfo
        The sets written.

    Raises
    ------
    InputFileError
        If the file is not importable, a custom CSV is invalid or has no name.
    ReferenceDataError
        If the id is a built-in set's, or already in the user library and ``replace`` is False.
    """
    path = Path(path)
    kind = detect_kind(path)
    meta = dict(metadata or {})
    if kind in ("desnz-fullset", "desnz-flat"):
        if name:
            meta["id"] = name
        made = [desnz_set(path, metadata=meta)]
    elif kind == "sdu":
        made = sdu_sets(path, family=name or "sdu", metadata=meta)
    elif kind == "defra-eeio":
        made = [eeio_set(path, name=name, metadata=meta)]
    else:
        if not name:
            raise InputFileError("a custom factor set needs a name", file=path.name,
                                 fix="pass --name family:edition, e.g. --name supplier:2024-25")
        made = [custom_set(path, name=name, metadata=meta)]
    existing = library_entries(workspace)
    for info, _ in made:
        entry = existing.get(info.id)
        if entry is not None and (entry.location == "built-in" or not replace):
            where = "a built-in set" if entry.location == "built-in" else "already imported"
            raise ReferenceDataError(
                f"set {info.id} is {where}", file=path.name,
                fix="choose another name with --name" + (
                    "" if entry.location == "built-in" else ", or pass --replace"))
    folder = user_library(workspace)
    for info, table in made:
        write_library_set(folder, info, table)
    return [info for info, _ in made]
