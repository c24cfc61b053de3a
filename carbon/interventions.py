"""Interventions of a green plan and how they compile into a projection :class:`Plan`.

Each intervention kind is a pydantic model (a ``[[intervention]]`` table of a scenario file,
told apart by ``kind``) that reduces to primitive operations, applied in the order of
:mod:`carbon.projection`: ``reduce`` (keep ``1 - fraction``), ``shift`` (a share of a source
activity becomes ``ratio`` units of a target activity), ``onsite`` (absolute quantity off an
import) and ``market`` (a share covered by a contractual instrument).

Every intervention starts in a financial year and ramps up linearly over ``ramp_years``: the
effect in year ``y`` is ``clip((y - start + 1) / ramp_years, 0, 1)`` of the full effect.
Quantities are in the taxonomy's default unit of each activity (kWh, kWh gross, litre, tonne,
mile, passenger km, kg ...): a ratio converts units of the source into units of the target.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from carbon import units
from carbon.errors import ConfigurationError
from carbon.periods import parse_period
from carbon.projection import Model, Plan, Shift
from carbon.taxonomy import get_activity_type


@dataclass(frozen=True)
class Primitive:
    """One compiled operation: ``op`` on ``activity`` (and ``target`` for a shift)."""

    op: Literal["reduce", "shift", "onsite", "market"]
    activity: str
    amount: float
    target: str = ""
    ratio: float = 1.0


STAGES = {"reduce": 1, "shift": 2, "onsite": 3, "market": 4}


class Cost(BaseModel):
    """Cost of an intervention (GBP, real terms).

    Attributes
    ----------
    capex_gbp : float
        Capital cost, spent in the start year.
    opex_gbp_per_year : float
        Change in running cost per year at full effect (negative for savings).
    lifetime_years : int
        Years the asset lasts; capital is annualised over it.
    savings : {'in_opex', 'priced'}
        ``in_opex`` (default): ``opex_gbp_per_year`` already includes what the intervention
        saves on energy, fuel, water or purchases. ``priced``: it does not; the engine prices
        the change in every activity the intervention touches at the organisation's own cost
        per unit in the baseline (``gbp_per_unit``, from its bills, deliveries and ledger) and
        adds it to the running cost (docs/decisions/0044).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    capex_gbp: float = Field(default=0.0, ge=0.0)
    opex_gbp_per_year: float = 0.0
    lifetime_years: int = Field(ge=1)
    savings: Literal["in_opex", "priced"] = "in_opex"
    source: str = ""


