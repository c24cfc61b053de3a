"""Benchmark harness: run one case in a fresh subprocess and report wall time and peak memory.

A case is a module-level function ``fn(**kwargs) -> dict`` in a benchmark module. It runs in its
own Python process, so the peak resident set size (``ru_maxrss``) belongs to that case alone
(interpreter and imports included, which is what a user's process pays too). Wall time is
measured inside the child around the call only, so interpreter start-up is excluded.

Every child runs with ``NUMPY_MADVISE_HUGEPAGE=0``, as the ``carbon`` command sets for itself
(decision 0031): the engine and its bare limit run under the same memory policy.

Benchmarks print figures; they are not timed tests (developers' guide).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

_CHILD = """
import importlib, json, sys, time
sys.path.insert(0, {here!r})
from harness import peak_mb
module = importlib.import_module({module!r})
kwargs = json.loads({kwargs!r})
start = time.perf_counter()
extra = getattr(module, {function!r})(**kwargs) or {{}}
wall = time.perf_counter() - start
print("\\n" + json.dumps({{"wall_s": wall, "peak_mb": peak_mb(), "extra": extra}}))
"""


def peak_mb() -> float:
    """Peak resident memory of this process since it started its program [MB].

    Linux's ``VmHWM`` belongs to the process's own memory map; ``ru_maxrss`` would also count
    the parent's memory at the moment it spawned the process (Linux carries it over ``exec``),
    so a large parent (one that generated the benchmark data) would inflate every child.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@dataclass
class Measurement:
    """Wall time [s] and peak resident memory [MB] of one case, plus what the case returned."""

    wall_s: float
    peak_mb: float
    extra: dict[str, Any] = field(default_factory=dict)


def measure(module: str, function: str, *, repeat: int = 1, **kwargs: Any) -> Measurement:
    """Run ``benchmarks/<module>.py::<function>(**kwargs)`` in a fresh interpreter.

    With ``repeat`` > 1 the case runs in that many fresh interpreters; the fastest run is kept
    (the machine is shared, so slower runs measure the neighbours) with the highest peak
    memory of all runs.
    """
    code = _CHILD.format(here=str(HERE), module=module, function=function,
                         kwargs=json.dumps(kwargs))
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=child_env())
        if done.returncode != 0:
            raise RuntimeError(f"benchmark {module}.{function} failed:\n{done.stderr[-4000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        runs.append(Measurement(result["wall_s"], result["peak_mb"], result["extra"]))
    best = min(runs, key=lambda m: m.wall_s)
    return Measurement(best.wall_s, max(m.peak_mb for m in runs), best.extra)


def child_env() -> dict[str, str]:
    """Environment of every benchmark child process (see the module docstring)."""
    return {**os.environ, "NUMPY_MADVISE_HUGEPAGE": "0"}


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
    met: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()
