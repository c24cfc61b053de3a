"""Scenario files (TOML): schema, loading and validation with errors a user can act on.

A scenario file holds business-as-usual growth, the interventions of a green plan, optional
extra emission lines, the targets to check and optional uncertainty settings. The schema, with
an example, is in docs/trajectories.md; shipped examples are ``scenarios/scenario_*.toml``.
An error names the file, the key (``intervention 2 (heat_pump).cop``), the value and the fix.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from carbon import resources, units
from carbon.errors import CarbonError, ConfigurationError
from carbon.interventions import AnyIntervention, Intervention
from carbon.periods import parse_period
from carbon.presets import Reading, presets
from carbon.targets import RateType
from carbon.taxonomy import get_activity_type
from carbon.uncertainty import PrefixRange

PRESET_PREFIX = "scenario_"


class ScenarioMeta(BaseModel):
    """``[scenario]``: identity, years and scope 2 basis."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    name: str
    description: str = ""
    end: str | None = None
    basis: Literal["location", "market"] = "location"
    source: str = ""
    verified: bool = False

    @property
    def end_year(self) -> int | None:
        """Financial start year of the last projected year, if given."""
        return None if self.end is None else parse_period(self.end).start_year


class Growth(BaseModel):
    """``[growth]``: business-as-usual growth per year, by dotted activity prefix."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    default: float = Field(default=0.0, gt=-1.0)
    by_activity: dict[str, float] = Field(default_factory=dict)
    source: str = ""

    def rates(self, activities: tuple[str, ...]) -> NDArray[np.float64]:
        """Annual growth rate of each activity (longest matching prefix, else ``default``)."""
        ranges = tuple(PrefixRange(prefix=k, cv=0.0) for k in self.by_activity)
        out = np.full(len(activities), self.default)
        for i, key in enumerate(activities):
            matches = [r.prefix for r in ranges if key == r.prefix
                       or key.startswith(r.prefix + ".")]
            if matches:
                out[i] = self.by_activity[max(matches, key=len)]
        return out


class AddedLine(BaseModel):
    """``[[added_lines]]``: an emission line for an activity the baseline lacks (base 0)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    activity_type: str
    line: str
    scope: Literal["1", "2", "3", "outside"]
    scope3_category: int | None = Field(default=None, ge=1, le=15)
    nhs_footprint: Literal["CF", "CF_PLUS_ONLY", "NONE"]
    report_group: str
    factor_driver: Literal["", "grid_electricity"] = ""
    kgco2e_per_unit: float = Field(ge=0.0)
    source: str = Field(min_length=1)
    verified: bool = False

    @model_validator(mode="after")
    def _known_and_consistent(self) -> AddedLine:
        try:
            get_activity_type(self.activity_type)
        except CarbonError as exc:
            raise ValueError(str(exc)) from None
        if (self.scope == "3") != (self.scope3_category is not None):
            raise ValueError("scope 3 lines need scope3_category (1-15); other scopes none")
        return self


class TargetRef(BaseModel):
    """``[[target]]``: a target preset to check the projection against."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    preset: str
    base_year: str | None = None
    reading: Reading | Literal["both"] = "both"
    rate_type: RateType | None = None

    @field_validator("preset")
    @classmethod
    def _known_preset(cls, value: str) -> str:
        if value not in presets():
            raise ValueError(f"unknown target preset {value!r}; the presets are "
                             + ", ".join(presets()))
        return value


class UncertaintySettings(BaseModel):
    """``[uncertainty]``: Monte Carlo size, seed and range overrides."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    draws: int = Field(default=0, ge=0)
    seed: int = 0
    activity: tuple[PrefixRange, ...] = ()
    factor: tuple[PrefixRange, ...] = ()
    growth_sd: float | None = Field(default=None, ge=0.0)
    grid_cv_per_year: float | None = Field(default=None, ge=0.0)


