"""Reduction targets and the paths they require, year by year.

A :class:`Target` applies to one metric (``tco2e``, ``kwh`` ...) of one footprint
(``nhs_carbon_footprint``, a scope set, a report group), optionally divided by a denominator
(an intensity target: per m2, per bed day). It is either

* an **annual rate**: the same reduction every year from the base year, or
* a list of **milestones**: a reduction (fraction of the base-year value) by a year, or within a
  window of years (``80% by 2028 to 2032``), ending for instance at net zero (a reduction of 1).

All years here are NHS financial years given by their start year (2019 = FY 2019/20); calendar
target years are mapped by :func:`financial_year_of_target`. The path between two levels has a
declared ``rate_type`` (never inferred, domain spec section 6.3):

``compound``
    the same fraction of the previous year, ``E(t) = E0 (1 - g)^t``;
``linear_of_base``
    the same fraction of the base year, ``E(t) = E0 (1 - r t)`` (a straight line).

A window milestone is evaluated at both ends: the ``earliest`` check places the milestone at the
window's first year, the ``latest`` check at its last year (domain spec section 1.1).

References
----------
NHS England (2020), *Delivering a 'Net Zero' National Health Service*. Formulas: domain spec
section 6 (``../shared/domain/nhs-carbon-domain.md``).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, ConfigDict, Field, model_validator

RateType = Literal["compound", "linear_of_base"]
CalendarRule = Literal["ending", "starting"]
Check = Literal["earliest", "latest", "target"]
RATE_TYPES: tuple[str, ...] = ("compound", "linear_of_base")


def financial_year_of_target(year: int, rule: CalendarRule) -> int:
    """Start year of the financial year a calendar target year stands for.

    Parameters
    ----------
    year : int
        Calendar label of the target ("by 2040").
    rule : {'ending', 'starting'}
        ``ending``: year Y means FY (Y-1)/Y, the financial year that ends in Y (default rule of
        ``scenarios/targets.toml``); ``starting``: FY Y/(Y+1).
    """
    return year - 1 if rule == "ending" else year


class Milestone(BaseModel):
    """A reduction to reach by a financial year, or within a window of financial years.

    Attributes
    ----------
    reduction : float
        Fraction of the base-year value to cut, in (0, 1]; 1 is net zero.
    first_year, last_year : int
        Start years of the first and last financial year of the window (equal for a point).
    rate_type : {'compound', 'linear_of_base'} or None
        Shape of the path into this milestone; None takes the target's.
    """

    model_config = ConfigDict(frozen=True)

    reduction: float = Field(gt=0.0, le=1.0)
    first_year: int
    last_year: int
    rate_type: RateType | None = None

    @model_validator(mode="after")
    def _window_in_order(self) -> Milestone:
        if self.last_year < self.first_year:
            raise ValueError(f"window ends ({self.last_year}) before it starts ({self.first_year})")
        return self

    @property
    def is_window(self) -> bool:
        """True when the milestone is a window of more than one year."""
        return self.last_year > self.first_year

    def year(self, check: Check) -> int:
        """The milestone year a check evaluates (window start for ``earliest``, else end)."""
        return self.first_year if check == "earliest" else self.last_year


class Target(BaseModel):
    """A target in financial years, ready to evaluate.

    Attributes
    ----------
    id, name : str
    metric : str
        Metric of the actuals it applies to (``tco2e``, ``kwh`` ...).
    footprint : str
        Footprint name (see ``scenarios/footprints.toml``) or report group.
    denominator : str or None
        Metric of the denominator series for an intensity target (``gia_m2``, ``bed_days``).
    base_year : int
        Start year of the base financial year.
    rate_type : {'compound', 'linear_of_base'}
    annual_rate : float or None
        Reduction per year (fraction) for an annual-rate target.
    end_year : int or None
        Last year an annual rate applies; the level is held after it.
    milestones : tuple of Milestone
    reading : str
        How the target was derived (``own_baseline``, ``national_share`` ...), for reports.
    source : str
    verified : bool
    """

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1)
    name: str
    metric: str = "tco2e"
    footprint: str = Field(min_length=1)
    denominator: str | None = None
    base_year: int
    rate_type: RateType
    annual_rate: float | None = Field(default=None, gt=0.0, lt=1.0)
    end_year: int | None = None
    milestones: tuple[Milestone, ...] = ()
    reading: str = "own_baseline"
    source: str = ""
    verified: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Target:
        if (self.annual_rate is None) == (not self.milestones):
            raise ValueError("give either annual_rate or milestones, not both or neither")
        previous_year, previous_cut = self.base_year, 0.0
        for m in self.milestones:
            if m.first_year <= previous_year:
                raise ValueError(f"milestone year {m.first_year} is not after {previous_year} "
                                 "(milestones must follow the base year and each other)")
            if m.reduction <= previous_cut:
                raise ValueError(f"milestone reduction {m.reduction} does not exceed the "
                                 f"previous one ({previous_cut})")
            if m.reduction >= 1.0 and (m.rate_type or self.rate_type) == "compound":
                raise ValueError("a compound path never reaches zero; declare rate_type "
                                 "'linear_of_base' for a net-zero milestone")
            previous_year, previous_cut = m.last_year, m.reduction
        if self.end_year is not None and self.end_year <= self.base_year:
            raise ValueError("end_year must be after the base year")
        return self

    @property
    def checks(self) -> tuple[Check, ...]:
        """``('earliest', 'latest')`` when a milestone is a window, else ``('target',)``."""
        if any(m.is_window for m in self.milestones):
            return ("earliest", "latest")
        return ("target",)

    @property
    def final_year(self) -> int:
        """Last year the target defines a level change (last milestone or end year)."""
        if self.milestones:
            return self.milestones[-1].last_year
        return self.end_year if self.end_year is not None else self.base_year

    def milestone_rate_type(self, milestone: Milestone) -> RateType:
        """Rate type of the path into ``milestone``."""
        return milestone.rate_type or self.rate_type

    def path(self, years: ArrayLike, check: Check = "target") -> NDArray[np.float64]:
        """Required level per year as a fraction of the base-year value.

        Parameters
        ----------
        years : array_like of int
            Financial start years.
        check : {'earliest', 'latest', 'target'}
            Which end of window milestones to use.

        Returns
        -------
        numpy.ndarray
            Level (1 = base-year value) per year; NaN before the base year. After the final
            milestone (or ``end_year``) the level is held.
        """
        y = np.asarray(years, dtype=np.float64)
        t = y - self.base_year
        if self.annual_rate is not None:
            stop = np.inf if self.end_year is None else self.end_year - self.base_year
            level = level_after(self.annual_rate, np.minimum(t, stop), self.rate_type)
        else:
            level = np.ones_like(y)
            start_year, start_level = float(self.base_year), 1.0
            for m in self.milestones:
                end_year, end_level = float(m.year(check)), 1.0 - m.reduction
                inside = (y > start_year) & (y <= end_year)
                frac = (y[inside] - start_year) / (end_year - start_year)
                level[inside] = _interpolate(start_level, end_level, frac,
                                             self.milestone_rate_type(m))
                level[y > end_year] = end_level
                start_year, start_level = end_year, end_level
        return np.where(t < 0, np.nan, level)


def _interpolate(a: float, b: float, frac: NDArray[np.float64],
                 rate_type: RateType) -> NDArray[np.float64]:
    if rate_type == "compound":
        return a * (b / a) ** frac
    return a + (b - a) * frac


def level_after(rate: float | ArrayLike, years: ArrayLike,
                rate_type: RateType) -> NDArray[np.float64]:
    """Level (fraction of the base) after ``years`` of reducing at ``rate``.

    Parameters
    ----------
    rate : float or array_like
        Fraction per year: of the previous year (compound) or of the base year (linear).
    years : array_like
        Years since the base year (negative years give levels above 1 for compound paths).
    rate_type : {'compound', 'linear_of_base'}

    Returns
    -------
    numpy.ndarray
        ``(1 - g)^t`` or ``max(1 - r t, 0)``.
    """
    g = np.asarray(rate, dtype=np.float64)
    t = np.asarray(years, dtype=np.float64)
    if rate_type == "compound":
        return np.asarray((1.0 - g) ** t, dtype=np.float64)
    return np.asarray(np.maximum(1.0 - g * t, 0.0), dtype=np.float64)


def required_rate(reduction: float | ArrayLike, years: float | ArrayLike,
                  rate_type: RateType) -> NDArray[np.float64]:
    """Annual rate that reaches ``reduction`` in ``years``.

    Compound: ``g = 1 - (1 - R)^(1/T)``; linear of base: ``r = R / T``.

    Parameters
    ----------
    reduction : float or array_like
        Fraction to cut, in [0, 1] (1 needs a linear rate; compound gives 1, i.e. impossible).
    years : float or array_like
        Years available, > 0.
    rate_type : {'compound', 'linear_of_base'}
    """
    r = np.asarray(reduction, dtype=np.float64)
    t = np.asarray(years, dtype=np.float64)
    if rate_type == "compound":
        return np.asarray(1.0 - (1.0 - r) ** (1.0 / t), dtype=np.float64)
    return np.asarray(r / t, dtype=np.float64)


def years_to_reach(reduction: float | ArrayLike, rate: float | ArrayLike,
                   rate_type: RateType) -> NDArray[np.float64]:
    """Years needed to cut ``reduction`` at ``rate`` a year.

    Compound: ``T = ln(1 - R) / ln(1 - g)``; linear of base: ``T = R / r``. A rate of zero or
    less never gets there (infinity); a compound rate never reaches a reduction of 1.
    """
    r = np.asarray(reduction, dtype=np.float64)
    g = np.asarray(rate, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log1p(-r) / np.log1p(-g) if rate_type == "compound" else r / g
    return np.asarray(np.where(g > 0, out, np.inf), dtype=np.float64)
