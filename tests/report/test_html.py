"""The HTML report: self-contained, accessible, escaped, deterministic, with the key numbers."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from carbon.activity import read_activity_csv
from carbon.report import ReportInputs, assemble_report_inputs, render_html
from carbon.report.htmlkit import number


class Outline(HTMLParser):
    """Collects what the accessibility checks need."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self.tables += tag == "table"
        self.captions += tag == "caption"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def html(report_inputs: ReportInputs) -> str:
    return render_html(report_inputs)


@pytest.fixture(scope="module")
def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def test_self_contained(html: str, outline: Outline) -> None:
    assert "<script" not in html and "<link" not in html and "@import" not in html
    for tag, attrs in outline.tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith(("data:", "#")), (tag, value)
    assert sum(tag == "img" for tag, _ in outline.tags) >= 3


def test_accessible_structure(outline: Outline) -> None:
    assert outline.tags[0][0] == "html" and outline.tags[0][1].get("lang") == "en-GB"
    assert outline.headings.count(1) == 1 and outline.headings[0] == 1
    for before, after in zip(outline.headings, outline.headings[1:], strict=False):
        assert after <= before + 1, outline.headings  # no skipped heading level
    assert outline.tables == outline.captions > 5
    ths = [attrs for tag, attrs in outline.tags if tag == "th"]
    assert ths and all(attrs.get("scope") in ("col", "row") for attrs in ths)
    images = [attrs for tag, attrs in outline.tags if tag == "img"]
    assert all((attrs.get("alt") or "").strip() for attrs in images)


def test_status_is_written_not_only_coloured(html: str, outline: Outline) -> None:
    text = "".join(outline.text)
    assert "✓ On track" in text and "! At risk" in text and "– Monitored (no target)" in text
    for status in re.findall(r'class="status status-(\w+)"><span aria-hidden="true">(.)</span>',
                             html):
        assert status[1] in "✓!✗–?"


def test_key_numbers(report_inputs: ReportInputs, outline: Outline) -> None:
    text = "".join(outline.text)
    lines = report_inputs.lines
    total = lines.loc[(lines["nhs_footprint"] == "CF") & (lines["scope"] != "outside"),
                      "tco2e"].sum()
    assert number(total) in text
    for section in ("Executive summary", "Emissions by scope and source",
                    "Trajectory against the NHS targets", "Social value: environment theme",
                    "Data quality", "Methodology appendix"):
        assert section in text
    assert "desnz:2024" in text and "run-2025-06-30-rzz-0007" in text
    assert "Streamlined Energy and Carbon Reporting" in text
    assert "Reducing environmental impact: Reducing impact" in text


def test_print_css_for_a4(html: str) -> None:
    assert "@page { size: A4" in html and "@media print" in html


def test_same_inputs_same_html(report_inputs: ReportInputs, html: str) -> None:
    assert render_html(report_inputs) == html


def test_everything_is_escaped(report_inputs: ReportInputs) -> None:
    hostile = report_inputs.model_copy(update={
        "organisation": '<script>alert("x")</script> & Co',
        "run_record": {**report_inputs.run_record, "run_id": '"><img src=x onerror=alert(1)>'}})
    text = render_html(hostile)
    assert "<script>alert" not in text and "onerror=alert(1)>" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in text


def test_a_report_from_the_required_inputs_only(report_inputs: ReportInputs,
                                                inputs_dir: Path) -> None:
    minimal = assemble_report_inputs(
        organisation="Minimal trust", year=2024, base_year=2019,
        inventory=report_inputs.inventory, activity=read_activity_csv(inputs_dir / "activity.csv"),
        annual_actuals=report_inputs.annual_actuals)
    text = render_html(minimal)
    assert "No trajectory was supplied by the targets engine" in text
    assert "No target supplied" in text and "Compliance with targets" not in text
    assert "Meter data completeness" not in text and "–" in text


def test_no_supply_chain_or_money_section_without_them(html: str) -> None:
    assert 'id="supply-chain"' not in html and 'id="money"' not in html
    assert 'id="kpi-supply"' not in html
