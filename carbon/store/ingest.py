"""Putting one reader result into the store, atomically.

Everything a load writes (batch row, series, activity, quarantine, warnings, restatements,
meters) is written in one transaction: a failure or an interruption anywhere rolls all of it
back, and the store is as it was.

Identity of a stored quantity: (series, period_start, period_end, record_key), where a series
is (organisation, site, meter, activity type, unit). A new row with the identity of a current
row

* with the same quantity and status is *unchanged*: nothing is written (an overlapping second
  export does not double count);
* that is ``missing`` while the stored row has a value is not written (a gap never erases data);
* otherwise *restates* it: the stored row gets ``superseded_by`` = the new batch (it is kept,
  never overwritten) and the new row is inserted.

Rows that are not half-hourly are also checked for *overlap* with current rows of the same
series and record key (a re-issued bill with new dates): overlapped rows are superseded too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon._version import __version__
from carbon.store.database import as_json
from carbon.store.schema import STORED_EXTRAS

if TYPE_CHECKING:
    import duckdb

    from carbon.readers.options import LoadOptions
    from carbon.readers.result import LoadResult
    from carbon.store.database import Store

_SERIES = ("organisation", "site", "meter_id", "activity_type", "unit")
_CORE = {"organisation", "site", "meter_id", "activity_type", "period_start", "period_end",
         "quantity", "unit", "calorific_basis", "status", "source_file", "source_row",
         "batch_id"}
_HALF_HOUR_US = 30 * 60 * 1_000_000


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


def ingest(store: Store, result: LoadResult, *, sha256: str, fingerprint: str,
           options: LoadOptions, source_path: str) -> IngestReport:
    """Write a reader result as one batch (atomic; re-loading the same batch changes nothing).

    Parameters
    ----------
    store : Store
    result : LoadResult
        From :func:`carbon.readers.read_file`.
    sha256, fingerprint : str
        Of the file and of the options (they make the batch id).
    options : LoadOptions
        Kept with the batch.
    source_path : str
        Path as given (kept for audit).
    """
    batch_id = result.batch_id
    with store.connect() as con:
        known = find_batch(con, batch_id)
        if known is not None:
            return IngestReport(batch_id, known[0], "already loaded")
        con.execute("BEGIN TRANSACTION")
        try:
            report = _write(con, result, batch_id, sha256, fingerprint, options, source_path)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return report


def _write(con: duckdb.DuckDBPyConnection, result: LoadResult, batch_id: str, sha256: str,
           fingerprint: str, options: LoadOptions, source_path: str) -> IngestReport:
    batch_no = int(con.execute("SELECT coalesce(max(batch_no), 0) + 1 FROM batches")
                   .fetchall()[0][0])
    activity = result.activity
    series_id = _series_ids(con, activity)
    incoming = _incoming(activity, batch_no, series_id)
    con.register("incoming", incoming)
    stored, unchanged, superseded = _merge(con, batch_no)
    con.unregister("incoming")
    _insert_quarantine(con, result, batch_no)
    _insert_meters(con, result, batch_no)
    con.execute(
        "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [batch_no, batch_id, result.source_file, source_path, sha256, fingerprint,
         result.layout, result.count_unit, result.rows_in, result.rows_accepted,
         result.rows_quarantined, len(activity), stored, unchanged, sum(superseded.values()),
         as_json(options.model_dump(mode="json")), as_json(list(result.assumptions)),
         datetime.now(UTC).replace(tzinfo=None), __version__])
    names = {}
    if superseded:
        rows = con.execute("SELECT batch_no, batch_id FROM batches WHERE batch_no IN ("
                           + ",".join(str(b) for b in superseded) + ")").fetchall()
        names = {int(b): str(i) for b, i in rows}
    return IngestReport(batch_id, batch_no, "loaded", stored, unchanged,
                        sum(superseded.values()),
                        tuple(names[b] for b in sorted(superseded)))


def _series_ids(con: duckdb.DuckDBPyConnection, activity: pd.DataFrame) -> np.ndarray:
    """Series id of every row (new series are added)."""
    if activity.empty:
        return np.empty(0, dtype="int32")
    codes = [activity[c].cat.codes.to_numpy().astype("int64") for c in _SERIES]
    sizes = [len(activity[c].cat.categories) for c in _SERIES]
    combined = np.zeros(len(activity), dtype="int64")
    for code, size in zip(codes, sizes, strict=True):
        combined = combined * (size + 1) + code
    uniques, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    distinct = pd.DataFrame({
        c: np.asarray(activity[c].cat.categories, dtype=object)[code[first]]
        for c, code in zip(_SERIES, codes, strict=True)})
    existing = con.execute("SELECT series_id, organisation, site, meter_id, activity_type, unit "
                           "FROM series").df()
    merged = distinct.merge(existing, on=list(_SERIES), how="left")
    new = merged["series_id"].isna().to_numpy()
    if new.any():
        start = int(con.execute("SELECT coalesce(max(series_id), 0) FROM series")
                    .fetchall()[0][0]) + 1
        merged.loc[new, "series_id"] = np.arange(start, start + int(new.sum()))
        added = merged[new][["series_id", *_SERIES]].astype({"series_id": "int64"})
        con.register("new_series", added)
        con.execute("INSERT INTO series SELECT * FROM new_series")
        con.unregister("new_series")
    ids = merged["series_id"].to_numpy(dtype="int64")
    del uniques
    return ids[inverse.reshape(-1)].astype("int32")


def _incoming(activity: pd.DataFrame, batch_no: int, series_id: np.ndarray) -> pd.DataFrame:
    """The rows as the ``activity`` table stores them."""
    n = len(activity)
    frame = pd.DataFrame({
        "rid": np.arange(n, dtype="int64"),
        "batch_no": np.full(n, batch_no, dtype="int32"),
        "series_id": series_id,
        "period_start": activity["period_start"].dt.tz_localize(None).to_numpy(),
        "period_end": activity["period_end"].dt.tz_localize(None).to_numpy(),
        "quantity": activity["quantity"].to_numpy(dtype="float64"),
        "status": activity["status"].to_numpy(dtype=object) if n < 1_000 else activity["status"],
        "source_row": activity["source_row"].to_numpy(dtype="int64"),
    })
    for name in STORED_EXTRAS:
        if name in activity.columns:
            frame[name] = activity[name].to_numpy()
        else:
            frame[name] = pd.Series([None] * n, dtype="object")
    other = [c for c in activity.columns if c not in _CORE and c not in STORED_EXTRAS]
    if other and n:
        frame["details"] = activity[other].astype(object).where(
            activity[other].notna(), None).apply(
            lambda r: as_json({k: v for k, v in r.items() if v is not None}), axis=1).to_numpy()
    else:
        frame["details"] = pd.Series([None] * n, dtype="object")
    return frame


def _merge(con: duckdb.DuckDBPyConnection, batch_no: int) -> tuple[int, int, dict[int, int]]:
    """Insert incoming rows, skipping unchanged ones and superseding restated ones.

    Returns rows stored, rows unchanged, and superseded row counts per earlier batch.
    """
    con.execute("""
        CREATE OR REPLACE TEMP TABLE matched AS
        SELECT i.rid, a.rowid AS arow, a.batch_no AS old_batch,
               (a.quantity IS NOT DISTINCT FROM i.quantity AND a.status = i.status) AS same,
               (i.status = 'missing' AND a.status <> 'missing') AS gap_over_data
        FROM incoming i JOIN activity a
          ON a.series_id = i.series_id AND a.period_start = i.period_start
         AND a.period_end = i.period_end AND a.record_key IS NOT DISTINCT FROM i.record_key
        WHERE a.superseded_by IS NULL""")
    con.execute(f"""
        INSERT INTO matched
        SELECT i.rid, a.rowid, a.batch_no, false, false
        FROM (SELECT * FROM incoming
              WHERE epoch_us(period_end) - epoch_us(period_start) <> {_HALF_HOUR_US}) i
        JOIN (SELECT rowid, * FROM activity
              WHERE superseded_by IS NULL
                AND epoch_us(period_end) - epoch_us(period_start) <> {_HALF_HOUR_US}) a
          ON a.series_id = i.series_id AND a.record_key IS NOT DISTINCT FROM i.record_key
         AND a.period_start < i.period_end AND a.period_end > i.period_start
         AND NOT (a.period_start = i.period_start AND a.period_end = i.period_end)""")
    unchanged = int(con.execute(
        "SELECT count(DISTINCT rid) FROM matched WHERE same OR gap_over_data").fetchall()[0][0])
    counts = con.execute("""
        SELECT old_batch, count(DISTINCT arow), min(a.period_start), max(a.period_end)
        FROM matched m JOIN activity a ON a.rowid = m.arow
        WHERE NOT (m.same OR m.gap_over_data) GROUP BY old_batch""").fetchall()
    superseded = {int(b): int(n) for b, n, _, _ in counts}
    if superseded:
        con.execute(f"""UPDATE activity SET superseded_by = {batch_no}
                        WHERE rowid IN (SELECT arow FROM matched
                                        WHERE NOT (same OR gap_over_data))""")
        con.executemany("INSERT INTO restatements VALUES (?, ?, ?, ?, ?)",
                        [[batch_no, int(b), int(n), lo, hi] for b, n, lo, hi in counts])
    columns = ("batch_no, series_id, period_start, period_end, quantity, status, source_row, "
               "local_date, settlement_period, source_column, channel, fill_method, "
               "record_key, details")
    values = columns.replace("local_date", "CAST(local_date AS DATE)")
    con.execute(f"""
        INSERT INTO activity ({columns}, superseded_by)
        SELECT {values}, NULL FROM incoming
        WHERE rid NOT IN (SELECT rid FROM matched WHERE same OR gap_over_data)""")
    stored = int(con.execute("SELECT count(*) FROM activity WHERE batch_no = ?",
                             [batch_no]).fetchall()[0][0])
    con.execute("DROP TABLE matched")
    return stored, unchanged, superseded


def _insert_quarantine(con: duckdb.DuckDBPyConnection, result: LoadResult,
                       batch_no: int) -> None:
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
