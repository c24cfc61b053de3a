"""Social value frameworks as data: themes, sub-themes and metrics bound to engine measures.

A framework is a TOML file (presets ship as ``scenarios/social_value/framework-<id>.toml``)::

    [framework]                      id, name, version, description, source, verified
    [[themes]]                       id, name
    [[themes.sub_themes]]            id, name
    [[themes.sub_themes.metrics]]    id, name, measure, params, comparison, unit, direction,
                                     target, tolerance | tolerance_pct, key_value_indicator,
                                     monetise

``measure`` names an entry of :data:`carbon.socialvalue.measures.MEASURES`; ``comparison`` is
``level`` (the measure itself, converted to ``unit``), ``change_vs_base_pct`` or
``change_yoy_pct`` (unit ``%``). Targets are ``fixed`` (a value in the metric unit), ``path``
(base-year level changed by ``annual_change_pct`` a year, compound or linear of base) or
``compliance`` (the required value of the targets engine's compliance rows).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from carbon.config_files import validated
from carbon.errors import ConfigurationError, ReferenceDataError
from carbon.resources import read_text
from carbon.socialvalue.catalogue import FOLDER, PACKAGE

Comparison = Literal["level", "change_vs_base_pct", "change_yoy_pct"]
Direction = Literal["lower_is_better", "higher_is_better"]
PERCENT = "%"
PRESET_PREFIX = "framework-"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FixedTarget(_Strict):
    """A target value in the metric's unit."""

    kind: Literal["fixed"]
    value: float
    source: str = Field(min_length=1)


class PathTarget(_Strict):
    """Base-year level changed by ``annual_change_pct`` each year (level metrics only).

    ``compound``: ``base * (1 + r/100) ** t``; ``linear_of_base``: ``base * (1 + r/100 * t)``,
    with ``t`` years since the base year.
    """

    kind: Literal["path"]
    annual_change_pct: float
    rate_type: Literal["compound", "linear_of_base"]
    source: str = Field(min_length=1)


class ComplianceTarget(_Strict):
    """The ``required`` value of the compliance row for a footprint and year (tCO2e)."""

    kind: Literal["compliance"]
    footprint: str
    target_name: str | None = None
    source: str = Field(min_length=1)


Target = Annotated[FixedTarget | PathTarget | ComplianceTarget, Field(discriminator="kind")]


class Metric(_Strict):
    """One framework metric bound to an engine measure."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str = ""
    measure: str
    params: dict[str, Any] = Field(default_factory=dict)
    comparison: Comparison = "level"
    unit: str
    direction: Direction
    target: Target | None = None
    tolerance: float | None = Field(default=None, ge=0)
    tolerance_pct: float | None = Field(default=None, ge=0)
    key_value_indicator: bool = False
    monetise: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Metric:
        if self.tolerance is not None and self.tolerance_pct is not None:
            raise ValueError("give tolerance (in the metric unit) or tolerance_pct, not both")
        if self.comparison != "level" and self.unit != PERCENT:
            raise ValueError(f"comparison {self.comparison!r} gives a percentage: unit must be '%'")
        if isinstance(self.target, PathTarget | ComplianceTarget) and self.comparison != "level":
            raise ValueError(f"a {self.target.kind} target needs comparison 'level'")
        if self.monetise and (self.measure != "inventory_tco2e" or self.comparison != "level"):
            raise ValueError("only a level 'inventory_tco2e' metric can be monetised")
        return self


class SubTheme(_Strict):
    """A group of metrics inside a theme."""

    id: str
    name: str
    metrics: list[Metric] = Field(min_length=1)


class Theme(_Strict):
    """A theme of the framework (e.g. "Reducing environmental impact")."""

    id: str
    name: str
    sub_themes: list[SubTheme] = Field(min_length=1)


class FrameworkInfo(_Strict):
    """Framework metadata and provenance."""

    id: str
    name: str
    version: str
    description: str = ""
    source: str = Field(min_length=1)
    verified: bool


class Framework(_Strict):
    """A whole framework definition."""

    framework: FrameworkInfo
    themes: list[Theme] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Framework:
        seen: set[str] = set()
        for _, _, metric in self.metrics():
            if metric.id in seen:
                raise ValueError(f"metric id {metric.id!r} is used twice")
            seen.add(metric.id)
        return self

    def metrics(self) -> list[tuple[Theme, SubTheme, Metric]]:
        """Every metric with its theme and sub-theme, in file order."""
        return [(t, s, m) for t in self.themes for s in t.sub_themes for m in s.metrics]


def parse_framework(text: str, *, file: str) -> Framework:
    """Validate framework TOML text.

    Raises
    ------
    ConfigurationError
        Naming the file, the field path and the problem; unknown measures are reported too.
    """
    from carbon.socialvalue.measures import check_measure

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"not valid TOML: {exc}", file=file) from None
    framework = validated(Framework, data, file=file, what="framework",
                          fix="see docs/reporting.md, 'Framework files'")
    for _, _, metric in framework.metrics():
        check_measure(metric, file=file)
    return framework


def load_framework(name_or_path: str | Path = "nhs-trust-environment") -> Framework:
    """Load a shipped preset by id (``nhs-trust-environment``) or a framework file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.is_file():
        return parse_framework(path.read_text(encoding="utf-8"), file=str(path))
    name = f"{FOLDER}/{PRESET_PREFIX}{name_or_path}.toml"
    try:
        text = read_text(PACKAGE, name)
    except ReferenceDataError:
        raise ConfigurationError(
            "no framework file or preset of that name", value=str(name_or_path),
            fix="give a path to a .toml framework file or a preset id such as "
            "'nhs-trust-environment'",
        ) from None
    return parse_framework(text, file=name)
