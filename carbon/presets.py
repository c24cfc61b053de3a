"""Target presets (``scenarios/targets.toml``) and how they become a trust's :class:`Target`.

The national NHS targets are set against the national 1990 footprint, which trusts do not have.
:func:`apply_preset` offers two readings, and reports both by default (domain spec 6.3):

``own_baseline``
    the same percentage against the trust's own base year (80% below the trust's 2019/20
    figure). Much steeper than the national target, which was already 62% down by 2019.
``national_share``
    the reduction the national reference trajectory still needs from the trust's base year:
    ``R' = 1 - (1 - R) x N(1990) / N(base)``, with ``N`` from ``scenarios/national_reference.toml``.
    For the NHS Carbon Footprint from 2019/20: ``1 - 0.2 x 16.2 / 6.1 = 46.9%`` by the window,
    100% (net zero) by 2040 either way.

Trust presets (``base = "trust"``) have only the ``own_baseline`` reading.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from carbon import resources
from carbon.config_files import validated
from carbon.errors import ConfigurationError, ReferenceDataError
from carbon.periods import ReportingPeriod, parse_period
from carbon.targets import (
    CalendarRule,
    Milestone,
    RateType,
    Target,
    financial_year_of_target,
)

PRESETS_FILE = "targets.toml"
NATIONAL_FILE = "national_reference.toml"
Reading = Literal["own_baseline", "national_share"]
READINGS: tuple[Reading, ...] = ("own_baseline", "national_share")


class Conventions(BaseModel):
    """Evaluation conventions of ``[conventions]`` in ``scenarios/targets.toml``."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    calendar_to_financial: CalendarRule
    at_risk_tolerance: float = Field(ge=0.0, lt=1.0)
    recent_years: int = Field(ge=1)


class MilestoneSpec(BaseModel):
    """A milestone as written in a preset or scenario file (years in the preset's basis)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reduction: float = Field(gt=0.0, le=1.0)
    by: int | None = None
    window: tuple[int, int] | None = None
    rate_type: RateType | None = None

    @model_validator(mode="after")
    def _by_or_window(self) -> MilestoneSpec:
        if (self.by is None) == (self.window is None):
            raise ValueError("a milestone needs either 'by' or 'window'")
        return self

    @property
    def years(self) -> tuple[int, int]:
        """First and last year of the milestone, in the preset's year basis."""
        by = cast(int, self.by)  # the validator guarantees 'by' when there is no window
        return self.window if self.window is not None else (by, by)


class Preset(BaseModel):
    """One ``[[preset]]`` of ``scenarios/targets.toml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    metric: str = "tco2e"
    footprint: str
    denominator: str | None = None
    base: Literal["national_1990", "trust"]
    default_trust_base_year: str | None = None
    year_basis: Literal["calendar", "financial"]
    rate_type: RateType
    rate_type_note: str = ""
    annual_rate: float | None = None
    end_year: int | None = None
    milestone: tuple[MilestoneSpec, ...] = ()
    source: str
    verified: bool


class NationalLevel(BaseModel):
    """A national footprint level of ``scenarios/national_reference.toml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: str
    financial_year: str
    tco2e: float = Field(gt=0.0)
    source: str
    verified: bool


def _parse(model: type[BaseModel], data: dict[str, Any], where: str) -> Any:
    return validated(model, data, file=where, what="entry",
                     fix="correct the entry (see docs/trajectories.md)")


@cache
def conventions() -> Conventions:
    """The shipped evaluation conventions (calendar rule, at-risk tolerance, recent years)."""
    data = resources.read_toml("carbon.scenarios", PRESETS_FILE)
    where = f"scenarios/{PRESETS_FILE}"
    return _parse(Conventions, data.get("conventions", {}), where)


@cache
def presets() -> dict[str, Preset]:
    """Target presets by id, in file order."""
    data = resources.read_toml("carbon.scenarios", PRESETS_FILE)
    where = f"scenarios/{PRESETS_FILE}"
    out: dict[str, Preset] = {}
    for i, entry in enumerate(data.get("preset", [])):
        preset: Preset = _parse(Preset, entry, f"{where} preset {i + 1}")
        if preset.id in out:
            raise ReferenceDataError(f"{where}: preset id {preset.id!r} appears twice")
        out[preset.id] = preset
    return out


def get_preset(preset_id: str) -> Preset:
    """Look a preset up by id; the error lists the known ids."""
    known = presets()
    if preset_id not in known:
        raise ConfigurationError(f"unknown target preset {preset_id!r}", value=preset_id,
                                 expected=", ".join(known),
                                 fix="run 'carbon targets' to list the presets")
    return known[preset_id]


@cache
def national_reference() -> dict[str, dict[int, NationalLevel]]:
    """National footprint levels: footprint -> financial start year -> level."""
    data = resources.read_toml("carbon.scenarios", NATIONAL_FILE)
    where = f"scenarios/{NATIONAL_FILE}"
    out: dict[str, dict[int, NationalLevel]] = {}
    for entry in data.get("footprint", []):
        levels: dict[int, NationalLevel] = {}
        for raw in entry.get("level", []):
            level: NationalLevel = _parse(NationalLevel, raw, where)
            levels[parse_period(level.financial_year).start_year] = level
        out[entry["footprint"]] = levels
    return out


