"""Reading the current activity table out of the store (what the inventory calls).

Rows come out of DuckDB as Arrow arrays of numbers and codes; text is attached once per series
and batch as ``category`` columns, and the local date and settlement period of half-hour rows
are derived from their UTC start (they are not stored, decision 0012).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.activity import STATUSES, empty_activity
from carbon.periods import ReportingPeriod
from carbon.readers.build import canonical, tidy_categories
from carbon.readers.dates import local_day_and_period
from carbon.store.queries import PeriodLike, batches, period_bounds
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
                     include_superseded: bool = False,
                     detail_only: bool = False) -> pd.DataFrame:
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
    detail_only : bool
        Only rows that are not half-hour readings or carry reader details (bills, deliveries,
        returns, ledger lines: :func:`carbon.totals.detail_rows`).

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
    with store.connect() as con:
        noted = con.execute("SELECT count(*) > 0 FROM activity_notes").fetchall()[0][0]
        if detail_only:
            where.append("(a.period_end - a.period_start <> INTERVAL 30 MINUTE"
                         + (" OR n.details IS NOT NULL)" if noted else ")"))
        sql = (f"SELECT {columns}, n.fill_method, n.details FROM {table} a LEFT JOIN "
               "activity_notes n ON n.batch_no = a.batch_no AND n.source_row = a.source_row "
               "AND n.series_id = a.series_id AND n.period_start = a.period_start"
               if noted else
               f"SELECT {columns}, NULL::VARCHAR AS fill_method, NULL::VARCHAR AS details "
               f"FROM {table} a")
        series = con.sql("SELECT * FROM series ORDER BY series_id").df()
        batches = con.sql("SELECT batch_no, batch_id, source_file, columns FROM batches "
                          "ORDER BY batch_no").df()
        fetched = _Columns(con.sql(sql + " WHERE " + " AND ".join(where),
                                   params=params).to_arrow_table())
    return _canonical(fetched, series, batches, include_superseded)


def _canonical(fetched: _Columns, series: pd.DataFrame, batches: pd.DataFrame,
               include_superseded: bool) -> pd.DataFrame:
    """The fetched rows as a canonical activity table."""
    if fetched.table.num_rows == 0:
        out = empty_activity()
        for name in EXTRAS:
            out[name] = pd.Series(dtype=object)
        return out
    by_series = _Text(series, "series_id", fetched.pop("series_id"))
    by_batch = _Text(batches, "batch_no", fetched.pop("batch_no"))
    start, end = fetched.pop("period_start"), fetched.pop("period_end")
    data = {name: by_series.column(name) for name in SERIES[:4]}
    data |= {"period_start": _utc(start), "period_end": _utc(end),
             "quantity": fetched.pop("quantity"), "unit": by_series.column("unit"),
             "status": pd.Categorical.from_codes(fetched.pop("status").astype("int8"),
                                                 STATUSES, validate=False),
             "source_file": by_batch.column("source_file"),
             "source_row": fetched.pop("source_row").astype("int64"),
             "batch_id": by_batch.column("batch_id")}
    out = canonical(pd.DataFrame(data, copy=False))
    half_hour = (end - start) == _HALF_HOUR_NS
    if half_hour.all():
        local_date, period = local_day_and_period(start)
    else:
        local_date = np.full(len(start), np.datetime64("NaT"), dtype="datetime64[ns]")
        period = np.zeros(len(start), dtype="int16")
        local_date[half_hour], period[half_hour] = local_day_and_period(start[half_hour])
    extra = {"local_date": local_date,
             "settlement_period": pd.arrays.IntegerArray(period, ~half_hour),
             "source_column": _column_names(fetched.pop("source_column"), batches, by_batch),
             "channel": by_series.column("channel", blank_is_missing=True),
             "record_key": by_series.column("record_key", blank_is_missing=True),
             "fill_method": _text(fetched, "fill_method"),
             "details": _text(fetched, "details")}
    if include_superseded:
        by = pd.Series(fetched.column("superseded_by"))
        ids = batches.set_index("batch_no")["batch_id"]
        extra["superseded_by"] = by.map(ids).astype(object).where(by.notna(), None).to_numpy()
    return pd.concat([out, pd.DataFrame(extra, copy=False)], axis=1)


class _Columns:
    """Columns of a fetched Arrow table in series and time order, released as they are taken.

    Rows come out of DuckDB in the order they were stored: each batch in series and time
    order. A stable sort of that (a merge of a few sorted runs) costs far less than sorting
    inside the query, and nothing when the rows are in order already.
    """

    def __init__(self, table: pa.Table) -> None:
        self.table = table
        self.order: np.ndarray | None = None
        if table.num_rows > 1:
            self.order = _row_order(*(table.column(c).to_numpy() for c in (
                "series_id", "period_start", "period_end", "batch_no")))

    def pop(self, name: str) -> np.ndarray:
        values = self.column(name)
        self.table = self.table.drop_columns([name])
        return values

    def column(self, name: str) -> np.ndarray:
        values = self.table.column(name).to_numpy(zero_copy_only=False)
        return values if self.order is None else values[self.order]


def _row_order(series: np.ndarray, start: np.ndarray, end: np.ndarray,
               batch: np.ndarray) -> np.ndarray | None:
    """Positions that sort rows by series, start, end and batch (``None``: sorted already)."""
    second = (start - start.min()) // 10**9  # rows closer than a second tie, sorted below
    span = int(second.max()) + 1
    if (int(series.max()) + 1) * span < 1 << 62:
        key = series.astype("int64") * span + second
        if (key[1:] > key[:-1]).all():
            return None
        order = np.argsort(key, kind="stable")
        if not (key[order][1:] == key[order][:-1]).any():
            return order
    return np.lexsort((batch, end, start, series))


class _Text:
    """Text columns of a small table (series, batches) spread to rows by their key."""

    def __init__(self, table: pd.DataFrame, key: str, keys: np.ndarray) -> None:
        self.table = table
        ids = table[key].to_numpy(dtype="int64")
        self.position = np.full(int(ids.max(initial=0)) + 1, -1, dtype="int32")
        self.position[ids] = np.arange(len(ids), dtype="int32")
        self.keys = keys

    def codes(self, name: str, *, blank_is_missing: bool = False) -> tuple[np.ndarray, list[str]]:
        """Code of each row's text in ``name``, and the texts."""
        texts = self.table[name].astype(str)
        codes, uniques = pd.factorize(texts.where(texts != "", None) if blank_is_missing
                                      else texts)
        by_key = np.full(len(self.position), -1, dtype="int32")
        by_key[self.position >= 0] = codes[self.position[self.position >= 0]]
        small = "int16" if len(uniques) < 1 << 15 else "int32"
        return by_key.astype(small)[self.keys], [str(u) for u in uniques]

    def column(self, name: str, *, blank_is_missing: bool = False) -> pd.Categorical:
        """The text column ``name`` for every row, as a categorical."""
        codes, names = self.codes(name, blank_is_missing=blank_is_missing)
        return pd.Categorical.from_codes(codes, names, validate=False)


