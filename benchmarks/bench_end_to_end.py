"""B3 end to end: ``carbon load`` + ``carbon inventory`` + ``carbon report``, as a user runs them.

A generated trust: the B1 wide file (571 meters x FY 2024/25, 10.0 million readings) as its
half-hourly electricity, and the demo trust's real-shaped files (meter schedule, half-hourly
export, gas and water bills, oil deliveries, waste returns, travel, anaesthetic gases, fleet
fuel; base year 2019/20 and the years 2023/24 and 2024/25) with its ``report.toml``. Each step is
a command in its own process, timed from outside (interpreter start-up included, as the user
waits for it):

1. ``carbon load hh_wide.csv --organisation RZZ --site R01``;
2. ``carbon load`` the demo files;
3. ``carbon inventory --year 2024/25 --grain month --lines --format csv --out lines.csv``;
4. ``carbon report --year 2024/25 --out report.html`` (inventory of every year in the store,
   trajectory against the base year, social value metrics, charts).

The ratio is the whole run over B2's bare limit on the same half-hourly file (no target is set
for B3; the memory target of 1.5 GB for 10 million readings applies to every step).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_inventory import bare as bare_limit
from bench_load import FULL_METERS, QUICK_METERS, generate
from harness import Row, child_env, measure

LABEL = "B3 end to end"
YEAR = "2024/25"


def command(args: list[str]) -> dict[str, Any]:
    """Run one ``carbon`` command; its wall time and peak memory (the child's)."""
    exe = shutil.which("carbon") or str(Path(sys.executable).with_name("carbon"))
    started = time.perf_counter()
    subprocess.run([exe, *args], check=True, capture_output=True, env=child_env())
    wall = time.perf_counter() - started
    return {"wall_s": wall,
            "child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def run(quick: bool) -> list[Row]:
    from carbon.demo.files import write_demo_files, write_settings

    meters = QUICK_METERS if quick else FULL_METERS
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        hh = str(folder / "hh_wide.csv")
        readings = generate(hh, meters)
        demo = [str(path) for path in write_demo_files(folder / "demo")]
        workspace = str(folder / "ws")
        Path(workspace).mkdir()
        write_settings(Path(workspace))
        lines = str(folder / "lines.csv")
        base = measure("bench_end_to_end", "bare_case", path=hh)
        steps = [
            ("carbon load (wide HH file)",
             ["--workspace", workspace, "load", hh, "--organisation", "RZZ", "--site", "R01"]),
            ("carbon load (demo trust's files)", ["--workspace", workspace, "load", *demo]),
            ("carbon inventory --grain month --lines",
             ["--workspace", workspace, "inventory", "--year", YEAR, "--grain", "month",
              "--lines", "--format", "csv", "--out", lines]),
            ("carbon report --out report.html",
             ["--workspace", workspace, "report", "--year", YEAR,
              "--out", str(folder / "report.html")]),
        ]
        timed = [(name, measure("bench_end_to_end", "command", args=args).extra)
                 for name, args in steps]
        html_kb = (folder / "report.html").stat().st_size / 1e3
    total = sum(t["wall_s"] for _, t in timed)
    rows = [Row(LABEL, name, t["wall_s"], t["child_mb"]) for name, t in timed]
    rows[-1].note = f"{html_kb:.0f} kB html, three years from the store"
    peak = max(r.peak_mb for r in rows)
    rows.append(Row(LABEL, "whole run (sum of the steps)", total, peak,
                    ratio=total / base.wall_s, target="< 1.5 GB per step",
                    note=f"{readings:,} readings; ratio vs B2 bare limit "
                         f"({base.wall_s:.2f} s)", met=peak < 1500))
    return rows


def bare_case(path: str) -> dict[str, Any]:
    """B2's bare limit on the half-hourly file, with a nominal factor of 1 (time only)."""
    return bare_limit(path, 1.0)
