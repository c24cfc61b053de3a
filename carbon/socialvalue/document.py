"""The social value results document: models, a flat table, CSV and the JSON schema.

:class:`SocialValueDocument` is what other reporting tools ingest. Its JSON schema is generated
from these models (:func:`json_schema`) and published as
``docs/schemas/social-value-document.schema.json``; ``schema_version`` changes whenever a field
changes meaning.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1"] = "1"

Status = Literal["green", "amber", "red", "not_rated", "no_data"]
#: Status -> (symbol, words). Status is always shown as symbol and words, never colour alone.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "green": ("✓", "On track"),
    "amber": ("!", "At risk"),
    "red": ("✗", "Off track"),
    "not_rated": ("–", "Monitored (no target)"),
    "no_data": ("?", "No data"),
}
Trend = Literal["improving", "worsening", "unchanged", "unknown"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TrendPoint(_Model):
    """The metric's value in one financial year."""

    year: int = Field(description="financial year start year (2024 for 2024/25)")
    period: str = Field(description="financial year label, e.g. '2024/25'")
    value: float | None = Field(description="metric value in the metric unit")


class MetricResult(_Model):
    """One framework metric evaluated for the reporting year."""

    theme_id: str
    theme: str
    sub_theme_id: str
    sub_theme: str
    metric_id: str
    name: str
    description: str
    measure: str = Field(description="engine measure (carbon.socialvalue.measures.MEASURES)")
    params: dict[str, Any]
    comparison: Literal["level", "change_vs_base_pct", "change_yoy_pct"]
    unit: str
    direction: Literal["lower_is_better", "higher_is_better"]
    key_value_indicator: bool
    year: int
    period: str
    value: float | None = Field(description="metric value in the reporting year [unit]")
    base_year: int
    base_value: float | None = Field(description="metric value in the base year [unit]")
    measure_value: float | None = Field(description="the measure itself this year [measure_unit]")
    base_measure_value: float | None = Field(description="the measure in the base year")
    measure_unit: str
    target: float | None = Field(description="target for the reporting year [unit]")
    target_kind: Literal["fixed", "path", "compliance"] | None
    target_source: str | None
    tolerance: float | None = Field(description="amber band beyond the target [unit]")
    status: Status
    status_symbol: str
    status_text: str
    trend: list[TrendPoint]
    trend_direction: Trend
    notes: list[str]


class MonetisedValue(_Model):
    """Value of the carbon reduced in one year, for the low, central and high carbon values."""

    metric_id: str
    year: int
    period: str
    basis: Literal["base_year", "bau"]
    tco2e: float
    reference_tco2e: float
    tco2e_reduced: float
    value_year: int = Field(description="calendar year of the carbon value used")
    price_year: int
    gbp_per_tco2e: dict[str, float] = Field(description="scenario -> GBP/tCO2e, price_year prices")
    value_gbp: dict[str, float] = Field(description="scenario -> GBP, price_year prices")
    sources: list[str]


class ProxyValue(_Model):
    """A quantity valued with a user-supplied (licensed) proxy table."""

    metric_id: str
    quantity: Literal["value", "reduction_vs_base"]
    measure_id: str
    description: str
    quantity_value: float
    unit: str
    proxy_gbp_per_unit: float
    price_year: int
    value_gbp: float
    licence: str
    table: str


class ProcurementRow(_Model):
    """A metric reported under a procurement model (PPN 06/20, PPN 002 ...)."""

    model: str
    theme: str
    outcome: str
    reporting_metric: str
    metric_id: str
    value: float | None
    unit: str
    status: Status


class Provenance(_Model):
    """Which inventory run and which reference data produced the document."""

    run_id: str | None
    run_record_sha256: str | None = Field(description="sha256 of the run record (canonical JSON)")
    inventory_years: list[int]
    activity_years: list[int]
    framework_id: str
    framework_version: str
    framework_source: str
    framework_verified: bool
    generated_by: str


class SocialValueDocument(_Model):
    """The environment theme results of one organisation for one reporting year."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    organisation: str
    period: str
    year: int
    base_year: int
    framework_name: str
    provenance: Provenance
    metrics: list[MetricResult]
    monetisation: list[MonetisedValue] = Field(default_factory=list)
    proxy_values: list[ProxyValue] = Field(default_factory=list)
    procurement: list[ProcurementRow] = Field(default_factory=list)

    def to_json(self) -> str:
        """The document as indented JSON (same document, same bytes)."""
        return self.model_dump_json(indent=2) + "\n"


METRIC_COLUMNS = ("theme", "sub_theme", "metric_id", "name", "period", "value", "unit",
                  "base_value", "target", "status", "status_text", "trend_direction",
                  "key_value_indicator")
#: Columns of the table and CSV view: the metric's fields, then the run that produced it.
TABLE_COLUMNS = (*METRIC_COLUMNS, "run_id", "run_record_sha256")


def metrics_frame(document: SocialValueDocument) -> pd.DataFrame:
    """One row per metric (the table and CSV view), columns :data:`TABLE_COLUMNS`."""
    run = {"run_id": document.provenance.run_id,
           "run_record_sha256": document.provenance.run_record_sha256}
    rows = [{c: getattr(m, c) for c in METRIC_COLUMNS} | run for m in document.metrics]
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def monetisation_frame(document: SocialValueDocument) -> pd.DataFrame:
    """One row per monetised year with a column per scenario."""
    rows = []
    for item in document.monetisation:
        row = item.model_dump(exclude={"gbp_per_tco2e", "value_gbp", "sources"})
        row |= {f"gbp_per_tco2e_{k}": v for k, v in item.gbp_per_tco2e.items()}
        row |= {f"value_gbp_{k}": v for k, v in item.value_gbp.items()}
        rows.append(row)
    return pd.DataFrame(rows)


def json_schema() -> str:
    """The JSON schema of :class:`SocialValueDocument` as indented text."""
    schema = SocialValueDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://carbon-nhs.org/schemas/social-value-document-v1.schema.json"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def record_hash(record: dict[str, Any]) -> str:
    """sha256 of a run record as canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