def _utc(nanoseconds: np.ndarray) -> pd.api.extensions.ExtensionArray:
    return pd.array(nanoseconds.view("datetime64[ns]"), dtype="datetime64[ns, UTC]")


def _text(fetched: _Columns, name: str) -> pd.Series:
    """A text column as pandas ``str`` (Arrow-backed: an all-NULL column costs nothing)."""
    values = fetched.table.column(name)
    if fetched.order is not None:
        values = values.take(fetched.order)
    return values.to_pandas()


def _column_names(indices: np.ndarray, batches: pd.DataFrame,
                  by_batch: _Text) -> pd.Categorical:
    """Source column names from each batch's list and the rows' indices into it."""
    names = [json.loads(text) for text in batches["columns"]]
    width = max((len(n) for n in names), default=0) + 1
    flat = np.full(len(names) * width, None, dtype=object)
    for b, listed in enumerate(names):
        flat[b * width + 1: b * width + 1 + len(listed)] = listed
    codes, uniques = pd.factorize(flat)
    index = np.nan_to_num(indices, nan=-1).astype("int32")
    position = by_batch.position[by_batch.keys]
    return tidy_categories(pd.Series(pd.Categorical.from_codes(
        codes.astype("int32")[position * width + index + 1], [str(u) for u in uniques],
        validate=False)))


def activity_for_periods(workspace: str | Path, periods: Sequence[ReportingPeriod | str]
                         ) -> tuple[pd.DataFrame, dict[str, str]]:
    """The current activity overlapping reporting periods, and the files it came from.

    Parameters
    ----------
    workspace : str or Path
        Workspace folder holding the store.
    periods : sequence of ReportingPeriod or str
        Reporting periods (``"2023/24"``, ``"2024/25"``).

    Returns
    -------
    (pandas.DataFrame, dict)
        Canonical activity (rows overlapping any period, whole), and ``{batch file: sha256}``
        of the batches those rows came from, for the run record.

    Raises
    ------
    ConfigurationError
        If the workspace has no store yet.
    """
    from carbon.store.database import Store

    store = Store.existing(workspace)
    bounds = [period_bounds(p) for p in periods]
    start = min(lo for lo, _ in bounds).tz_convert("Europe/London").tz_localize(None)
    end = max(hi for _, hi in bounds).tz_convert("Europe/London").tz_localize(None)
    frame = current_activity(store, period=(start, end))
    used = set(frame["batch_id"].astype(str).unique())
    table = batches(store)
    inputs = {f"{row.source_file} ({row.batch_id})": str(row.sha256)
              for row in table.itertuples(index=False) if str(row.batch_id) in used}
    return frame, inputs
