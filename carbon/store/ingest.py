"""Putting reader results into the store, atomically: one batch per file.

Everything a load writes (batch row, series, activity, quarantine, warnings, restatements,
meters) is written in one transaction: a failure or an interruption anywhere rolls all of it
back, and the store is as it was. The activity rows are written by a
:class:`~carbon.store.writer.BatchWriter` (which also finds unchanged and restated rows);
:func:`close_batch` writes the rest once the reader has finished.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from carbon._version import __version__
from carbon.store.database import as_json
from carbon.store.writer import BatchWriter

if TYPE_CHECKING:
    import duckdb

    from carbon.readers.options import LoadOptions
    from carbon.readers.result import LoadResult
    from carbon.store.database import Store


@dataclass(frozen=True)
class IngestReport:
    """What one load did to the store."""

    batch_id: str
    batch_no: int
    status: str  # 'loaded' or 'already loaded'
    rows_stored: int = 0
    rows_unchanged: int = 0
    rows_superseded: int = 0
    superseded_batches: tuple[str, ...] = field(default_factory=tuple)


def find_batch(con: duckdb.DuckDBPyConnection, batch_id: str) -> tuple[int, str] | None:
    """Batch number and file of a batch id already in the store."""
    rows = con.execute("SELECT batch_no, source_file FROM batches WHERE batch_id = ?",
                       [batch_id]).fetchall()
    return (int(rows[0][0]), str(rows[0][1])) if rows else None


def find_schedule_batch(con: duckdb.DuckDBPyConnection, sha256: str, options: LoadOptions
                        ) -> tuple[str, int, str] | None:
    """An earlier load of the same meter schedule file with the same options.

    A batch id includes a digest of the meters table because most readers place rows by it;
    the meter schedule defines that table, so loading it changes the digest. Found here by file
    and options instead, a schedule loaded again is recognised as already loaded.
    """
    rows = con.execute(
        "SELECT batch_id, batch_no, source_file FROM batches WHERE sha256 = ? "
        "AND layout = 'meter_schedule' AND options = ?",
        [sha256, as_json(options.model_dump(mode="json"))]).fetchall()
    return (str(rows[0][0]), int(rows[0][1]), str(rows[0][2])) if rows else None


def ingest(store: Store, result: LoadResult, *, sha256: str, fingerprint: str,
           options: LoadOptions, source_path: str) -> IngestReport:
    """Write a reader result as one batch (atomic; re-loading the same batch changes nothing).

    Parameters
    ----------
    store : Store
    result : LoadResult
        From :func:`carbon.readers.read_file` (with its activity rows).
    sha256, fingerprint : str
        Of the file and of the options (they make the batch id).
    options : LoadOptions
        Kept with the batch.
    source_path : str
        Path as given (kept for audit).
    """
    with store.connect() as con:
        known = find_batch(con, result.batch_id)
        if known is not None:
            return IngestReport(result.batch_id, known[0], "already loaded")
        con.execute("BEGIN TRANSACTION")
        try:
            writer = BatchWriter(con)
            writer.write(result.activity)
            report = close_batch(con, writer, result, sha256=sha256, fingerprint=fingerprint,
                                 options=options, source_path=source_path)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return report


def close_batch(con: duckdb.DuckDBPyConnection, writer: BatchWriter, result: LoadResult, *,
                sha256: str, fingerprint: str, options: LoadOptions,
                source_path: str) -> IngestReport:
    """Write the batch row, quarantine, warnings, restatements and meters of a load."""
    batch_no = writer.batch_no
    _insert_frames(con, result, batch_no)
    _insert_meters(con, result, batch_no)
    superseded = writer.superseded
    if superseded:
        con.executemany("INSERT INTO restatements VALUES (?, ?, ?, ?, ?)",
                        [[batch_no, old, n, lo, hi] for old, (n, lo, hi) in superseded.items()])
    rows_superseded = sum(n for n, _, _ in superseded.values())
    con.execute(
        "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [batch_no, result.batch_id, result.source_file, source_path, sha256, fingerprint,
         result.layout, result.count_unit, result.rows_in, result.rows_accepted,
         result.rows_quarantined, result.activity_rows, writer.stored, writer.unchanged,
         rows_superseded, as_json(options.model_dump(mode="json")),
         as_json(list(result.assumptions)), datetime.now(UTC).replace(tzinfo=None),
         __version__, as_json(list(writer.columns))])
    names: dict[int, str] = {}
    if superseded:
        rows = con.execute("SELECT batch_no, batch_id FROM batches WHERE batch_no IN ("
                           + ",".join(str(b) for b in superseded) + ")").fetchall()
        names = {int(b): str(i) for b, i in rows}
    return IngestReport(result.batch_id, batch_no, "loaded", writer.stored, writer.unchanged,
                        rows_superseded, tuple(names[b] for b in sorted(superseded)))


def _insert_frames(con: duckdb.DuckDBPyConnection, result: LoadResult, batch_no: int) -> None:
    for table, frame in (("quarantine", result.quarantine), ("warnings", result.warnings)):
        if len(frame):
            data = frame.assign(batch_no=batch_no)
            data = data[["batch_no", *list(frame.columns)]].astype(
                {c: "object" for c in frame.columns if c not in ("source_row", "count")})
            con.register("pending", data)
            con.execute(f"INSERT INTO {table} SELECT * FROM pending")
            con.unregister("pending")


def _insert_meters(con: duckdb.DuckDBPyConnection, result: LoadResult, batch_no: int) -> None:
    if result.reference is None or result.reference.empty:
        return
    ref = result.reference.assign(batch_no=batch_no)[
        ["meter_id", "site", "site_name", "gia_m2", "utility", "description", "batch_no"]]
    con.register("pending", ref)
    con.execute("DELETE FROM meters WHERE meter_id IN (SELECT meter_id FROM pending)")
    con.execute("INSERT INTO meters SELECT * FROM pending")
    con.unregister("pending")
