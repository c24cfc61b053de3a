from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbon.errors import ConfigurationError, UnknownFactorSetError
from carbon.factorsets import FactorSelection, select_factor_sets
from carbon.periods import ReportingPeriod


def test_default_is_the_calendar_year_holding_most_of_the_period() -> None:
    chosen = select_factor_sets("2024/25")
    assert chosen.policy == "majority" and chosen.set_ids == ["desnz:2024"]
    assert chosen.sets[0].weight == 1.0 and chosen.sets[0].days == 365
    assert "2024 (275 of 365 days)" in chosen.rule
    assert select_factor_sets("2019/20").set_ids == ["desnz:2019"]  # the SRP's rule


def test_pro_rata_weights_by_days() -> None:
    chosen = select_factor_sets("2024/25", "pro-rata")
    assert chosen.set_ids == ["desnz:2024", "desnz:2025"]
    assert [s.days for s in chosen.sets] == [275, 90]
    assert [s.weight for s in chosen.sets] == [275 / 365, 90 / 365]
    assert chosen.sets[0].start == date(2024, 4, 1) and chosen.sets[1].end == date(2025, 4, 1)
    leap = select_factor_sets("2023/24", "pro-rata")
    assert [s.days for s in leap.sets] == [275, 91]


def test_pinned_one_set_for_every_period_or_per_period() -> None:
    assert select_factor_sets("2024/25", "pinned", pinned="desnz:2023").set_ids == \
        ["desnz:2023"]
    assert select_factor_sets("2024/25", "pinned",
                              pinned={"2024/25": "desnz:latest"}).set_ids == ["desnz:2026"]
    with pytest.raises(ConfigurationError, match="no factor set for 2025/26"):
        select_factor_sets("2025/26", "pinned", pinned={"2024/25": "desnz:2024"})


def test_a_missing_year_is_an_error_not_a_fallback() -> None:
    with pytest.raises(UnknownFactorSetError, match="needs factor set desnz:2027") as info:
        select_factor_sets("2026/27", "pro-rata")
    assert "pinned" in str(info.value)
    with pytest.raises(UnknownFactorSetError, match="desnz:2030"):
        select_factor_sets("2030/31")
    with pytest.raises(ConfigurationError, match="unknown factor selection policy"):
        select_factor_sets("2024/25", "nearest")  # type: ignore[arg-type]


def test_calendar_year_and_the_record_round_trips() -> None:
    chosen = select_factor_sets(ReportingPeriod.calendar_year(2022))
    assert chosen.set_ids == ["desnz:2022"] and chosen.period == "2022"
    again = FactorSelection.model_validate_json(chosen.model_dump_json())
    assert again == chosen


@given(st.integers(min_value=2016, max_value=2025))
def test_pro_rata_weights_sum_to_one_and_days_to_the_period(year: int) -> None:
    chosen = select_factor_sets(ReportingPeriod.financial_year(year), "pro-rata")
    assert sum(s.weight for s in chosen.sets) == pytest.approx(1.0, abs=1e-15)
    assert sum(s.days for s in chosen.sets) == ReportingPeriod.financial_year(year).days


def test_a_family_published_per_financial_year_uses_that_years_set() -> None:
    """The SDU table has a set per NHS financial year: historical returns reproduce exactly."""
    for policy in ("majority", "pro-rata"):
        chosen = select_factor_sets("2019/20", policy, family="sdu")  # type: ignore[arg-type]
        assert chosen.set_ids == ["sdu:2019-20"] and chosen.sets[0].weight == 1.0
        assert chosen.rule == "sdu:2019-20 is the sdu set for 2019/20"
    with pytest.raises(UnknownFactorSetError, match="sdu:2021"):
        select_factor_sets("2021/22", family="sdu")
