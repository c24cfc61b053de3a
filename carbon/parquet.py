"""Activity in Parquet exports (``carbon export --parquet``), aggregated where it lies.

A region or the national team holds many trusts' activity: each trust exports its store
(:func:`carbon.store.export_parquet`), and the folders are put side by side. The files are
planned into *partitions* (runs of row groups of about :data:`PARTITION_ROWS` rows, skipping row
groups whose time statistics miss the reporting periods); each partition is read at once
(:func:`read_partition`: text as dictionaries, so no string is converted) and reduced to
partial totals with the in-memory engine (:func:`carbon.partial_totals.partial_totals`). The
partitions run one after another in this process, or as a dask DataFrame of activity on a
cluster (:mod:`carbon.distributed`); both finish the same partials in the same order, so they
give the same bits (decision 0032).

The run record names every file with its sha256, as for any other input file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from carbon.aggregate import Grain, Slices, slices
from carbon.errors import ConfigurationError, InputFileError
from carbon.partial_totals import SUMS, group_columns, partial_totals
from carbon.totals import Totals, detail_rows, finish_totals

if TYPE_CHECKING:
    from carbon.periods import ReportingPeriod

Engine = Literal["local", "dask"]
#: Rows of one partition (a task on a cluster); memory per task stays near one batch.
PARTITION_ROWS = 1 << 21
#: Columns read from an export (text columns as dictionaries).
TEXT = ("organisation", "site", "meter_id", "activity_type", "unit", "status")
TIMES = ("period_start", "period_end")
#: Column that marks rows restated by a later batch (exports made with ``--all``).
SUPERSEDED = "superseded_by"
#: Reader columns beyond the canonical ones (JSON; costs, suppliers, price years).
DETAILS = "details"


@dataclass(frozen=True)
class Partition:
    """Row groups of one Parquet file read by one task."""

    file: str
    row_groups: tuple[int, ...]
    rows: int


class ParquetActivity:
    """Activity exported to Parquet, as a source for :func:`carbon.inventory`.

    Parameters
    ----------
    paths : path-like or iterable of them
        Export folders (``carbon export --parquet FOLDER``), folders holding several exports
        (a region), or activity Parquet files. Files under an ``activity`` folder are read.
    engine : {'local', 'dask'}
        Reduce the partitions one after another in this process, or on a dask cluster.
    scheduler : str, optional
        Address of a running dask scheduler (``tcp://host:8786``); without one, the dask
        engine starts a local cluster for the run.
    workers : int, optional
        Workers of that local cluster [default: dask's choice for the machine].

    Examples
    --------
    >>> import carbon
    >>> from carbon.parquet import ParquetActivity
    >>> region = ParquetActivity(["exports/RXX", "exports/RYY"], engine="dask")
    >>> inv = carbon.inventory(region, "2024/25", grain="month")  # doctest: +SKIP
    """

    def __init__(self, paths: str | Path | Iterable[str | Path], *, engine: Engine = "local",
                 scheduler: str | None = None, workers: int | None = None) -> None:
        roots = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
        if engine not in ("local", "dask"):
            raise ConfigurationError("unknown engine", value=engine, expected="local or dask")
        self.roots = roots
        self.engine: Engine = engine
        self.scheduler = scheduler
        self.workers = workers
        self.files = activity_files(roots)

    def __repr__(self) -> str:
        return (f"ParquetActivity({len(self.files)} files, engine={self.engine!r}"
                + (f", scheduler={self.scheduler!r})" if self.scheduler else ")"))

    def totals(self, periods: Sequence[ReportingPeriod], *, keys: Sequence[str],
               grain: Grain) -> Totals:
        """Finished totals of the exported activity (see the module docstring)."""
        cut = slices(periods, grain)
        parts = plan(self.files, cut)
        if self.engine == "dask":
            from carbon.distributed import run_partitions

            partials, details, hashes = run_partitions(
                parts, self.files, cut, keys, scheduler=self.scheduler, workers=self.workers)
        else:
            from carbon.accounting.run_record import file_digest

            partials, details = [], []
            for part in parts:
                frame = read_partition(part)
                partials.append(partial_totals(frame, cut, keys))
                details.append(detail_rows(frame))
            hashes = [file_digest(f) for f in self.files]
        inputs = dict(zip(self._names(), hashes, strict=True))
        digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()
        kept = [d for d in details if len(d)]
        return Totals(finish_totals(partials, cut, keys), digest, inputs,
                      rows=pd.concat(kept, ignore_index=True) if kept else None)

    def _names(self) -> list[str]:
        """Each file's name in the run record: its path below the folder it was found in."""
        names = []
        for file in self.files:
            root = next(r for r in self.roots if file == r or r in Path(file).parents)
            names.append(Path(file).name if Path(file) == root else
                         f"{root.name}/{Path(file).relative_to(root).as_posix()}")
        return names


def activity_files(roots: Sequence[Path]) -> list[str]:
    """Activity Parquet files under export folders, sorted (``batches``/``quarantine`` left).

    Raises
    ------
    InputFileError
        If a path does not exist or holds no activity Parquet file.
    """
    files: list[str] = []
    for root in roots:
        if root.is_file():
            files.append(str(root))
            continue
        if not root.is_dir():
            raise InputFileError("no such Parquet file or folder", file=str(root),
                                 fix="give a folder written by carbon export --parquet")
        found = sorted(str(f) for f in root.rglob("*.parquet")
                       if "activity" in f.relative_to(root.parent).parts[:-1])
        if not found:
            raise InputFileError("no activity Parquet files in the folder", file=str(root),
                                 fix="export a store first: carbon export --parquet FOLDER")
        files.extend(found)
    return files


def plan(files: Sequence[str], cut: Slices) -> list[Partition]:
    """Partitions of the row groups that can overlap the slices (from the files' footers)."""
    import pyarrow.parquet as pq

    parts: list[Partition] = []
    for file in files:
        meta = pq.ParquetFile(file).metadata
        names = [meta.schema.column(j).name for j in range(meta.num_columns)]
        missing = [c for c in (*TEXT, *TIMES, "quantity") if c not in names]
        if missing:
            raise InputFileError("not an activity export: columns missing", file=file,
                                 value=missing, fix="export with carbon export --parquet")
        group: list[int] = []
        rows = 0
        for g in range(meta.num_row_groups):
            if not _may_overlap(meta.row_group(g), names, cut):
                continue
            group.append(g)
            rows += meta.row_group(g).num_rows
            if rows >= PARTITION_ROWS:
                parts.append(Partition(file, tuple(group), rows))
                group, rows = [], 0
        if group:
            parts.append(Partition(file, tuple(group), rows))
    return parts


def _may_overlap(row_group: object, names: list[str], cut: Slices) -> bool:
    """False only when the row group's time statistics put it outside every slice."""
    if not len(cut):
        return False
    stats = {}
    for name in TIMES:
        column = row_group.column(names.index(name))  # type: ignore[attr-defined]
        if column.statistics is None or not column.statistics.has_min_max:
            return True
        stats[name] = column.statistics
    first_start = pd.Timestamp(stats["period_start"].min).value
    last_end = pd.Timestamp(stats["period_end"].max).value
    return bool(last_end > cut.lo[0] and first_start < cut.hi[-1])


def read_partition(part: Partition) -> pd.DataFrame:
    """The current activity rows of one partition: text as categoricals, UTC instants.

    The row groups are read at once with one dictionary per text column (no string is
    converted); rows restated by a later batch (exports made with ``--all``) are left out.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    file = pq.ParquetFile(part.file, read_dictionary=[*TEXT, SUPERSEDED])
    present = set(file.schema_arrow.names)
    columns = [*TEXT, *TIMES, "quantity",
               *(name for name in (DETAILS, SUPERSEDED) if name in present)]
    table = file.read_row_groups(list(part.row_groups), columns=columns)
    if SUPERSEDED in present and table.column(SUPERSEDED).null_count < table.num_rows:
        table = table.filter(pc.is_null(table.column(SUPERSEDED)))
    table = table.unify_dictionaries().combine_chunks()
    data: dict[str, object] = {}
    for name in (*TEXT, *TIMES):
        column = table.column(name).chunk(0) if table.num_rows else None
        if column is None:
            data[name] = (pd.Categorical([]) if name in TEXT
                          else pd.array([], dtype="datetime64[ns, UTC]"))
        elif name in TEXT:
            data[name] = pd.Categorical.from_codes(
                column.indices.to_numpy(zero_copy_only=False),
                column.dictionary.to_numpy(zero_copy_only=False), validate=False)
        else:
            data[name] = pd.array(column.to_numpy(), dtype=pd.DatetimeTZDtype(
                unit=column.type.unit, tz="UTC"))
    data["quantity"] = table.column("quantity").to_numpy()
    # Mostly null: kept as Arrow text, never turned into Python objects here.
    details = (table.column(DETAILS).cast(pa.string()) if DETAILS in present
               else pa.nulls(table.num_rows, pa.string()))
    data[DETAILS] = pd.array(details, dtype=pd.ArrowDtype(pa.string()))
    return pd.DataFrame(data, copy=False)


def empty_partial(keys: Sequence[str]) -> pd.DataFrame:
    """A partial totals table with no rows (the schema the engines share)."""
    frame = pd.DataFrame({"slice": np.empty(0, dtype="int64")})
    for name in group_columns(keys):
        frame[name] = pd.Series(dtype=object)
    for name in SUMS:
        frame[name] = np.empty(0, dtype="int64" if name in ("rows", "missing_rows")
                               else "float64")
    return frame
