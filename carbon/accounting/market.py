"""Contractual instruments for market-based Scope 2 (GHG Protocol Scope 2 Guidance, 2015).

A contract table says which factor applies to a meter's (or a whole site's) electricity over a
date range: a supplier's fuel-mix disclosure, a REGO-backed renewable tariff at zero, a PPA.
Factors are named by id and resolved through the same factor sets and custom layers as every
other factor, so each market-based figure keeps its provenance.

Consumption not covered by an instrument takes the residual factor the user names
(``residual_factor``); without one it takes the location-based grid factor, and the run record
says so. T&D and well-to-tank lines always stay location-based (domain doc 4.5).

Contract CSV columns: ``meter_id`` or ``site`` (one of them per row), ``valid_from`` and
``valid_to`` (inclusive local dates, ``YYYY-MM-DD`` or ``dd/mm/yyyy``), ``instrument`` (free
text), ``factor_id``, and optionally ``evidence`` (certificate references).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import ConfigurationError
from carbon.periods import ReportingPeriod

CONTRACT_COLUMNS = ("meter_id", "site", "valid_from", "valid_to", "instrument", "factor_id")
#: Activity types whose generation line can carry a contractual instrument.
CONTRACT_TYPES = ("electricity.grid", "electricity.green_tariff",
                  "electricity.third_party_renewable", "fleet.electricity_public")


def read_contracts(path: str | Path) -> pd.DataFrame:
    """Read and check a contract CSV (see module docstring for the columns)."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"cannot read the contract table: {exc}", file=str(path),
                                 fix="save it as UTF-8 CSV with the header "
                                     + ",".join(CONTRACT_COLUMNS)) from None
    return check_contracts(frame, file=str(path))


def check_contracts(frame: pd.DataFrame, *, file: str = "(contracts)") -> pd.DataFrame:
    """Check a contract table and return it with parsed dates.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`CONTRACT_COLUMNS` (empty strings for the unused key), ``evidence``,
        and ``start`` / ``end`` as naive local dates, end exclusive.

    Raises
    ------
    ConfigurationError
        Naming the file, row and column: a missing column, a row with neither or both of
        meter_id and site, an unparseable or reversed date range, an empty factor id, or two
        instruments covering the same meter on the same day.
    """
    table = frame.copy()
    for column in ("meter_id", "site", "evidence"):
        if column not in table.columns:
            table[column] = ""
    missing = [c for c in CONTRACT_COLUMNS if c not in table.columns]
    if missing:
        raise ConfigurationError(f"contract table lacks columns {missing}", file=file,
                                 expected=", ".join(CONTRACT_COLUMNS))
    starts, ends = [], []
    for number, row in enumerate(table.itertuples(index=False), start=2):
        if bool(row.meter_id.strip()) == bool(row.site.strip()):
            raise ConfigurationError("give exactly one of meter_id and site", file=file,
                                     row=number, value=(row.meter_id, row.site))
        if not row.factor_id.strip():
            raise ConfigurationError("empty factor id", file=file, row=number,
                                     column="factor_id",
                                     fix="name the supplier or tariff factor of a custom set")
        start, end = (_date(getattr(row, c), file, number, c) for c in ("valid_from",
                                                                        "valid_to"))
        if end < start:
            raise ConfigurationError("valid_to is before valid_from", file=file, row=number,
                                     value=(row.valid_from, row.valid_to))
        starts.append(start)
        ends.append(end + pd.Timedelta(days=1))
    table["start"] = pd.to_datetime(starts) if starts else pd.Series(dtype="datetime64[ns]")
    table["end"] = pd.to_datetime(ends) if ends else pd.Series(dtype="datetime64[ns]")
    table["key"] = np.where(table["meter_id"].str.strip() != "", "meter:" + table["meter_id"],
                            "site:" + table["site"])
    for key, group in table.groupby("key"):
        ordered = group.sort_values("start")
        if (ordered["start"].to_numpy()[1:] < ordered["end"].to_numpy()[:-1]).any():
            raise ConfigurationError("two instruments cover the same supply on the same day",
                                     file=file, value=key,
                                     fix="end one contract the day before the next starts")
    return table


def _date(text: str, file: str, row: int, column: str) -> pd.Timestamp:
    value = pd.to_datetime(text.strip(), dayfirst="/" in text, errors="coerce")
    if pd.isna(value):
        raise ConfigurationError("not a date", file=file, row=row, column=column, value=text,
                                 expected="YYYY-MM-DD or dd/mm/yyyy")
    return pd.Timestamp(value).normalize()


def coverage(contracts: pd.DataFrame, periods: Sequence[ReportingPeriod]) -> pd.DataFrame:
    """Share of each period's days each instrument covers.

    Returns
    -------
    pandas.DataFrame
        ``period``, ``key`` (``meter:<id>`` or ``site:<code>``), ``factor_id``,
        ``instrument``, ``evidence``, ``share`` (0-1).
    """
    rows = []
    for period in periods:
        p_start = pd.Timestamp(period.start.replace(tzinfo=None))
        p_end = pd.Timestamp(period.end.replace(tzinfo=None))
        days = (p_end - p_start).days
        for contract in contracts.itertuples(index=False):
            overlap = (min(contract.end, p_end) - max(contract.start, p_start)).days
            if overlap > 0:
                rows.append({"period": period.label, "key": contract.key,
                             "factor_id": contract.factor_id.strip(),
                             "instrument": contract.instrument, "evidence": contract.evidence,
                             "share": overlap / days})
    return pd.DataFrame(rows, columns=["period", "key", "factor_id", "instrument", "evidence",
                                       "share"])
