"""The report workbook (xlsxwriter): summary, inventory, trajectory, social value, supply chain
and costs (when the inventory has them), SECR and provenance sheets.

Numbers are written as numbers, text as text (never as formulas: ``strings_to_formulas`` is off
and every text cell passes :func:`carbon.spreadsheet.safe_text`). The document's creation date
is fixed from the reporting year so that the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from carbon.accounting import supply_chain
from carbon.accounting.money import cost_summary
from carbon.report import summary
from carbon.report.model import ReportInputs
from carbon.report.secr import methodology_statement, secr_table
from carbon.socialvalue.document import metrics_frame, monetisation_frame, record_hash
from carbon.spreadsheet import XLSX_OPTIONS, safe_text

MAX_WIDTH = 60


def _write_frame(sheet: Worksheet, frame: pd.DataFrame, start_row: int, header: Format,
                 title: str | None = None, title_format: Format | None = None) -> int:
    """Write a frame as a table; returns the next free row."""
    row = start_row
    if title:
        sheet.write_string(row, 0, title, title_format)
        row += 1
    for col, name in enumerate(frame.columns):
        sheet.write_string(row, col, str(safe_text(str(name))), header)
    for values in frame.itertuples(index=False):
        row += 1
        for col, value in enumerate(values):
            _cell(sheet, row, col, value)
    return row + 2


def _cell(sheet: Worksheet, row: int, col: int, value: Any) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float | np.integer | np.floating):
        sheet.write_number(row, col, float(value))
    else:
        sheet.write_string(row, col, str(safe_text(str(value))))


def _widths(sheet: Worksheet, frames: list[pd.DataFrame]) -> None:
    widths: dict[int, int] = {}
    for frame in frames:
        for col, name in enumerate(frame.columns):
            longest = max([len(str(name)), *(len(str(v)) for v in frame.iloc[:200, col])])
            widths[col] = max(widths.get(col, 8), min(longest + 2, MAX_WIDTH))
    for col, width in widths.items():
        sheet.set_column(col, col, width)


def summary_frame(inputs: ReportInputs) -> pd.DataFrame:
    """The executive summary as ``item``, ``value``, ``unit`` rows."""
    head = summary.headline(inputs)
    rows = [
        ("Organisation", inputs.organisation, ""),
        ("Reporting year", head.period, ""),
        ("Base year", head.base_period, ""),
        ("NHS Carbon Footprint", head.cf_tco2e, "tCO2e"),
        ("NHS Carbon Footprint Plus", head.cf_plus_tco2e, "tCO2e"),
        (f"Change since {head.previous_period}", head.change_vs_previous_pct, "%"),
        (f"Change since {head.base_period}", head.change_vs_base_pct, "%"),
        ("Target", head.target_name, ""),
        ("Target required this year", head.target_required_tco2e, "tCO2e"),
        ("Against the green plan path", f"{head.target_symbol} {head.target_text}", ""),
        ("Emissions from estimated data", head.estimated_pct, "%"),
        ("Meter data completeness", head.completeness_pct, "%"),
        ("Value of carbon reduced since base year (central)", head.value_reduced_central_gbp,
         f"GBP ({head.value_price_year} prices)"),
    ]
    return pd.DataFrame(rows, columns=["item", "value", "unit"])


def write_workbook(inputs: ReportInputs, path: str | Path) -> Path:
    """Write the report workbook.

    Parameters
    ----------
    inputs : ReportInputs
    path : str or Path
        Target ``.xlsx`` file (built in memory, then written in one go; an existing file is
        replaced).

    Returns
    -------
    pathlib.Path
    """
    target = Path(path)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {**XLSX_OPTIONS, "in_memory": True})
    book.set_properties({"title": f"Carbon and environment report {inputs.period}",
                         "company": inputs.organisation, "comments": "carbon report workbook",
                         "created": datetime(inputs.year + 1, 4, 1)})
    header = book.add_format({"bold": True, "bg_color": "#E8EDEE", "bottom": 1})
    title = book.add_format({"bold": True, "font_size": 12, "font_color": "#003087"})
    sheets: list[tuple[str, list[tuple[str | None, pd.DataFrame]]]] = [
        ("Summary", [(None, summary_frame(inputs)),
                     ("Emissions by scope", summary.scope_breakdown(inputs.lines)),
                     ("Emissions by source", summary.category_breakdown(inputs.lines))]),
        ("Inventory", [(None, pd.concat([inputs.inventory[y] for y in sorted(inputs.inventory)],
                                        ignore_index=True))]),
        ("Trajectory", [("NHS Carbon Footprint by year", summary.history(inputs)),
                        ("Compliance with targets", inputs.compliance),
                        ("Trajectory series", inputs.trajectory)]),
        ("Social value", [("Metrics", metrics_frame(inputs.social_value)),
                          ("Value of carbon reduced", monetisation_frame(inputs.social_value)),
                          ("Procurement models", pd.DataFrame(
                              [r.model_dump() for r in inputs.social_value.procurement])),
                          ("Proxy values", pd.DataFrame(
                              [p.model_dump() for p in inputs.social_value.proxy_values]))]),
        *money_sheets(inputs),
        ("SECR", [(None, secr_table(inputs)),
                  ("Methodology", pd.DataFrame({"statement": [methodology_statement(inputs)]}))]),
        ("Provenance", [("Run", provenance_frame(inputs)),
                        ("Factor sets", summary.factor_sets(inputs.lines)),
                        ("Policies", summary.policies(inputs))]),
    ]
    for name, blocks in sheets:
        sheet = book.add_worksheet(name)
        row = 0
        shown = [frame for _, frame in blocks if not frame.empty]
        for heading, frame in blocks:
            if frame.empty and heading is not None:
                continue
            row = _write_frame(sheet, frame, row, header, heading, title)
        if blocks[0][0] is None:
            sheet.freeze_panes(1, 0)
        _widths(sheet, shown)
    book.close()
    target.write_bytes(buffer.getvalue())
    return target


def money_sheets(inputs: ReportInputs) -> list[tuple[str, list[tuple[str | None,
                                                                      pd.DataFrame]]]]:
    """The supply chain and costs sheets, for inventories that have spend or costs."""
    sheets: list[tuple[str, list[tuple[str | None, pd.DataFrame]]]] = []
    lines = pd.concat(list(inputs.inventory.values()), ignore_index=True)
    spend = supply_chain.spend_by(lines)
    if not spend.empty:
        sheets.append(("Supply chain", [
            ("Spend and emissions", spend), ("Ledger coverage", coverage_frame(inputs)),
            ("Spend not in the totals", supply_chain.not_counted(inputs.memo))]))
    costs = cost_summary(lines, inputs.memo)
    if (costs["cost_gbp"] != 0).any():
        sheets.append(("Costs", [("Money beside carbon", costs)]))
    return sheets


def coverage_frame(inputs: ReportInputs) -> pd.DataFrame:
    """How each year's ledger spend was treated, as ``period`` and the coverage fields."""
    periods = sorted(set(supply_chain.spend_lines(
        pd.concat(list(inputs.inventory.values()), ignore_index=True))["period"].astype(str)))
    rows = [supply_chain.spend_coverage(inputs.inventory[int(p[:4])], inputs.memo, p)
            .model_dump() for p in periods]
    return pd.DataFrame(rows)


def provenance_frame(inputs: ReportInputs) -> pd.DataFrame:
    """The run record flattened to ``key``, ``value`` rows, with its sha256 and the sources."""
    rows = [("run_record_sha256", record_hash(inputs.run_record) if inputs.run_record else "")]
    rows += _flatten("", inputs.run_record)
    doc = inputs.social_value
    rows += [("framework", f"{doc.provenance.framework_id} v{doc.provenance.framework_version}"),
             ("framework_source", doc.provenance.framework_source),
             ("framework_verified", str(doc.provenance.framework_verified))]
    rows += [(f"carbon_values_source_{i + 1}", s)
             for i, s in enumerate(doc.monetisation[0].sources if doc.monetisation else [])]
    return pd.DataFrame(rows, columns=["key", "value"])


def _flatten(prefix: str, value: Any) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [row for k in sorted(value) for row in
                _flatten(f"{prefix}.{k}" if prefix else str(k), value[k])]
    if isinstance(value, list):
        return [row for i, v in enumerate(value) for row in _flatten(f"{prefix}[{i}]", v)]
    return [(prefix, str(value))]
