"""Projection of a baseline inventory: the array engine behind business as usual, scenarios and
the Monte Carlo.

A baseline (see :mod:`carbon.trajectory_inputs`) is compiled once into a :class:`Model`:
activities ``A`` with their base quantity (in the taxonomy's default unit) and emission lines
``L`` with their intensity (tCO2e per unit, location- and market-based). Then, for years ``Y``::

    quantity[a, y] = q0[a] x (1 + growth[a])^(y - y0), then interventions (a Plan)
    emissions[l, y] = quantity[activity(l), y] x intensity[l] x trend[l, y]

where ``trend`` is ``grid(y) / grid(y0)`` for grid-driven lines and 1 otherwise. Every array
has a leading draws axis ``D`` (1 for a deterministic run), so the Monte Carlo is the same code
with multipliers: arrays are laid out ``(D, Y, A)`` and ``(D, Y, L)``. The interventions are
applied in a fixed order (docs/decisions/0017-intervention-order.md):

1. growth of business as usual;
2. reductions (efficiency, demand): each keeps ``1 - fraction`` of what is left, so two 10%
   measures on one activity save 19%, never 20%;
3. shifts (fuel switching, route and mode changes): shares of the post-reduction quantity of a
   source move to a target activity times a conversion ratio; shares from one source add up to
   at most 1. Reductions never apply to load added by a shift, and a shifted quantity never
   shifts again, so no kWh is counted twice;
4. on-site generation: an absolute quantity off the (post-shift) import, never below zero;
5. market instruments: a share of the final quantity carries the instrument's factor on the
   scope 2 lines (market-based basis only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from carbon.errors import ConfigurationError
from carbon.grid_factors import GridFactors
from carbon.trajectory_inputs import validate_baseline

Basis = Literal["location", "market"]
LINE_COLUMNS = ("activity_type", "line", "scope", "scope3_category", "nhs_footprint",
                "report_group", "factor_driver", "unit")


@dataclass(frozen=True)
class Model:
    """A compiled baseline.

    Attributes
    ----------
    year : int
        Financial start year of the baseline.
    activities : tuple of str
        Activity type keys (axis ``A``).
    units : tuple of str
        Default unit of each activity.
    quantity : numpy.ndarray
        Base quantity per activity, shape ``(A,)``, in ``units``.
    lines : pandas.DataFrame
        Line metadata (axis ``L``), grid-driven lines first.
    line_activity : numpy.ndarray
        Index into ``activities`` of each line, ``(L,)``.
    intensity_location, intensity_market : numpy.ndarray
        tCO2e per unit of activity, ``(L,)``.
    unit_cost : numpy.ndarray
        The organisation's own cost per unit of each activity [GBP per unit], ``(A,)``; NaN
        where the baseline gives none (an added activity has none).
    """

    year: int
    activities: tuple[str, ...]
    units: tuple[str, ...]
    quantity: NDArray[np.float64]
    lines: pd.DataFrame
    line_activity: NDArray[np.int64]
    intensity_location: NDArray[np.float64]
    intensity_market: NDArray[np.float64]
    unit_cost: NDArray[np.float64]

    @property
    def n_driven(self) -> int:
        """Number of grid-driven lines (they come first)."""
        return int((self.lines["factor_driver"] == "grid_electricity").sum())

    @property
    def scope2(self) -> NDArray[np.bool_]:
        """True for scope 2 lines (the ones a market instrument changes)."""
        return np.asarray(self.lines["scope"] == "2", dtype=bool)

    def index(self, activity: str, *, role: str) -> int:
        """Index of an activity, or a ConfigurationError naming what needed it."""
        try:
            return self.activities.index(activity)
        except ValueError:
            raise ConfigurationError(
                f"{role} needs activity {activity!r}, which the baseline has no lines for",
                value=activity, expected=", ".join(self.activities),
                fix="check the key, or declare its emission lines in [[added_lines]]") from None

    def base_emissions(self, basis: Basis = "location") -> NDArray[np.float64]:
        """Base-year emissions per line [tCO2e]."""
        intensity = self.intensity_location if basis == "location" else self.intensity_market
        return np.asarray(self.quantity[self.line_activity] * intensity, dtype=np.float64)


def compile_baseline(frame: pd.DataFrame, *, year: int | None = None,
                     file: str | None = None, added: pd.DataFrame | None = None) -> Model:
    """Validate a projection baseline and compile it into a :class:`Model`.

    Parameters
    ----------
    frame : pandas.DataFrame
        The projection baseline contract (:mod:`carbon.trajectory_inputs`).
    year : int, optional
        Financial start year of the baseline; required when the frame has no ``year`` column.
    file : str, optional
        For error messages.
    added : pandas.DataFrame, optional
        Extra lines for activities absent from the baseline (base quantity 0), with the line
        columns and ``intensity_location``/``intensity_market`` [tCO2e per default unit].
    """
    base = validate_baseline(frame, file=file)
    if year is None:
        if "year" not in base.columns:
            raise ConfigurationError("the baseline's financial year is not known",
                                     fix="add a 'year' column or pass the year (--baseline-year)")
        year = int(base["year"].iloc[0])
    base = base.assign(unit=base["default_unit"],
                       intensity_location=base["tco2e_location"] / base["quantity_default"],
                       intensity_market=base["tco2e_market"] / base["quantity_default"])
    quantity = base.groupby("activity_type", sort=False)["quantity_default"].first()
    if added is not None and len(added):
        clash = added["activity_type"].isin(quantity.index)
        if clash.any():
            raise ConfigurationError(
                f"added line for {added['activity_type'][clash].iloc[0]!r}, which the baseline "
                "already has", fix="only add lines for activities the baseline lacks")
        base = pd.concat([base, added], ignore_index=True)
        new = added.groupby("activity_type", sort=False).size().index
        quantity = pd.concat([quantity, pd.Series(0.0, index=new)])
    driven = base["factor_driver"] == "grid_electricity"
    base = pd.concat([base[driven], base[~driven]], ignore_index=True)
    activities = tuple(str(a) for a in quantity.index)
    unit_of = base.groupby("activity_type", sort=False)["unit"].first()
    cost = base.groupby("activity_type", sort=False)["gbp_per_unit"].first()
    return Model(
        year=int(year), activities=activities,
        units=tuple(str(unit_of[a]) for a in activities),
        quantity=quantity.to_numpy(dtype=np.float64),
        lines=base[list(LINE_COLUMNS)].reset_index(drop=True),
        line_activity=np.array([activities.index(a) for a in base["activity_type"]],
                               dtype=np.int64),
        intensity_location=base["intensity_location"].to_numpy(dtype=np.float64),
        intensity_market=base["intensity_market"].to_numpy(dtype=np.float64),
        unit_cost=cost.reindex(list(activities)).to_numpy(dtype=np.float64),
    )


@dataclass(frozen=True)
class Shift:
    """A compiled shift: ``share[y]`` of ``source`` moves to ``target`` times ``ratio``."""

    source: int
    target: int
    share: NDArray[np.float64]
    ratio: float


@dataclass(frozen=True)
class Plan:
    """Compiled growth and interventions for a model over ``years`` (all arrays ``(Y, A)``).

    Attributes
    ----------
    years : numpy.ndarray
        Financial start years.
    growth : numpy.ndarray
        Annual growth rate per activity, ``(A,)``.
    keep : numpy.ndarray
        Fraction left after reductions.
    shifts : tuple of Shift
    onsite : numpy.ndarray
        Quantity generated on site, off the import.
    cover : numpy.ndarray
        Share of the quantity under a market instrument.
    instrument : numpy.ndarray
        Covered tCO2e per unit (share-weighted instrument factors, so ``cover`` x factor).
    """

    years: NDArray[np.int64]
    growth: NDArray[np.float64]
    keep: NDArray[np.float64]
    shifts: tuple[Shift, ...]
    onsite: NDArray[np.float64]
    cover: NDArray[np.float64]
    instrument: NDArray[np.float64]


def business_as_usual(model: Model, years: NDArray[np.int64],
                      growth: NDArray[np.float64]) -> Plan:
    """A plan with growth only."""
    shape = (len(years), len(model.activities))
    return Plan(years=years, growth=growth, keep=np.ones(shape), shifts=(),
                onsite=np.zeros(shape), cover=np.zeros(shape), instrument=np.zeros(shape))


@dataclass(frozen=True)
class Draws:
    """Monte Carlo multipliers (median 1) and growth rates, one row per draw.

    Attributes
    ----------
    activity : numpy.ndarray
        ``(D, A)`` multipliers of base quantities.
    factor : numpy.ndarray
        ``(D, L)`` multipliers of intensities.
    growth : numpy.ndarray
        ``(D, A)`` annual growth rates.
    grid : numpy.ndarray
        ``(D, Y)`` multipliers of the grid trend.
    """

    activity: NDArray[np.float64]
    factor: NDArray[np.float64]
    growth: NDArray[np.float64]
    grid: NDArray[np.float64]


def quantities(model: Model, plan: Plan, draws: Draws | None = None) -> NDArray[np.float64]:
    """Activity quantities per draw and year, ``(D, Y, A)``, in the model's units."""
    t = (plan.years - model.year).astype(np.float64)
    growth = plan.growth[None, :] if draws is None else draws.growth
    q = np.exp(t[None, :, None] * np.log1p(growth)[:, None, :])
    base = model.quantity[None, :] if draws is None else model.quantity * draws.activity
    q *= base[:, None, :]
    q *= plan.keep[None]
    if plan.shifts:
        out = np.zeros_like(plan.keep)
        added = np.zeros_like(q)
        for s in plan.shifts:
            out[:, s.source] += s.share
            added[:, :, s.target] += q[:, :, s.source] * (s.share * s.ratio)[None, :]
        q *= 1.0 - out[None]
        q += added
    generating = np.flatnonzero(plan.onsite.any(axis=0))
    if generating.size:
        q[:, :, generating] = np.maximum(q[:, :, generating] - plan.onsite[None, :, generating],
                                         0.0)
    return q


