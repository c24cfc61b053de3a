"""The whole job on the demo trust: write -> load -> inventory -> trajectory -> report.

The workspace gets the demo's supplier intensity table (``supplier_factors.csv``), which the
inventory uses for spend with that supplier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from carbon.demo import trust
from carbon.demo.files import write_demo_files, write_settings
from carbon.demo.ledger import write_supplier_factors
from carbon.store import Store, load_file
from carbon.store.load import LoadSummary


@dataclass
class DemoResult:
    """What the demo did: the files loaded, the inventory, the trajectory and the report."""

    inputs: Path
    loads: list[LoadSummary]
    totals: pd.DataFrame
    compliance: pd.DataFrame
    outputs: dict[str, Path] = field(default_factory=dict)


def run_demo(workspace: str | Path, *, formats: tuple[str, ...] = ("html", "xlsx", "json"),
             year: str = "2024/25") -> DemoResult:
    """Run the engine end to end on the demo trust in ``workspace``.

    Parameters
    ----------
    workspace : str or Path
        Workspace folder; the inputs go to ``demo/inputs`` and the report to ``demo/report``.
        Running the demo again loads nothing twice (every file is already in the store).
    formats : tuple of str
        Report outputs to write (``html``, ``pdf``, ``xlsx``, ``json``, ...).
    year : str
        Reporting year of the report.
    """
    from carbon.pipeline import compliance_rows, target_reading, workspace_inventory
    from carbon.report.inputs import build_report_inputs
    from carbon.report.outputs import write_outputs
    from carbon.trajectory import trajectory

    root = Path(workspace)
    inputs = root / "demo" / "inputs"
    files = write_demo_files(inputs)
    write_settings(root)
    write_supplier_factors(root)
    store = Store(root)
    loads = [load_file(store, path) for path in files]
    inv = workspace_inventory(root)
    totals = inv.totals(["period", "scope"])
    from carbon.accounting.exports import annual_actuals

    result = trajectory(annual_actuals(inv), "nhs-carbon-footprint", base_year=trust.BASE_YEAR,
                        reading=target_reading("nhs-carbon-footprint", trust.BASE_YEAR))
    report = build_report_inputs(root, year)
    outputs = write_outputs(report, root / "demo" / "report", formats=formats)
    return DemoResult(inputs=inputs, loads=loads, totals=totals,
                      compliance=compliance_rows(result), outputs=outputs)
