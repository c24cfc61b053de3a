"""Activity totals computed inside the store: the inventory never holds the rows in memory.

One SQL query over the numbers-only ``activity`` table (decision 0012) places each row on a
reporting slice by comparing its UTC bounds with the slices' (local midnights as UTC instants)
and sums per (slice, series, status, batch). Sums are taken in ``DECIMAL(38, 12)``: exact, so
the result does not depend on how DuckDB spreads the rows over its threads, and the same store
always gives the same bits. Rows that straddle a slice bound (bills, reads; never half-hours)
are few: they are fetched and apportioned by :class:`carbon.aggregate.Slices`, the rule the
in-memory engine uses, then everything is finished by :func:`carbon.totals.finish_totals`
(decision 0030).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.activity import STATUSES
from carbon.aggregate import Grain, Slices, slices
from carbon.errors import ActivityValidationError
from carbon.partial_totals import SUMS, group_columns, partial_totals
from carbon.store.schema import SERIES
from carbon.totals import Totals, finish_totals

if TYPE_CHECKING:
    from carbon.periods import ReportingPeriod
    from carbon.store.database import Store

#: Decimal type of the exact sums (quantities to 1e-12 of their unit, up to 1e26).
EXACT = "DECIMAL(38, 12)"
_QUANTITY = "CASE WHEN quantity IS NULL OR isnan(quantity) THEN 0 ELSE quantity END"


def store_totals(store: Store, periods: Sequence[ReportingPeriod], *, keys: Sequence[str],
                 grain: Grain) -> Totals:
    """Totals of the store's current activity over reporting periods.

    Parameters
    ----------
    store : Store
    periods : sequence of ReportingPeriod
        Reporting periods (not overlapping).
    keys : sequence of str
        Grouping columns among the series columns (``organisation``, ``site``, ``meter_id``,
        ``activity_type``) besides ``unit``.
    grain : {'period', 'month'}

    Returns
    -------
    Totals
        The finished totals; ``digest`` is a sha256 of the batches behind them and of the
        exact sums per slice, series, status and batch; ``inputs`` names each batch's file
        and sha256.

    Raises
    ------
    ActivityValidationError
        For a stored quantity too large for the exact sums (1e26 in its unit).
    """
    cut = slices(periods, grain)
    unknown = [k for k in keys if k not in SERIES]
    if unknown:
        raise ActivityValidationError("the store aggregates by series columns only",
                                      value=unknown, expected=", ".join(SERIES[:4]))
    with store.connect() as con:
        series = con.sql(f"SELECT series_id, {', '.join(SERIES)} FROM series").df()
        batches = con.sql("SELECT batch_no, batch_id, source_file, sha256 FROM batches").df()
        if not len(cut):
            return Totals(finish_totals([], cut, keys), _digest(pd.DataFrame(), []),
                          rows=pd.DataFrame())
        place, where = _placement(cut)
        import duckdb

        try:
            sums = con.sql(
                f"SELECT slice, series_id, status, batch_no, count(*) AS rows, "
                f"CAST(sum(CAST(q AS {EXACT})) AS DOUBLE) AS quantity, "
                f"CAST(sum(CAST(abs(q) AS {EXACT})) AS DOUBLE) AS magnitude "
                f"FROM (SELECT series_id, status, batch_no, {_QUANTITY} AS q, {place} AS slice "
                f"FROM activity WHERE {where}) GROUP BY ALL ORDER BY ALL").df()
        except duckdb.ConversionException as exc:
            raise ActivityValidationError(
                "a stored quantity is too large to total exactly", value=str(exc),
                fix="find it with carbon store queries (quantity above 1e26 in its unit) and "
                    "restate the file it came from") from None
        straddling = con.sql(
            f"SELECT series_id, epoch_ns(period_start) AS period_start, "
            f"epoch_ns(period_end) AS period_end, quantity, status, batch_no FROM activity "
            f"WHERE {where} AND {place} = -1 ORDER BY ALL").df() if (
                sums["slice"] == -1).any() else pd.DataFrame()
    table = series.set_index("series_id")
    parts = [_series_partial(sums[sums["slice"] >= 0], table, keys)]
    if len(straddling):
        parts.append(partial_totals(_straddling_frame(straddling, table), cut, keys))
    used = batches[batches["batch_no"].isin(sums["batch_no"])].sort_values("batch_no")
    inputs = {f"{r.source_file} ({r.batch_id})": str(r.sha256)
              for r in used.itertuples(index=False)}
    return Totals(finish_totals(parts, cut, keys), _digest(sums, [straddling, used]), inputs,
                  rows=_detail_rows(store, cut))


def _detail_rows(store: Store, cut: Slices) -> pd.DataFrame:
    """The rows over the slices that are not half-hour readings or carry details, whole."""
    from carbon.store.current import current_activity

    def local(ns: int) -> pd.Timestamp:
        return pd.Timestamp(int(ns), tz="UTC").tz_convert("Europe/London").tz_localize(None)

    return current_activity(store, period=(local(cut.lo[0]), local(cut.hi[-1])),
                            detail_only=True)


def _placement(cut: Slices) -> tuple[str, str]:
    """SQL for each row's slice (-1 unless wholly inside one) and for overlapping the span."""

    def stamp(ns: int) -> str:
        return f"make_timestamp({int(ns) // 1000})"

    branches = " ".join(
        f"WHEN period_start < {stamp(lo)} THEN -1 WHEN period_start < {stamp(hi)} THEN "
        f"CASE WHEN period_end <= {stamp(hi)} THEN {k} ELSE -1 END"
        for k, (lo, hi) in enumerate(zip(cut.lo, cut.hi, strict=True)))
    place = f"CASE {branches} ELSE -1 END"
    where = f"period_end > {stamp(cut.lo[0])} AND period_start < {stamp(cut.hi[-1])}"
    return place, where