def national_share_reduction(footprint: str, base_year: int, reduction: float) -> float:
    """Reduction from a trust base year that matches a national cut against 1990.

    Parameters
    ----------
    footprint : str
        ``nhs_carbon_footprint`` or ``nhs_carbon_footprint_plus``.
    base_year : int
        Start year of the trust's base financial year (a year of the national reference table).
    reduction : float
        National reduction against 1990 (fraction).

    Returns
    -------
    float
        ``1 - (1 - reduction) x N(1990) / N(base_year)``, at least 0.
    """
    levels = national_reference().get(footprint)
    if not levels:
        raise ConfigurationError(f"no national reference trajectory for footprint {footprint!r}",
                                 expected=", ".join(national_reference()))
    if base_year not in levels:
        have = ", ".join(ReportingPeriod.financial_year(y).label for y in sorted(levels))
        raise ConfigurationError(
            f"the national reference has no {footprint} level for "
            f"{ReportingPeriod.financial_year(base_year).label}",
            value=ReportingPeriod.financial_year(base_year).label, expected=have,
            fix=f"use base year 2019/20, check only the own-baseline reading (--reading "
                f"own_baseline), or add the national level for your base year to "
                f"scenarios/{NATIONAL_FILE} with its source")
    first = min(levels)
    return max(0.0, 1.0 - (1.0 - reduction) * levels[first].tco2e / levels[base_year].tco2e)


def apply_preset(preset: Preset | str, *, base_year: str | int | None = None,
                 reading: Reading | Literal["both"] = "both", rate_type: RateType | None = None,
                 calendar_rule: CalendarRule | None = None) -> list[Target]:
    """Turn a preset into the trust's target(s).

    Parameters
    ----------
    preset : Preset or str
        A preset or its id (``nhs-carbon-footprint`` ...).
    base_year : str or int, optional
        The trust's base financial year (``'2019/20'`` or its start year). Required unless the
        preset declares ``default_trust_base_year``.
    reading : {'both', 'own_baseline', 'national_share'}
        How a national (1990-based) preset applies to the trust; ignored for trust presets.
    rate_type : {'compound', 'linear_of_base'}, optional
        Override the preset's declared path shape.
    calendar_rule : {'ending', 'starting'}, optional
        Override the calendar-to-financial-year rule of ``scenarios/targets.toml``.

    Returns
    -------
    list of Target
        One per reading, ids ``<preset>`` (trust presets) or ``<preset>/<reading>``.
    """
    p = get_preset(preset) if isinstance(preset, str) else preset
    base = _base_year(p, base_year)
    rule = calendar_rule or conventions().calendar_to_financial

    def fy(year: int) -> int:
        return financial_year_of_target(year, rule) if p.year_basis == "calendar" else year

    if p.base == "trust":
        readings: tuple[Reading, ...] = ("own_baseline",)
    else:
        readings = READINGS if reading == "both" else (reading,)
    targets = []
    for r in readings:
        milestones = tuple(
            Milestone(
                reduction=(national_share_reduction(p.footprint, base, m.reduction)
                           if r == "national_share" else m.reduction),
                first_year=fy(m.years[0]), last_year=fy(m.years[1]),
                rate_type=m.rate_type,
            )
            for m in p.milestone
        )
        suffix = "" if p.base == "trust" else f"/{r.replace('_', '-')}"
        label = {"own_baseline": "same % vs own base year",
                 "national_share": "national trajectory share"}[r]
        try:
            targets.append(Target(
                id=f"{p.id}{suffix}", name=f"{p.name} [{label}]" if suffix else p.name,
                metric=p.metric, footprint=p.footprint, denominator=p.denominator,
                base_year=base, rate_type=rate_type or p.rate_type, annual_rate=p.annual_rate,
                end_year=fy(p.end_year) if p.end_year is not None else None,
                milestones=milestones, reading=r, source=p.source, verified=p.verified))
        except ValidationError as exc:
            raise ConfigurationError(
                f"preset {p.id!r} cannot apply from "
                f"{ReportingPeriod.financial_year(base).label}: {exc.errors()[0]['msg']}",
                fix="choose an earlier base year or another rate type") from None
    return targets


def _base_year(p: Preset, base_year: str | int | None) -> int:
    if base_year is None:
        if p.default_trust_base_year is None:
            raise ConfigurationError(
                f"target {p.id!r} needs a base year", column="base_year",
                fix="declare it, e.g. --base-year 2019/20 (it is never guessed)")
        base_year = p.default_trust_base_year
    if isinstance(base_year, int) and not isinstance(base_year, bool):
        return base_year
    period = parse_period(base_year)
    if period.kind != "financial_year":
        raise ConfigurationError("the base year must be a financial year such as '2019/20'",
                                 column="base_year", value=base_year)
    return period.start_year
