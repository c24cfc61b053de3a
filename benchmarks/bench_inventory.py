"""B2 inventory: 10 million half-hourly readings to a Scope 1-3 inventory by site and month.

The same wide file as B1 (571 meters x FY 2024/25), measured in separate processes:

* the bare limit: pyarrow CSV read of the file, numpy reshape of the value block, multiply by
  one factor (the DESNZ 2024 grid generation factor, looked up before the clock starts) and
  group by meter and month;
* from the file, as a table: ``carbon.readers.read_file`` (every check of a load, no store)
  and ``carbon.inventory(activity, "2024/25", grain="month")`` on the table it returns;
* from the file, streamed: ``carbon.inventory(FileActivity(path), ...)``: the same reader,
  each checked piece reduced to partial totals as it is read (no table of 10 million rows);
* from the store: the file loaded first (that is B1), then ``carbon.inventory(Store(...),
  "2024/25", grain="month")``: the totals are summed inside DuckDB.

Every case returns the Scope 2 generation total, and all must agree. Targets: from the file
within 2x of the bare limit, peak memory under 1.5 GB. Each case is the best of ``REPEAT``
fresh processes (the machine is shared).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench_load import FULL_METERS, QUICK_METERS, generate
from harness import Row, measure

LABEL = "B2 inventory"
PERIOD = "2024/25"
GRID = "uk-electricity/electricity-generated/electricity-uk/kwh"
FACTOR_SET = "desnz:2024"
REPEAT = 3


def grid_factor() -> dict[str, float]:
    """The grid generation factor the engine will use [kgCO2e/kWh], from the factor set (in
    its own process, so that the bare case imports nothing of carbon)."""
    from carbon.factorsets import resolve_factors

    return {"factor": float(resolve_factors([GRID], FACTOR_SET)["value"].iloc[0])}


def bare(path: str, factor: float) -> dict[str, Any]:
    """pyarrow read + numpy reshape + one multiply + group by meter and month."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pv

    labels = [f"{h:02d}:{m:02d}" for h in range(25) for m in (0, 30)][:50]
    table = pv.read_csv(path, convert_options=pv.ConvertOptions(
        column_types={**{v: pa.float64() for v in labels},
                      **{f"{v}_Act_Est": pa.dictionary(pa.int32(), pa.string())
                         for v in labels},
                      "MPAN": pa.dictionary(pa.int32(), pa.string()),
                      "Settlement Date": pa.timestamp("s")},
        timestamp_parsers=["%d-%m-%Y"], null_values=["", "-"], strings_can_be_null=False))
    block = np.empty((table.num_rows, 50))
    for j, label in enumerate(labels):
        block[:, j] = table.column(label).to_numpy(zero_copy_only=False)
    kg = np.nansum(block.reshape(-1, 50) * factor, axis=1)
    meter = table.column("MPAN").combine_chunks().indices.to_numpy().astype("int64")
    month = table.column("Settlement Date").to_numpy().astype("datetime64[M]").astype("int64")
    month -= month.min()
    totals = np.bincount(meter * (int(month.max()) + 1) + month, weights=kg)
    return {"tco2e": float(totals.sum()) / 1000, "groups": int((totals != 0).sum())}


def _scope2(inventory: Any) -> float:
    lines = inventory.to_frame()
    return float(lines.loc[lines["line"] == "generation", "tco2e"].sum())


def from_file(path: str) -> dict[str, Any]:
    """read_file (no store) and the inventory on the table it returns."""
    started = time.perf_counter()
    import carbon
    from carbon.readers import LoadOptions, read_file

    result = read_file(path, LoadOptions(organisation="BENCH", site="B01"))
    read = time.perf_counter()
    inventory = carbon.inventory(result.activity, PERIOD, grain="month")
    done = time.perf_counter()
    return {"tco2e": _scope2(inventory), "lines": len(inventory.to_frame()),
            "read_s": round(read - started, 2), "inventory_s": round(done - read, 2)}


def streamed(path: str) -> dict[str, Any]:
    """FileActivity: the file read in checked pieces, each reduced to totals as it comes."""
    import carbon
    from carbon.readers import LoadOptions
    from carbon.readers.source import FileActivity

    source = FileActivity(path, LoadOptions(organisation="BENCH", site="B01"))
    inventory = carbon.inventory(source, PERIOD, grain="month")
    return {"tco2e": _scope2(inventory), "lines": len(inventory.to_frame())}


def from_store(workspace: str) -> dict[str, Any]:
    """The inventory of a loaded store, summed inside DuckDB."""
    import carbon
    from carbon.store import Store

    inventory = carbon.inventory(Store(workspace), PERIOD, grain="month")
    return {"tco2e": _scope2(inventory), "lines": len(inventory.to_frame())}


def run(quick: bool) -> list[Row]:
    meters = QUICK_METERS if quick else FULL_METERS
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "hh_wide.csv")
        readings = generate(path, meters)
        workspace = str(Path(tmp) / "ws")
        measure("bench_load", "engine", path=path, workspace=workspace)  # B1's load
        factor = measure("bench_inventory", "grid_factor").extra["factor"]
        repeat = 1 if quick else REPEAT
        base = measure("bench_inventory", "bare", repeat=repeat, path=path, factor=factor)
        file = measure("bench_inventory", "from_file", repeat=repeat, path=path)
        stream = measure("bench_inventory", "streamed", repeat=repeat, path=path)
        store = measure("bench_inventory", "from_store", repeat=repeat, workspace=workspace)
    for case in (file, stream, store):
        assert abs(case.extra["tco2e"] - base.extra["tco2e"]) < 1e-9 * base.extra["tco2e"]
        assert case.extra["lines"] == file.extra["lines"]
    size = f"{meters} meters, {readings:,} readings, {file.extra['lines']:,} lines"
    return [
        Row(LABEL, "bare limit (pyarrow + reshape + factor + group)", base.wall_s,
            base.peak_mb, note=f"{size}; {base.extra['groups']:,} meter-months"),
        Row(LABEL, "from the file (read_file + inventory)", file.wall_s, file.peak_mb,
            ratio=file.wall_s / base.wall_s, target="< 2x bare, < 1.5 GB",
            note=f"read {file.extra['read_s']} s, inventory {file.extra['inventory_s']} s",
            met=file.wall_s < 2 * base.wall_s and file.peak_mb < 1500),
        Row(LABEL, "from the file, streamed (FileActivity)", stream.wall_s, stream.peak_mb,
            ratio=stream.wall_s / base.wall_s, target="< 2x bare, < 1.5 GB",
            note="checked pieces reduced to totals as they are read",
            met=stream.wall_s < 2 * base.wall_s and stream.peak_mb < 1500),
        Row(LABEL, "from the store (totals in DuckDB)", store.wall_s, store.peak_mb,
            ratio=store.wall_s / base.wall_s, target="< 1.5 GB",
            note="store loaded beforehand (B1); imports included", met=store.peak_mb < 1500),
    ]

