"""The social value section of the board report: metrics with RAG, monetised carbon, PPN rows."""

from __future__ import annotations

from itertools import groupby

from carbon.report.charts import sparkline
from carbon.report.htmlkit import (
    Column,
    esc,
    inline_image,
    money,
    number,
    paragraph,
    percent,
    section,
    status,
    table,
)
from carbon.report.model import ReportInputs
from carbon.socialvalue.document import MetricResult
from carbon.socialvalue.evaluate import label

TREND_WORDS = {"improving": "↘ improving", "worsening": "↗ worsening",
               "unchanged": "→ unchanged", "unknown": "–"}


def _value(result: MetricResult, value: float | None) -> str:
    if result.unit == "%":
        return percent(value, sign=result.comparison != "level")
    return number(value)


def _trend(result: MetricResult) -> str:
    points = [(p.period, p.value) for p in result.trend if p.value is not None]
    words = TREND_WORDS[result.trend_direction]
    if result.direction == "higher_is_better" and result.trend_direction != "unknown":
        words = {"improving": "↗ improving", "worsening": "↘ worsening"}.get(
            result.trend_direction, words)
    if len(points) < 2:
        return esc(words)
    chart = sparkline(result.metric_id, result.name, [(p, float(v)) for p, v in points],
                      result.unit)
    return f"{inline_image(chart, 'spark')} {esc(words)}"


def metrics_table(caption: str, results: list[MetricResult], table_id: str) -> str:
    """One table of metric results: value, base, target, status (symbol and words), trend."""
    return table(caption, [
        Column("Metric", lambda r: r.name + (" (key value indicator)"
                                             if r.key_value_indicator else "")),
        Column("Unit", lambda r: r.unit),
        Column("Value", lambda r: _value(r, r.value), numeric=True),
        Column("Base year", lambda r: _value(r, r.base_value), numeric=True),
        Column("Target", lambda r: _value(r, r.target), numeric=True),
        Column("Status", lambda r: status(r.status, r.status_symbol, r.status_text), raw=True),
        Column("Trend", _trend, raw=True),
    ], results, table_id=table_id)


def social_value_section(inputs: ReportInputs) -> str:
    """Metrics by sub-theme, monetised carbon, procurement models and proxy values."""
    doc = inputs.social_value
    parts = [paragraph(f"{doc.framework_name}. Base year {label(doc.base_year)}. Status: "
                       "✓ on track, ! at risk (within tolerance), ✗ off track, – monitored "
                       "without a target.", "note")]
    for (theme, sub_theme), group in groupby(doc.metrics, key=lambda m: (m.theme, m.sub_theme)):
        parts.append(f"<h3>{esc(theme)}: {esc(sub_theme)}</h3>")
        results = list(group)
        parts.append(metrics_table(f"{sub_theme}, {doc.period}", results,
                                   f"table-sv-{results[0].sub_theme_id}"))
    if doc.monetisation:
        parts.append("<h3>Value of carbon reduced</h3>")
        parts.append(table("Carbon reduced, valued with the government carbon values", [
            Column("Against", lambda m: "base year" if m.basis == "base_year"
                   else "business as usual"),
            Column("Reduced (tCO2e)", lambda m: number(m.tco2e_reduced), numeric=True),
            Column("Carbon value year", lambda m: str(m.value_year), numeric=True),
            Column("Low", lambda m: money(m.value_gbp["low"]), numeric=True),
            Column("Central", lambda m: money(m.value_gbp["central"]), numeric=True),
            Column("High", lambda m: money(m.value_gbp["high"]), numeric=True),
            Column("Prices", lambda m: f"{m.price_year} prices"),
        ], doc.monetisation, table_id="table-monetisation"))
    changes = {m.metric_id for m in doc.metrics if m.comparison != "level"}
    for model, rows in groupby(doc.procurement, key=lambda r: r.model):
        listed = list(rows)
        parts.append(table(f"Reported under {model}", [
            Column("Reporting metric", lambda r: r.reporting_metric),
            Column("Theme", lambda r: r.theme), Column("Outcome", lambda r: r.outcome),
            Column("Value", lambda r: number(r.value) if r.unit != "%"
                   else percent(r.value, sign=r.metric_id in changes), numeric=True),
            Column("Unit", lambda r: r.unit),
        ], listed))
    if doc.proxy_values:
        parts.append(table("Values from the user's licensed proxy table", [
            Column("Measure", lambda p: f"{p.measure_id} {p.description}"),
            Column("Quantity", lambda p: number(p.quantity_value), numeric=True),
            Column("Unit", lambda p: p.unit),
            Column("Value", lambda p: money(p.value_gbp), numeric=True),
            Column("Licence", lambda p: p.licence),
        ], doc.proxy_values))
    return section("Social value: environment theme", "".join(parts), section_id="social-value")
