"""The trajectory chart: actuals, required paths and windows, scenarios and uncertainty bands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from carbon.charts import Chart
from carbon.charts import style as st
from carbon.charts.series import Series, Window
from carbon.compliance import fy_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def trajectory_chart(series: list[Series], windows: list[Window], *, title: str,
                     unit: str) -> Chart:
    """Draw a trajectory chart.

    Parameters
    ----------
    series : list of Series
        Actual, target, business-as-usual and scenario lines (bands where ``low``/``high``).
    windows : list of Window
        Target windows, drawn as shaded spans with the required level across them.
    title : str
    unit : str
        Unit of the values (y axis label), e.g. ``tCO2e``.
    """
    with st.style_context():
        figure, ax = st.new_axes()
        for first, last in dict.fromkeys((w.first_year, w.last_year) for w in windows):
            ax.axvspan(first - 0.5, last + 0.5, color=st.WINDOW, zorder=0,
                       label=f"Target window {fy_label(first)} to {fy_label(last)}")
        for w in windows:
            ax.hlines(w.level, w.first_year - 0.5, w.last_year + 0.5, zorder=1, linewidth=3,
                      color=st.TARGETS[w.index % len(st.TARGETS)],
                      label=f"{w.label}: {w.level:,.0f} {unit}")
        for s in series:
            _draw(ax, s)
        years = np.concatenate([s.years for s in series]) if series else np.array([2019])
        st.fy_ticks(ax, int(years.min()), int(years.max()))
        ax.set_ylim(bottom=0)
        ax.set_ylabel(unit)
        ax.set_title(title, loc="left")
        st.thousands(ax)
        ax.grid(axis="y", color="#D9DDE0", linewidth=0.8)
        figure.legend(loc="outside lower center", ncol=2, frameon=False)
    return Chart(figure, title, _alt_text(series, windows, title, unit))


def _draw(ax: Axes, s: Series) -> None:
    if s.kind == "actual":
        ax.plot(s.years, s.values, color=st.ACTUAL, marker="o", linewidth=2.5,
                zorder=5, label=s.label)
    elif s.kind == "target":
        ax.plot(s.years, s.values, color=st.TARGETS[s.index % len(st.TARGETS)],
                linestyle="--" if s.dashed else ":", linewidth=2, zorder=3, label=s.label)
    elif s.kind == "bau":
        ax.plot(s.years, s.values, color=st.BAU, linestyle="-.", linewidth=2, zorder=2,
                label=s.label)
    else:
        colour = st.SCENARIOS[s.index % len(st.SCENARIOS)]
        if s.low is not None and s.high is not None:
            ax.fill_between(s.years, s.low, s.high, color=colour, alpha=0.18, zorder=2,
                            linewidth=0, label=f"{s.label}: 5-95% range")
        ax.plot(s.years, s.values, color=colour, linewidth=2.5, zorder=4, label=s.label)


def _alt_text(series: list[Series], windows: list[Window], title: str, unit: str) -> str:
    parts = [f"Line chart: {title}, in {unit} per NHS financial year."]
    for s in series:
        if not len(s.values):
            continue
        first, last = int(s.years[0]), int(s.years[-1])
        a, b = float(s.values[0]), float(s.values[-1])
        if s.kind == "actual":
            change = f" ({(b - a) / a:+.0%})" if a else ""
            parts.append(f"Actual: {a:,.0f} in {fy_label(first)}, {b:,.0f} in "
                         f"{fy_label(last)}{change}.")
        elif s.kind == "target":
            parts.append(f"Required path {s.label}: {a:,.0f} in {fy_label(first)} to "
                         f"{b:,.0f} by {fy_label(last)}.")
        else:
            band = ""
            if s.low is not None and s.high is not None:
                band = f" (5-95% range {float(s.low[-1]):,.0f} to {float(s.high[-1]):,.0f})"
            parts.append(f"{s.label}: {a:,.0f} in {fy_label(first)} to {b:,.0f} in "
                         f"{fy_label(last)}{band}.")
    for w in windows:
        parts.append(f"Target window {fy_label(w.first_year)} to {fy_label(w.last_year)}: "
                     f"{w.label}, {w.level:,.0f} {unit}.")
    return " ".join(parts)
