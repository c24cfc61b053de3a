"""Compliance of actual figures with a target, year by year and per milestone.

For each financial year from the base year to the latest actual, and for each check of the
target (``earliest`` and ``latest`` end of window milestones, or ``target``):

* ``required``: the path value (base-year value x path level), ``gap = actual - required``
  (positive = above the path) and ``gap_pct = gap / required`` (empty where the path is zero);
* ``status``: ``on_track`` when ``actual <= required``; ``at_risk`` when the gap is at most
  ``tolerance x base-year value``; ``off_track`` otherwise. ``overall_status`` combines window
  checks: on track against the earliest end, at risk if only within tolerance or only on track
  against the latest end, off track otherwise;
* ``cumulative_actual`` and ``cumulative_required`` from the base year, and
  ``cumulative_gap``, their difference: the area between the curves, the carbon budget over-
  (positive) or under-spent so far (years without an actual are left out of both sums).

Per milestone (the summary), from the latest actual year: the rate needed to reach the
milestone level by its year, the recent rate (over ``recent_years``), the first year the level
would be reached if the recent rate continued, and the path's carbon budget from the base year
to the milestone year (``carbon_budget``, ``budget_used``, ``budget_remaining``). Rates follow
the milestone's declared rate type: compound rates are fractions of the previous year, linear
rates fractions of the base year. An annual-rate target has one summary row: at its end year
(the level to reach) or, without one, next year's path value (the year met is then the year the
trust would be back on the path).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from carbon.errors import ConfigurationError, TableContractError
from carbon.periods import ReportingPeriod
from carbon.presets import conventions
from carbon.targets import Check, RateType, Target, required_rate

#: Last year searched when extrapolating the recent rate (the periods module's limit).
HORIZON = 2100
STATUSES = ("on_track", "at_risk", "off_track", "no_data")


def fy_label(year: int) -> str:
    """``2019/20`` for start year 2019."""
    return ReportingPeriod.financial_year(int(year)).label


@dataclass(frozen=True)
class Compliance:
    """Compliance of one metric series with one target.

    Attributes
    ----------
    target : Target
    base_value : float
        Actual value in the base year (units of the metric, or metric per denominator unit).
    table : pandas.DataFrame
        One row per check and year (columns in the module docstring).
    summary : pandas.DataFrame
        One row per check and milestone.
    """

    target: Target
    base_value: float
    table: pd.DataFrame
    summary: pd.DataFrame

    def required(self, years: np.ndarray, check: Check) -> np.ndarray:
        """Required absolute values for ``years`` under ``check``."""
        return self.base_value * self.target.path(years, check)


def assess(target: Target, actual: pd.Series, *, tolerance: float | None = None,
           recent_years: int | None = None) -> Compliance:
    """Evaluate an actual series against a target.

    Parameters
    ----------
    target : Target
    actual : pandas.Series
        Values indexed by financial start year, in the target's metric (tCO2e, kWh ...) or,
        for intensity targets, metric per denominator unit.
    tolerance : float, optional
        At-risk band as a fraction of the base-year value (default from
        ``scenarios/targets.toml``).
    recent_years : int, optional
        Span of the recent rate (default from ``scenarios/targets.toml``).

    Raises
    ------
    TableContractError
        If the series has no value for the base year, or the base value is not positive.
    ConfigurationError
        If the tolerance is not a fraction in [0, 1).
    """
    tol = conventions().at_risk_tolerance if tolerance is None else tolerance
    if not 0.0 <= tol < 1.0:
        raise ConfigurationError("the at-risk tolerance must be a fraction from 0 to below 1",
                                 column="tolerance", value=tol,
                                 fix="give e.g. --tolerance 0.05 for 5% of the base-year value")
    span = conventions().recent_years if recent_years is None else recent_years
    actual = actual.dropna().sort_index()
    if target.base_year not in actual.index:
        have = ", ".join(fy_label(y) for y in actual.index) or "none"
        raise TableContractError(
            f"no actual {target.footprint} {target.metric} for the base year "
            f"{fy_label(target.base_year)} of target {target.id!r}", column="year",
            expected=f"a row for {fy_label(target.base_year)} (have: {have})",
            fix="add the base-year figure or choose another base year")
    base_value = float(actual[target.base_year])
    if base_value <= 0:
        raise TableContractError(f"the base-year value of {target.id!r} is not positive",
                                 value=base_value)
    latest = int(actual.index.max())
    years = np.arange(target.base_year, max(latest, target.base_year) + 1)
    values = actual.reindex(years).to_numpy(dtype=np.float64)
    frames, summaries = [], []
    for check in target.checks:
        required = base_value * target.path(years, check)
        frames.append(_table(target, check, years, values, required, base_value * tol))
        summaries.extend(_summary_rows(target, check, actual, base_value, span))
    table = pd.concat(frames, ignore_index=True)
    table["overall_status"] = _overall(table, target.checks)
    return Compliance(target, base_value, table, pd.DataFrame(summaries))


def _status(gap: np.ndarray, band: float) -> np.ndarray:
    return np.select([np.isnan(gap), gap <= 0, gap <= band],
                     ["no_data", "on_track", "at_risk"], "off_track")


def _table(target: Target, check: Check, years: np.ndarray, values: np.ndarray,
           required: np.ndarray, band: float) -> pd.DataFrame:
    gap = values - required
    with np.errstate(divide="ignore", invalid="ignore"):
        gap_pct = np.where(required > 0, gap / required, np.nan)
    have = ~np.isnan(values)
    return pd.DataFrame({
        "target": target.id, "check": check, "year": years,
        "year_label": [fy_label(y) for y in years], "actual": values, "required": required,
        "gap": gap, "gap_pct": gap_pct, "status": _status(gap, band),
        "cumulative_actual": np.where(have, np.cumsum(np.where(have, values, 0.0)), np.nan),
        "cumulative_required": np.where(have, np.cumsum(np.where(have, required, 0.0)), np.nan),
    }).assign(cumulative_gap=lambda f: f["cumulative_actual"] - f["cumulative_required"])


def _overall(table: pd.DataFrame, checks: tuple[Check, ...]) -> np.ndarray:
    if checks == ("target",):
        return table["status"].to_numpy()
    wide = table.pivot_table(index="year", columns="check", values="status", aggfunc="first")
    early, late = wide["earliest"], wide["latest"]
    overall = np.select(
        [early == "no_data", early == "on_track",
         (early == "at_risk") | late.isin(["on_track", "at_risk"])],
        ["no_data", "on_track", "at_risk"], "off_track")
    return pd.Series(overall, index=wide.index).reindex(table["year"]).to_numpy()


def _summary_rows(target: Target, check: Check, actual: pd.Series, base_value: float,
                  span: int) -> list[dict[str, object]]:
    latest = int(actual.index.max())
    a_last = float(actual[latest])
    first = latest - span
    if target.milestones:
        goals = [(m.year(check), 1.0 - m.reduction, target.milestone_rate_type(m),
                  f"{m.reduction:.0%} by {fy_label(m.year(check))}") for m in target.milestones]
    else:
        horizon = target.end_year if target.end_year is not None else latest + 1
        goals = [(horizon, float(target.path([horizon])[0]), target.rate_type,
                  f"{target.annual_rate:.1%} a year ({target.rate_type}), path in "
                  f"{fy_label(horizon)}")]
    rows = []
    for year, level, rate_type, label in goals:
        goal = base_value * level
        remaining = year - latest
        recent = (_recent_rate(float(actual[first]), a_last, span, base_value, rate_type)
                  if first in actual.index else np.nan)
        path_years = np.arange(target.base_year, year + 1)
        budget = float(np.sum(base_value * target.path(path_years, check)))
        used = float(actual[(actual.index >= target.base_year) & (actual.index <= year)].sum())
        rows.append({
            "target": target.id, "check": check, "milestone": label,
            "milestone_year": fy_label(year), "milestone_value": goal,
            "latest_year": fy_label(latest), "latest_actual": a_last,
            "met": (a_last <= goal) if remaining <= 0 and year in actual.index else None,
            "rate_type": rate_type,
            "required_rate": (_required(a_last, goal, remaining, base_value, rate_type)
                              if remaining > 0 else np.nan),
            "recent_rate": recent,
            "year_met_at_recent_rate": _year_met(
                target, check, a_last, latest, recent, base_value, rate_type, goal,
                fixed_level=bool(target.milestones) or target.end_year is not None),
            "carbon_budget": budget, "budget_used": used, "budget_remaining": budget - used,
        })
    return rows


def _required(a_last: float, goal: float, years: int, base: float, rate_type: RateType) -> float:
    if a_last <= goal:
        return 0.0
    if rate_type == "compound":
        return float(required_rate(1.0 - goal / a_last, years, "compound"))
    return (a_last - goal) / (base * years)


def _recent_rate(a_first: float, a_last: float, span: int, base: float,
                 rate_type: RateType) -> float:
    if rate_type == "compound":
        return 1.0 - (a_last / a_first) ** (1.0 / span) if a_first > 0 else np.nan
    return (a_first - a_last) / (base * span)


def _year_met(target: Target, check: Check, a_last: float, latest: int, recent: float,
              base: float, rate_type: RateType, goal: float, *, fixed_level: bool) -> str:
    """First year the recent rate reaches the goal: a fixed level (milestone or end of an
    annual rate), else the annual-rate path itself (the year the trust is back on it)."""
    if np.isnan(recent):
        return "unknown (too few years)"
    n = np.arange(0, HORIZON - latest + 1, dtype=np.float64)
    if rate_type == "compound":
        projected = a_last * (1.0 - recent) ** n
    else:
        projected = np.maximum(a_last - recent * base * n, 0.0)
    years = latest + n.astype(int)
    bar = np.full(n.shape, goal) if fixed_level else base * target.path(years, check)
    hit = np.flatnonzero(projected <= bar + 1e-9 * base)
    if not hit.size:
        return f"not reached by {fy_label(HORIZON - 1)}"
    return fy_label(int(years[hit[0]]))