class Economics(BaseModel):
    """``[economics]``: appraisal settings (discount rate; default scenarios/economics.toml)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    discount_rate: float | None = Field(default=None, ge=0.0, lt=1.0)
    source: str = ""


class Scenario(BaseModel):
    """A whole scenario file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scenario: ScenarioMeta
    growth: Growth = Growth()
    intervention: tuple[Intervention, ...] = ()
    added_lines: tuple[AddedLine, ...] = ()
    target: tuple[TargetRef, ...] = ()
    uncertainty: UncertaintySettings = UncertaintySettings()
    economics: Economics = Economics()

    @model_validator(mode="after")
    def _unique_ids(self) -> Scenario:
        seen: set[str] = set()
        for item in self.intervention:
            if item.id in seen:
                raise ValueError(f"intervention id {item.id!r} appears twice")
            seen.add(item.id)
        return self

    @property
    def interventions(self) -> list[AnyIntervention]:
        """The interventions in file order."""
        return list(self.intervention)

    def added_frame(self) -> pd.DataFrame:
        """The added lines in the model's line layout, intensities in tCO2e per default unit."""
        to_tonnes = units.conversion_factor("kgCO2e", "tCO2e")
        rows = [{
            **line.model_dump(exclude={"kgco2e_per_unit", "source", "verified"}),
            "scope3_category": pd.NA if line.scope3_category is None else line.scope3_category,
            "unit": get_activity_type(line.activity_type).default_unit,
            "intensity_location": line.kgco2e_per_unit * to_tonnes,
            "intensity_market": line.kgco2e_per_unit * to_tonnes,
        } for line in self.added_lines]
        return pd.DataFrame(rows)


def _key(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    """``intervention 2 (ashp).cop`` for the pydantic location ``('intervention', 1, 'cop')``."""
    text, node = "", data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list):
            entry = node[part] if part < len(node) else {}
            ident = entry.get("id") if isinstance(entry, dict) else None
            text += f" {part + 1}" + (f" ({ident})" if ident else "")
            node = entry
        else:
            text += ("." if text else "") + str(part)
            node = node.get(part, {}) if isinstance(node, dict) else {}
    return text


def parse_scenario(data: dict[str, Any], *, file: str) -> Scenario:
    """Validate a parsed scenario mapping.

    Raises
    ------
    ConfigurationError
        Naming the file, the key, the value and the fix (first problem; the message counts
        the others).
    """
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        first = errors[0]
        loc = _strip_kinds(first["loc"])
        fix = _FIXES.get(first["type"], "see the scenario schema in docs/trajectories.md")
        missing = [str(_strip_kinds(e["loc"])[-1]) for e in errors
                   if e["type"] == "missing" and _strip_kinds(e["loc"])[:-1] == loc[:-1]]
        if first["type"] == "extra_forbidden" and missing:
            fix = f"did you mean {' or '.join(map(repr, missing))}? {fix}"
        others = len(errors) - 1
        more = f" ({others} more problem{'s' if others > 1 else ''})" if others else ""
        raise ConfigurationError(
            f"{first['msg']}{more}", file=file, column=_key(loc, data),
            value=first.get("input") if first["type"] != "missing" else None, fix=fix,
        ) from None


def _strip_kinds(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(p for p in loc if not (isinstance(p, str) and p in _KINDS))


_KINDS = ("efficiency", "heat_pump", "renewable_supply", "onsite_generation",
          "fleet_electrification", "anaesthetic", "waste_route", "travel")
_FIXES = {
    "missing": "add the key (see the scenario schema in docs/trajectories.md)",
    "extra_forbidden": "remove or rename the key; a misspelt key is never ignored",
    "union_tag_invalid": f"use one of the kinds {', '.join(_KINDS)}",
    "union_tag_not_found": f"add kind = one of {', '.join(_KINDS)}",
    "greater_than": "use a larger value",
    "less_than_equal": "shares and reductions are fractions: 0.25 means 25%",
}


def load_scenario(source: str | Path) -> Scenario:
    """Load a scenario file, or a shipped preset by id (``estates-decarbonisation``).

    Raises
    ------
    ConfigurationError
        When the file is not valid TOML or breaks the schema.
    """
    path = Path(source)
    if path.is_file():
        where = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigurationError(f"not UTF-8 text: {exc.reason} at byte {exc.start}",
                                     file=where, fix="save the scenario file as UTF-8") from None
    elif str(source) in scenario_presets():
        name = scenario_presets()[str(source)]
        text, where = resources.read_text("carbon.scenarios", name), f"scenarios/{name}"
    else:
        raise ConfigurationError(f"no scenario file or preset {str(source)!r}",
                                 value=str(source),
                                 expected="a TOML file, or one of " + ", ".join(scenario_presets()))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"not valid TOML: {exc}", file=where,
                                 fix="check quotes, brackets and '=' signs") from None
    return parse_scenario(data, file=where)


def scenario_presets() -> dict[str, str]:
    """Shipped scenario presets: id (file name without prefix, ``_`` as ``-``) -> file name."""
    names = resources.list_files("carbon.scenarios", ".toml")
    return {n.removeprefix(PRESET_PREFIX).removesuffix(".toml").replace("_", "-"): n
            for n in names if n.startswith(PRESET_PREFIX)}
