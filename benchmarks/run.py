"""Run every benchmark (``benchmarks/bench_*.py``) and print a table of figures and ratios.

Usage: ``python benchmarks/run.py [--quick] [--only NAME ...]`` (``make bench`` runs it in full).
Each benchmark module exposes ``LABEL`` (``B1 load`` ... ``B6 national``, the issue's numbering;
the table follows it) and ``run(quick: bool) -> list[harness.Row]``. Results are also written
to ``benchmarks/output/results.json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
from pathlib import Path
from types import ModuleType

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
    modules = sorted((importlib.import_module(n) for n in names), key=_order)
    rows: list[Row] = []
    for module in modules:
        print(f"running {module.__name__} ...", file=sys.stderr, flush=True)
        rows.extend(module.run(quick=args.quick))
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{'quick' if args.quick else 'full'} sizes")
    header = (f"{'benchmark':<14} {'case':<46} {'wall s':>8} {'peak MB':>8} {'ratio':>6} "
              f"{'met':>4}  target")
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "-"
        met = {True: "yes", False: "NO", None: ""}[row.met]
        print(f"{row.benchmark:<14} {row.case:<46} {row.wall_s:>8.3f} {row.peak_mb:>8.0f} "
              f"{ratio:>6} {met:>4}  {row.target}{'  ' + row.note if row.note else ''}")
    out = HERE / "output"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")


def _order(module: ModuleType) -> tuple[int, str]:
    """B1 ... B6 first, in the issue's order; other benchmarks after, by name."""
    label = str(getattr(module, "LABEL", module.__name__))
    number = label[1:].split()[0] if label.startswith("B") else ""
    return (int(number) if number.isdigit() else 99, label)


if __name__ == "__main__":
    main()
