"""B4 startup: wall time of ``carbon --help`` (target under 0.3 s), best of several runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from harness import Row

RUNS = 7


def _command(*args: str) -> list[str]:
    exe = shutil.which("carbon") or str(Path(sys.executable).with_name("carbon"))
    return [exe, *args]


def _best_of(args: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def run(quick: bool) -> list[Row]:
    runs = 3 if quick else RUNS
    bare = _best_of([sys.executable, "-c", "pass"], runs)
    help_s = _best_of(_command("--help"), runs)
    return [
        Row("B4 startup", "python -c pass (interpreter floor)", bare, 0.0),
        Row("B4 startup", "carbon --help", help_s, 0.0, ratio=help_s / bare,
            target="< 0.3 s", note="ratio vs bare interpreter start"),
    ]
