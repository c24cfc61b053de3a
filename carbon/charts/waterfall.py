"""The abatement waterfall: from base-year emissions, through growth, grid decarbonisation and
each intervention, to the scenario."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon.charts import Chart
from carbon.charts import style as st


def waterfall_chart(frame: pd.DataFrame, *, title: str, unit: str = "tCO2e") -> Chart:
    """Draw a waterfall.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows ``step``, ``kind`` (``total`` or ``change``), ``tco2e`` in order, as from
        :meth:`carbon.scenario.ScenarioResult.waterfall`.
    title, unit : str
    """
    values = frame["tco2e"].to_numpy(dtype=np.float64)
    total = (frame["kind"] == "total").to_numpy()
    bottoms, heights, colours = [], [], []
    level = 0.0
    for value, is_total in zip(values, total, strict=True):
        if is_total:
            bottoms.append(0.0)
            heights.append(value)
            colours.append(st.TOTAL)
            level = value
        else:
            bottoms.append(level + min(value, 0.0))
            heights.append(abs(value))
            colours.append(st.DECREASE if value < 0 else st.INCREASE)
            level += value
    x = np.arange(len(values))
    from matplotlib.patches import Patch

    with st.style_context():
        figure, ax = st.new_axes()
        bars = ax.bar(x, heights, bottom=bottoms, color=colours, width=0.7, zorder=3)
        for i, (bar, value) in enumerate(zip(bars, values, strict=True)):
            text = f"{value:,.0f}" if total[i] else f"{value:+,.0f}"
            ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height()),
                        xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
        for i in range(len(values) - 1):
            top = bottoms[i] + heights[i] if total[i] or values[i] >= 0 else bottoms[i]
            ax.plot([i + 0.35, i + 0.65], [top, top], color="#425563", linewidth=0.8)
        ax.set_xticks(x, [str(s) for s in frame["step"]], rotation=30, ha="right")
        ax.set_ylabel(unit)
        ax.set_title(title, loc="left")
        st.thousands(ax)
        ax.grid(axis="y", color="#D9DDE0", linewidth=0.8, zorder=0)
        handles = [Patch(color=c, label=lab) for c, lab in
                   ((st.TOTAL, "Total"), (st.DECREASE, "Decrease"), (st.INCREASE, "Increase"))]
        ax.legend(handles=handles, loc="upper right", frameon=False)
    steps = "; ".join(f"{s}: {v:+,.0f}" if k == "change" else f"{s}: {v:,.0f}"
                      for s, k, v in zip(frame["step"], frame["kind"], values, strict=True))
    return Chart(figure, title, f"Waterfall chart: {title}, in {unit}. {steps}.")
