"""The social value bridge: framework metrics with RAG status, monetised carbon, proxy values.

The stages are plain functions on plain data::

    load_framework -> MeasureData (inventory lines + annual_activity) -> evaluate_framework
        -> social_value_document (+ monetise, value_with_proxies, apply_procurement_model)

See docs/reporting.md for a worked example.
"""

from carbon.socialvalue.assemble import monetised_values, social_value_document
from carbon.socialvalue.carbon_values import (
    carbon_value,
    format_carbon_values,
    import_carbon_values,
    load_carbon_values,
)
from carbon.socialvalue.deflator import load_deflator, rebase_factor
from carbon.socialvalue.document import (
    MetricResult,
    SocialValueDocument,
    json_schema,
    metrics_frame,
    monetisation_frame,
)
from carbon.socialvalue.evaluate import evaluate_framework
from carbon.socialvalue.framework import Framework, load_framework, parse_framework
from carbon.socialvalue.measures import MEASURES, MeasureData, annual_activity
from carbon.socialvalue.monetise import monetise, reductions
from carbon.socialvalue.procurement import apply_procurement_model, load_procurement_model
from carbon.socialvalue.proxy import read_proxy_mapping, read_proxy_table, value_with_proxies

__all__ = [
    "MEASURES",
    "Framework",
    "MeasureData",
    "MetricResult",
    "SocialValueDocument",
    "annual_activity",
    "apply_procurement_model",
    "carbon_value",
    "evaluate_framework",
    "format_carbon_values",
    "import_carbon_values",
    "json_schema",
    "load_carbon_values",
    "load_deflator",
    "load_framework",
    "load_procurement_model",
    "metrics_frame",
    "monetisation_frame",
    "monetise",
    "monetised_values",
    "parse_framework",
    "read_proxy_mapping",
    "read_proxy_table",
    "rebase_factor",
    "reductions",
    "social_value_document",
    "value_with_proxies",
]
