"""B1 loading: N meters x 1 year of half-hourly data in the wide (EDF portal) layout.

The full case writes 571 meters x FY 2024/25 (17,520 half hours each, clock-change days
included) = 10.0 million readings, then measures in separate processes:

* the bare limit: pyarrow CSV read of the same file with the same column types, plus the
  numpy reshape of the value block into readings;
* the engine: ``carbon.store.load_file`` end to end (sniff, layout detection, parse, calendar
  and duplicate checks, validation, DuckDB insert in one transaction).

The ratio engine / bare limit is the figure to watch (target within 3x; peak memory under
1.5 GB). The engine case also reports the time of each stage. A third case reads the loaded
store back the way the inventory will: ``current_activity(store, period="2024/25")`` (all
activity of one financial year, as a canonical DataFrame).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from harness import Row, measure

LABEL = "B1 load"
FULL_METERS = 571
QUICK_METERS = 12
FY_START = "2024-04-01"


def generate(path: str, meters: int, seed: int = 1) -> int:
    """Write the wide file; returns the number of readings in it."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pv

    days = pd.date_range(FY_START, periods=365, freq="D")
    start = days.tz_localize("Europe/London").tz_convert("UTC")
    end = (days + pd.Timedelta(days=1)).tz_localize("Europe/London").tz_convert("UTC")
    periods = ((end - start) / pd.Timedelta(minutes=30)).astype(int).to_numpy()
    rng = np.random.default_rng(seed)
    rows = meters * len(days)
    exists = np.arange(50)[None, :] < np.tile(periods, meters)[:, None]
    profile = 40 + 30 * np.sin(np.linspace(0, 2 * np.pi, 50))
    values = np.round(profile[None, :] * rng.uniform(0.5, 1.5, (rows, 50)), 3)
    labels = [f"{h:02d}:{m:02d}" for h in range(25) for m in (0, 30)][:50]
    columns: dict[str, Any] = {
        "Month": pa.array(np.tile(days.strftime("%b-%y").to_numpy(dtype=object), meters)),
        "MPAN": pa.array(np.repeat([f"{1000000000000 + 7919 * i}" for i in range(meters)],
                                   len(days))),
        "Measurement Type": pa.array(["AI"] * rows),
        "Settlement Date": pa.array(np.tile(days.strftime("%d-%m-%Y").to_numpy(dtype=object),
                                            meters)),
    }
    for j, label in enumerate(labels):
        columns[label] = pa.array(values[:, j], mask=~exists[:, j])
    for j, label in enumerate(labels):
        codes = pa.array(np.where(exists[:, j], 0, 1).astype("int8"))
        columns[f"{label}_Act_Est"] = pa.DictionaryArray.from_arrays(codes, ["Actual", "-"])
    pv.write_csv(pa.table(columns), path)
    return int(exists.sum())


def bare(path: str) -> dict[str, Any]:
    """pyarrow read with the engine's column types + numpy reshape into readings."""
    import pyarrow as pa
    import pyarrow.csv as pv

    labels = [f"{h:02d}:{m:02d}" for h in range(25) for m in (0, 30)][:50]
    table = pv.read_csv(path, convert_options=pv.ConvertOptions(
        column_types={**{v: pa.float64() for v in labels},
                      **{f"{v}_Act_Est": pa.dictionary(pa.int32(), pa.string())
                         for v in labels}},
        null_values=["", "-"], strings_can_be_null=False))
    block = np.empty((table.num_rows, 50))
    for j, label in enumerate(labels):
        block[:, j] = table.column(label).to_numpy(zero_copy_only=False)
    readings = block.reshape(-1)[~np.isnan(block.reshape(-1))]
    return {"readings": len(readings)}


def engine(path: str, workspace: str) -> dict[str, Any]:
    """The whole load into a fresh store, with the time of each stage.

    Stages (wall time): ``imports`` (the engine's modules), ``start`` (file hash, store
    opened), ``sniff`` (header and layout), ``read`` (pyarrow parse into blocks), ``parse``
    (day checks, readings, validation, canonical form, while the writer thread stores the
    pieces made before; ends when the last piece is stored), ``store`` (quarantine, batch row,
    commit). ``writer busy`` is the writer thread's time in series ids and DuckDB inserts
    (it overlaps ``parse``).
    """
    started = time.perf_counter()
    from carbon.readers.options import LoadOptions
    from carbon.store import Store, load_file, writer

    marks: list[tuple[str, float]] = [("imports", started), ("start", time.perf_counter())]
    written = [0.0]
    write = writer.BatchWriter.write

    def timed(self: writer.BatchWriter, rows: Any) -> None:  # time the DuckDB side apart
        begin = time.perf_counter()
        write(self, rows)
        written[0] += time.perf_counter() - begin

    writer.BatchWriter.write = timed  # type: ignore[method-assign]
    summary = load_file(Store(workspace), path, LoadOptions(organisation="BENCH", site="B01"),
                        progress=lambda stage: marks.append((stage, time.perf_counter())))
    marks.append(("end", time.perf_counter()))
    stages = {marks[i][0]: round(marks[i + 1][1] - marks[i][1], 2)
              for i in range(len(marks) - 1)}
    stages["writer busy"] = round(written[0], 2)
    assert summary.result is not None
    return {"readings": summary.result.rows_accepted, "stored": summary.report.rows_stored,
            "stages": stages}


def query(workspace: str) -> dict[str, Any]:
    """All current activity of FY 2024/25 from the loaded store."""
    from carbon.store import Store, current_activity

    frame = current_activity(Store(workspace), period="2024/25")
    return {"rows": len(frame), "kwh": float(frame["quantity"].sum())}


def run(quick: bool) -> list[Row]:
    meters = QUICK_METERS if quick else FULL_METERS
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "hh_wide.csv")
        readings = generate(path, meters)
        size_mb = Path(path).stat().st_size / 1e6
        base = measure("bench_load", "bare", path=path)
        load = measure("bench_load", "engine", path=path, workspace=str(Path(tmp) / "ws"))
        read = measure("bench_load", "query", workspace=str(Path(tmp) / "ws"))
    assert load.extra["readings"] == readings == base.extra["readings"] == read.extra["rows"]
    note = (f"{meters} meters, {readings:,} readings, {size_mb:.0f} MB CSV; stages "
            + ", ".join(f"{k} {v}s" for k, v in load.extra["stages"].items()))
    return [
        Row(LABEL, "bare limit (pyarrow read + numpy reshape)", base.wall_s, base.peak_mb),
        Row(LABEL, "carbon load (wide HH -> DuckDB store)", load.wall_s, load.peak_mb,
            ratio=load.wall_s / base.wall_s, target="< 3x bare, < 1.5 GB", note=note,
            met=load.wall_s < 3 * base.wall_s and load.peak_mb < 1500),
        Row(LABEL, "current_activity(period='2024/25')", read.wall_s, read.peak_mb,
            note=f"{read.extra['rows']:,} rows as a canonical DataFrame"),
    ]
