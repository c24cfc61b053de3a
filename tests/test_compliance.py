"""Compliance of actuals with targets: statuses, gaps, budgets, rates, year met."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbon.compliance import assess
from carbon.errors import TableContractError
from carbon.targets import Milestone, Target


def series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype="float64")


def linear_80_by_2029(window: tuple[int, int] = (2029, 2029)) -> Target:
    return Target(id="t", name="t", footprint="f", base_year=2019, rate_type="linear_of_base",
                  milestones=(Milestone(reduction=0.8, first_year=window[0],
                                        last_year=window[1]),))


def test_gap_status_and_budget_by_hand() -> None:
    # path: 100, 92, 84, 76 ... (8 a year); tolerance 5 (5% of 100)
    actual = series({2019: 100, 2020: 95, 2021: 84, 2022: 90})
    result = assess(linear_80_by_2029(), actual, tolerance=0.05, recent_years=3)
    table = result.table.set_index("year")
    assert table["required"].tolist() == pytest.approx([100, 92, 84, 76])
    assert table["gap"].tolist() == pytest.approx([0, 3, 0, 14])
    assert table["gap_pct"][2020] == pytest.approx(3 / 92)
    assert table["status"].tolist() == ["on_track", "at_risk", "on_track", "off_track"]
    assert table["cumulative_actual"][2022] == 369
    assert table["cumulative_required"][2022] == pytest.approx(352)
    assert table["cumulative_gap"][2022] == pytest.approx(17)        # 17 t over the budget


def test_summary_rates_and_year_met_by_hand() -> None:
    actual = series({2019: 100, 2020: 96, 2021: 93, 2022: 88})
    (row,) = assess(linear_80_by_2029(), actual, recent_years=3).summary.to_dict("records")
    assert row["milestone_value"] == pytest.approx(20)
    # from 88 in 2022/23 to 20 by 2029/30: 68 t over 7 years = 9.71% of the base a year
    assert row["required_rate"] == pytest.approx(68 / 100 / 7)
    # recent: (100 - 88) / 3 = 4 t a year = 4% of base; 68 / 4 = 17 years -> 2039/40
    assert row["recent_rate"] == pytest.approx(0.04)
    assert row["year_met_at_recent_rate"] == "2039/40"
    assert row["carbon_budget"] == pytest.approx(sum(100 - 8 * t for t in range(11)))
    assert row["budget_used"] == 377


def test_compound_rates() -> None:
    target = Target(id="c", name="c", footprint="f", base_year=2019, rate_type="compound",
                    annual_rate=0.1, end_year=2029)
    actual = series({2019: 100.0, 2020: 90.0, 2021: 81.0})
    result = assess(target, actual, recent_years=2)
    assert result.table["status"].tolist() == ["on_track"] * 3
    (row,) = result.summary.to_dict("records")
    assert row["recent_rate"] == pytest.approx(0.1)
    assert row["required_rate"] == pytest.approx(0.1)          # exactly on the path
    assert row["year_met_at_recent_rate"] == "2029/30"
    assert row["milestone_value"] == pytest.approx(100 * 0.9**10)


def test_window_overall_status() -> None:
    target = linear_80_by_2029((2027, 2031))
    # earliest path 2020: 90; latest path 2020: 100 - 80/12 = 93.33
    result = assess(target, series({2019: 100, 2020: 92}), tolerance=0.0)
    table = result.table.set_index(["check", "year"])
    assert table.loc[("earliest", 2020), "status"] == "off_track"
    assert table.loc[("latest", 2020), "status"] == "on_track"
    assert set(table.xs(2020, level="year")["overall_status"]) == {"at_risk"}
    result = assess(target, series({2019: 100, 2020: 95}), tolerance=0.0)
    assert set(result.table.query("year == 2020")["overall_status"]) == {"off_track"}


def test_missing_years_are_no_data_and_left_out_of_budgets() -> None:
    result = assess(linear_80_by_2029(), series({2019: 100, 2021: 80}))
    table = result.table.set_index("year")
    assert table.loc[2020, "status"] == "no_data" and np.isnan(table.loc[2020, "actual"])
    assert table.loc[2021, "cumulative_actual"] == 180
    assert table.loc[2021, "cumulative_required"] == pytest.approx(184)


def test_met_milestones_and_never_at_the_recent_rate() -> None:
    target = linear_80_by_2029((2020, 2020))
    result = assess(target, series({2019: 100, 2020: 15, 2021: 18}), recent_years=1)
    (row,) = result.summary.to_dict("records")
    assert row["met"] is True
    assert row["year_met_at_recent_rate"] == "2021/22"    # already below the level
    rising = assess(linear_80_by_2029(), series({2019: 100, 2020: 101, 2021: 102}),
                    recent_years=2)
    assert rising.summary["year_met_at_recent_rate"][0].startswith("not reached")


def test_base_year_is_required() -> None:
    with pytest.raises(TableContractError, match="base year 2019/20") as info:
        assess(linear_80_by_2029(), series({2020: 1.0}))
    assert "have: 2020/21" in str(info.value)
