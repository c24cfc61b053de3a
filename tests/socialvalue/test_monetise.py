"""Monetised carbon against the shipped table values (2022 prices) and the deflator."""

from __future__ import annotations

import pandas as pd
import pytest

from carbon.errors import ConfigurationError
from carbon.socialvalue.assemble import monetised_values
from carbon.socialvalue.deflator import load_deflator, rebase_factor
from carbon.socialvalue.framework import load_framework
from carbon.socialvalue.measures import MeasureData
from carbon.socialvalue.monetise import monetise, reductions

EMISSIONS = pd.Series({2019: 1000.0, 2023: 900.0, 2030: 700.0})


def test_reduction_against_the_base_year_valued_at_the_year_s_carbon_value() -> None:
    valued = monetise(reductions(EMISSIONS, base_year=2019)).set_index("year")
    assert valued.loc[2030, "tco2e_reduced"] == 300.0
    assert valued.loc[2030, "gbp_per_tco2e_central"] == 294.50  # DESNZ central 2030
    assert valued.loc[2030, "value_gbp_central"] == pytest.approx(300 * 294.50)
    assert valued.loc[2030, "value_gbp_low"] == pytest.approx(300 * 147.25)
    assert valued.loc[2030, "value_gbp_high"] == pytest.approx(300 * 441.75)
    assert valued.loc[2023, "value_gbp_central"] == pytest.approx(100 * 264.93)
    assert 2019 not in valued.index  # the base year itself has no reduction to value
    assert set(valued["price_year"]) == {2022}


def test_reduction_against_business_as_usual() -> None:
    bau = pd.Series({2023: 1050.0, 2030: 1100.0})
    valued = monetise(reductions(EMISSIONS, bau=bau)).set_index("year")
    assert list(valued.index) == [2023, 2030]  # 2019 has no BAU value
    assert valued.loc[2030, "value_gbp_central"] == pytest.approx(400 * 294.50)
    assert valued.loc[2023, "basis"] == "bau"


def test_an_increase_is_valued_negatively() -> None:
    valued = monetise(reductions(pd.Series({2020: 100.0, 2021: 110.0}), base_year=2020))
    assert valued["value_gbp_central"].iloc[0] == pytest.approx(-10 * 257.05)


def test_rebasing_to_2024_prices_uses_the_deflator_ratio() -> None:
    index, info = load_deflator()
    valued = monetise(reductions(EMISSIONS, base_year=2019), price_year=2024).set_index("year")
    assert valued.loc[2030, "gbp_per_tco2e_central"] == pytest.approx(294.50 * 100 / 90.5005)
    assert rebase_factor(2022, 2024) == pytest.approx(index[2024] / index[2022])
    assert set(valued["price_year"]) == {2024} and info.verified is False


def test_rebasing_outside_the_deflator_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="cannot re-base"):
        rebase_factor(2022, 2031)
    assert rebase_factor(2022, 2022) == 1.0


def test_reductions_need_exactly_one_reference() -> None:
    with pytest.raises(ConfigurationError, match="exactly one"):
        reductions(EMISSIONS)
    with pytest.raises(ConfigurationError, match="exactly one"):
        reductions(EMISSIONS, base_year=2019, bau=EMISSIONS)
    with pytest.raises(ConfigurationError, match="no emissions for base year"):
        reductions(EMISSIONS, base_year=2018)


def test_framework_monetisation_of_the_carbon_metric(tiny: MeasureData) -> None:
    values = monetised_values(load_framework(), tiny, year=2024, base_year=2019,
                              bau=pd.Series({2024: 310.0}))
    by_basis = {v.basis: v for v in values}
    assert by_basis["base_year"].tco2e_reduced == 70.0  # 300 - 230
    assert by_basis["base_year"].value_gbp["central"] == pytest.approx(70 * 268.97)
    assert by_basis["bau"].tco2e_reduced == 80.0
    assert by_basis["bau"].gbp_per_tco2e == {"low": 134.48, "central": 268.97, "high": 403.45}
