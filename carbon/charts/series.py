"""What a trajectory chart draws, as plain data built from compliance and scenario results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from carbon.targets import Target
from carbon.uncertainty import QUANTILES

if TYPE_CHECKING:
    from carbon.scenario import ScenarioResult

Kind = Literal["actual", "target", "scenario", "bau"]


@dataclass(frozen=True)
class Series:
    """One line of a trajectory chart, values per financial start year.

    Attributes
    ----------
    label : str
    kind : {'actual', 'target', 'scenario', 'bau'}
    years : numpy.ndarray
    values : numpy.ndarray
    low, high : numpy.ndarray, optional
        Uncertainty band (5th and 95th percentiles).
    index : int
        Position among series of its kind (picks the colour).
    dashed : bool
        Draw dashed (a target path evaluated at the latest end of its windows is dotted).
    """

    label: str
    kind: Kind
    years: NDArray[np.int64]
    values: NDArray[np.float64]
    low: NDArray[np.float64] | None = None
    high: NDArray[np.float64] | None = None
    index: int = 0
    dashed: bool = False


@dataclass(frozen=True)
class Window:
    """A target window: the required ``level`` anywhere from ``first_year`` to ``last_year``."""

    label: str
    first_year: int
    last_year: int
    level: float
    index: int = 0


def actual_line(actual: pd.Series, label: str = "Actual") -> Series:
    """The actual figures as a chart series."""
    clean = actual.dropna().sort_index()
    return Series(label, "actual", clean.index.to_numpy(dtype=np.int64),
                  clean.to_numpy(dtype=np.float64))


def target_lines(target: Target, base_value: float, until: int,
                 index: int = 0) -> tuple[list[Series], list[Window]]:
    """Required paths (one per check) and windows of a target, from its base year to ``until``."""
    years = np.arange(target.base_year, max(until, target.final_year) + 1, dtype=np.int64)
    short = target.name.split(":")[0] if ":" in target.name else target.name
    reading = {"own_baseline": "own base", "national_share": "national share"}.get(
        target.reading, target.reading)
    series = []
    for check in target.checks:
        end = "" if check == "target" else f", {check} end of window"
        series.append(Series(f"{short} ({reading}{end})", "target", years,
                             base_value * target.path(years, check), index=index,
                             dashed=check != "latest"))
    windows = [Window(f"{m.reduction:.0%} cut ({reading})", m.first_year, m.last_year,
                      base_value * (1.0 - m.reduction), index=index)
               for m in target.milestones if m.is_window]
    return series, windows


def scenario_series(results: list[ScenarioResult],
                    footprint: str) -> tuple[list[Series], list[Window]]:
    """Actuals, targets (of the first result), business as usual and each scenario with its band."""
    first = results[0]
    out: list[Series] = []
    windows: list[Window] = []
    if first.actuals is not None:
        from carbon.trajectory_inputs import actual_series

        actual = actual_series(first.actuals, "tco2e", footprint)
        if len(actual):
            out.append(actual_line(actual))
    until = int(first.years[-1])
    for i, t in enumerate(x for x in first.targets
                          if x.footprint == footprint and x.metric == "tco2e"):
        s, w = target_lines(t, first.base_values[t.id], until, index=i)
        out += s
        windows += w
    out.append(Series(f"Business as usual ({first.scenario.scenario.name})", "bau",
                      first.years, first.total(footprint, variant="bau")))
    for i, r in enumerate(results):
        low = high = None
        mc = r.monte_carlo
        if mc is not None and ("tco2e", footprint) in mc.totals:
            low, high = np.quantile(mc.totals[("tco2e", footprint)],
                                    [QUANTILES[0], QUANTILES[-1]], axis=0)
        out.append(Series(r.scenario.scenario.name, "scenario", r.years, r.total(footprint),
                          low, high, index=i))
    return out, windows