class _Intervention(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    name: str = ""
    start: str | int
    ramp_years: int = Field(default=1, ge=1)
    cost: Cost | None = None
    note: str = ""

    @field_validator("start")
    @classmethod
    def _start_is_a_financial_year(cls, value: str | int) -> str | int:
        period = parse_period(str(value)) if isinstance(value, str) else None
        if period is not None and period.kind != "financial_year":
            raise ValueError("start must be a financial year such as '2026/27'")
        return value

    @property
    def start_year(self) -> int:
        """Financial start year the intervention begins in."""
        if isinstance(self.start, int):
            return self.start
        return parse_period(self.start).start_year

    @property
    def label(self) -> str:
        """Name for reports (the name, else the id)."""
        return self.name or self.id

    def ramp(self, years: ArrayLike) -> NDArray[np.float64]:
        """Fraction of the full effect in each financial start year, ``(Y,)``."""
        y = np.asarray(years, dtype=np.float64)
        return np.clip((y - self.start_year + 1) / self.ramp_years, 0.0, 1.0)


Share = Annotated[float, Field(gt=0.0, le=1.0)]
#: The unit an activity's quantity is held in by the baseline (taxonomy default, or the data's
#: own unit when its dimension differs, e.g. litres of oil).
UnitOf = Callable[[str], str]


class Efficiency(_Intervention):
    """LED lighting, controls, building fabric: ``reduction`` of an activity's existing demand."""

    kind: Literal["efficiency"]
    activity: str | list[str]
    reduction: Share

    def primitives(self, unit_of: UnitOf) -> list[Primitive]:
        acts = [self.activity] if isinstance(self.activity, str) else self.activity
        return [Primitive("reduce", a, self.reduction) for a in acts]


class HeatPump(_Intervention):
    """Heat pumps displace ``share`` of a fuel's heat: fuel x boiler efficiency / COP = kWh."""

    kind: Literal["heat_pump"]
    share: Share
    boiler_efficiency: float = Field(gt=0.0, le=1.2)
    cop: float = Field(gt=0.0)
    source: str = Field(default="fuel.natural_gas", alias="from")
    target: str = Field(default="electricity.grid", alias="to")

    def primitives(self, unit_of: UnitOf) -> list[Primitive]:
        fuel_kwh = units.conversion_factor(unit_of(self.source), "kWh_gross",
                                           context=f"{self.id}: {self.source}")
        electricity = units.conversion_factor("kWh", unit_of(self.target),
                                              context=f"{self.id}: {self.target}")
        return [Primitive("shift", self.source, self.share, self.target,
                          fuel_kwh * self.boiler_efficiency / self.cop * electricity)]


class RenewableSupply(_Intervention):
    """Renewable electricity bought with contractual instruments (market-based only)."""

    kind: Literal["renewable_supply"]
    activity: str = "electricity.grid"
    share: Share
    emission_factor_kgco2e_per_kwh: float = Field(ge=0.0)

    def primitives(self, unit_of: UnitOf) -> list[Primitive]:
        kwh_per_unit = units.conversion_factor(unit_of(self.activity),
                                               "kWh", context=self.id)
        per_unit = (self.emission_factor_kgco2e_per_kwh * kwh_per_unit
                    * units.conversion_factor("kgCO2e", "tCO2e"))
        return [Primitive("market", self.activity, self.share, ratio=per_unit)]


class OnsiteGeneration(_Intervention):
    """On-site generation (solar PV, CHP electricity) used on site: kWh a year off the import."""

    kind: Literal["onsite_generation"]
    activity: str = "electricity.grid"
    kwh_per_year: float = Field(gt=0.0)

    def primitives(self, unit_of: UnitOf) -> list[Primitive]:
        amount = units.convert([self.kwh_per_year], "kWh",
                               unit_of(self.activity),
                               context=f"{self.id}: kwh_per_year")[0]
        return [Primitive("onsite", self.activity, float(amount))]


class FleetElectrification(_Intervention):
    """Replace ``share`` of a fleet fuel: litres x km per litre x kWh per km of charging."""

    kind: Literal["fleet_electrification"]
    share: Share
    km_per_litre: float = Field(gt=0.0)
    kwh_per_km: float = Field(gt=0.0)
    source: str = Field(default="fleet.diesel", alias="from")
    target: str = Field(default="electricity.grid", alias="to")

    def primitives(self, unit_of: UnitOf) -> list[Primitive]:
        litres_per_unit = units.conversion_factor(
            unit_of(self.source), "litre", context=self.id)
        return [Primitive("shift", self.source, self.share, self.target,
                          litres_per_unit * self.km_per_litre * self.kwh_per_km)]


class Anaesthetic(_Intervention):
    """Remove ``reduction`` of an agent (desflurane, piped N2O losses), optionally replaced by
    ``substitution_ratio`` kg of ``substitute`` per kg removed."""

    kind: Literal["anaesthetic"]
    agent: str
    reduction: Share
    substitute: str | None = None
    substitution_ratio: float | None = Field(default=None, gt=0.0)

    @model_validator(mode="after")
    def _both_or_neither(self) -> Anaesthetic:
        if (self.substitute is None) != (self.substitution_ratio is None):
            raise ValueError("give substitute and substitution_ratio together")
        return self

    def primitives(self, unit_of: UnitOf) -> list[Primitive]:
        if self.substitute is None:
            return [Primitive("reduce", self.agent, self.reduction)]
        return [Primitive("shift", self.agent, self.reduction, self.substitute,
                          float(self.substitution_ratio or 0.0))]


class WasteRoute(_Intervention):
    """Move ``share`` of a waste stream to another route (same mass, tonnes to tonnes)."""

    kind: Literal["waste_route"]
    share: Share
    source: str = Field(alias="from")
    target: str = Field(alias="to")

    def primitives(self, unit_of: UnitOf) -> list[Primitive]:
        ratio = units.conversion_factor(unit_of(self.source),
                                        unit_of(self.target),
                                        context=self.id)
        return [Primitive("shift", self.source, self.share, self.target, ratio)]


class Travel(_Intervention):
    """Cut travel demand (``reduction``) and/or move ``shift_share`` of it to another mode at
    ``shift_ratio`` units of the new mode per unit of the old (e.g. passenger km per mile)."""

    kind: Literal["travel"]
    activity: str
    reduction: Share | None = None
    shift_to: str | None = None
    shift_share: Share | None = None
    shift_ratio: float | None = Field(default=None, gt=0.0)

    @model_validator(mode="after")
    def _something_to_do(self) -> Travel:
        shift = (self.shift_to, self.shift_share, self.shift_ratio)
        if any(v is not None for v in shift) and not all(v is not None for v in shift):
            raise ValueError("give shift_to, shift_share and shift_ratio together")
        if self.reduction is None and self.shift_to is None:
            raise ValueError("give a reduction, a shift, or both")
        return self

    def primitives(self, unit_of: UnitOf) -> list[Primitive]:
        out = []
        if self.reduction is not None:
            out.append(Primitive("reduce", self.activity, self.reduction))
        if self.shift_to is not None:
            out.append(Primitive("shift", self.activity, float(self.shift_share or 0.0),
                                 self.shift_to, float(self.shift_ratio or 0.0)))
        return out


AnyIntervention = (Efficiency | HeatPump | RenewableSupply | OnsiteGeneration
                   | FleetElectrification | Anaesthetic | WasteRoute | Travel)
#: A ``[[intervention]]`` table, told apart by its ``kind``.
Intervention = Annotated[AnyIntervention, Field(discriminator="kind")]


def default_unit(activity: str) -> str:
    """The taxonomy's default unit of an activity type (what a baseline normally holds)."""
    return get_activity_type(activity).default_unit


def stage(intervention: AnyIntervention) -> int:
    """Composition stage of an intervention (its earliest primitive's)."""
    return min(STAGES[p.op] for p in intervention.primitives(default_unit))


def in_composition_order(interventions: list[AnyIntervention]) -> list[AnyIntervention]:
    """Interventions sorted by stage, file order within a stage (attribution order)."""
    return sorted(interventions, key=stage)


def build_plan(model: Model, interventions: list[AnyIntervention], years: NDArray[np.int64],
               growth: NDArray[np.float64]) -> Plan:
    """Compile interventions for a model over ``years``.

    Raises
    ------
    ConfigurationError
        When an intervention names an activity the model lacks, or shares moved out of one
        activity (or covered by instruments) add up to more than 1 in some year.
    """
    shape = (len(years), len(model.activities))
    keep, onsite = np.ones(shape), np.zeros(shape)
    cover, instrument, moved = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    shifts: list[Shift] = []
    held = dict(zip(model.activities, model.units, strict=True))

    def unit_of(activity: str) -> str:
        return held.get(activity) or default_unit(activity)

    for item in interventions:
        ramp = item.ramp(years)
        for p in item.primitives(unit_of):
            a = model.index(p.activity, role=f"intervention {item.id!r}")
            if p.op == "reduce":
                keep[:, a] *= 1.0 - p.amount * ramp
            elif p.op == "shift":
                b = model.index(p.target, role=f"intervention {item.id!r}")
                shifts.append(Shift(a, b, p.amount * ramp, p.ratio))
                moved[:, a] += p.amount * ramp
            elif p.op == "onsite":
                onsite[:, a] += p.amount * ramp
            else:
                cover[:, a] += p.amount * ramp
                instrument[:, a] += p.amount * ramp * p.ratio
    for name, shares in (("shifted out of", moved), ("covered by instruments on", cover)):
        over = shares > 1.0 + 1e-9
        if over.any():
            y, a = np.argwhere(over)[0]
            raise ConfigurationError(
                f"interventions move {shares[y, a]:.0%} of {model.activities[a]} in "
                f"{int(years[y])} ({name} it)", value=float(shares[y, a]), expected="at most 100%",
                fix="lower the shares so that together they are at most 1")
    return Plan(years=years, growth=growth, keep=keep, shifts=tuple(shifts), onsite=onsite,
                cover=cover, instrument=instrument)
