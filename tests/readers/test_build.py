"""Shared reader machinery: text columns kept as categoricals of the values they use."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.readers.build import tidy_categories

CATEGORIES = ["a", "b", "c", "d", "e"]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.integers(-1, 4), max_size=40), st.sampled_from(["int8", "int16"]))
def test_tidy_categories_keeps_the_used_values_in_order(codes: list[int], dtype: str) -> None:
    values = pd.Series(pd.Categorical.from_codes(np.array(codes, dtype=dtype), CATEGORIES))
    tidy = tidy_categories(values)
    used = [c for c in CATEGORIES if c in set(values.dropna())]
    assert list(tidy.categories) == used
    assert pd.Series(tidy).astype(object).where(pd.Series(tidy).notna(), None).tolist() == \
        values.astype(object).where(values.notna(), None).tolist()


def test_one_unused_category_is_kept() -> None:
    values = pd.Series(pd.Categorical.from_codes(np.array([-1, -1], dtype="int8"), ["kWh"]))
    assert list(tidy_categories(values).categories) == ["kWh"]
