"""Writing the outputs of one :class:`ReportInputs`: HTML, PDF, workbook, SECR, JSON, CSV.

Every file is written through a temporary name and a rename, so a failed run never leaves half
a report behind. The same inputs give the same bytes in every format (the PDF's dates are set
from the reporting year, as the workbook's are).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from carbon.report.chromium import print_pdf, require_chromium
from carbon.report.excel import write_workbook
from carbon.report.html import render_html
from carbon.report.model import ReportInputs
from carbon.report.secr import secr_table
from carbon.socialvalue.document import metrics_frame
from carbon.spreadsheet import to_csv_text, write_atomic

_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \()(D:[0-9+\-Z']{14,23})\)")
#: File names written by :func:`write_outputs`.
OUTPUT_NAMES = {"html": "report.html", "pdf": "report.pdf", "xlsx": "report.xlsx",
                "json": "social-value.json", "metrics_csv": "social-value.csv",
                "secr_csv": "secr.csv"}


def write_html(inputs: ReportInputs, path: str | Path) -> Path:
    """Write the self-contained HTML report."""
    text = render_html(inputs)
    return write_atomic(Path(path), lambda p: p.write_text(text, encoding="utf-8"))


def write_pdf(inputs: ReportInputs, path: str | Path) -> Path:
    """Print the HTML report to an A4 PDF with headless Chromium.

    Raises
    ------
    ExternalToolError
        If Chromium is not installed (the message says how to install it).
    """
    binary = require_chromium()
    target = Path(path)
    stamp = f"D:{inputs.year + 1}0401000000+00'00'"

    def write(pdf: Path) -> None:
        print_pdf(html, pdf, binary)
        pdf.write_bytes(fixed_pdf_dates(pdf.read_bytes(), stamp))

    with tempfile.TemporaryDirectory(prefix="carbon-report-") as folder:
        html = write_html(inputs, Path(folder) / "report.html")
        return write_atomic(target, write)


def fixed_pdf_dates(data: bytes, stamp: str) -> bytes:
    """A PDF with its creation and modification dates set to ``stamp``.

    Chromium writes the clock time into ``/CreationDate`` and ``/ModDate``, so the same report
    would print to different bytes on every run. The dates are replaced by a stamp of the same
    length (Chromium's ``D:YYYYMMDDHHmmSS+00'00'``), which keeps every byte offset of the file
    valid; a date of another length is left as it is.
    """
    new = stamp.encode("ascii")

    def replace(match: re.Match[bytes]) -> bytes:
        old = match.group(2)
        return match.group(1) + (new if len(old) == len(new) else old) + b")"

    return _PDF_DATE.sub(replace, data)


def write_json(inputs: ReportInputs, path: str | Path) -> Path:
    """Write the social value document as JSON (schema in docs/schemas)."""
    text = inputs.social_value.to_json()
    return write_atomic(Path(path), lambda p: p.write_text(text, encoding="utf-8"))


def write_metrics_csv(inputs: ReportInputs, path: str | Path) -> Path:
    """Write the social value metrics table as CSV (formula-safe)."""
    text = to_csv_text(metrics_frame(inputs.social_value))
    return write_atomic(Path(path), lambda p: p.write_text(text, encoding="utf-8"))


def write_secr_csv(inputs: ReportInputs, path: str | Path) -> Path:
    """Write the SECR disclosure table as CSV (formula-safe)."""
    text = to_csv_text(secr_table(inputs))
    return write_atomic(Path(path), lambda p: p.write_text(text, encoding="utf-8"))


def write_xlsx(inputs: ReportInputs, path: str | Path) -> Path:
    """Write the report workbook."""
    return write_atomic(Path(path), lambda p: write_workbook(inputs, p))


WRITERS: dict[str, Callable[[ReportInputs, str | Path], Path]] = {
    "html": write_html, "pdf": write_pdf, "xlsx": write_xlsx, "json": write_json,
    "metrics_csv": write_metrics_csv, "secr_csv": write_secr_csv,
}


def write_outputs(inputs: ReportInputs, folder: str | Path, *,
                  formats: tuple[str, ...] = tuple(OUTPUT_NAMES)) -> dict[str, Path]:
    """Write several outputs into a folder (names from :data:`OUTPUT_NAMES`).

    Returns
    -------
    dict
        Format -> path written.
    """
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)  # the folder the user named
    return {fmt: WRITERS[fmt](inputs, root / OUTPUT_NAMES[fmt]) for fmt in formats}
