"""Reading the store back: the current activity table and the audit tables, as DataFrames."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.activity import COLUMNS, empty_activity
from carbon.periods import ReportingPeriod, parse_period
from carbon.readers.build import canonical

if TYPE_CHECKING:
    from collections.abc import Sequence

    from carbon.store.database import Store

PeriodLike = ReportingPeriod | str | int | tuple[datetime | str, datetime | str]
_EXTRAS = ("local_date", "settlement_period", "source_column", "channel", "fill_method",
           "record_key", "details")


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


def current_activity(store: Store, *, period: PeriodLike | None = None,
                     sites: Sequence[str] | None = None,
                     activity_types: Sequence[str] | None = None,
                     meters: Sequence[str] | None = None,
                     include_superseded: bool = False) -> pd.DataFrame:
    """The activity table held in the store, in canonical form.

    Parameters
    ----------
    store : Store
    period : ReportingPeriod, str or (start, end), optional
        Keep rows whose interval overlaps it (``'2024/25'``, ``'2024'``, or local-time bounds).
        Rows straddling a boundary are returned whole: apportion them by day (the inventory
        does).
    sites, meters : sequence of str, optional
        Keep these sites / meter ids.
    activity_types : sequence of str, optional
        Keep these types; a key ending in ``.*`` keeps a family (``electricity.*``).
    include_superseded : bool
        Also return rows restated by a later batch (column ``superseded_by`` tells which).

    Returns
    -------
    pandas.DataFrame
        Canonical activity columns (text as ``category``, times UTC), then ``local_date``,
        ``settlement_period``, ``source_column``, ``channel``, ``fill_method``, ``record_key``,
        ``details`` (JSON of other reader columns); ordered by series and time.
    """
    where = ["TRUE" if include_superseded else "a.superseded_by IS NULL"]
    params: list[object] = []
    if period is not None:
        lo, hi = period_bounds(period)
        where.append("a.period_end > ? AND a.period_start < ?")
        params += [lo.tz_localize(None).to_pydatetime(), hi.tz_localize(None).to_pydatetime()]
    series_filter = []
    for column, values in (("site", sites), ("meter_id", meters)):
        if values:
            series_filter.append(f"{column} IN ({','.join('?' * len(values))})")
            params_s = list(values)
            params.extend(params_s)
    if activity_types:
        exact = [t for t in activity_types if not t.endswith(".*")]
        prefix = [t[:-1] for t in activity_types if t.endswith(".*")]
        parts = ([f"activity_type IN ({','.join('?' * len(exact))})"] if exact else []) + [
            "starts_with(activity_type, ?)" for _ in prefix]
        series_filter.append("(" + " OR ".join(parts) + ")")
        params.extend(exact + prefix)
    if series_filter:
        where.append("a.series_id IN (SELECT series_id FROM series WHERE "
                     + " AND ".join(series_filter) + ")")
    sql = ("SELECT a.series_id, a.batch_no, a.period_start, a.period_end, a.quantity, a.status, "
           "a.source_row, a.local_date, a.settlement_period, a.source_column, a.channel, "
           "a.fill_method, a.record_key, a.details, a.superseded_by FROM activity a WHERE "
           + " AND ".join(where) + " ORDER BY a.series_id, a.period_start, a.period_end, "
           "a.batch_no")
    with store.connect() as con:
        rows = con.execute(sql, params).df()
        series = con.execute("SELECT * FROM series ORDER BY series_id").df()
        batches = con.execute("SELECT batch_no, batch_id, source_file FROM batches "
                              "ORDER BY batch_no").df()
    return _canonical(rows, series, batches, include_superseded)


def _canonical(rows: pd.DataFrame, series: pd.DataFrame, batches: pd.DataFrame,
               include_superseded: bool) -> pd.DataFrame:
    if rows.empty:
        out = empty_activity()
        for name in _EXTRAS:
            out[name] = pd.Series(dtype=object)
        return out
    s_pos = np.searchsorted(series["series_id"].to_numpy(), rows["series_id"].to_numpy())
    b_pos = np.searchsorted(batches["batch_no"].to_numpy(), rows["batch_no"].to_numpy())
    out = pd.DataFrame(index=rows.index)

    def categorical(values: pd.Series, positions: np.ndarray) -> pd.Categorical:
        codes, uniques = pd.factorize(values.astype(str))
        return pd.Categorical.from_codes(codes[positions], [str(u) for u in uniques])

    for name in ("organisation", "site", "meter_id", "activity_type"):
        out[name] = categorical(series[name], s_pos)
    for name in ("period_start", "period_end"):
        out[name] = pd.to_datetime(rows[name]).astype("datetime64[ns]").dt.tz_localize("UTC")
    out["quantity"] = rows["quantity"].astype("float64")
    out["unit"] = categorical(series["unit"], s_pos)
    out["status"] = rows["status"].astype("category")
    out["source_file"] = categorical(batches["source_file"], b_pos)
    out["source_row"] = rows["source_row"].astype("int64")
    out["batch_id"] = categorical(batches["batch_id"], b_pos)
    out = canonical(out)
    for name in _EXTRAS:
        out[name] = rows[name].to_numpy()
    out["local_date"] = pd.to_datetime(out["local_date"])
    if include_superseded:
        out["superseded_by"] = np.where(rows["superseded_by"].notna(), batches.set_index(
            "batch_no")["batch_id"].reindex(rows["superseded_by"]).to_numpy(), None)
    return out[[*COLUMNS, *[c for c in out.columns if c not in COLUMNS]]]


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
            "FROM activity a JOIN series s USING (series_id) "
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

    Returns
    -------
    list of Path
        The files written.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    keep = "" if include_superseded else "WHERE a.superseded_by IS NULL"
    activity_sql = f"""
        SELECT s.organisation, s.site, s.meter_id, s.activity_type,
               timezone('UTC', a.period_start) AS period_start,
               timezone('UTC', a.period_end) AS period_end, a.quantity, s.unit, a.status,
               b.source_file, a.source_row, b.batch_id, a.local_date, a.settlement_period,
               a.source_column, a.channel, a.fill_method, a.record_key, a.details,
               sb.batch_id AS superseded_by, year(a.period_start) AS year
        FROM activity a JOIN series s USING (series_id) JOIN batches b USING (batch_no)
        LEFT JOIN batches sb ON sb.batch_no = a.superseded_by {keep}
        ORDER BY s.series_id, a.period_start"""
    quoted = str(target / "activity").replace("'", "''")
    with store.connect() as con:
        con.execute(f"COPY ({activity_sql}) TO '{quoted}' "
                    "(FORMAT parquet, PARTITION_BY (year), OVERWRITE_OR_IGNORE)")
        for name, sql in (("batches", "SELECT * FROM batches ORDER BY batch_no"),
                          ("quarantine", "SELECT * FROM quarantine ORDER BY batch_no")):
            path = str(target / f"{name}.parquet").replace("'", "''")
            con.execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")
    return sorted(target.rglob("*.parquet"))
