"""Factors: load one built-in factor set, and resolve factor ids in bulk.

Load: ``load_set("desnz:2024")`` in a fresh process after imports (target well under 0.1 s)
against the bare limit, reading the same Parquet bytes with pyarrow into pandas. Resolve:
``resolve_factors`` on N activity rows against the bare limit, a pandas index lookup plus a
numpy take of the value column (no checks, no provenance).
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from harness import Row, measure

from carbon import resources
from carbon.factorsets.registry import load_set
from carbon.factorsets.resolve import resolve_factors

LABEL = "factors"
SET_ID = "desnz:2024"
IDS = ("uk-electricity/electricity-generated/electricity-uk/kwh",
       "transmission-and-distribution/t-and-d-uk-electricity/electricity-uk/kwh",
       "fuels/gaseous-fuels/natural-gas/kwh-gross-cv",
       "water-supply/water-supply/water-supply/cubic-metres",
       "business-travel-land/rail/national-rail/passenger-km")


def load_builtin() -> dict[str, float]:
    """Engine: the registry loads one built-in set (index, Parquet, provenance columns)."""
    factors = load_set(SET_ID)
    return {"factors": float(len(factors))}


def load_bare() -> dict[str, float]:
    """Bare limit: pyarrow reads the same bytes into a pandas frame."""
    data = resources.read_bytes("carbon.factors", "desnz-2024.parquet")
    return {"factors": float(len(pq.read_table(pa.BufferReader(data)).to_pandas()))}


def _requests(rows: int) -> pd.Series:
    return pd.Series(np.resize(np.asarray(IDS, dtype=object), rows))


def resolve_engine(rows: int) -> dict[str, float]:
    """Engine: resolve_factors on ``rows`` ids (set loaded before the clock starts)."""
    factors, requests = load_set(SET_ID), _requests(rows)
    start = time.perf_counter()
    out = resolve_factors(requests, factors)
    return {"resolve_s": time.perf_counter() - start, "rows": float(len(out))}


def resolve_bare(rows: int) -> dict[str, float]:
    """Bare limit: index lookup and numpy take of the value column."""
    table, requests = load_set(SET_ID).table, _requests(rows)
    start = time.perf_counter()
    values = table["value"].to_numpy()[table.index.get_indexer(requests)]
    return {"resolve_s": time.perf_counter() - start, "rows": float(len(values))}


def run(quick: bool) -> list[Row]:
    rows = 100_000 if quick else 1_000_000
    engine, bare = measure("bench_factors", "load_builtin"), measure("bench_factors",
                                                                     "load_bare")
    resolved = measure("bench_factors", "resolve_engine", rows=rows)
    limit = measure("bench_factors", "resolve_bare", rows=rows)
    engine_s, limit_s = resolved.extra["resolve_s"], limit.extra["resolve_s"]
    return [
        Row(LABEL, f"load {SET_ID} (bare: pyarrow -> pandas)", bare.wall_s, bare.peak_mb),
        Row(LABEL, f"load {SET_ID} (carbon load_set)", engine.wall_s, engine.peak_mb,
            ratio=engine.wall_s / bare.wall_s, target="< 0.1 s", note="ratio vs bare",
            met=engine.wall_s < 0.1),
        Row(LABEL, f"resolve {rows:,} ids (bare: get_indexer + take)", limit_s,
            limit.peak_mb),
        Row(LABEL, f"resolve {rows:,} ids (carbon resolve_factors)", engine_s,
            resolved.peak_mb, ratio=engine_s / limit_s, note="with provenance columns"),
    ]
