"""Board-ready outputs: the HTML report (and its PDF), the workbook, SECR table and JSON.

::

    inputs = build_report_inputs(workspace, "2024/25", inputs="report-inputs/")
    write_html(inputs, "report.html")        # one self-contained file
    write_outputs(inputs, "out/")            # html, pdf, xlsx, json, csv

See docs/reporting.md.
"""

from carbon.report.chromium import find_chromium, print_pdf
from carbon.report.html import render_html
from carbon.report.inputs import assemble_report_inputs, build_report_inputs, read_inputs_folder
from carbon.report.model import Chart, DataQuality, ReportInputs
from carbon.report.outputs import (
    OUTPUT_NAMES,
    write_html,
    write_json,
    write_metrics_csv,
    write_outputs,
    write_pdf,
    write_secr_csv,
    write_xlsx,
)
from carbon.report.secr import methodology_statement, secr_table

__all__ = [
    "OUTPUT_NAMES",
    "Chart",
    "DataQuality",
    "ReportInputs",
    "assemble_report_inputs",
    "build_report_inputs",
    "find_chromium",
    "methodology_statement",
    "print_pdf",
    "read_inputs_folder",
    "render_html",
    "secr_table",
    "write_html",
    "write_json",
    "write_metrics_csv",
    "write_outputs",
    "write_pdf",
    "write_secr_csv",
    "write_xlsx",
]
