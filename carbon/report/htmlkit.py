"""Small HTML building blocks: every text escaped, tables with real headers, figures with alt.

No template engine: each helper returns a string built from :func:`html.escape`d parts, so a
value can never inject markup. Tables get a ``<caption>`` and ``<th scope>`` headers; numbers
are right-aligned; status cells carry a symbol and words as well as a colour class.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from carbon.report.model import Chart


def esc(value: object) -> str:
    """Escape any value for HTML text or attribute context."""
    return escape(str(value), quote=True)


def number(value: float | None, decimals: int | None = None, *, sign: bool = False) -> str:
    """Format a number for a board paper: thousands separators, '–' for missing.

    Without ``decimals``, values of 100 or more get none, smaller values one.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    places = decimals if decimals is not None else (0 if abs(value) >= 100 or value == 0 else 1)
    text = f"{value:+,.{places}f}" if sign else f"{value:,.{places}f}"
    return text.replace("-", "−")


def percent(value: float | None, *, sign: bool = True) -> str:
    """A percentage with one decimal and an explicit sign ('−4.2%')."""
    return "–" if value is None else number(value, 1, sign=sign) + "%"


def money(value: float | None) -> str:
    """Pounds with no pence ('£1,234,567'; negative values '−£12')."""
    if value is None:
        return "–"
    text = f"£{abs(value):,.0f}"
    return "−" + text if value < 0 else text


@dataclass(frozen=True)
class Column:
    """A table column: header text, how to get the cell, and whether it is numeric."""

    header: str
    cell: Callable[[Any], str]
    numeric: bool = False
    raw: bool = False  # the cell function returns safe HTML (already escaped)


def table(caption: str, columns: Sequence[Column], rows: Sequence[Any], *,
          row_header: bool = True, table_id: str | None = None) -> str:
    """An accessible table: caption, ``th scope=col`` headers, first cell ``th scope=row``."""
    head = "".join(f'<th scope="col"{_num(c)}>{esc(c.header)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = []
        for i, column in enumerate(columns):
            content = column.cell(row)
            text = content if column.raw else esc(content)
            tag = "th" if (i == 0 and row_header) else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}{_num(column)}>{text}</{tag}>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    ident = f' id="{esc(table_id)}"' if table_id else ""
    return (f"<table{ident}><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _num(column: Column) -> str:
    return ' class="num"' if column.numeric else ""


def figure(chart: Chart, *, css_class: str = "") -> str:
    """A ``<figure>`` with the chart inline (data URI), its alt text and caption."""
    cls = f' class="{esc(css_class)}"' if css_class else ""
    caption = f"<figcaption>{esc(chart.caption)}</figcaption>" if chart.caption else ""
    return (f'<figure id="fig-{esc(chart.id)}"><img{cls} src="{chart.data_uri()}" '
            f'alt="{esc(chart.alt)}">{caption}</figure>')


def inline_image(chart: Chart, css_class: str) -> str:
    """A chart as an inline ``<img>`` (for table cells), with its alt text."""
    return f'<img class="{esc(css_class)}" src="{chart.data_uri()}" alt="{esc(chart.alt)}">'


def status(code: str, symbol: str, text: str) -> str:
    """A status as symbol and words, coloured by class (colour is never the only carrier)."""
    return (f'<span class="status status-{esc(code)}"><span aria-hidden="true">{esc(symbol)}'
            f"</span> {esc(text)}</span>")


def section(heading: str, body: str, *, section_id: str, css_class: str = "") -> str:
    """A ``<section>`` with an ``h2`` heading labelled for assistive technology."""
    cls = f' class="{esc(css_class)}"' if css_class else ""
    return (f'<section id="{esc(section_id)}" aria-labelledby="{esc(section_id)}-h"{cls}>'
            f'<h2 id="{esc(section_id)}-h">{esc(heading)}</h2>{body}</section>')


def paragraph(text: str, css_class: str = "") -> str:
    """An escaped paragraph."""
    cls = f' class="{esc(css_class)}"' if css_class else ""
    return f"<p{cls}>{esc(text)}</p>"
