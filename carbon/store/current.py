"""Reading the current activity table out of the store (what the inventory calls).

Rows come out of DuckDB as Arrow arrays of numbers and codes; text is attached once per series
and batch as ``category`` columns, and the local date and settlement period of half-hour rows
are derived from their UTC start (they are not stored, decision 0012).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.activity import COLUMNS, STATUSES, empty_activity
from carbon.readers.build import canonical, tidy_categories
from carbon.readers.dates import local_day_and_period
from carbon.store.queries import PeriodLike, period_bounds
from carbon.store.schema import SERIES

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pyarrow as pa

    from carbon.store.database import Store

#: Columns after the canonical ones.
EXTRAS = ("local_date", "settlement_period", "source_column", "channel", "fill_method",
          "record_key", "details")
_HALF_HOUR_NS = 30 * 60 * 10**9


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
        Canonical activity columns (text as ``category``, times UTC), then ``local_date``
        and ``settlement_period`` (half-hour rows), ``source_column``, ``channel``,
        ``fill_method``, ``record_key``, ``details`` (JSON of other reader columns); ordered
        by series and time.
    """
    where = ["TRUE"]
    params: list[object] = []
    if period is not None:
        lo, hi = period_bounds(period)
        where.append("a.period_end > ? AND a.period_start < ?")
        params += [lo.tz_localize(None).to_pydatetime(), hi.tz_localize(None).to_pydatetime()]
    series_filter = []
    for column, values in (("site", sites), ("meter_id", meters)):
        if values:
            series_filter.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
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
    columns = ("a.series_id, a.batch_no, epoch_ns(a.period_start) AS period_start, "
               "epoch_ns(a.period_end) AS period_end, a.quantity, a.status, a.source_row, "
               "a.source_column, a.superseded_by")
    table = ("(SELECT *, NULL::INTEGER AS superseded_by FROM activity UNION ALL "
             "SELECT * FROM activity_history)" if include_superseded else
             "(SELECT *, NULL::INTEGER AS superseded_by FROM activity)")
    order = " ORDER BY a.series_id, a.period_start, a.period_end, a.batch_no"
    with store.connect() as con:
        noted = con.execute("SELECT count(*) > 0 FROM activity_notes").fetchall()[0][0]
        sql = (f"SELECT {columns}, n.fill_method, n.details FROM {table} a LEFT JOIN "
               "activity_notes n ON n.batch_no = a.batch_no AND n.source_row = a.source_row "
               "AND n.series_id = a.series_id AND n.period_start = a.period_start"
               if noted else
               f"SELECT {columns}, NULL::VARCHAR AS fill_method, NULL::VARCHAR AS details "
               f"FROM {table} a")
        rows = con.sql(sql + " WHERE " + " AND ".join(where) + order,
                       params=params).to_arrow_table()
        series = con.sql("SELECT * FROM series ORDER BY series_id").df()
        batches = con.sql("SELECT batch_no, batch_id, source_file, columns FROM batches "
                          "ORDER BY batch_no").df()
    return _canonical(rows, series, batches, include_superseded)


def _canonical(rows: pa.Table, series: pd.DataFrame, batches: pd.DataFrame,
               include_superseded: bool) -> pd.DataFrame:
    """The fetched rows as a canonical activity table."""
    if rows.num_rows == 0:
        out = empty_activity()
        for name in EXTRAS:
            out[name] = pd.Series(dtype=object)
        return out
    column = {name: rows.column(name).to_numpy() for name in (
        "series_id", "batch_no", "period_start", "period_end", "source_row")}
    s_pos = np.searchsorted(series["series_id"].to_numpy(), column["series_id"])
    b_pos = np.searchsorted(batches["batch_no"].to_numpy(), column["batch_no"])
    out = pd.DataFrame({name: _lookup(series[name], s_pos) for name in SERIES[:4]})
    start, end = column["period_start"], column["period_end"]
    out["period_start"] = _utc(start)
    out["period_end"] = _utc(end)
    out["quantity"] = rows.column("quantity").to_numpy()
    out["unit"] = _lookup(series["unit"], s_pos)
    out["status"] = pd.Categorical.from_codes(rows.column("status").to_numpy().astype("int8"),
                                              STATUSES)
    out["source_file"] = _lookup(batches["source_file"], b_pos)
    out["source_row"] = column["source_row"]
    out["batch_id"] = _lookup(batches["batch_id"], b_pos)
    out = canonical(out)
    half_hour = (end - start) == _HALF_HOUR_NS
    local_date = np.full(len(start), np.datetime64("NaT"), dtype="datetime64[ns]")
    period = np.zeros(len(start), dtype="int16")
    local_date[half_hour], period[half_hour] = local_day_and_period(start[half_hour])
    out["local_date"] = local_date
    out["settlement_period"] = pd.arrays.IntegerArray(period, ~half_hour)
    out["source_column"] = _column_names(rows.column("source_column"), batches, b_pos)
    for name in ("channel", "record_key"):
        text = _lookup(series[name], s_pos)
        out[name] = text.remove_categories([""]) if "" in text.categories else text
    for name in ("fill_method", "details"):
        out[name] = rows.column(name).to_pandas()
    if include_superseded:
        by = rows.column("superseded_by").to_pandas()
        ids = batches.set_index("batch_no")["batch_id"]
        out["superseded_by"] = by.map(ids).astype(object).where(by.notna(), None).to_numpy()
    return out[[*COLUMNS, *[c for c in out.columns if c not in COLUMNS]]]


def _lookup(values: pd.Series, positions: np.ndarray) -> pd.Categorical:
    """A text column of a small table, spread to rows by position, as a categorical."""
    codes, uniques = pd.factorize(values.astype(str))
    return pd.Categorical.from_codes(codes[positions], [str(u) for u in uniques],
                                     validate=False)


def _utc(nanoseconds: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(nanoseconds.view("datetime64[ns]")).tz_localize("UTC")


def _column_names(indices: pa.ChunkedArray, batches: pd.DataFrame,
                  b_pos: np.ndarray) -> pd.Categorical:
    """Source column names from each batch's list and the rows' indices into it."""
    import pyarrow.compute as pc

    names = [json.loads(text) for text in batches["columns"]]
    width = max((len(n) for n in names), default=0) + 1
    flat = np.full(len(names) * width, None, dtype=object)
    for b, listed in enumerate(names):
        flat[b * width + 1: b * width + 1 + len(listed)] = listed
    codes, uniques = pd.factorize(flat)
    index = pc.fill_null(indices, -1).to_numpy().astype("int64")
    return tidy_categories(pd.Series(pd.Categorical.from_codes(
        codes[b_pos * width + index + 1], [str(u) for u in uniques], validate=False)))
