"""The store: idempotent re-load, restatement, atomic batches, one writer, Parquet export."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from carbon.errors import InputFileError, StoreBusyError
from carbon.readers import LoadOptions, batch_id_for, file_sha256, meters_digest, read_file
from carbon.store import (
    Store,
    batches,
    current_activity,
    export_parquet,
    history,
    ingest,
    load_file,
    quarantine,
)

writer_module = importlib.import_module("carbon.store.writer")
load_module = importlib.import_module("carbon.store.load")
hh_wide = importlib.import_module("carbon.readers.hh_wide")

HEADER = "meter_id,timestamp_utc,kwh,status\n"


def long_file(path: Path, values: list[float], start: str = "2024-04-01T00:00:00Z") -> Path:
    times = pd.date_range(start, periods=len(values), freq="30min")
    lines = [f"M1,{t:%Y-%m-%dT%H:%M:%SZ},{v},A" for t, v in zip(times, values, strict=True)]
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def wide_file(path: Path, meters: list[str], day: str = "01/06/2024",
              value: float = 1.0) -> Path:
    head = "MPAN,Date," + ",".join(f"HH{i:02d}" for i in range(1, 49))
    rows = [f"{m},{day}," + ",".join([str(value)] * 48) for m in meters]
    path.write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_reload_changes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    path = long_file(tmp_path / "a.csv", [1.0, 2.0, 3.0])
    first = load_file(store, path, LoadOptions(site="S1"))
    again = load_file(store, path, LoadOptions(site="S1"))
    assert first.report.status == "loaded" and again.report.status == "already loaded"
    assert len(batches(store)) == 1 and len(current_activity(store)) == 3


def test_overlapping_export_is_not_double_counted(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    load_file(store, long_file(tmp_path / "a.csv", [1.0, 2.0, 3.0]), LoadOptions(site="S1"))
    second = load_file(store, long_file(tmp_path / "b.csv", [1.0, 2.0, 3.0, 4.0]),
                       LoadOptions(site="S1"))
    assert (second.report.rows_stored, second.report.rows_unchanged) == (1, 3)
    assert current_activity(store)["quantity"].sum() == 10.0


def test_corrected_file_restates_and_keeps_history(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    old = load_file(store, long_file(tmp_path / "a.csv", [1.0, 2.0, 3.0]), LoadOptions(site="S1"))
    new = load_file(store, long_file(tmp_path / "a2.csv", [1.0, 2.5, 3.0]),
                    LoadOptions(site="S1"))
    assert new.report.rows_superseded == 1
    assert new.report.superseded_batches == (old.report.batch_id,)
    current = current_activity(store)
    assert current["quantity"].tolist() == [1.0, 2.5, 3.0]
    everything = current_activity(store, include_superseded=True)
    assert len(everything) == 4
    kept = everything[everything["superseded_by"].notna()]
    assert kept["quantity"].tolist() == [2.0]
    assert kept["superseded_by"].tolist() == [new.report.batch_id]
    listed = history(store)
    assert listed[["batch_id", "superseded_batch_id", "rows"]].to_numpy().tolist() == [
        [new.report.batch_id, old.report.batch_id, 1]]
    assert len(history(store, "M1")) == 1


def test_gap_never_erases_data(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    load_file(store, long_file(tmp_path / "a.csv", [1.0, 2.0]), LoadOptions(site="S1"))
    path = tmp_path / "b.csv"
    path.write_text(HEADER + "M1,2024-04-01T00:00:00Z,,A\nM1,2024-04-01T00:30:00Z,2.0,A\n")
    report = load_file(store, path, LoadOptions(site="S1")).report
    assert report.rows_superseded == 0 and report.rows_unchanged == 2
    assert current_activity(store)["quantity"].tolist() == [1.0, 2.0]


@pytest.mark.parametrize("where", ["second piece", "closing the batch"])
def test_failure_mid_batch_leaves_store_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  where: str) -> None:
    store = Store(tmp_path / "ws")
    load_file(store, long_file(tmp_path / "a.csv", [1.0, 2.0, 3.0]), LoadOptions(site="S1"))
    before = current_activity(store, include_superseded=True)
    monkeypatch.setattr(hh_wide, "PIECE_READINGS", 48)  # one meter-day per piece
    calls = []
    original = writer_module.BatchWriter.write

    def write(self: writer_module.BatchWriter, rows: pd.DataFrame) -> None:
        calls.append(len(rows))
        if where == "second piece" and len(calls) == 2:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C half way through
        original(self, rows)

    def close(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writer_module.BatchWriter, "write", write)
    if where == "closing the batch":
        monkeypatch.setattr(load_module, "close_batch", close)
    with pytest.raises(KeyboardInterrupt):
        load_file(store, wide_file(tmp_path / "w.csv", ["M1", "M2", "M3"]),
                  LoadOptions(site="S1", timezone="UTC"))
    monkeypatch.undo()
    assert calls[0] == 48 and len(calls) == (2 if where == "second piece" else 3)
    after = current_activity(store, include_superseded=True)
    pd.testing.assert_frame_equal(before, after)
    assert len(batches(store)) == 1 and len(history(store)) == 0
    with store.connect() as con:
        assert con.execute("SELECT count(*) FROM series").fetchall() == [(1,)]


def test_second_writer_is_refused_clearly(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws", wait=0.3)
    load_file(store, long_file(tmp_path / "a.csv", [1.0]), LoadOptions(site="S1"))
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(store.path)!r})
        print("locked", flush=True)
        time.sleep(30)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreBusyError, match="in use by another carbon process"):
            batches(store)
    finally:
        holder.kill()
        holder.wait()
    assert len(batches(store)) == 1


def test_export_parquet_partitioned_by_year(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    load_file(store, long_file(tmp_path / "a.csv", [1.0, 2.0, 3.0],
                               start="2024-12-31T23:00:00Z"), LoadOptions(site="S1"))
    files = export_parquet(store, tmp_path / "out")
    years = sorted(p.parent.name for p in files if p.parent.name.startswith("year="))
    assert years == ["year=2024", "year=2025"]
    frame = pd.read_parquet(tmp_path / "out" / "activity")
    assert frame["quantity"].sum() == 6.0
    assert str(frame["period_start"].dt.tz) == "UTC"


def test_period_and_type_filters(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    load_file(store, long_file(tmp_path / "a.csv", [1.0] * 4, start="2025-03-31T22:00:00Z"),
              LoadOptions(site="S1"))
    fy = current_activity(store, period="2024/25", activity_types=["electricity.*"])
    assert len(fy) == 2  # 22:00Z and 22:30Z; FY 2024/25 ends 2025-03-31T23:00Z
    assert current_activity(store, sites=["nowhere"]).empty
    assert quarantine(store).empty


def test_a_refused_file_leaves_no_trace(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    naive = tmp_path / "naive.csv"
    naive.write_text("meter_id,timestamp,kwh\nM1,2024-06-01 10:00,1\n")
    with pytest.raises(InputFileError, match="--timezone"):
        load_file(store, naive, LoadOptions(site="S1"))
    assert batches(store).empty and current_activity(store).empty
    load_file(store, long_file(tmp_path / "a.csv", [1.0]), LoadOptions(site="S1"))
    assert len(batches(store)) == 1


def test_a_result_read_first_can_be_ingested(tmp_path: Path) -> None:
    path = long_file(tmp_path / "a.csv", [1.0, 2.0])
    options = LoadOptions(site="S1")
    sha = file_sha256(path)
    fingerprint = options.fingerprint(meters_digest({}))
    result = read_file(path, options, batch_id=batch_id_for(sha, fingerprint))
    store = Store(tmp_path / "ws")
    first = ingest(store, result, sha256=sha, fingerprint=fingerprint, options=options,
                   source_path=str(path))
    again = ingest(store, result, sha256=sha, fingerprint=fingerprint, options=options,
                   source_path=str(path))
    assert (first.status, first.rows_stored, again.status) == ("loaded", 2, "already loaded")
    assert load_file(store, path, options).report.status == "already loaded"
    assert current_activity(store)["quantity"].tolist() == [1.0, 2.0]