def emissions(model: Model, plan: Plan, grid: GridFactors, *, basis: Basis = "location",
              draws: Draws | None = None) -> NDArray[np.float64]:
    """Emissions per draw, year and line, ``(D, Y, L)`` [tCO2e].

    Parameters
    ----------
    model, plan : Model, Plan
    grid : GridFactors
        Drives the intensity of grid-driven lines.
    basis : {'location', 'market'}
        Scope 2 basis; market instruments only change the market basis.
    draws : Draws, optional
        Monte Carlo multipliers; None for the deterministic run (``D = 1``).
    """
    n = model.n_driven
    trend = np.ones((len(plan.years), len(model.lines)))
    trend[:, :n] = grid.trend(plan.years, model.year)[:, None]
    intensity = model.intensity_location if basis == "location" else model.intensity_market
    act = model.line_activity
    certain = None
    if basis == "market" and plan.cover.any():
        s2 = model.scope2
        cover = plan.cover[:, act] * s2
        trend = trend * (1.0 - cover)
        certain = plan.instrument[:, act] * s2
    q = quantities(model, plan, draws)
    e = q[:, :, act]
    e *= (intensity[None, :] * trend)[None]
    if draws is not None:
        e[:, :, :n] *= draws.grid[:, :, None]
        e *= draws.factor[:, None, :]
    if certain is not None:
        e += q[:, :, act] * certain[None]
    return e


def aggregate(values: NDArray[np.float64], membership: NDArray[np.float64]) -> NDArray[np.float64]:
    """Sum ``(D, Y, L)`` values into groups with a ``(L, K)`` 0/1 matrix, giving ``(D, Y, K)``."""
    return np.asarray(np.einsum("dyl,lk->dyk", values, membership, optimize=True))
