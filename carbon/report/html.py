"""The board report as ONE self-contained HTML file (CSS and charts inline, no scripts).

Sections: executive summary, emissions by scope and source, the supply chain from the
procurement ledger and money beside carbon (when the inventory has them), trajectory against
the NHS targets, the social value environment theme with RAG status, data quality, and a
methodology appendix (factor sets, policies, sources, SECR disclosure, run provenance). The
page has a ``lang``, one ``h1`` and ordered ``h2``/``h3`` headings, tables with captions and
``th scope`` headers, and alt text on every image; it prints on A4.
"""

from __future__ import annotations

from string import Template

from carbon._version import __version__
from carbon.report import charts, summary
from carbon.report.html_socialvalue import social_value_section
from carbon.report.html_supply import money_section, supply_chain_section, tier_table
from carbon.report.htmlkit import (
    Column,
    esc,
    figure,
    money,
    number,
    paragraph,
    percent,
    section,
    table,
)
from carbon.report.model import Chart, ReportInputs
from carbon.report.secr import methodology_statement, secr_table
from carbon.resources import read_text
from carbon.socialvalue.document import record_hash
from carbon.socialvalue.evaluate import label


def _kpi(label: str, value: str, ident: str) -> str:
    return f'<div><dt>{esc(label)}</dt><dd id="{esc(ident)}">{value}</dd></div>'


def executive_summary(inputs: ReportInputs) -> str:
    """Key figures and a one-paragraph narrative."""
    head = summary.headline(inputs)
    target = (f'<span class="status"><span aria-hidden="true">{esc(head.target_symbol)}</span> '
              f"{esc(head.target_text)}</span>")
    kpis = [
        _kpi(f"NHS Carbon Footprint {head.period} (tCO2e)", esc(number(head.cf_tco2e)),
             "kpi-total"),
        _kpi(f"Change since {head.previous_period or 'previous year'}",
             esc(percent(head.change_vs_previous_pct)), "kpi-change-previous"),
        _kpi(f"Change since base year {head.base_period}", esc(percent(head.change_vs_base_pct)),
             "kpi-change-base"),
        _kpi("Against the green plan path", target, "kpi-on-track"),
        _kpi("NHS Carbon Footprint Plus (tCO2e)", esc(number(head.cf_plus_tco2e)), "kpi-plus"),
        _kpi("Emissions from estimated data", esc(percent(head.estimated_pct, sign=False)),
             "kpi-estimated"),
    ]
    supply = summary.footprint_total(inputs.lines, "supply_chain")
    if supply:
        kpis.append(_kpi("of which supply chain (tCO2e)", esc(number(supply)), "kpi-supply"))
    if head.value_reduced_central_gbp is not None:
        kpis.append(_kpi(f"Value of carbon reduced since {head.base_period} "
                         f"(central, {head.value_price_year} prices)",
                         esc(money(head.value_reduced_central_gbp)),
                         "kpi-value"))
    story = [f"{inputs.organisation} emitted {number(head.cf_tco2e)} tCO2e in its NHS Carbon "
             f"Footprint in {head.period}"]
    if head.change_vs_base_pct is not None:
        story.append(f", {percent(head.change_vs_base_pct)} against the base year "
                     f"{head.base_period}")
    story.append(".")
    if head.target_required_tco2e is not None:
        story.append(f" The target {head.target_name} requires "
                     f"{number(head.target_required_tco2e)} tCO2e this year: "
                     f"{head.target_text.lower()}.")
    return section("Executive summary",
                   f'<dl class="kpis">{"".join(kpis)}</dl>' + paragraph("".join(story)),
                   section_id="summary")


def breakdown(inputs: ReportInputs, categories_chart: Chart) -> str:
    """Emissions by scope (table) and by NHS report group (chart and table)."""
    scopes = summary.scope_breakdown(inputs.lines)
    scope_table = table(f"Emissions by GHG Protocol scope, {inputs.period}", [
        Column("Scope", lambda r: r.name),
        Column("Location-based (tCO2e)", lambda r: number(r.tco2e), numeric=True),
        Column("Market-based (tCO2e)", lambda r: number(r.tco2e_market), numeric=True),
        Column("Share of scopes 1-3", lambda r: percent(r.share_pct, sign=False)
               if r.scope != "outside" else "excluded", numeric=True),
    ], list(scopes.itertuples()), table_id="table-scopes")
    groups = summary.category_breakdown(inputs.lines)
    group_table = table(f"Emissions by source, {inputs.period}", [
        Column("Source", lambda r: r.name),
        Column("Footprint", lambda r: r.footprint),
        Column("tCO2e", lambda r: number(r.tco2e), numeric=True),
        Column("Share", lambda r: percent(r.share_pct, sign=False), numeric=True),
    ], list(groups.itertuples()), table_id="table-categories")
    return section("Emissions by scope and source",
                   "<h3>By scope</h3>" + scope_table + "<h3>By source</h3>"
                   + figure(categories_chart) + group_table, section_id="breakdown")


