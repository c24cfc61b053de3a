"""Writing the activity rows of one batch, piece by piece, inside an open transaction.

Identity of a stored quantity: (series, period_start, period_end), where a series is
(organisation, site, meter, activity type, unit, channel, record key). A new row with the
identity of a current row

* with the same quantity and status is *unchanged*: nothing is written (an overlapping second
  export does not double count);
* that is ``missing`` while the stored row has a value is not written (a gap never erases data);
* otherwise *restates* it: the stored row moves to ``activity_history`` with ``superseded_by``
  = the new batch (it is kept, never overwritten) and the new row is inserted.

Rows that are not half-hourly are also checked for *overlap* with current rows of the same
series (a re-issued bill with new dates): overlapped rows are superseded too.

Only rows that can meet a current row are compared: the writer knows the time span of every
series' current rows, so a load of new months (the usual case) compares nothing. Rows go to
DuckDB as Arrow arrays of numbers (series ids, nanosecond times, float quantities, status and
column codes), never as columns of Python objects.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from carbon.activity import COLUMNS, STATUSES
from carbon.readers.checks import column_codes, dense_classes
from carbon.store.schema import SERIES

if TYPE_CHECKING:
    import duckdb

#: Reader columns the store keeps in their own columns or derives again (not in ``details``).
KEPT = frozenset((*COLUMNS, "channel", "record_key", "source_column", "fill_method",
                  "local_date", "settlement_period"))
_INSERTED = ("series_id", "period_start", "period_end", "quantity", "status", "source_row",
             "source_column")
_NOTES = ("source_row", "series_id", "period_start", "fill_method", "details")
_HALF_HOUR_US = 30 * 60 * 1_000_000
_NEVER = np.iinfo("int64").max
_MISSING = STATUSES.index("missing")


class BatchWriter:
    """The activity rows of one batch, written as they come.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        With a transaction open; the caller commits or rolls back.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.batch_no = int(con.execute(
            "SELECT coalesce(max(batch_no), 0) + 1 FROM batches").fetchall()[0][0])
        known = con.execute("SELECT series_id, " + ", ".join(SERIES) + " FROM series").fetchall()
        self.series: dict[tuple[str, ...], int] = {tuple(r[1:]): int(r[0]) for r in known}
        self.next_series = max(self.series.values(), default=0) + 1
        spans = con.execute(
            "SELECT series_id, epoch_ns(min(period_start)), epoch_ns(max(period_end)) "
            "FROM activity GROUP BY series_id").fetchall()
        size = max((int(r[0]) for r in spans), default=0) + 1
        self.first = np.full(size, _NEVER, dtype="int64")
        self.last = np.full(size, -_NEVER, dtype="int64")
        for series_id, first, last in spans:
            self.first[series_id], self.last[series_id] = first, last
        self.columns: dict[str, int] = {}
        self.stored = 0
        self.unchanged = 0
        self.superseded: dict[int, list[Any]] = {}

    def write(self, rows: pd.DataFrame) -> None:
        """Store canonical activity rows (one piece of the batch)."""
        if rows.empty:
            return
        series_id = self._series_ids(rows)
        start = _nanoseconds(rows["period_start"])
        end = _nanoseconds(rows["period_end"])
        table = self._arrow(rows, series_id, start, end)
        known = series_id < len(self.first)
        meets = np.zeros(len(rows), dtype=bool)
        meets[known] = (start[known] < self.last[series_id[known]]) & (
            end[known] > self.first[series_id[known]])
        if meets.any():
            unchanged = self._merge(table, np.flatnonzero(meets))
            if unchanged.any():
                table = table.filter(pa.array(~unchanged))
        self._insert(table)

    def _insert(self, table: pa.Table) -> None:
        """Insert rows (and the notes of those that carry any)."""
        names = set(table.column_names)
        values = ", ".join(c if c in names else "NULL" for c in _INSERTED)
        self.con.register("piece", table)
        self.con.execute(f"INSERT INTO activity ({', '.join(_INSERTED)}, batch_no) "
                         f"SELECT {values}, {self.batch_no} FROM piece")
        carried = [c for c in ("fill_method", "details") if c in names]
        if carried:
            notes = ", ".join(c if c in names else "NULL" for c in _NOTES)
            self.con.execute(f"INSERT INTO activity_notes ({', '.join(_NOTES)}, batch_no) "
                             f"SELECT {notes}, {self.batch_no} FROM piece WHERE "
                             + " OR ".join(f"{c} IS NOT NULL" for c in carried))
        self.con.unregister("piece")
        self.stored += table.num_rows

    def _series_ids(self, rows: pd.DataFrame) -> np.ndarray:
        """Series id of every row; new series are added to the ``series`` table."""
        present = [c for c in SERIES if c in rows.columns]
        classes, representative = dense_classes([column_codes(rows[c]) for c in present],
                                                len(rows))
        sample = rows.iloc[representative]
        texts = [sample[c].astype(object).where(sample[c].notna(), "").astype(str).tolist()
                 if c in present else [""] * len(sample) for c in SERIES]
        ids = np.empty(len(representative), dtype="int32")
        new = []
        for k, key in enumerate(zip(*texts, strict=True)):
            if key not in self.series:
                self.series[key] = self.next_series
                self.next_series += 1
                new.append((self.series[key], *key))
            ids[k] = self.series[key]
        if new:
            self.con.executemany(
                f"INSERT INTO series VALUES ({', '.join('?' * (len(SERIES) + 1))})", new)
        return ids[classes]

    def _arrow(self, rows: pd.DataFrame, series_id: np.ndarray, start: np.ndarray,
               end: np.ndarray) -> pa.Table:
        """The rows as the ``activity`` table stores them (numbers and codes)."""
        status = pd.Categorical(rows["status"], categories=list(STATUSES))
        data: dict[str, pa.Array] = {
            "series_id": pa.array(series_id),
            "period_start": pa.array(start.view("datetime64[ns]")),
            "period_end": pa.array(end.view("datetime64[ns]")),
            "quantity": pa.array(rows["quantity"].to_numpy(dtype="float64")),
            "status": pa.array(status.codes.astype("uint8")),
            "source_row": pa.array(rows["source_row"].to_numpy(dtype="int32")),
        }
        if "source_column" in rows.columns:
            data["source_column"] = self._column_indices(rows["source_column"])
        if "fill_method" in rows.columns and rows["fill_method"].notna().any():
            method = rows["fill_method"]
            data["fill_method"] = pa.array(method.astype(object).where(method.notna(), None),
                                           type=pa.string())
        other = [c for c in rows.columns if c not in KEPT]
        if other:
            data["details"] = pa.array(_details(rows[other]), type=pa.string())
        return pa.table(data)

    def _column_indices(self, names: pd.Series) -> pa.Array:
        """Source column names as indices into the batch's list of column names."""
        labels = pd.Categorical(names)
        for label in labels.categories:
            self.columns.setdefault(str(label), len(self.columns))
        lookup = np.array([self.columns[str(c)] for c in labels.categories] + [0],
                          dtype="int16")
        codes = labels.codes
        return pa.array(lookup[codes], mask=codes < 0)

    def _merge(self, table: pa.Table, rows: np.ndarray) -> np.ndarray:
        """Compare rows with current rows of earlier batches: supersede restated ones.

        Returns which rows of ``table`` are unchanged (not to be inserted).
        """
        incoming = table.take(pa.array(rows)).append_column("rid", pa.array(rows))
        con, batch = self.con, self.batch_no
        con.register("incoming", incoming)
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE matched AS
            SELECT i.rid, a.rowid AS arow, a.batch_no AS old_batch,
                   (a.quantity IS NOT DISTINCT FROM i.quantity AND a.status = i.status) AS same,
                   (i.status = {_MISSING} AND a.status <> {_MISSING}) AS gap_over_data
            FROM incoming i JOIN activity a
              ON a.series_id = i.series_id AND a.period_start = i.period_start
             AND a.period_end = i.period_end
            WHERE a.batch_no <> {batch}""")
        con.execute(f"""
            INSERT INTO matched
            SELECT i.rid, a.rowid, a.batch_no, false, false
            FROM (SELECT * FROM incoming
                  WHERE epoch_us(period_end) - epoch_us(period_start) <> {_HALF_HOUR_US}) i
            JOIN (SELECT rowid, * FROM activity
                  WHERE batch_no <> {batch}
                    AND epoch_us(period_end) - epoch_us(period_start) <> {_HALF_HOUR_US}) a
              ON a.series_id = i.series_id
             AND a.period_start < i.period_end AND a.period_end > i.period_start
             AND NOT (a.period_start = i.period_start AND a.period_end = i.period_end)""")
        kept = con.execute("SELECT DISTINCT rid FROM matched WHERE same OR gap_over_data"
                           ).fetchnumpy()["rid"]
        counts = con.execute("""
            SELECT old_batch, count(DISTINCT arow), min(a.period_start), max(a.period_end)
            FROM matched m JOIN activity a ON a.rowid = m.arow
            WHERE NOT (m.same OR m.gap_over_data) GROUP BY old_batch""").fetchall()
        if counts:
            restated = "SELECT arow FROM matched WHERE NOT (same OR gap_over_data)"
            con.execute(f"INSERT INTO activity_history SELECT *, {batch} FROM activity "
                        f"WHERE rowid IN ({restated})")
            con.execute(f"DELETE FROM activity WHERE rowid IN ({restated})")
        for old, n, lo, hi in counts:
            total = self.superseded.setdefault(int(old), [0, lo, hi])
            total[0] += int(n)
            total[1], total[2] = min(total[1], lo), max(total[2], hi)
        con.execute("DROP TABLE matched")
        con.unregister("incoming")
        unchanged = np.zeros(table.num_rows, dtype=bool)
        unchanged[np.asarray(kept, dtype="int64")] = True
        self.unchanged += int(unchanged.sum())
        return unchanged


def _nanoseconds(times: pd.Series) -> np.ndarray:
    """Aware times as nanoseconds since the epoch (UTC). [int64]"""
    return pd.DatetimeIndex(times).as_unit("ns").asi8


def _details(frame: pd.DataFrame) -> list[str | None]:
    """JSON text of the other reader columns of each row (missing values left out)."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    kept = [{k: v for k, v in r.items() if v is not None} for r in records]
    return [json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) if r else None
            for r in kept]
