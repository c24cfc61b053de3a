"""Run every benchmark (``benchmarks/bench_*.py``) and print a table of figures and ratios.

Usage: ``python benchmarks/run.py [--quick] [--only NAME ...]`` (``make bench`` runs it in full).
Each benchmark module exposes ``run(quick: bool) -> list[harness.Row]``. Results are also written
to ``benchmarks/output/results.json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import Row  # noqa: E402 - benchmarks are scripts, not a package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--only", nargs="*", default=None, help="benchmark module names")
    args = parser.parse_args()
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if args.only:
        names = [n for n in names if n in args.only or n.removeprefix("bench_") in args.only]
    if not names:
        sys.exit("no benchmark matched")
    rows: list[Row] = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(importlib.import_module(name).run(quick=args.quick))
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{'quick' if args.quick else 'full'} sizes")
    header = f"{'benchmark':<12} {'case':<44} {'wall s':>9} {'peak MB':>9} {'ratio':>7}  target"
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "-"
        print(f"{row.benchmark:<12} {row.case:<44} {row.wall_s:>9.3f} {row.peak_mb:>9.0f} "
              f"{ratio:>7}  {row.target}{'  ' + row.note if row.note else ''}")
    out = HERE / "output"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")


if __name__ == "__main__":
    main()