def trajectory(inputs: ReportInputs, history_chart: Chart) -> str:
    """The trajectory chart (supplied by the targets engine, or drawn from its rows), the
    history by year and the compliance rows."""
    chart = inputs.chart("trajectory")
    if chart is None and not inputs.trajectory.empty:
        chart = charts.trajectory_chart(inputs.trajectory, summary.CF)
    parts = [figure(chart) if chart else paragraph(
        "No trajectory was supplied by the targets engine for this report.", "note")]
    parts.append(figure(history_chart))
    rows = inputs.compliance.sort_values(["year", "footprint", "target"])
    rows = rows.loc[rows["year"].astype("int64") <= inputs.year]
    if not rows.empty:
        parts.append(table("Compliance with targets by year", [
            Column("Target", lambda r: r.target),
            Column("Footprint", lambda r: str(r.footprint).replace("_", " ")),
            Column("Year", lambda r: label(int(r.year))),
            Column("Required (tCO2e)", lambda r: number(r.required), numeric=True),
            Column("Actual (tCO2e)", lambda r: number(r.actual), numeric=True),
            Column("Gap (tCO2e)", lambda r: number(r.gap_tco2e, sign=True), numeric=True),
            Column("Gap", lambda r: percent(r.gap_pct), numeric=True),
            Column("Status", lambda r: _target_status(str(r.status)), raw=True),
        ], list(rows.itertuples()), table_id="table-compliance"))
    return section("Trajectory against the NHS targets", "".join(parts), section_id="trajectory")


def _target_status(code: str) -> str:
    symbol, text = summary.TARGET_STATUS.get(code, ("–", code))
    return (f'<span class="status"><span aria-hidden="true">{esc(symbol)}</span> '
            f"{esc(text)}</span>")


def data_quality(inputs: ReportInputs) -> str:
    """% of emissions from estimated data, estimated shares by type, completeness by meter."""
    quality = summary.data_quality_summary(inputs)
    text = (f"{percent(quality.estimated_pct, sign=False)} of {inputs.period} emissions "
            f"come from estimated or filled activity data.")
    if quality.completeness_pct is not None:
        text += (f" Meter data are {percent(quality.completeness_pct, sign=False)} complete; "
                 f"{quality.meters_below_95} meter(s) are below 95%.")
    estimated = inputs.data_quality.estimated.sort_values("estimated_share", ascending=False)
    parts = [paragraph(text), table("Estimated share of activity by type", [
        Column("Activity type", lambda r: r.activity_type),
        Column("Quantity", lambda r: number(r.quantity), numeric=True),
        Column("Unit", lambda r: r.unit),
        Column("Estimated", lambda r: percent(100 * r.estimated_share, sign=False),
               numeric=True),
    ], list(estimated.itertuples()), table_id="table-estimated")]
    if not inputs.data_quality.completeness.empty:
        meters = summary.completeness_by_meter(inputs)
        parts.append(table("Meter data completeness (lowest first)", [
            Column("Meter", lambda r: r.meter_id),
            Column("Months", lambda r: str(r.months), numeric=True),
            Column("Periods expected", lambda r: number(r.expected, 0), numeric=True),
            Column("Periods present", lambda r: number(r.present, 0), numeric=True),
            Column("Complete", lambda r: percent(r.completeness_pct, sign=False), numeric=True),
        ], list(meters.itertuples()), table_id="table-completeness"))
    parts.append(tier_table(inputs))
    return section("Data quality", "".join(parts), section_id="data-quality")


