"""Monte Carlo over activity, factor, growth and grid-projection uncertainty.

Each draw multiplies the deterministic projection by lognormal multipliers whose **median is
1** (so the median run stays close to the deterministic one), with ``sigma = sqrt(ln(1 + cv^2))``
for a relative standard uncertainty ``cv``:

* activity: one multiplier per activity and draw, on its base quantity (a measurement error of
  the latest inventory, the same in every projected year);
* factor: one per line and draw, on its intensity;
* growth: each activity's annual growth rate plus a normal error (``growth sd``);
* grid: one standard normal per draw scales the whole projected grid path, with a relative
  uncertainty that grows each year after the last published factor.

A line's median equals its deterministic value; a total's median sits a little above the
deterministic total, because the median of a sum of right-skewed terms exceeds the sum of their
medians (for the test trust's NHS Carbon Footprint: 0.3% in the base year, under 2% twenty
years on, as growth uncertainty compounds).

Ranges come from ``scenarios/uncertainty.toml`` (assumptions, ``verified = false``), matched to
activity keys by the longest dotted prefix, and can be overridden per scenario. Draws come from
``numpy.random.default_rng(seed)``: the same seed gives the same numbers. There is no Python loop
over draws: the projection engine runs once on arrays with a leading draws axis.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from carbon import resources
from carbon.grid_factors import GridFactors
from carbon.projection import Draws, Model, Plan

UNCERTAINTY_FILE = "uncertainty.toml"
#: Quantiles reported by default (5th, 50th and 95th percentiles).
QUANTILES = (0.05, 0.5, 0.95)
#: Column names of the quantiles in tidy frames (``p05``, ``p50``, ``p95``).
QUANTILE_NAMES = tuple(f"p{round(q * 100):02d}" for q in QUANTILES)
#: Floor of a drawn growth rate, keeping ``log(1 + g)`` defined (a numerical guard).
_LOWEST_GROWTH = -0.99


class PrefixRange(BaseModel):
    """A relative standard uncertainty for activity keys starting with ``prefix``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prefix: str
    cv: float = Field(ge=0.0)
    basis: str = ""


class UncertaintySpec(BaseModel):
    """The ranges a Monte Carlo uses.

    Attributes
    ----------
    activity, factor : tuple of PrefixRange
        Relative standard uncertainty of base quantities and of line intensities.
    growth_sd : float
        Standard deviation of annual growth rates (absolute, 0.01 = one point).
    grid_cv_per_year, grid_cv_max : float
        Growth per projected year, and cap, of the grid factor's relative uncertainty.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    activity: tuple[PrefixRange, ...]
    factor: tuple[PrefixRange, ...]
    growth_sd: float = Field(ge=0.0)
    grid_cv_per_year: float = Field(ge=0.0)
    grid_cv_max: float = Field(ge=0.0)

    def override(self, activity: tuple[PrefixRange, ...] = (),
                 factor: tuple[PrefixRange, ...] = (), growth_sd: float | None = None,
                 grid_cv_per_year: float | None = None) -> UncertaintySpec:
        """A copy where the given prefixes (and scalars) replace or extend these."""
        def merge(base: tuple[PrefixRange, ...],
                  new: tuple[PrefixRange, ...]) -> tuple[PrefixRange, ...]:
            given = {r.prefix for r in new}
            return tuple(r for r in base if r.prefix not in given) + new
        return self.model_copy(update={
            "activity": merge(self.activity, activity), "factor": merge(self.factor, factor),
            "growth_sd": self.growth_sd if growth_sd is None else growth_sd,
            "grid_cv_per_year": (self.grid_cv_per_year if grid_cv_per_year is None
                                 else grid_cv_per_year)})


@cache
def default_uncertainty() -> UncertaintySpec:
    """The shipped default ranges of ``scenarios/uncertainty.toml``."""
    data = resources.read_toml("carbon.scenarios", UNCERTAINTY_FILE)
    return UncertaintySpec(
        activity=tuple(PrefixRange(**r) for r in data["activity"]),
        factor=tuple(PrefixRange(**r) for r in data["factor"]),
        growth_sd=data["growth"]["sd"],
        grid_cv_per_year=data["grid_projection"]["cv_per_year"],
        grid_cv_max=data["grid_projection"]["cv_max"])


def match_prefix(keys: list[str] | tuple[str, ...],
                 ranges: tuple[PrefixRange, ...]) -> NDArray[np.float64]:
    """The ``cv`` of the longest matching dotted prefix for each key (0 when none matches)."""
    out = np.zeros(len(keys))
    for i, key in enumerate(keys):
        best = -1
        for r in ranges:
            hit = r.prefix == "" or key == r.prefix or key.startswith(r.prefix + ".")
            if hit and len(r.prefix) > best:
                best, out[i] = len(r.prefix), r.cv
    return out


def _sigma(cv: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.sqrt(np.log1p(cv**2))


def sample(model: Model, plan: Plan, grid: GridFactors, spec: UncertaintySpec, *, draws: int,
           seed: int) -> Draws:
    """Draw the Monte Carlo multipliers for a model and plan.

    Parameters
    ----------
    model, plan, grid : Model, Plan, GridFactors
    spec : UncertaintySpec
    draws : int
        Number of draws ``D``.
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    """
    rng = np.random.default_rng(seed)
    n_act, n_line = len(model.activities), len(model.lines)
    act_sigma = _sigma(match_prefix(model.activities, spec.activity))
    line_keys = [str(a) for a in model.lines["activity_type"]]
    fac_sigma = _sigma(match_prefix(line_keys, spec.factor))
    ahead = np.maximum(plan.years - grid.last_published, 0)
    grid_sigma = _sigma(np.minimum(ahead * spec.grid_cv_per_year, spec.grid_cv_max))
    return Draws(
        activity=np.exp(rng.standard_normal((draws, n_act)) * act_sigma),
        factor=np.exp(rng.standard_normal((draws, n_line)) * fac_sigma),
        growth=np.maximum(plan.growth + rng.standard_normal((draws, n_act)) * spec.growth_sd,
                          _LOWEST_GROWTH),
        grid=np.exp(rng.standard_normal((draws, 1)) * grid_sigma[None, :]),
    )
