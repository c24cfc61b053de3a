"""Procurement reporting models (PPN 06/20, PPN 002) as data: framework metrics in their terms.

A model file (``scenarios/social_value/procurement-<id>.toml`` or a user's own) has a
``[model]`` table (id, name, source, url, verified) and ``[[mappings]]`` rows binding a
framework metric id to the model's theme, outcome and reporting metric. Nothing about a model
is in code, so a new model or a corrected wording is a data change.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from carbon.config_files import validated
from carbon.errors import ConfigurationError, ReferenceDataError
from carbon.resources import read_text
from carbon.socialvalue.catalogue import FOLDER, PACKAGE
from carbon.socialvalue.document import MetricResult, ProcurementRow

PRESET_PREFIX = "procurement-"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModelInfo(_Strict):
    """Identity and provenance of a procurement model."""

    id: str
    name: str
    source: str = Field(min_length=1)
    url: str = ""
    verified: bool


class ModelMapping(_Strict):
    """A framework metric reported under a theme, outcome and reporting metric."""

    theme: str
    outcome: str
    reporting_metric: str
    metric: str


class ProcurementModel(_Strict):
    """A procurement reporting model file."""

    model: ModelInfo
    mappings: list[ModelMapping] = Field(min_length=1)


def load_procurement_model(name_or_path: str | Path) -> ProcurementModel:
    """Load a shipped model by id (``ppn-06-20``, ``ppn-002``) or a model file by path.

    Raises
    ------
    ConfigurationError
        If the file is not valid TOML or breaks the layout (file and field named).
    """
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.is_file():
        text, file = path.read_text(encoding="utf-8"), str(path)
    else:
        file = f"{FOLDER}/{PRESET_PREFIX}{name_or_path}.toml"
        try:
            text = read_text(PACKAGE, file)
        except ReferenceDataError:
            raise ConfigurationError("no procurement model file or preset of that name",
                                     value=str(name_or_path),
                                     expected="ppn-06-20, ppn-002 or a .toml path") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"not valid TOML: {exc}", file=file) from None
    return validated(ProcurementModel, data, file=file, what="procurement model")


def apply_procurement_model(model: ProcurementModel,
                            results: list[MetricResult]) -> list[ProcurementRow]:
    """Report framework results under a procurement model, in the model's mapping order.

    Raises
    ------
    ConfigurationError
        If a mapping names a metric the evaluated framework does not have.
    """
    by_id = {r.metric_id: r for r in results}
    rows = []
    for i, mapping in enumerate(model.mappings):
        result = by_id.get(mapping.metric)
        if result is None:
            raise ConfigurationError(f"procurement model {model.model.id} maps an unknown metric",
                                     column=f"mappings[{i}].metric", value=mapping.metric,
                                     expected=", ".join(sorted(by_id)))
        rows.append(ProcurementRow(model=model.model.name, theme=mapping.theme,
                                   outcome=mapping.outcome,
                                   reporting_metric=mapping.reporting_metric,
                                   metric_id=mapping.metric, value=result.value,
                                   unit=result.unit, status=result.status))
    return rows
