"""Trajectory against targets from annual actuals: the library function behind
``carbon trajectory`` and the demo.

>>> result = trajectory(actuals, "nhs-carbon-footprint", base_year="2019/20")  # doctest: +SKIP
>>> result.table        # per target, check and year: actual, required, gap, status ...
>>> result.summary      # per milestone: required rate, recent rate, year met at that rate ...
>>> result.chart().save("trajectory.png")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd

from carbon.compliance import Compliance, assess
from carbon.errors import TableContractError
from carbon.presets import Preset, Reading, apply_preset
from carbon.targets import CalendarRule, RateType, Target
from carbon.trajectory_inputs import actual_series, validate_actuals, validate_denominators

if TYPE_CHECKING:
    from carbon.charts import Chart


@dataclass(frozen=True)
class TrajectoryResult:
    """Compliance of the actuals with one or more targets.

    Attributes
    ----------
    assessments : tuple of Compliance
        One per target, in order.
    actuals : pandas.DataFrame
        The validated actuals.
    denominators : pandas.DataFrame or None
        The validated denominators (intensity targets).
    """

    assessments: tuple[Compliance, ...]
    actuals: pd.DataFrame
    denominators: pd.DataFrame | None = None

    @property
    def targets(self) -> tuple[Target, ...]:
        """The targets evaluated."""
        return tuple(a.target for a in self.assessments)

    @property
    def table(self) -> pd.DataFrame:
        """Per target, check and year (see :mod:`carbon.compliance`)."""
        return pd.concat([a.table for a in self.assessments], ignore_index=True)

    @property
    def summary(self) -> pd.DataFrame:
        """Per target, check and milestone (see :mod:`carbon.compliance`)."""
        return pd.concat([a.summary for a in self.assessments], ignore_index=True)

    def chart(self, title: str | None = None) -> Chart:
        """Trajectory chart of the actuals against every target's paths and windows."""
        from carbon.charts.series import actual_line, target_lines
        from carbon.charts.trajectory import trajectory_chart
        from carbon.footprints import footprint_label

        first = self.assessments[0].target
        unit = first.metric if first.denominator is None else \
            f"{first.metric} per {first.denominator}"
        series = [actual_line(_series(first, self.actuals, self.denominators))]
        windows = []
        latest = int(self.actuals["year"].max())
        for i, a in enumerate(self.assessments):
            s, w = target_lines(a.target, a.base_value, latest, index=i)
            series += s
            windows += w
        name = footprint_label(first.footprint)
        return trajectory_chart(series, windows, title=title or f"{name}: trajectory",
                                unit="tCO2e" if unit == "tco2e" else unit)


def _series(target: Target, actuals: pd.DataFrame,
            denominators: pd.DataFrame | None) -> pd.Series:
    series = actual_series(actuals, target.metric, target.footprint)
    if target.denominator is None:
        return series
    if denominators is None:
        raise TableContractError(f"intensity target {target.id!r} needs denominators",
                                 fix=f"pass a table of {target.denominator} by year")
    den = denominators[denominators["metric"] == target.denominator].set_index("year")["value"]
    return (series / den).dropna()


def trajectory(actuals: pd.DataFrame,
               target: str | Preset | Target | Sequence[Target] = "nhs-carbon-footprint", *,
               base_year: str | int | None = None,
               reading: Reading | Literal["both"] = "both",
               rate_type: RateType | None = None, calendar_rule: CalendarRule | None = None,
               tolerance: float | None = None, recent_years: int | None = None,
               denominators: pd.DataFrame | None = None,
               file: str | None = None) -> TrajectoryResult:
    """Evaluate annual actuals against a target preset or targets.

    Parameters
    ----------
    actuals : pandas.DataFrame
        ANNUAL ACTUALS contract (:mod:`carbon.trajectory_inputs`).
    target : str, Preset, Target or sequence of Target
        A preset id (``carbon targets`` lists them), a preset, or ready targets.
    base_year : str or int, optional
        The trust's base financial year for a preset (``'2019/20'``).
    reading : {'both', 'own_baseline', 'national_share'}
        How a national preset applies to the trust (both are reported by default).
    rate_type : {'compound', 'linear_of_base'}, optional
        Override a preset's declared path shape.
    calendar_rule : {'ending', 'starting'}, optional
        Override the calendar-to-financial-year rule for calendar target years.
    tolerance : float, optional
        At-risk band (fraction of the base-year value).
    recent_years : int, optional
        Span of the recent rate.
    denominators : pandas.DataFrame, optional
        DENOMINATORS contract, for intensity targets.
    file : str, optional
        Name of the actuals for messages.
    """
    canon = validate_actuals(actuals, file=file)
    dens = validate_denominators(denominators) if denominators is not None else None
    if isinstance(target, Target):
        targets: list[Target] = [target]
    elif isinstance(target, (str, Preset)):
        targets = apply_preset(target, base_year=base_year, reading=reading,
                               rate_type=rate_type, calendar_rule=calendar_rule)
    else:
        targets = list(target)
    return TrajectoryResult(
        tuple(assess(t, _series(t, canon, dens), tolerance=tolerance, recent_years=recent_years)
              for t in targets), canon, dens)
