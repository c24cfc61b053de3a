"""Evaluate a framework: each metric's value, base value, target, RAG status and trend.

Status rules (``gap`` is how far the value is on the wrong side of the target, in the metric
unit; ``tolerance`` is the metric's amber band, absolute or ``tolerance_pct`` of the target):

* ``green``  gap <= 0 (target met)
* ``amber``  0 < gap <= tolerance
* ``red``    gap > tolerance
* ``not_rated`` the metric has no target (or none applies this year); ``no_data`` no value.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from carbon import units
from carbon.errors import ConfigurationError
from carbon.periods import ReportingPeriod
from carbon.socialvalue.document import (
    STATUS_LABELS,
    MetricResult,
    Status,
    Trend,
    TrendPoint,
)
from carbon.socialvalue.framework import (
    ComplianceTarget,
    FixedTarget,
    Framework,
    Metric,
    PathTarget,
)
from carbon.socialvalue.measures import MEASURES, MeasureData, MeasureSeries, matching
from carbon.taxonomy import activity_types

COMPLIANCE_COLUMNS = ("target", "footprint", "year", "required", "actual", "gap_tco2e",
                      "gap_pct", "status")


def label(year: int) -> str:
    """Financial year label of a start year (2024 -> '2024/25')."""
    return ReportingPeriod.financial_year(year).label


def measure_series(metric: Metric, data: MeasureData) -> MeasureSeries:
    """The metric's underlying measure by year (for ``change`` comparisons, in its own unit)."""
    entry = MEASURES[metric.measure]
    unit = metric.unit if metric.comparison == "level" else _natural_unit(metric)
    return entry.function(data, metric.params, unit)


def _natural_unit(metric: Metric) -> str:
    if metric.measure == "inventory_tco2e":
        return "tCO2e"
    if metric.measure == "activity_share":
        return "%"
    return _activity_unit(metric)


def _activity_unit(metric: Metric) -> str:
    """Default unit of the first matching activity type; plain energy when a calorific basis
    is declared (electricity and gross-CV fuel counted together)."""
    keys = matching(activity_types(), metric.params["activity"])
    if not keys:
        raise ConfigurationError(f"metric {metric.id}: no activity type matches",
                                 value=metric.params["activity"])
    default = activity_types()[keys[0]].default_unit
    unit = units.parse_unit(default)
    basis = units.calorific_basis(unit)
    if basis is not None and metric.params.get("calorific_basis") == basis:
        return f"{unit / units.registry().parse_units(f'{basis}_cv'):~}"
    return default


def compare(series: pd.Series, comparison: str, base_year: int) -> pd.Series:
    """Apply a comparison to a measure series (years as index).

    ``change_vs_base_pct`` = 100 (v - v_base) / v_base; ``change_yoy_pct`` = 100 (v - v_prev) /
    v_prev where the previous year exists. Division by zero gives NaN.
    """
    if comparison == "level":
        return series
    if comparison == "change_vs_base_pct":
        if base_year not in series.index:
            return pd.Series(np.nan, index=series.index)
        reference = pd.Series(series[base_year], index=series.index)
    else:
        reference = series.reindex(series.index - 1)
        reference.index = series.index
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100.0 * (series - reference) / reference.where(reference != 0)


def _target(metric: Metric, year: int, base_year: int, base_level: float | None,
            compliance: pd.DataFrame | None) -> tuple[float | None, list[str]]:
    target = metric.target
    if target is None:
        return None, []
    if isinstance(target, FixedTarget):
        return target.value, []
    if isinstance(target, PathTarget):
        if base_level is None:
            return None, ["no base-year value: the target path cannot be drawn"]
        return _path(target, base_level, year - base_year), []
    return _compliance_target(target, year, compliance)


def _path(target: PathTarget, base_level: float, years: int) -> float:
    rate = target.annual_change_pct / 100.0
    if target.rate_type == "compound":
        return base_level * (1.0 + rate) ** years
    return base_level * (1.0 + rate * years)


