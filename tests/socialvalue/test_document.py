from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from carbon.socialvalue import json_schema, load_framework, metrics_frame, social_value_document
from carbon.socialvalue.document import SocialValueDocument, record_hash
from carbon.socialvalue.measures import MeasureData

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schemas" / \
    "social-value-document.schema.json"


def document(tiny: MeasureData) -> SocialValueDocument:
    return social_value_document(load_framework(), tiny, organisation="Test trust", year=2024,
                                 base_year=2019, run_record={"run_id": "r1", "inputs": []},
                                 bau=pd.Series({2024: 250.0}))


def test_published_schema_is_the_generated_one() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == json_schema(), (
        "regenerate: carbon social-value schema --out docs/schemas/"
        "social-value-document.schema.json")


def test_document_round_trips_through_json(tiny: MeasureData) -> None:
    doc = document(tiny)
    again = SocialValueDocument.model_validate_json(doc.to_json())
    assert again == doc
    data = json.loads(doc.to_json())
    assert data["schema_version"] == "1" and data["period"] == "2024/25"
    assert data["provenance"]["run_id"] == "r1"
    assert data["provenance"]["run_record_sha256"] == record_hash({"run_id": "r1", "inputs": []})
    assert data["provenance"]["inventory_years"] == [2019, 2023, 2024]
    assert [m["basis"] for m in data["monetisation"]] == ["base_year", "bau"]


def test_same_inputs_same_bytes(tiny: MeasureData) -> None:
    assert document(tiny).to_json() == document(tiny).to_json()


def test_metrics_table(tiny: MeasureData) -> None:
    frame = metrics_frame(document(tiny))
    assert len(frame) == 12 and frame["status"].isin(
        ["green", "amber", "red", "not_rated", "no_data"]).all()
    assert frame.loc[frame["metric_id"] == "waste_tonnes", "value"].item() == 60.0
    assert set(frame["run_id"]) == {"r1"} and frame["run_record_sha256"].str.len().eq(64).all()


def test_record_hash_ignores_key_order() -> None:
    assert record_hash({"a": 1, "b": [1, 2]}) == record_hash({"b": [1, 2], "a": 1})
