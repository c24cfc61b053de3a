"""Target path arithmetic: the identities of the domain spec section 6 and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from carbon.targets import (
    Milestone,
    Target,
    financial_year_of_target,
    level_after,
    required_rate,
    years_to_reach,
)


def annual(rate: float, rate_type: str = "compound", base: int = 2019) -> Target:
    return Target(id="t", name="t", footprint="nhs_carbon_footprint", base_year=base,
                  rate_type=rate_type, annual_rate=rate)


def reduction(level: float) -> float:
    """Cut relative to the base year (1 - level)."""
    return 1.0 - level


def test_15pc_compound_from_2019_20_cuts_80pc_by_2029_30() -> None:
    target = annual(0.15)
    level = target.path([2028, 2029])
    assert reduction(level[1]) >= 0.80        # 2029/30: 80.3%
    assert reduction(level[0]) < 0.80         # 2028/29: 76.8%, not yet
    assert reduction(level[1]) == pytest.approx(0.803, abs=5e-4)


def test_2_5pc_a_year_gives_22_4pc_over_ten_years() -> None:
    cut = 1 - level_after(0.025, [5, 10, 15], "compound")
    assert np.round(cut * 100, 1).tolist() == [11.9, 22.4, 31.6]


def test_worked_numbers_of_the_domain_spec() -> None:
    assert np.round(1 - level_after(0.15, [5, 8, 10], "compound") * 1, 3).tolist() == \
        [0.556, 0.728, 0.803]
    assert float(years_to_reach(0.8, 0.15, "compound")) == pytest.approx(9.9, abs=0.05)
    rates = required_rate(0.8, [9, 10, 11, 12, 13], "compound")
    assert np.round(rates * 100, 1).tolist() == [16.4, 14.9, 13.6, 12.6, 11.6]
    # national: 16.2 Mt (1990) -> 6.1 Mt (2019); 80% level 3.24 Mt needs -47% from 2019
    cut = 1 - 3.24 / 6.1
    assert cut == pytest.approx(0.469, abs=5e-4)
    assert np.round(required_rate(cut, [9, 11, 13], "compound") * 100, 1).tolist() == \
        [6.8, 5.6, 4.8]
    # SBTi 4.2% linear over 10 years = 42%, about 5.3% compound
    assert reduction(level_after(0.042, 10, "linear_of_base")) == pytest.approx(0.42)
    assert float(required_rate(0.42, 10, "compound")) == pytest.approx(0.053, abs=5e-4)


def test_linear_reaches_80pc_in_5_3_years_at_15pc_of_base() -> None:
    assert float(years_to_reach(0.8, 0.15, "linear_of_base")) == pytest.approx(5.33, abs=0.01)
    assert level_after(0.15, 7, "linear_of_base") == 0.0  # never below zero


def milestone_target(rate_type: str, reduction: float = 0.8, year: int = 2030) -> Target:
    return Target(id="m", name="m", footprint="f", base_year=2019, rate_type=rate_type,
                  milestones=(Milestone(reduction=reduction, first_year=year, last_year=year),))


def test_linear_and_compound_paths_meet_at_their_end_points() -> None:
    years = np.arange(2019, 2031)
    linear = milestone_target("linear_of_base").path(years)
    compound = milestone_target("compound").path(years)
    assert linear[0] == compound[0] == 1.0
    assert linear[-1] == pytest.approx(0.2) and compound[-1] == pytest.approx(0.2)
    assert np.all(compound[1:-1] < linear[1:-1])  # the compound curve sags below the line


def test_window_is_evaluated_at_both_ends_and_net_zero_after() -> None:
    target = Target(id="w", name="w", footprint="f", base_year=2019, rate_type="linear_of_base",
                    milestones=(Milestone(reduction=0.8, first_year=2027, last_year=2031),
                                Milestone(reduction=1.0, first_year=2039, last_year=2039)))
    assert target.checks == ("earliest", "latest")
    years = np.arange(2019, 2045)
    early, late = target.path(years, "earliest"), target.path(years, "latest")
    assert early[years == 2027][0] == pytest.approx(0.2)
    assert late[years == 2031][0] == pytest.approx(0.2)
    assert late[years == 2027][0] > 0.2
    assert early[years == 2039][0] == late[years == 2039][0] == 0.0
    assert np.all(early[years > 2039] == 0.0)
    assert np.isnan(target.path([2018])[0])


def test_compound_path_cannot_reach_net_zero() -> None:
    with pytest.raises(ValidationError, match="never reaches zero"):
        milestone_target("compound", reduction=1.0)


def test_milestones_must_progress() -> None:
    with pytest.raises(ValidationError, match="not after"):
        Target(id="x", name="x", footprint="f", base_year=2019, rate_type="compound",
               milestones=(Milestone(reduction=0.5, first_year=2019, last_year=2019),))
    with pytest.raises(ValidationError, match="does not exceed"):
        Target(id="x", name="x", footprint="f", base_year=2019, rate_type="compound",
               milestones=(Milestone(reduction=0.5, first_year=2025, last_year=2025),
                           Milestone(reduction=0.4, first_year=2030, last_year=2030)))
    with pytest.raises(ValidationError, match="either annual_rate or milestones"):
        Target(id="x", name="x", footprint="f", base_year=2019, rate_type="compound")


def test_annual_rate_holds_after_end_year() -> None:
    target = Target(id="e", name="e", footprint="f", base_year=2019, rate_type="compound",
                    annual_rate=0.1, end_year=2022)
    path = target.path([2022, 2023, 2030])
    assert path.tolist() == pytest.approx([0.9**3] * 3)


def test_calendar_target_years_map_to_financial_years() -> None:
    assert financial_year_of_target(2040, "ending") == 2039    # FY 2039/40
    assert financial_year_of_target(2040, "starting") == 2040  # FY 2040/41


windows = st.tuples(st.integers(2020, 2035), st.integers(0, 5), st.floats(0.05, 0.95),
                    st.integers(1, 10))


@settings(max_examples=60, deadline=None)
@given(window=windows, rate_type=st.sampled_from(["compound", "linear_of_base"]),
       net_zero=st.booleans())
def test_paths_are_monotone_bounded_and_earliest_is_strictest(
        window: tuple[int, int, float, int], rate_type: str, net_zero: bool) -> None:
    first, width, cut, gap = window
    milestones = [Milestone(reduction=cut, first_year=first, last_year=first + width)]
    if net_zero:
        milestones.append(Milestone(reduction=1.0, first_year=first + width + gap,
                                    last_year=first + width + gap, rate_type="linear_of_base"))
    target = Target(id="h", name="h", footprint="f", base_year=2019,
                    rate_type=rate_type, milestones=tuple(milestones))
    years = np.arange(2019, 2070)
    for check in target.checks:
        path = target.path(years, check)
        assert np.all(np.diff(path) <= 1e-12)          # never rises
        assert np.all((path >= 0) & (path <= 1))
        end = milestones[0].year(check)
        assert path[years == end][0] == pytest.approx(1 - cut)  # evaluated at the window end
    if target.checks == ("earliest", "latest"):
        assert np.all(target.path(years, "earliest") <= target.path(years, "latest") + 1e-12)


@settings(max_examples=60, deadline=None)
@given(cut=st.floats(0.01, 0.99), years=st.integers(1, 40),
       rate_type=st.sampled_from(["compound", "linear_of_base"]))
def test_required_rate_and_years_to_reach_are_inverse(cut: float, years: int,
                                                      rate_type: str) -> None:
    rate = required_rate(cut, years, rate_type)
    assert float(years_to_reach(cut, rate, rate_type)) == pytest.approx(years)
    assert float(1 - level_after(rate, years, rate_type)) == pytest.approx(cut)
