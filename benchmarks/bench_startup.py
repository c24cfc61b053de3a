"""B4 startup: wall time of ``carbon --help`` (target under 0.3 s) and ``carbon factors list``,
best of several runs, against the bare interpreter start."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from harness import Row, child_env

LABEL = "B4 startup"
RUNS = 7


def _command(*args: str) -> list[str]:
    exe = shutil.which("carbon") or str(Path(sys.executable).with_name("carbon"))
    return [exe, *args]


def _best_of(args: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=child_env())
        best = min(best, time.perf_counter() - start)
    return best


def run(quick: bool) -> list[Row]:
    runs = 3 if quick else RUNS
    bare = _best_of([sys.executable, "-c", "pass"], runs)
    help_s = _best_of(_command("--help"), runs)
    factors_s = _best_of(_command("factors", "list"), runs)
    return [
        Row(LABEL, "python -c pass (interpreter floor)", bare, 0.0),
        Row(LABEL, "carbon --help", help_s, 0.0, ratio=help_s / bare, target="< 0.3 s",
            note="ratio vs bare interpreter start", met=help_s < 0.3),
        Row(LABEL, "carbon factors list", factors_s, 0.0, ratio=factors_s / bare,
            note="imports pandas and the factor registry; ratio vs bare interpreter start"),
    ]
