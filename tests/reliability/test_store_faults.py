"""Faults while loading: a load killed at random points, and two loads at once.

Each load runs as its own ``carbon`` process on a generated half-hourly file (eight meters for
a year, 140,160 rows), into a copy of a loaded workspace. After every SIGKILL the store must be
consistent (every batch whole or absent, no rows without a batch, the earlier batches
untouched) and the next load must work and give the right totals. Two loads at once must be
serialised (one waits for the other) or the second refused with a clear message, and never
leave a damaged store.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from carbon.store.database import STORE_FILE

HALF_HOURS = 17_520
#: Meters of the file the loads are killed in (and of the bigger file the refusal test uses).
METERS, BIG_METERS = 4, 8
ROWS = METERS * HALF_HOURS
#: Kills of one test run, and the seed of their delays.
KILLS = 6
SEED = 20250401


def write_big_file(path: Path, meters: int = METERS) -> float:
    """A long-layout file of a year of half hours per meter; returns its total kWh."""
    stamps = pd.date_range("2024-04-01T00:00Z", periods=HALF_HOURS, freq="30min")
    text = stamps.strftime("%Y-%m-%dT%H:%M:%SZ")
    frames = [pd.DataFrame({"meter_id": f"77{m:011d}", "timestamp_utc": text,
                            "kwh": np.round(np.random.default_rng(m).uniform(1, 50, HALF_HOURS), 3),
                            "status": "A"}) for m in range(meters)]
    table = pd.concat(frames, ignore_index=True)
    table.to_csv(path, index=False, lineterminator="\n", float_format="%.3f")
    return float(pd.read_csv(path)["kwh"].sum())


def carbon(workspace: Path, *args: str) -> subprocess.Popen[str]:
    """Start ``carbon`` in a fresh process."""
    return subprocess.Popen([sys.executable, "-m", "carbon", "--workspace", str(workspace),
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONHASHSEED": "0"})


def problems(workspace: Path) -> list[str]:
    """What is inconsistent in a store (empty when every batch is whole)."""
    con = duckdb.connect(str(workspace / STORE_FILE), read_only=True)
    try:
        checks = {
            "batch with other than rows_stored rows": """
                SELECT count(*) FROM batches b WHERE rows_stored <>
                  (SELECT count(*) FROM activity a WHERE a.batch_no = b.batch_no)
                + (SELECT count(*) FROM activity_history h WHERE h.batch_no = b.batch_no)""",
            "batch whose counts do not add up":
                "SELECT count(*) FROM batches WHERE rows_in <> rows_accepted + rows_quarantined",
            "orphan rows": """
                SELECT (SELECT count(*) FROM activity WHERE batch_no NOT IN
                        (SELECT batch_no FROM batches))
                     + (SELECT count(*) FROM activity_history WHERE batch_no NOT IN
                        (SELECT batch_no FROM batches))
                     + (SELECT count(*) FROM quarantine WHERE batch_no NOT IN
                        (SELECT batch_no FROM batches))
                     + (SELECT count(*) FROM activity_notes WHERE batch_no NOT IN
                        (SELECT batch_no FROM batches))
                     + (SELECT count(*) FROM activity WHERE series_id NOT IN
                        (SELECT series_id FROM series))""",
        }
        return [name for name, sql in checks.items() if con.execute(sql).fetchall()[0][0]]
    finally:
        con.close()


def fetch(workspace: Path, sql: str) -> list[tuple[Any, ...]]:
    """The rows of a query on a workspace's store, opened read-only."""
    con = duckdb.connect(str(workspace / STORE_FILE), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def big_batch(workspace: Path) -> tuple[int, float] | None:
    """Rows and kWh of the big file's batch, or None when the store does not hold it."""
    rows = fetch(workspace, "SELECT count(*), sum(a.quantity) FROM activity a JOIN batches b "
                            "USING (batch_no) WHERE b.source_file = 'big.csv'")[0]
    return None if rows[0] == 0 else (int(rows[0]), float(rows[1]))


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    path = tmp_path_factory.mktemp("big") / "big.csv"
    return path, write_big_file(path)


def test_loads_killed_at_random_points_leave_the_store_whole(
        tmp_path: Path, big_file: tuple[Path, float], workspace_copy: Callable[[Path], Path],
        digest_of: Callable[[Path], dict[str, tuple[int, int]]],
        loaded_digest: dict[str, tuple[int, int]]) -> None:
    """Each attempt is killed after a random share of a whole load's time; the attempts follow
    one another in one workspace (a fresh copy once an attempt got its batch committed)."""
    path, kwh = big_file
    started = time.perf_counter()
    full = carbon(workspace_copy(tmp_path / "timed"), "load", str(path), "--site", "R01")
    assert full.wait(timeout=300) == 0, full.communicate()[1]
    duration = time.perf_counter() - started
    draw = random.Random(SEED)
    workspace = workspace_copy(tmp_path / "kill-0")
    interrupted = 0
    for kill in range(1, KILLS + 1):
        process = carbon(workspace, "load", str(path), "--site", "R01")
        time.sleep(draw.uniform(0.3, 0.95) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert problems(workspace) == []
        held = big_batch(workspace)
        assert held in (None, (ROWS, pytest.approx(kwh)))
        if held is None:
            interrupted += 1
            assert digest_of(workspace) == loaded_digest
        else:
            workspace = workspace_copy(tmp_path / f"kill-{kill}")
    again = carbon(workspace, "load", str(path), "--site", "R01")
    assert again.wait(timeout=300) == 0, again.communicate()[1]
    assert big_batch(workspace) == (ROWS, pytest.approx(kwh))
    assert problems(workspace) == []
    print(f"kills survived: {KILLS} ({interrupted} before the batch was committed); rows lost: 0; "
          f"a whole load takes {duration:.1f} s")
    assert interrupted >= 1


def test_two_loads_at_once_are_serialised(
        tmp_path: Path, big_file: tuple[Path, float],
        workspace_copy: Callable[[Path], Path]) -> None:
    path, _ = big_file
    workspace = workspace_copy(tmp_path / "workspace")
    second = tmp_path / "second.csv"
    table = pd.read_csv(path, dtype=str)
    table["meter_id"] = table["meter_id"].str.replace("77", "88", n=1, regex=False)
    table.to_csv(second, index=False)
    first_load = carbon(workspace, "load", str(path), "--site", "R01")
    second_load = carbon(workspace, "load", str(second), "--site", "R02")
    reader = carbon(workspace, "batches")
    for process in (first_load, second_load, reader):
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert problems(workspace) == []
    loaded = dict(fetch(workspace, "SELECT b.source_file, count(*) FROM activity a JOIN "
                               "batches b USING (batch_no) GROUP BY 1"))
    assert loaded["big.csv"] == loaded["second.csv"] == ROWS


def holds_store(workspace: Path) -> bool:
    """Whether another process has the store open (a read-only open is refused)."""
    try:
        duckdb.connect(str(workspace / STORE_FILE), read_only=True).close()
    except duckdb.IOException as exc:
        return "lock" in str(exc).lower()
    return False


def test_a_load_that_cannot_wait_is_refused_and_changes_nothing(
        tmp_path: Path, workspace_copy: Callable[[Path], Path],
        digest_of: Callable[[Path], dict[str, tuple[int, int]]],
        loaded_digest: dict[str, tuple[int, int]], demo_inputs: list[Path]) -> None:
    path = tmp_path / "big.csv"
    kwh = write_big_file(path, BIG_METERS)
    workspace = workspace_copy(tmp_path / "workspace")
    first = carbon(workspace, "load", str(path), "--site", "R01")
    deadline = time.monotonic() + 60
    while not holds_store(workspace) and time.monotonic() < deadline:
        time.sleep(0.01)
    second = carbon(workspace, "load", str(demo_inputs[3]), "--wait", "0")
    out, err = second.communicate(timeout=120)
    assert first.wait(timeout=300) == 0
    assert second.returncode == 1, f"the second load did not meet the first: {out}"
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "in use by another carbon process" in err and "--wait" in err
    assert problems(workspace) == []
    stored = fetch(workspace, "SELECT count(*), sum(quantity) FROM activity WHERE batch_no = "
                              "(SELECT max(batch_no) FROM batches)")[0]
    assert stored == (BIG_METERS * HALF_HOURS, pytest.approx(kwh))
    assert digest_of(workspace)["batches"][0] == loaded_digest["batches"][0] + 1
