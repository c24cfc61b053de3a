"""Factor libraries on disk: Parquet tables plus an ``index.toml``.

Two libraries are searched, in this order:

- the built-in library, the data package ``carbon.factors`` (folder ``factors/``): DESNZ/BEIS
  2016-2026 and the SDU table as Parquet (built by ``carbon factors build``), the NHS tables as
  reviewed CSV, the GWP sets derived from ``gwp.csv``;
- a user library, ``<workspace>/factors/`` (``carbon factors import FILE``): next year's
  publication or custom sets, without touching the installed package.

Each library has an ``index.toml`` with one ``[[set]]`` table per set: the
:class:`~carbon.factorsets.schema.FactorSetInfo` fields plus ``file``. A Parquet table also
carries its metadata as JSON in the file's schema metadata (key ``carbon.factorset``), so one
file is self-describing.
"""

from __future__ import annotations

import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from carbon.errors import ReferenceDataError
from carbon.factorsets.schema import PRICE_FIELDS, FactorSetInfo

INDEX_FILE = "index.toml"
METADATA_KEY = b"carbon.factorset"
#: zstd level for the Parquet tables (small files; decompression speed does not depend on it).
COMPRESSION_LEVEL = 19
_HEADER = ("# Factor sets of this library, one [[set]] table each (FactorSetInfo fields plus the\n"
           "# file holding the table). Written by carbon; do not edit by hand.\n")


def table_bytes(table: pd.DataFrame, info: FactorSetInfo) -> bytes:
    """A factor table as Parquet bytes (zstd), with ``info`` in the schema metadata.

    The price fields of spend-factor sets are left out of the metadata of sets without them
    (physical factors), so their files keep the bytes they had before those fields existed.
    """
    arrow = pa.Table.from_pandas(table, preserve_index=True)
    unset = {f for f in PRICE_FIELDS if getattr(info, f) is None}
    metadata = {**(arrow.schema.metadata or {}),
                METADATA_KEY: info.model_dump_json(exclude=unset).encode()}
    arrow = arrow.replace_schema_metadata(metadata)
    sink = io.BytesIO()
    pq.write_table(arrow, sink, compression="zstd", compression_level=COMPRESSION_LEVEL,
                   write_statistics=False)
    return sink.getvalue()


def read_table_bytes(data: bytes, *, name: str) -> tuple[pd.DataFrame, FactorSetInfo]:
    """Read Parquet bytes written by :func:`table_bytes`.

    Raises
    ------
    ReferenceDataError
        If the bytes are not a factor table written by carbon.
    """
    try:
        arrow = pq.read_table(pa.BufferReader(data))
        info = FactorSetInfo.model_validate_json(arrow.schema.metadata[METADATA_KEY])
    except (pa.ArrowInvalid, KeyError, TypeError, ValueError) as exc:
        raise ReferenceDataError(f"{name} is not a carbon factor table: {exc}",
                                 fix="rebuild it with 'carbon factors build' or re-import "
                                     "the publication") from None
    return arrow.to_pandas(), info


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def index_text(entries: list[dict[str, Any]]) -> str:
    """TOML text of an index: one ``[[set]]`` per entry, None values left out."""
    lines = [_HEADER]
    for entry in entries:
        lines.append("[[set]]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in entry.items()
                     if value is not None)
        lines.append("")
    return "\n".join(lines)


def parse_index(text: str, *, name: str) -> list[dict[str, Any]]:
    """The ``[[set]]`` entries of an index file."""
    try:
        return list(tomllib.loads(text).get("set", []))
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceDataError(f"{name} is not valid TOML: {exc}") from None


def entry_of(info: FactorSetInfo, file: str) -> dict[str, Any]:
    """Index entry of a set: its metadata fields and the file holding it."""
    return {**info.model_dump(), "file": file}


def info_of(entry: dict[str, Any]) -> FactorSetInfo:
    """The metadata part of an index entry."""
    return FactorSetInfo(**{k: v for k, v in entry.items() if k != "file"})


def file_name(set_id: str, suffix: str = ".parquet") -> str:
    """File name for a set: ``desnz:2024`` -> ``desnz-2024.parquet``."""
    return set_id.replace(":", "-") + suffix


def write_library_set(folder: Path, info: FactorSetInfo, table: pd.DataFrame) -> Path:
    """Write one set into a library folder and record it in the folder's index.

    The table is written first (through a temporary file), then the index is rewritten with
    this set's entry replaced or added, so a crash never leaves an index pointing at a missing
    table.
    """
    from carbon.spreadsheet import write_atomic, write_text

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file_name(info.id)
    data = table_bytes(table, info)
    write_atomic(target, lambda path: path.write_bytes(data))
    index = folder / INDEX_FILE
    entries = parse_index(index.read_text(encoding="utf-8"), name=str(index)) \
        if index.is_file() else []
    entries = [e for e in entries if e.get("id") != info.id] + [entry_of(info, target.name)]
    entries.sort(key=lambda e: str(e["id"]))
    write_text(index, index_text(entries))
    return target
