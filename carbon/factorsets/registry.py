"""The factor-set registry: list, name, load and search sets; never substitute one for another.

Names: a set id (``desnz:2024``, ``sdu:2019-20``, ``gwp:ar5``, ``supplier:2024-25``),
``<family>:latest`` (the newest edition of a family by the calendar year it applies to) or
``latest`` (= ``desnz:latest``). A name that matches no set is an error listing the sets there
are; the registry never picks a neighbouring year.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from carbon import resources
from carbon.errors import ReferenceDataError, UnknownFactorSetError
from carbon.factorsets.custom import read_custom_text
from carbon.factorsets.factorset import FactorSet
from carbon.factorsets.gwp import gas_table
from carbon.factorsets.library import INDEX_FILE, info_of, parse_index, read_table_bytes
from carbon.factorsets.nhs import inhaler_table
from carbon.factorsets.schema import FactorSetInfo

BUILTIN = "built-in"
#: Folder of the user factor library inside a workspace.
USER_FOLDER = "factors"
DEFAULT_FAMILY = "desnz"


@dataclass(frozen=True)
class LibraryEntry:
    """Where a set is stored: its metadata, file and library (``built-in`` or a folder)."""

    info: FactorSetInfo
    file: str
    location: str

    @property
    def path(self) -> Path | None:
        """The file on disk for a user-library set (None for built-ins)."""
        return None if self.location == BUILTIN else Path(self.location) / self.file


@cache
def builtin_entries() -> dict[str, LibraryEntry]:
    """Sets of the built-in library, from ``factors/index.toml``."""
    entries = parse_index(resources.read_text("carbon.factors", INDEX_FILE), name=INDEX_FILE)
    return {e["id"]: LibraryEntry(info_of(e), e["file"], BUILTIN) for e in entries}


def user_library(workspace: str | Path) -> Path:
    """The user factor library folder of a workspace: ``<workspace>/factors``."""
    return Path(workspace) / USER_FOLDER


def user_entries(workspace: str | Path | None) -> dict[str, LibraryEntry]:
    """Sets imported into a workspace's user library (empty when there is none)."""
    if workspace is None:
        return {}
    folder = user_library(workspace)
    index = folder / INDEX_FILE
    if not index.is_file():
        return {}
    entries = parse_index(index.read_text(encoding="utf-8"), name=str(index))
    return {e["id"]: LibraryEntry(info_of(e), e["file"], str(folder)) for e in entries}


def library_entries(workspace: str | Path | None = None) -> dict[str, LibraryEntry]:
    """Built-in and user sets by id.

    Raises
    ------
    ReferenceDataError
        If the user library holds a set with a built-in set's id.
    """
    builtin = builtin_entries()
    user = user_entries(workspace)
    clash = sorted(set(builtin) & set(user))
    if clash:
        raise ReferenceDataError(
            f"the user library redefines built-in set(s) {', '.join(clash)}",
            file=str(user_library(workspace or ".") / INDEX_FILE),
            fix="re-import under another name (carbon factors import FILE --name ...)")
    return {**builtin, **user}


def list_sets(workspace: str | Path | None = None) -> list[FactorSetInfo]:
    """Metadata of every available set, sorted by family and year."""
    infos = [e.info for e in library_entries(workspace).values()]
    return sorted(infos, key=lambda i: (i.family, i.applies_to_year or 0,
                                        i.applies_to_period or "", i.id))


def latest(family: str = DEFAULT_FAMILY, workspace: str | Path | None = None) -> str:
    """Id of the newest set of a family (by the calendar year it applies to).

    Raises
    ------
    UnknownFactorSetError
        If the family has no set with a year.
    """
    dated = [i for i in list_sets(workspace) if i.family == family and i.applies_to_year]
    if not dated:
        families = sorted({i.family for i in list_sets(workspace)})
        raise UnknownFactorSetError(f"no dated factor sets in family {family!r}",
                                    expected=", ".join(families))
    return max(dated, key=lambda i: (i.applies_to_year, i.id)).id


def resolve_name(name: str, workspace: str | Path | None = None) -> str:
    """The set id a name stands for (``latest`` and ``<family>:latest`` resolved).

    Raises
    ------
    UnknownFactorSetError
        Naming the closest set ids and how to list them.
    """
    text = name.strip()
    if text == "latest":
        return latest(DEFAULT_FAMILY, workspace)
    if text.endswith(":latest"):
        return latest(text.split(":", 1)[0], workspace)
    entries = library_entries(workspace)
    if text in entries:
        return text
    close = difflib.get_close_matches(text, list(entries), n=5, cutoff=0.5)
    where = "" if workspace is not None else (
        "; sets imported with 'carbon factors import' live in a workspace: pass it "
        "(--workspace, or workspace= in Python)")
    raise UnknownFactorSetError(
        f"no factor set named {text!r}",
        expected=", ".join(close) if close else "a name from 'carbon factors list'",
        fix=f"choose a set explicitly from 'carbon factors list'{where}")


def _table(entry: LibraryEntry) -> pd.DataFrame:
    """The factor table of an entry: user sets and prebuilt sets are Parquet; the small
    reviewed reference tables are built from their CSV when loaded."""
    kind = entry.info.kind
    if entry.path is None and kind == "gwp":
        return gas_table(entry.info.gwp_basis)
    if entry.path is None and kind == "inhaler-products":
        return inhaler_table()
    if entry.path is None and kind == "csv":
        return read_custom_text(resources.read_text("carbon.factors", entry.file),
                                file=entry.file, gwp_basis=entry.info.gwp_basis)
    data = (resources.read_bytes("carbon.factors", entry.file) if entry.path is None
            else entry.path.read_bytes())
    table, stored = read_table_bytes(data, name=entry.file)
    if stored.id != entry.info.id:
        raise ReferenceDataError(f"{entry.file} holds set {stored.id}, the index says "
                                 f"{entry.info.id}", fix="rebuild or re-import the set")
    return table


@lru_cache(maxsize=64)
def _load(set_id: str, location: str, stamp: float) -> FactorSet:
    """Read a set once per (id, library, file time): ``stamp`` only keys the cache."""
    entries = builtin_entries() if location == BUILTIN else user_entries(Path(location).parent)
    entry = entries[set_id]
    return FactorSet.from_table(entry.info, _table(entry))


def load_set(name: str, workspace: str | Path | None = None) -> FactorSet:
    """Load a factor set by name (``desnz:2024``, ``latest``, ``sdu:2019-20`` ...).

    Built-in sets are read once per process; a user-library set is read again when its file
    changes.

    Raises
    ------
    UnknownFactorSetError
        If no set has that name.
    """
    set_id = resolve_name(name, workspace)
    entry = library_entries(workspace)[set_id]
    stamp = entry.path.stat().st_mtime if entry.path is not None else 0.0
    return _load(set_id, entry.location, stamp)


def sets_holding(factor_id: str, family: str, workspace: str | Path | None = None) -> list[str]:
    """Ids of the sets of a family that publish a value for ``factor_id``."""
    found = []
    for info in list_sets(workspace):
        if info.family == family:
            table = load_set(info.id, workspace).table
            if factor_id in table.index and pd.notna(table.loc[factor_id, "value"]):
                found.append(info.id)
    return found


def search_factors(text: str, name: str = "latest",
                   workspace: str | Path | None = None) -> pd.DataFrame:
    """Factors of one set whose id, labels or description contain every word of ``text``."""
    return load_set(name, workspace).search(text)