def _series_partial(sums: pd.DataFrame, series: pd.DataFrame,
                    keys: Sequence[str]) -> pd.DataFrame:
    """Partial totals (:data:`carbon.partial_totals.SUMS`) from sums per slice and series."""
    status = sums["status"].to_numpy()
    magnitude = sums["magnitude"].to_numpy()
    rows = sums["rows"].to_numpy(dtype="int64")
    names = group_columns(keys)
    out = series.loc[sums["series_id"].to_numpy(), names].reset_index(drop=True)
    out.insert(0, "slice", sums["slice"].to_numpy(dtype="int64"))
    out["quantity"] = sums["quantity"].to_numpy()
    for k, name in enumerate(STATUSES[:3]):
        out[f"abs_{name}"] = np.where(status == k, magnitude, 0.0)
    out["rows"] = rows
    out["missing_rows"] = np.where(status == STATUSES.index("missing"), rows, 0)
    return out[["slice", *names, *SUMS]]


def _straddling_frame(rows: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """Straddling rows as canonical columns (the series' text, UTC times, status names)."""
    frame = series.loc[rows["series_id"].to_numpy()].reset_index(drop=True)
    for name in ("period_start", "period_end"):
        frame[name] = pd.to_datetime(rows[name].to_numpy(dtype="int64"), utc=True)
    frame["quantity"] = rows["quantity"].to_numpy(dtype="float64")
    frame["status"] = pd.Categorical.from_codes(rows["status"].to_numpy(dtype="int8"),
                                                STATUSES)
    return frame


def _digest(sums: pd.DataFrame, extra: Sequence[pd.DataFrame]) -> str:
    """sha256 of the exact sums and of the straddling rows and batches behind them."""
    digest = hashlib.sha256()
    for frame in (sums, *extra):
        digest.update(json.dumps(list(map(str, frame.columns))).encode())
        for name in frame.columns:
            values = frame[name].to_numpy()
            digest.update(values.tobytes() if values.dtype.kind in "biuf" else
                          json.dumps([str(v) for v in values]).encode())
    return digest.hexdigest()


def completeness_counts(store: Store, periods: Sequence[ReportingPeriod]) -> pd.DataFrame:
    """Half hours per series and local month, counted inside the store.

    Parameters
    ----------
    store : Store
    periods : sequence of ReportingPeriod
        Half-hour rows overlapping any of them are counted.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`carbon.completeness.counts` (summable with
        :func:`carbon.completeness.from_counts`).
    """
    from carbon.completeness import KEYS

    cut = slices(periods, "period")
    columns = [*KEYS, "month", "present", "estimated", "filled", "first", "last"]
    if not len(cut):
        return pd.DataFrame(columns=columns)
    _, where = _placement(cut)
    status = {name: STATUSES.index(name) for name in ("estimated", "filled")}
    with store.connect() as con:
        series = con.sql(f"SELECT series_id, {', '.join(KEYS)} FROM series").df()
        counted = con.sql(
            "SELECT series_id, strftime(timezone('Europe/London', "
            "period_start::TIMESTAMPTZ), '%Y-%m') AS month, "
            "count(*) FILTER (WHERE quantity IS NOT NULL AND NOT isnan(quantity)) AS present, "
            f"count(*) FILTER (WHERE status = {status['estimated']}) AS estimated, "
            f"count(*) FILTER (WHERE status = {status['filled']}) AS filled, "
            "min(epoch_ns(period_start)) AS first, max(epoch_ns(period_start)) AS last "
            f"FROM activity WHERE {where} AND period_end - period_start = INTERVAL 30 MINUTE "
            "GROUP BY ALL ORDER BY ALL").df()
    text = series.set_index("series_id").loc[counted["series_id"].to_numpy(), list(KEYS)]
    out = text.fillna("").astype(str).reset_index(drop=True)
    for name in columns[len(KEYS):]:
        out[name] = counted[name].to_numpy()
    return out[columns]
