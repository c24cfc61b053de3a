"""Ledger categories to spend types (scopes/spend_categories.csv)."""

from __future__ import annotations

import pandas as pd
import pytest

from carbon.spend.categories import classify, classify_one, spend_categories
from carbon.taxonomy import activity_types


@pytest.mark.parametrize(("value", "scheme", "expected"), [
    ("D", "eclass", "spend.pharmaceuticals"),
    ("fab123", "eclass", "spend.medical_equipment"),  # first letter F, any case
    ("L", "eclass", "spend.energy"),
    ("Q", "eclass", ""),  # no eClass Q row: unmapped
    ("21", "sic", "spend.pharmaceuticals"),
    ("2120", "sic", "spend.pharmaceuticals"),  # undotted SIC is read as 21.20
    ("26.60", "sic", "spend.medical_equipment"),  # longest prefix: 26.6 before 26
    ("2620", "sic", "spend.ict"),
    ("49.41", "sic", "spend.freight_transport"),
    ("49.10", "sic", "spend.business_travel"),
    ("86", "auto", "spend.commissioned_health_care"),  # a code in a text column is SIC
    ("Medical gases", "auto", "spend.pharmaceuticals"),  # before the energy 'gas' keyword
    ("Gas supply", "keyword", "spend.energy"),
    ("IT hardware - computers", "auto", "spend.ict"),
    ("ICT", "auto", "spend.ict"),  # free text, never read as eClass I
    ("Business rates", "auto", ""),
    ("", "auto", ""),
])
def test_classify_one(value: str, scheme: str, expected: str) -> None:
    assert classify_one(value, scheme) == expected  # type: ignore[arg-type]


def test_keywords_match_at_word_starts_only() -> None:
    assert classify_one("Stationery") == "spend.paper_products"
    assert classify_one("Trailer hire") == ""  # "rail" inside a word is not rail travel


def test_classify_vectorised_keeps_order_and_missing() -> None:
    values = pd.Series(["21", None, "Food", "21"])
    assert classify(values).tolist() == ["spend.pharmaceuticals", "",
                                         "spend.food_and_catering", "spend.pharmaceuticals"]


def test_table_maps_only_to_spend_types() -> None:
    table = spend_categories()
    known = activity_types()
    assert table["spend_type"].isin([k for k in known if k.startswith("spend.")]).all()
    assert {"eclass", "sic", "keyword"} == set(table["scheme"])
    assert not table.duplicated(["scheme", "code"]).any()