def _compliance_target(target: ComplianceTarget, year: int,
                       compliance: pd.DataFrame | None) -> tuple[float | None, list[str]]:
    if compliance is None or compliance.empty:
        return None, ["no compliance rows supplied: carbon is not rated against the path"]
    rows = compliance.loc[(compliance["footprint"].astype(str) == target.footprint)
                          & (compliance["year"].astype("int64") == year)]
    if target.target_name is not None:
        rows = rows.loc[rows["target"].astype(str) == target.target_name]
    if rows.empty:
        return None, [f"no compliance row for {target.footprint} in {label(year)}"]
    if len(rows) > 1:
        names = ", ".join(sorted(rows["target"].astype(str)))
        rows = rows.sort_values("required").head(1)
        return float(rows["required"].iloc[0]), [
            f"several targets apply ({names}); rated against the strictest"]
    return float(rows["required"].iloc[0]), []


def rate(value: float | None, target: float | None, direction: str,
         tolerance: float | None) -> Status:
    """RAG status of a value against a target (see the module docstring)."""
    if value is None:
        return "no_data"
    if target is None:
        return "not_rated"
    gap = value - target if direction == "lower_is_better" else target - value
    if gap <= 0:
        return "green"
    if tolerance is not None and gap <= tolerance:
        return "amber"
    return "red"


def _trend(points: pd.Series, direction: str) -> Trend:
    known = points.dropna()
    if len(known) < 2:
        return "unknown"
    change = float(known.iloc[-1] - known.iloc[-2])
    if math.isclose(change, 0.0, abs_tol=1e-12):
        return "unchanged"
    better = change < 0 if direction == "lower_is_better" else change > 0
    return "improving" if better else "worsening"


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def evaluate_metric(theme: Any, sub_theme: Any, metric: Metric, data: MeasureData, *,
                    year: int, base_year: int,
                    compliance: pd.DataFrame | None = None) -> MetricResult:
    """Evaluate one metric for ``year`` against ``base_year`` (financial-year start years)."""
    measured = measure_series(metric, data)
    series = measured.by_year.sort_index()
    compared = compare(series, metric.comparison, base_year)
    value = _number(compared.get(year))
    level = _number(series.get(year))
    base_level = _number(series.get(base_year))
    notes = list(measured.notes)
    target, more = _target(metric, year, base_year, base_level, compliance)
    notes += more
    tolerance = metric.tolerance
    if metric.tolerance_pct is not None and target is not None:
        tolerance = abs(target) * metric.tolerance_pct / 100.0
    status = rate(value, target, metric.direction, tolerance)
    upto = compared.loc[compared.index <= year]
    symbol, text = STATUS_LABELS[status]
    return MetricResult(
        theme_id=theme.id, theme=theme.name, sub_theme_id=sub_theme.id, sub_theme=sub_theme.name,
        metric_id=metric.id, name=metric.name, description=metric.description,
        measure=metric.measure, params=dict(metric.params), comparison=metric.comparison,
        unit=metric.unit, direction=metric.direction,
        key_value_indicator=metric.key_value_indicator, year=year, period=label(year),
        value=value, base_year=base_year, base_value=_number(compared.get(base_year)),
        measure_value=level, base_measure_value=base_level, measure_unit=measured.unit,
        target=target, target_kind=metric.target.kind if metric.target else None,
        target_source=metric.target.source if metric.target else None,
        tolerance=tolerance, status=status, status_symbol=symbol, status_text=text,
        trend=[TrendPoint(year=int(y), period=label(int(y)), value=_number(v))
               for y, v in upto.items()],
        trend_direction=_trend(upto, metric.direction), notes=notes,
    )


def evaluate_framework(framework: Framework, data: MeasureData, *, year: int, base_year: int,
                       compliance: pd.DataFrame | None = None) -> list[MetricResult]:
    """Evaluate every metric of a framework (file order).

    Parameters
    ----------
    framework : Framework
    data : MeasureData
        Inventory lines and annual activity of every year to show in trends.
    year, base_year : int
        Financial-year start years of the reporting year and of the base year.
    compliance : pandas.DataFrame, optional
        Compliance rows of the targets engine (:data:`COMPLIANCE_COLUMNS`) for
        ``compliance`` targets.
    """
    if base_year > year:
        raise ConfigurationError("the base year is after the reporting year",
                                 value=label(base_year), expected=f"on or before {label(year)}")
    return [evaluate_metric(t, s, m, data, year=year, base_year=base_year, compliance=compliance)
            for t, s, m in framework.metrics()]
