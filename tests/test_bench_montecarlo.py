"""Smoke run of the Monte Carlo benchmark at its quick size (figures are printed by make bench)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"


@pytest.mark.slow
def test_quick_benchmark_runs_and_reports_ratios(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    bench = importlib.import_module("bench_montecarlo")
    try:
        rows = bench.run(quick=True)
    finally:
        sys.modules.pop("bench_montecarlo", None)
        sys.modules.pop("harness", None)
    assert [r.case.split(",")[0] for r in rows] == ["bare numpy floor",
                                                    "engine Monte Carlo core",
                                                    "run_scenario end to end"]
    assert all(r.wall_s > 0 for r in rows) and rows[1].ratio is not None
