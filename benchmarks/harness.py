"""Benchmark harness: run one case in a fresh subprocess and report wall time and peak memory.

A case is a module-level function ``fn(**kwargs) -> dict`` in a benchmark module. It runs in its
own Python process, so the peak resident set size (``ru_maxrss``) belongs to that case alone
(interpreter and imports included, which is what a user's process pays too). Wall time is
measured inside the child around the call only, so interpreter start-up is excluded.

Benchmarks print figures; they are not timed tests (developers' guide).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

_CHILD = """
import importlib, json, resource, sys, time
sys.path.insert(0, {here!r})
module = importlib.import_module({module!r})
kwargs = json.loads({kwargs!r})
start = time.perf_counter()
extra = getattr(module, {function!r})(**kwargs) or {{}}
wall = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
print("\\n" + json.dumps({{"wall_s": wall, "peak_mb": peak_mb, "extra": extra}}))
"""


@dataclass
class Measurement:
    """Wall time [s] and peak resident memory [MB] of one case, plus what the case returned."""

    wall_s: float
    peak_mb: float
    extra: dict[str, Any] = field(default_factory=dict)


def measure(module: str, function: str, **kwargs: Any) -> Measurement:
    """Run ``benchmarks/<module>.py::<function>(**kwargs)`` in a fresh interpreter."""
    code = _CHILD.format(here=str(HERE), module=module, function=function,
                         kwargs=json.dumps(kwargs))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark {module}.{function} failed:\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return Measurement(result["wall_s"], result["peak_mb"], result["extra"])


@dataclass
class Row:
    """One printed line of ``make bench``."""

    benchmark: str
    case: str
    wall_s: float
    peak_mb: float
    ratio: float | None = None
    target: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()
