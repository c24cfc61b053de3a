"""Price-year ratios from the GDP deflator table, checked against the table's own numbers."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from carbon import resources
from carbon.errors import ConfigurationError
from carbon.spend.prices import deflator_source, price_ratios


def index() -> pd.Series:
    text = resources.read_text("carbon.scenarios", "social_value/gdp-deflator-hmt-2025-12.csv")
    return pd.read_csv(io.StringIO(text)).set_index("year")["index"]


def test_ratio_is_index_of_factor_year_over_index_of_spend_year() -> None:
    table = index()
    ratios = price_ratios(np.array([2023.0, 2024.0, 2022.0, np.nan]), 2022)
    assert ratios[0] == pytest.approx(table[2022] / table[2023], rel=1e-12)
    assert ratios[1] == pytest.approx(table[2022] / table[2024], rel=1e-12)
    assert ratios[2] == 1.0 and np.isnan(ratios[3])


def test_unknown_factor_year_gives_no_ratio() -> None:
    assert np.isnan(price_ratios(np.array([2023.0]), None)).all()


def test_a_year_outside_the_table_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="1990-2024") as caught:
        price_ratios(np.array([2025.0]), 2022)
    assert "price_year column" in (caught.value.fix or "")


def test_source_is_recorded() -> None:
    source = deflator_source()
    assert source["id"] == "hmt-gdp-2025-12" and source["verified"] is False
    assert source["years"] == "1990-2024" and source["year_basis"] == "calendar"
