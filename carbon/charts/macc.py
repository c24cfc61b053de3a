"""The marginal abatement cost curve: one bar per costed intervention, width = annual
abatement, height = cost per tonne, cheapest first. Bars are numbered; the legend names them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon.charts import Chart
from carbon.charts import style as st


def gbp(value: float) -> str:
    """``-£1,383`` / ``£90``: money to the pound."""
    return f"{'-' if value < 0 else ''}£{abs(value):,.0f}"


def macc_chart(frame: pd.DataFrame, *, title: str) -> Chart:
    """Draw a MACC from :func:`carbon.abatement.macc` rows (only ``included`` rows are drawn)."""
    from matplotlib.patches import Patch

    rows = frame[frame["included"].astype(bool)]
    widths = rows["mean_annual_abatement_tco2e"].to_numpy(dtype=np.float64)
    costs = rows["gbp_per_tco2e"].to_numpy(dtype=np.float64)
    names = [str(n) for n in rows["name"]]
    lefts = np.cumsum(widths) - widths
    colours = [st.DECREASE if c < 0 else st.TOTAL for c in costs]
    with st.style_context():
        figure, ax = st.new_axes()
        ax.bar(lefts, costs, width=widths, align="edge", color=colours, edgecolor="white",
               linewidth=1.0, zorder=3)
        for i, (left, width, cost) in enumerate(zip(lefts, widths, costs, strict=True)):
            ax.annotate(str(i + 1), (left + width / 2, cost), xytext=(0, 3 if cost >= 0 else -3),
                        textcoords="offset points", ha="center",
                        va="bottom" if cost >= 0 else "top", fontsize=10, fontweight="bold")
        ax.axhline(0, color="#425563", linewidth=0.8)
        ax.set_xlim(0, max(float(widths.sum()), 1.0) * 1.02)
        ax.set_xlabel("Mean annual abatement over lifetime [tCO2e/year], cumulative")
        ax.set_ylabel("Cost of abatement [GBP/tCO2e]")
        ax.set_title(title, loc="left")
        ax.grid(axis="y", color="#D9DDE0", linewidth=0.8, zorder=0)
        handles = [Patch(color=c, label=f"{i + 1}  {n}: {gbp(cost)}/t, {w:,.0f} t/yr")
                   for i, (c, n, cost, w) in enumerate(zip(colours, names, costs, widths,
                                                           strict=True))]
        if handles:
            figure.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False)
    listed = "; ".join(f"{i + 1}. {n}: {gbp(c)} per tCO2e for {w:,.0f} tCO2e a year"
                       for i, (n, c, w) in enumerate(zip(names, costs, widths, strict=True)))
    left_off = [str(n) for n in frame[~frame["included"].astype(bool)]["name"]]
    note = (f" Not on the curve (no cost or no abatement): {', '.join(left_off)}."
            if left_off else "")
    return Chart(figure, title, f"Marginal abatement cost curve, cheapest first: {title}. "
                 f"{listed or 'no costed intervention'}.{note}")
