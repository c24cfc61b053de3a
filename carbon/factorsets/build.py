"""Regenerate the built-in factor library from the official publications.

``carbon factors build ../shared/data`` (or ``python -m carbon.factorsets.build``) reads the
reviewed ``factors/sources.toml``, imports every publication it names from the data folder with
the project's own importers, and writes ``factors/desnz-YYYY.parquet``,
``factors/sdu-YYYY-YY.parquet``, ``factors/defra-eeio-YYYY.parquet`` and
``factors/index.toml``. The official files are never
copied into the repository. A test re-runs the import and checks the shipped tables are
identical.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from functools import partial
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import pandas as pd

from carbon import resources
from carbon.errors import InputFileError, ReferenceDataError
from carbon.factorsets.custom import read_custom_text
from carbon.factorsets.gwp import gas_set_info, gas_table
from carbon.factorsets.importer import desnz_set, eeio_set, sdu_sets
from carbon.factorsets.library import INDEX_FILE, entry_of, file_name, index_text, table_bytes
from carbon.factorsets.nhs import inhaler_table
from carbon.factorsets.schema import FactorSetInfo

SOURCES_FILE = "sources.toml"
_PREBUILT = ("desnz-flat", "desnz-fullset", "sdu", "defra-eeio")


def sources() -> list[dict[str, Any]]:
    """The reviewed ``[[set]]`` entries of ``factors/sources.toml``."""
    return list(tomllib.loads(resources.read_text("carbon.factors", SOURCES_FILE))["set"])


def builtin_folder() -> Path:
    """The ``factors/`` folder of a source checkout (where ``build`` writes).

    Raises
    ------
    ReferenceDataError
        If the package is not installed from a writable folder (a wheel).
    """
    folder = Path(str(importlib_resources.files("carbon.factors")))
    if not (folder / SOURCES_FILE).is_file():
        raise ReferenceDataError("carbon.factors is not a folder of a source checkout",
                                 fix="run the build from a clone (pip install -e .)")
    return folder


def _reference_set(source: dict[str, Any]) -> tuple[FactorSetInfo, pd.DataFrame]:
    meta = {k: v for k, v in source.items() if k != "file"}
    kind = source["kind"]
    if kind == "gwp":
        table = gas_table(source["gwp_basis"])
        info = gas_set_info(source["gwp_basis"])
    else:
        if kind == "csv":
            table = read_custom_text(resources.read_text("carbon.factors", source["file"]),
                                     file=source["file"], gwp_basis=source.get("gwp_basis", ""))
        elif kind == "inhaler-products":
            table = inhaler_table()
        else:
            raise ReferenceDataError(f"unknown kind {kind!r} in {SOURCES_FILE}",
                                     value=source.get("id"))
        info = FactorSetInfo(**meta)
    counts = {"factors": int(table["value"].notna().sum()),
              "blank": int(table["value"].isna().sum())}
    return info.model_copy(update=counts), table


def build_sets(data_dir: Path) -> list[tuple[FactorSetInfo, pd.DataFrame, str]]:
    """Import every built-in set: (metadata, table, file name in ``factors/``).

    Parameters
    ----------
    data_dir : pathlib.Path
        The folder holding ``desnz/``, ``sdu/`` and ``defra_eeio/`` (``../shared/data``).

    Raises
    ------
    InputFileError
        If a publication named in ``sources.toml`` is missing.
    """
    built: list[tuple[FactorSetInfo, pd.DataFrame, str]] = []
    for source in sources():
        kind = source["kind"]
        if kind not in _PREBUILT:
            info, table = _reference_set(source)
            built.append((info, table, source["file"]))
            continue
        path = data_dir / source["file"]
        if not path.is_file():
            raise InputFileError("publication named in factors/sources.toml is missing",
                                 file=str(path), fix="point the build at ../shared/data")
        made = (sdu_sets(path, metadata=source) if kind == "sdu"
                else [eeio_set(path, metadata=source)] if kind == "defra-eeio"
                else [desnz_set(path, metadata=source)])
        built.extend((info, table, file_name(info.id)) for info, table in made)
    return built


def build_library(data_dir: Path, out_dir: Path | None = None) -> list[FactorSetInfo]:
    """Write the built-in tables and ``index.toml`` into ``out_dir`` (default ``factors/``).

    Returns
    -------
    list of FactorSetInfo
        Every built-in set, in ``sources.toml`` order.
    """
    from carbon.spreadsheet import write_atomic, write_text

    folder = out_dir or builtin_folder()
    built = build_sets(data_dir)
    for info, table, file in built:
        if file.endswith(".parquet"):
            write_atomic(folder / file, partial(Path.write_bytes, data=table_bytes(table, info)))
    write_text(folder / INDEX_FILE, index_text([entry_of(i, f) for i, _, f in built]))
    return [info for info, _, _ in built]


def main(argv: list[str] | None = None) -> int:
    """``python -m carbon.factorsets.build DATA_DIR [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="folder with desnz/ and sdu/")
    parser.add_argument("--out", type=Path, default=None, help="output folder (factors/)")
    args = parser.parse_args(argv)
    for info in build_library(args.data_dir, args.out):
        print(f"{info.id:32s} {info.factors:5d} factors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
