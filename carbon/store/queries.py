"""Reading the store back: the current activity table and the audit tables, as DataFrames."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from carbon.errors import OutputFileError
from carbon.periods import ReportingPeriod, parse_period

if TYPE_CHECKING:
    from carbon.store.database import Store

#: What :func:`export_parquet` writes into its folder.
EXPORT_PARTS = ("activity", "batches.parquet", "quarantine.parquet")
PeriodLike = ReportingPeriod | str | int | tuple[datetime | str, datetime | str]


def period_bounds(period: PeriodLike) -> tuple[pd.Timestamp, pd.Timestamp]:
    """UTC bounds ``[start, end)`` of a reporting period label or a (start, end) pair."""
    if isinstance(period, tuple):
        lo, hi = (pd.Timestamp(p) for p in period)
        lo = lo.tz_localize("Europe/London") if lo.tzinfo is None else lo
        hi = hi.tz_localize("Europe/London") if hi.tzinfo is None else hi
        return lo.tz_convert("UTC"), hi.tz_convert("UTC")
    chosen = period if isinstance(period, ReportingPeriod) else parse_period(period)
    return (pd.Timestamp(chosen.start).tz_convert("UTC"),
            pd.Timestamp(chosen.end).tz_convert("UTC"))


def batches(store: Store) -> pd.DataFrame:
    """Every load batch, oldest first (counts, layout, options, time)."""
    with store.connect() as con:
        return con.execute(
            "SELECT batch_id, source_file, layout, count_unit, rows_in, rows_accepted, "
            "rows_quarantined, activity_rows, rows_stored, rows_unchanged, rows_superseded, "
            "loaded_at, sha256, options, assumptions FROM batches ORDER BY batch_no").df()


def quarantine(store: Store, batch_id: str | None = None) -> pd.DataFrame:
    """Quarantined input units, of one batch or all."""
    sql = ("SELECT b.batch_id, q.source_file, q.source_row, q.\"column\", q.value, q.reason, "
           "q.fix, q.count, q.raw FROM quarantine q JOIN batches b USING (batch_no)")
    with store.connect() as con:
        if batch_id:
            return con.execute(sql + " WHERE b.batch_id = ? ORDER BY q.source_row",
                               [batch_id]).df()
        return con.execute(sql + " ORDER BY b.batch_no, q.source_row").df()


def warnings(store: Store, batch_id: str | None = None) -> pd.DataFrame:
    """Accepted data flagged for a look, of one batch or all."""
    sql = ("SELECT b.batch_id, w.source_file, w.source_row, w.\"column\", w.value, w.message "
           "FROM warnings w JOIN batches b USING (batch_no)")
    with store.connect() as con:
        if batch_id:
            return con.execute(sql + " WHERE b.batch_id = ? ORDER BY w.source_row",
                               [batch_id]).df()
        return con.execute(sql + " ORDER BY b.batch_no, w.source_row").df()


def history(store: Store, meter_id: str | None = None) -> pd.DataFrame:
    """Restatements: which batch superseded how many rows of which earlier batch.

    With ``meter_id``, only restatements touching that meter (rows counted for it).
    """
    with store.connect() as con:
        if meter_id is None:
            return con.execute(
                "SELECT n.batch_id AS batch_id, n.source_file AS source_file, "
                "o.batch_id AS superseded_batch_id, o.source_file AS superseded_file, r.rows, "
                "r.first_start, r.last_end, n.loaded_at FROM restatements r "
                "JOIN batches n ON n.batch_no = r.batch_no "
                "JOIN batches o ON o.batch_no = r.superseded_batch_no "
                "ORDER BY r.batch_no, r.superseded_batch_no").df()
        return con.execute(
            "SELECT n.batch_id AS batch_id, n.source_file AS source_file, "
            "o.batch_id AS superseded_batch_id, o.source_file AS superseded_file, "
            "count(*) AS rows, min(a.period_start) AS first_start, "
            "max(a.period_end) AS last_end, any_value(n.loaded_at) AS loaded_at "
            "FROM activity_history a JOIN series s USING (series_id) "
            "JOIN batches n ON n.batch_no = a.superseded_by "
            "JOIN batches o ON o.batch_no = a.batch_no WHERE s.meter_id = ? "
            "GROUP BY ALL ORDER BY 1, 3", [meter_id]).df()


def meters(store: Store) -> pd.DataFrame:
    """The meter schedule (meter -> site, floor area)."""
    with store.connect() as con:
        return con.execute("SELECT meter_id, site, site_name, gia_m2, utility, description "
                           "FROM meters ORDER BY site, meter_id").df()


def meter_sites(store: Store) -> dict[str, str]:
    """Meter id -> site code from the meter schedule."""
    frame = meters(store)
    return dict(zip(frame["meter_id"].astype(str), frame["site"].astype(str), strict=True))


def export_parquet(store: Store, folder: str | Path, *,
                   include_superseded: bool = False) -> list[Path]:
    """Write the activity table as Parquet files partitioned by calendar year (UTC start).

    Files are ``FOLDER/activity/year=YYYY/*.parquet`` (hive partitioning, readable by pandas,
    pyarrow, DuckDB, Spark and dask) plus ``FOLDER/batches.parquet`` and
    ``FOLDER/quarantine.parquet``. Times are UTC.

    The export is staged in a hidden folder inside ``folder`` and moved into place when
    complete: a failure (full disk) or an interruption leaves the previous export as it was.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OutputFileError
        If the files cannot be written.
    """
    import duckdb

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    rows = ("(SELECT *, NULL::INTEGER AS superseded_by FROM activity UNION ALL "
            "SELECT * FROM activity_history)" if include_superseded else
            "(SELECT *, NULL::INTEGER AS superseded_by FROM activity)")
    local = "timezone('Europe/London', timezone('UTC', a.period_start))"
    half_hour = "a.period_end - a.period_start = INTERVAL 30 MINUTE"
    activity_sql = f"""
        WITH names AS (
            SELECT batch_no, unnest(generate_series(0, len(cols) - 1)) AS idx,
                   unnest(cols) AS name
            FROM (SELECT batch_no, CAST(json(columns) AS VARCHAR[]) AS cols FROM batches)
            WHERE len(cols) > 0)
        SELECT s.organisation, s.site, s.meter_id, s.activity_type,
               timezone('UTC', a.period_start) AS period_start,
               timezone('UTC', a.period_end) AS period_end, a.quantity, s.unit,
               c.status, b.source_file, CAST(a.source_row AS BIGINT) AS source_row,
               b.batch_id,
               CASE WHEN {half_hour} THEN CAST({local} AS DATE) END AS local_date,
               CASE WHEN {half_hour} THEN CAST(1 + (epoch(timezone('UTC', a.period_start))
                    - epoch(timezone('Europe/London', CAST(CAST({local} AS DATE) AS TIMESTAMP))))
                    / 1800 AS SMALLINT) END AS settlement_period,
               n.name AS source_column, nullif(s.channel, '') AS channel, t.fill_method,
               nullif(s.record_key, '') AS record_key, t.details,
               sb.batch_id AS superseded_by, year(a.period_start) AS year
        FROM {rows} a JOIN series s USING (series_id) JOIN batches b USING (batch_no)
        JOIN status_codes c ON c.code = a.status
        LEFT JOIN names n ON n.batch_no = a.batch_no AND n.idx = a.source_column
        LEFT JOIN activity_notes t ON t.batch_no = a.batch_no AND t.source_row = a.source_row
         AND t.series_id = a.series_id AND t.period_start = a.period_start
        LEFT JOIN batches sb ON sb.batch_no = a.superseded_by
        ORDER BY s.series_id, a.period_start"""
    staging = Path(tempfile.mkdtemp(prefix=".carbon-export-", dir=target))
    try:
        with store.connect() as con:
            try:
                con.execute(f"COPY ({activity_sql}) TO '{_quoted(staging / 'activity')}' "
                            "(FORMAT parquet, PARTITION_BY (year))")
                for name, sql in (("batches", "SELECT * FROM batches ORDER BY batch_no"),
                                  ("quarantine", "SELECT * FROM quarantine ORDER BY batch_no")):
                    con.execute(f"COPY ({sql}) TO '{_quoted(staging / f'{name}.parquet')}' "
                                "(FORMAT parquet)")
            except duckdb.IOException as exc:
                raise OutputFileError(f"cannot write the Parquet export: {exc}",
                                      file=str(target), fix="free disk space or choose a "
                                      "writable folder; the previous export is unchanged") from None
        for name in EXPORT_PARTS:
            final = target / name
            if final.is_dir():
                final.rename(staging / f"previous-{name}")
            (staging / name).replace(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted([*(target / "activity").rglob("*.parquet"),
                   *(target / n for n in EXPORT_PARTS[1:])])


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")