def appendix(inputs: ReportInputs) -> str:
    """Methodology: factor sets, policies, sources, SECR disclosure and run provenance."""
    sets = summary.factor_sets(inputs.lines)
    parts = [paragraph(methodology_statement(inputs)), table("Emission factor sets used", [
        Column("Factor set", lambda r: r.factor_set),
        Column("Version", lambda r: r.factor_version),
        Column("Layer", lambda r: r.layer),
        Column("GWP basis", lambda r: r.gwp_basis),
        Column("Lines", lambda r: str(r.lines), numeric=True),
        Column("tCO2e", lambda r: number(r.tco2e), numeric=True),
    ], list(sets.itertuples()), table_id="table-factor-sets")]
    parts.append(table("Policies", [Column("Policy", lambda r: r.policy),
                                    Column("Setting", lambda r: r.value)],
                       list(summary.policies(inputs).itertuples())))
    secr = secr_table(inputs)
    years = [c for c in secr.columns if c not in ("section", "item", "unit")]
    parts.append("<h3>Streamlined Energy and Carbon Reporting (SECR) disclosure</h3>")
    parts.append(table("SECR disclosure", [
        Column("Item", lambda r: r["item"]), Column("Section", lambda r: r["section"]),
        Column("Unit", lambda r: r["unit"]), *[_secr_column(y) for y in years],
    ], secr.to_dict("records"), table_id="table-secr"))
    sources = [inputs.social_value.provenance.framework_source]
    for item in inputs.social_value.monetisation[:1]:
        sources += item.sources
    sources += [f"{p.measure_id}: {p.licence} ({p.table})"
                for p in inputs.social_value.proxy_values]
    parts.append("<h3>Sources</h3><ul>" + "".join(f"<li>{esc(s)}</li>" for s in sources)
                 + "</ul>")
    record = inputs.run_record
    run = [("Run id", str(record.get("run_id", "–"))),
           ("Run record sha256", record_hash(record) if record else "–"),
           ("Engine version", str(record.get("package_version", "–")))]
    inputs_list = record.get("inputs", [])
    if isinstance(inputs_list, list):
        run += [(f"Input {i.get('file', '?')}", f"sha256 {i.get('sha256', '?')}")
                for i in inputs_list if isinstance(i, dict)]
    parts.append(table("Run provenance", [Column("Item", lambda r: r[0]),
                                          Column("Value", lambda r: r[1])], run,
                       table_id="table-provenance"))
    return section("Methodology appendix", "".join(parts), section_id="methodology",
                   css_class="appendix")


def _secr_column(label: str) -> Column:
    def cell(row: dict[str, object]) -> str:
        ratio = str(row["unit"]).startswith("tCO2e/")
        return number(row[label], 2 if ratio else None)  # type: ignore[arg-type]
    return Column(label, cell, numeric=True)


def render_html(inputs: ReportInputs) -> str:
    """The whole report as one HTML document (same inputs, same text).

    Parameters
    ----------
    inputs : ReportInputs

    Returns
    -------
    str
        A complete HTML5 document with inline CSS and images.
    """
    head = summary.headline(inputs)
    history = charts.history_chart(summary.history(inputs), head.base_period,
                                   head.target_required_tco2e, inputs.period)
    categories = charts.category_chart(summary.category_breakdown(inputs.lines), inputs.period)
    code = f" ({inputs.organisation_code})" if inputs.organisation_code else ""
    title = f"Carbon and environment report {inputs.period}: {inputs.organisation}"
    header = (f"<header><h1>Carbon and environment report {esc(inputs.period)}</h1>"
              f'<p class="meta">{esc(inputs.organisation + code)}. Board paper. '
              f"Base year {esc(head.base_period)}. Run "
              f"{esc(inputs.run_record.get('run_id', 'not recorded'))}.</p></header>")
    body = "".join([
        header, "<main>", executive_summary(inputs), breakdown(inputs, categories),
        supply_chain_section(inputs), money_section(inputs),
        trajectory(inputs, history), social_value_section(inputs), data_quality(inputs),
        appendix(inputs), "</main>",
        f"<footer><p>Produced by carbon {esc(__version__)} from the inputs listed in the "
        f"methodology appendix.</p></footer>"])
    page = Template(read_text("carbon", "report/report.html"))
    return page.substitute(lang="en-GB", title=esc(title), css=read_text("carbon",
                           "report/report.css"), body=body,
                           generator=esc(f"carbon {__version__}"))
