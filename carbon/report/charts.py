"""Board-paper charts returned as :class:`Chart` objects (matplotlib ``Figure``, no pyplot).

One style for every chart: sans-serif text at 9-10 pt on a 17 cm wide figure, the NHS blue
palette, no chart junk, values labelled on the bars so no number depends on colour. PNGs are
written at 150 dpi without a timestamp, so the same data gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from carbon.report.model import Chart

BLUE, DARK_BLUE, GREY, LIGHT_GREY, YELLOW = "#005EB8", "#003087", "#768692", "#E8EDEE", "#FFB81C"
DPI = 150
WIDTH_IN = 6.7  # 17 cm: the text width of an A4 board paper
STYLE: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "axes.labelcolor": "#212B32",
    "xtick.color": "#212B32",
    "ytick.color": "#212B32",
    "axes.grid": True,
    "axes.grid.axis": "x",
    "grid.color": LIGHT_GREY,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
}


@contextmanager
def _figure(height_in: float, width_in: float = WIDTH_IN) -> Iterator[tuple[Figure, Any]]:
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(width_in, height_in), layout="constrained")
        yield fig, fig.add_subplot()


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _fmt(value: float) -> str:
    return f"{value:,.0f}"


def category_chart(categories: pd.DataFrame, period: str) -> Chart:
    """Horizontal bars of tCO2e by NHS report group, labelled with value and share.

    Parameters
    ----------
    categories : pandas.DataFrame
        Output of :func:`carbon.report.summary.category_breakdown`.
    period : str
        Reporting year label.
    """
    table = categories.iloc[::-1]
    with _figure(0.45 + 0.32 * max(len(table), 1)) as (fig, ax):
        colours = [BLUE if f == "Carbon Footprint" else GREY for f in table["footprint"]]
        bars = ax.barh(table["name"], table["tco2e"], color=colours)
        labels = [f"{_fmt(v)} ({s:.0f}%)" for v, s in zip(table["tco2e"], table["share_pct"],
                                                          strict=True)]
        ax.bar_label(bars, labels=labels, padding=3, fontsize=8)
        ax.set_xlabel("tCO2e (location-based)")
        ax.set_title(f"Emissions by source, {period}", loc="left")
        ax.margins(x=0.22)
        png = _png(fig)
    parts = "; ".join(f"{n} {_fmt(v)} tCO2e ({s:.0f}%)" for n, v, s in
                      zip(categories["name"], categories["tco2e"], categories["share_pct"],
                          strict=True))
    return Chart(id="categories", title=f"Emissions by source, {period}", media_type="image/png",
                 data=png, alt=f"Bar chart of emissions by source in {period}: {parts}.",
                 caption="Blue bars count in the NHS Carbon Footprint; grey bars only in "
                         "Carbon Footprint Plus.")


def history_chart(history: pd.DataFrame, base_period: str,
                  required: float | None, period: str) -> Chart:
    """Columns of NHS Carbon Footprint tCO2e by year, with this year's required level.

    Parameters
    ----------
    history : pandas.DataFrame
        Output of :func:`carbon.report.summary.history`.
    base_period, period : str
        Base year and reporting year labels.
    required : float, optional
        The target's required tCO2e for the reporting year (a dashed line).
    """
    with _figure(2.6) as (fig, ax):
        colours = [DARK_BLUE if p == base_period else BLUE for p in history["period"]]
        bars = ax.bar(history["period"], history["tco2e"], color=colours, width=0.6)
        ax.bar_label(bars, labels=[_fmt(v) for v in history["tco2e"]], padding=2, fontsize=8)
        ax.grid(axis="y")
        ax.grid(axis="x", visible=False)
        if required is not None:
            ax.axhline(required, color=YELLOW, linestyle="--", linewidth=1.5,
                       label=f"Required in {period}: {_fmt(required)} tCO2e")
            ax.legend(loc="upper right", frameon=False, fontsize=8)
        ax.set_ylabel("tCO2e")
        ax.set_title("NHS Carbon Footprint by year", loc="left")
        ax.margins(y=0.15)
        png = _png(fig)
    values = "; ".join(f"{p} {_fmt(v)}" for p, v in zip(history["period"], history["tco2e"],
                                                         strict=True))
    extra = "" if required is None else f" The target requires {_fmt(required)} tCO2e in {period}."
    return Chart(id="history", title="NHS Carbon Footprint by year", media_type="image/png",
                 data=png, alt=f"Column chart of NHS Carbon Footprint emissions in tCO2e by "
                 f"year: {values}. The base year is {base_period}.{extra}")


def trajectory_chart(trajectory: pd.DataFrame, footprint: str) -> Chart:
    """Lines of each trajectory series (actual, target path, scenarios) for one footprint.

    Used when the targets engine supplied trajectory rows but no pre-rendered chart.
    """
    rows = trajectory.loc[trajectory["footprint"].astype(str) == footprint]
    with _figure(2.8) as (fig, ax):
        for i, (series, part) in enumerate(rows.groupby("series", sort=True)):
            part = part.sort_values("year")
            style = "-" if series == "actual" else ("--" if i % 2 else ":")
            ax.plot(part["year"], part["tco2e"], style, marker="o" if series == "actual" else "",
                    markersize=3, label=str(series),
                    color=DARK_BLUE if series == "actual" else (BLUE, GREY, YELLOW)[i % 3])
        ax.grid(axis="y")
        ax.set_ylabel("tCO2e")
        ax.set_xlabel("financial year (start)")
        ax.legend(frameon=False, fontsize=8)
        ax.set_title("Trajectory against the NHS targets", loc="left")
        png = _png(fig)
    names = ", ".join(sorted(rows["series"].astype(str).unique()))
    first, last = int(rows["year"].min()), int(rows["year"].max())
    return Chart(id="trajectory", title="Trajectory against the NHS targets",
                 media_type="image/png", data=png,
                 alt=f"Line chart of {footprint.replace('_', ' ')} emissions in tCO2e from "
                 f"{first} to {last}, series: {names}.",
                 caption="Drawn by the report from the trajectory rows.")


def sparkline(metric_id: str, name: str, points: list[tuple[str, float]], unit: str) -> Chart:
    """A small trend line for one metric (one point per year)."""
    with _figure(0.45, 1.6) as (fig, ax):
        ax.plot(range(len(points)), [v for _, v in points], color=BLUE, marker="o",
                markersize=2.5, linewidth=1.2)
        ax.axis("off")
        png = _png(fig)
    text = ", ".join(f"{p} {v:,.1f}" for p, v in points)
    return Chart(id=f"trend-{metric_id.replace('_', '-')}", title=f"Trend of {name}",
                 media_type="image/png", data=png, alt=f"Trend of {name} ({unit}): {text}.")
