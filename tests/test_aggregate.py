from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.activity import validate_activity
from carbon.aggregate import aggregate_activity, apportion, local_days
from carbon.periods import LONDON, parse_period

FY23, FY24 = parse_period("2023/24"), parse_period("2024/25")


def rows(spec: list[tuple[str, str, float, str, str, str]]) -> pd.DataFrame:
    """(start local, end local, quantity, unit, activity_type, status) -> canonical table."""
    frame = pd.DataFrame(spec, columns=["start", "end", "quantity", "unit", "activity_type",
                                        "status"])
    return validate_activity(pd.DataFrame({
        "organisation": "RXX", "site": "S01", "meter_id": "M1",
        "activity_type": frame["activity_type"],
        "period_start": pd.to_datetime(frame["start"]).dt.tz_localize(LONDON),
        "period_end": pd.to_datetime(frame["end"]).dt.tz_localize(LONDON),
        "quantity": frame["quantity"], "unit": frame["unit"], "status": frame["status"],
        "source_file": "f.csv", "source_row": np.arange(2, len(frame) + 2), "batch_id": "b",
    }))


def test_bill_straddling_the_year_end_is_split_by_day() -> None:
    # 3 March to 4 April 2024 (end exclusive) = 32 days: 29 in 2023/24, 3 in 2024/25, even
    # though 31 March 2024 is a 23-hour day.
    frame = rows([("2024-03-03", "2024-04-04", 3200.0, "kWh (Gross CV)", "fuel.natural_gas",
                   "actual")])
    split = apportion(frame, [FY23, FY24])
    assert split["fraction"].tolist() == pytest.approx([29 / 32, 3 / 32])
    assert split["quantity"].tolist() == pytest.approx([2900.0, 300.0])


def test_half_hour_after_local_midnight_belongs_to_the_new_year() -> None:
    frame = validate_activity(pd.DataFrame({
        "organisation": "RXX", "site": "S01", "meter_id": "M1",
        "activity_type": "electricity.grid",
        "period_start": pd.to_datetime(["2024-03-31T22:30Z", "2024-03-31T23:00Z"]),
        "period_end": pd.to_datetime(["2024-03-31T23:00Z", "2024-03-31T23:30Z"]),
        "quantity": [1.0, 2.0], "unit": "kWh", "status": "actual", "source_file": "hh.csv",
        "source_row": [2, 3], "batch_id": "b",
    }))
    out = aggregate_activity(frame, [FY23, FY24])
    assert dict(zip(out["period"], out["quantity"], strict=True)) == {"2023/24": 1.0,
                                                                      "2024/25": 2.0}


def test_units_converted_once_per_group_and_shares() -> None:
    frame = rows([
        ("2024-04-01", "2024-05-01", 1.0, "MWh", "electricity.grid", "actual"),
        ("2024-05-01", "2024-06-01", 500.0, "kWh", "electricity.grid", "estimated"),
        ("2024-06-01", "2024-07-01", np.nan, "kWh", "electricity.grid", "missing"),
        ("2024-04-01", "2024-05-01", 200.0, "litres", "fuel.gas_oil", "actual"),
    ])
    out = aggregate_activity(frame, [FY24]).set_index("activity_type")
    elec = out.loc["electricity.grid"]
    assert (elec["unit"], elec["quantity"], elec["activity_rows"]) == ("kWh", 1500.0, 3)
    assert elec["share_estimated"] == pytest.approx(1 / 3)
    assert elec["missing_rows"] == 1
    oil = out.loc["fuel.gas_oil"]
    assert (oil["unit"], oil["quantity"]) == ("litres", 200.0)  # no calorific value: own unit


def test_rows_outside_every_period_are_dropped() -> None:
    frame = rows([("2022-04-01", "2022-05-01", 10.0, "kWh", "electricity.grid", "actual")])
    assert aggregate_activity(frame, [FY24]).empty


def test_overlapping_periods_are_refused() -> None:
    frame = rows([("2024-04-01", "2024-05-01", 10.0, "kWh", "electricity.grid", "actual")])
    with pytest.raises(ValueError, match="overlap"):
        apportion(frame, [FY24, FY24])
    with pytest.raises(ValueError, match="overlap"):
        apportion(frame, [FY24, parse_period("2024")])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 900), st.integers(1, 200),
                          st.floats(0, 1e6, allow_nan=False)), min_size=1, max_size=20))
def test_apportioning_conserves_quantity(spec: list[tuple[int, int, float]]) -> None:
    # Rows anywhere inside FY 2023/24 .. 2025/26: the periods cover them fully, so the total
    # is conserved exactly (up to float rounding).
    base = pd.Timestamp("2023-04-01")
    table = rows([(str(base + pd.Timedelta(days=a)), str(base + pd.Timedelta(days=a + n)), q,
                   "kWh", "electricity.grid", "actual") for a, n, q in spec])
    out = aggregate_activity(table, [FY23, FY24, parse_period("2025/26"),
                                     parse_period("2026/27")])
    assert out["quantity"].sum() == pytest.approx(sum(q for _, _, q in spec), rel=1e-9)


def test_half_hours_of_a_fifty_period_day_stay_in_order() -> None:
    # 29 October 2023: 01:00-02:00 local happens twice; every half hour is 1/50 of the day.
    starts = pd.date_range("2023-10-28T23:00Z", periods=50, freq="30min")
    frame = validate_activity(pd.DataFrame({
        "organisation": "RXX", "site": "S01", "meter_id": "M1",
        "activity_type": "electricity.grid", "period_start": starts,
        "period_end": starts + pd.Timedelta(minutes=30), "quantity": 1.0, "unit": "kWh",
        "status": "actual", "source_file": "hh.csv", "source_row": np.arange(2, 52),
        "batch_id": "b"}))
    days = local_days(frame["period_start"])
    assert np.all(np.diff(days) > 0)
    assert np.diff(days) == pytest.approx(np.full(49, 1 / 50))
    out = aggregate_activity(frame, [FY23], grain="month")
    assert out["quantity"].tolist() == [50.0] and out["month"].tolist() == ["2023-10"]
