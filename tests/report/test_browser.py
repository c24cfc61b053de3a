"""The HTML report in a real browser: headless Chromium over the DevTools pipe.

Runs wherever a Chromium binary exists (CI installs the Debian package); skipped otherwise.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.image import imread

from carbon.errors import ExternalToolError
from carbon.report import ReportInputs, find_chromium, write_html, write_pdf
from carbon.report.chromium import Browser
from carbon.report.htmlkit import number

needs_chromium = pytest.mark.skipif(find_chromium() is None,
                                    reason="no Chromium binary (apt-get install chromium)")

IMAGES = """Array.from(document.images).map(i => ({alt: i.alt, complete: i.complete,
  width: i.naturalWidth, height: i.naturalHeight}))"""


@pytest.mark.browser
@needs_chromium
def test_report_renders_in_chromium(report_inputs: ReportInputs, tmp_path: Path) -> None:
    html = write_html(report_inputs, tmp_path / "report.html")
    with Browser() as browser:
        page = browser.open(html, width=1100, height=1400)
        assert page.problems() == []
        assert page.evaluate("document.documentElement.lang") == "en-GB"
        images = page.evaluate(IMAGES)
        assert len(images) >= 10
        assert all(i["complete"] and i["width"] > 0 and i["height"] > 0 and i["alt"]
                   for i in images)
        lines = report_inputs.lines
        total = lines.loc[(lines["nhs_footprint"] == "CF") & (lines["scope"] != "outside"),
                          "tco2e"].sum()
        assert page.evaluate("document.getElementById('kpi-total').innerText") == number(total)
        text = page.evaluate("document.body.innerText")
        assert "On track" in text and "Reducing environmental impact" in text
        assert page.evaluate("document.querySelectorAll('table caption').length") >= 8
        shot = page.screenshot(tmp_path / "report.png")
        # A full-page capture: tall, and not blank (text and charts vary the pixels).
        pixels = imread(shot)
        assert pixels.shape[0] > 3000 and pixels[..., :3].std() > 0.05
        assert page.problems() == []


@pytest.mark.browser
@needs_chromium
def test_pdf_of_the_same_report(report_inputs: ReportInputs, tmp_path: Path) -> None:
    pdf = write_pdf(report_inputs, tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(pages) >= 4 and len(boxes) == len(pages)
    for width, height in boxes:  # A4 is 595 x 842 points
        assert abs(float(width) - 595.3) < 1 and abs(float(height) - 841.9) < 1


def test_pdf_without_chromium_is_a_clear_error(report_inputs: ReportInputs, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARBON_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(ExternalToolError, match="Chromium is not installed") as info:
        write_pdf(report_inputs, tmp_path / "report.pdf")
    assert "apt-get install chromium" in str(info.value)
    assert not (tmp_path / "report.pdf").exists()


@pytest.mark.browser
@needs_chromium
def test_pdf_from_the_command_line_in_a_fresh_process(inputs_dir: Path, tmp_path: Path) -> None:
    # A fresh process has matplotlib's font files on the lowest descriptors (3, 4 ...): the
    # DevTools pipe must still land on 3 and 4 in Chromium (regression test).
    out = tmp_path / "report.pdf"
    result = subprocess.run([sys.executable, "-m", "carbon", "report", "--year", "2024/25",
                             "--inputs", str(inputs_dir), "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
