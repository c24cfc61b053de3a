"""B3 end to end: ``carbon load`` + ``carbon inventory`` + the report, as a user runs them.

A generated trust: the B1 wide file (571 meters x FY 2024/25, 10.0 million readings) as its
half-hourly electricity, and the demo trust's other activity (gas and electricity bills, fuel,
waste, water, travel, anaesthetic gases) as a canonical CSV. Each step is a command in its own
process, timed from outside (interpreter start-up included, as the user waits for it):

1. ``carbon load hh_wide.csv --organisation RZZ --site R01``;
2. ``carbon load demo-activity.csv``;
3. ``carbon inventory --year 2024/25 --grain month --lines --format csv --out lines.csv``;
4. the report. ``carbon report`` still reads a report-inputs folder (the integrator wires it to
   the store), so this step is the report library call on the inventory, as a user's script:
   ``assemble_report_inputs`` with the lines, the year's activity from the store
   (``current_activity``) and the annual actuals the lines give, then ``write_html``.

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


def report(workspace: str, lines: str, out: str) -> dict[str, Any]:
    """The report library call on the inventory (what ``carbon report`` will do)."""
    import pandas as pd

    from carbon.footprints import footprint_mask
    from carbon.report import assemble_report_inputs, write_html
    from carbon.report.inputs import read_inventory_csv
    from carbon.store import Store, current_activity

    inventory = read_inventory_csv(Path(lines))
    activity = current_activity(Store(workspace), period=YEAR)
    in_footprint = inventory[footprint_mask(inventory, "nhs_carbon_footprint")]
    actuals = pd.DataFrame({"year": [2024], "metric": ["tco2e"],
                            "footprint": ["nhs_carbon_footprint"],
                            "value": [float(in_footprint["tco2e"].sum())]})
    inputs = assemble_report_inputs(organisation="Riverside Community Health NHS Trust",
                                    year=2024, base_year=2024, inventory=inventory,
                                    activity=activity, annual_actuals=actuals)
    size = write_html(inputs, Path(out)).stat().st_size
    return {"html_kb": size / 1e3, "activity_rows": len(activity)}


def run(quick: bool) -> list[Row]:
    from carbon.demo import write_demo

    meters = QUICK_METERS if quick else FULL_METERS
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        hh = str(folder / "hh_wide.csv")
        readings = generate(hh, meters)
        demo = str(write_demo(folder / "demo")[0])
        workspace = str(folder / "ws")
        lines = str(folder / "lines.csv")
        base = measure("bench_end_to_end", "bare_case", path=hh)
        steps = [
            ("carbon load (wide HH file)",
             ["--workspace", workspace, "load", hh, "--organisation", "RZZ", "--site", "R01"]),
            ("carbon load (demo bills and returns)", ["--workspace", workspace, "load", demo]),
            ("carbon inventory --grain month --lines",
             ["--workspace", workspace, "inventory", "--year", YEAR, "--grain", "month",
              "--lines", "--format", "csv", "--out", lines]),
        ]
        timed = [(name, measure("bench_end_to_end", "command", args=args).extra)
                 for name, args in steps]
        made = measure("bench_end_to_end", "report", workspace=workspace, lines=lines,
                       out=str(folder / "report.html"))
    total = sum(t["wall_s"] for _, t in timed) + made.wall_s
    rows = [Row(LABEL, name, t["wall_s"], t["child_mb"]) for name, t in timed]
    rows.append(Row(LABEL, "report library call on the inventory (html)", made.wall_s,
                    made.peak_mb, note=(f"reads {made.extra['activity_rows']:,} activity rows "
                                        f"back for the report; {made.extra['html_kb']:.0f} kB "
                                        "html; carbon report not yet wired to the store")))
    peak = max(r.peak_mb for r in rows)
    rows.append(Row(LABEL, "whole run (sum of the steps)", total, peak,
                    ratio=total / base.wall_s, target="< 1.5 GB per step",
                    note=f"{readings:,} readings; ratio vs B2 bare limit "
                         f"({base.wall_s:.2f} s)", met=peak < 1500))
    return rows


def bare_case(path: str) -> dict[str, Any]:
    """B2's bare limit on the half-hourly file, with a nominal factor of 1 (time only)."""
    return bare_limit(path, 1.0)
