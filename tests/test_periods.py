from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from carbon.errors import PeriodError
from carbon.periods import ReportingPeriod, calendar_year_of, financial_year_of, parse_period


@pytest.mark.parametrize("label", ["2024/25", "2024/2025", "FY2024-25", "FY 2024/25", "FY24/25",
                                   "2024-25", "fy2024/25", " 2024/25 ", "2024–25"])
def test_financial_year_labels(label: str) -> None:
    period = parse_period(label)
    assert period == ReportingPeriod.financial_year(2024)
    assert period.label == "2024/25"


@pytest.mark.parametrize(("label", "year"), [("2024", 2024), ("CY2024", 2024), (2019, 2019)])
def test_calendar_year_labels(label: str | int, year: int) -> None:
    assert parse_period(label) == ReportingPeriod.calendar_year(year)


def test_century_rollover_label() -> None:
    assert parse_period("1999/00") == ReportingPeriod.financial_year(1999)
    assert parse_period("FY99/00") == ReportingPeriod.financial_year(1999)


@pytest.mark.parametrize("label", ["FY2024", "2024/26", "2025/24", "abc", "2024/25/26", "",
                                   "1900/01", "99999"])
def test_rejected_labels(label: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(label)


def test_ambiguous_fy_label_explains_the_choice() -> None:
    with pytest.raises(PeriodError, match="FY2024/25"):
        parse_period("FY2024")


def test_bool_is_not_a_year() -> None:
    with pytest.raises(PeriodError):
        parse_period(True)  # type: ignore[arg-type]


def test_financial_year_bounds_in_utc() -> None:
    # FY 2024/25 is [2024-03-31T23:00Z, 2025-03-31T23:00Z): 1 April is in BST.
    period = parse_period("2024/25")
    assert period.start.astimezone(UTC) == datetime(2024, 3, 31, 23, tzinfo=UTC)
    assert period.end.astimezone(UTC) == datetime(2025, 3, 31, 23, tzinfo=UTC)
    assert period.days == 365
    assert parse_period("2023/24").days == 366  # includes 29 Feb 2024


def test_next_and_previous() -> None:
    period = parse_period("2024/25")
    assert period.next().label == "2025/26"
    assert period.previous().label == "2023/24"
    assert str(period) == "2024/25"


def test_financial_year_of_instants() -> None:
    stamps = pd.Series(pd.to_datetime(["2024-03-31T22:59:59Z", "2024-03-31T23:00:00Z",
                                       "2025-03-31T22:30:00Z", "2025-03-31T23:00:00Z"]))
    assert financial_year_of(stamps).tolist() == [2023, 2024, 2024, 2025]
    assert calendar_year_of(pd.Series(pd.to_datetime(["2024-12-31T23:30Z"]))).tolist() == [2024]


def test_financial_year_of_rejects_naive_times() -> None:
    with pytest.raises(PeriodError):
        financial_year_of(pd.Series(pd.to_datetime(["2024-04-01"])))
