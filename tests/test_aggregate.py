from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.activity import validate_activity
from carbon.aggregate import aggregate_activity, apportion, local_days
from carbon.errors import DimensionError
from carbon.periods import LONDON, parse_period
from carbon.taxonomy import activity_types
from carbon.units import conversion_factor

partial_totals_module = importlib.import_module("carbon.partial_totals")

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


def reference_totals(frame: pd.DataFrame, periods: list, grain: str) -> pd.DataFrame:
    """Totals the slow way: the row-by-row split, converted row by row, grouped by pandas."""
    split = apportion(frame, periods, grain=grain)
    known = activity_types()
    scale, unit = [], []
    for kind, own in zip(split["activity_type"].astype(str), split["unit"].astype(str),
                         strict=True):
        try:
            scale.append(conversion_factor(own, known[kind].default_unit))
            unit.append(known[kind].default_unit)
        except DimensionError:
            scale.append(1.0)
            unit.append(own)
    status = split["status"].astype(str).to_numpy()
    work = pd.DataFrame({
        "period": split["period"], "month": split["month"],
        "meter_id": split["meter_id"].astype(str), "unit": unit,
        "quantity": split["quantity"].to_numpy() * np.array(scale),
        "rows": 1, "missing_rows": (status == "missing").astype(int)})
    magnitude = np.abs(work["quantity"].to_numpy())
    for name in ("actual", "estimated", "filled"):
        work[name] = np.where(status == name, magnitude, 0.0)
    out = work.groupby(["period", "month", "meter_id", "unit"]).sum().reset_index()
    total = out[["actual", "estimated", "filled"]].sum(axis=1)
    out["share_estimated"] = np.where(total > 0, out["estimated"] / total, 0.0)
    return out


@pytest.mark.parametrize("grain", ["period", "month"])
def test_totals_equal_the_row_by_row_split(mixed_activity: pd.DataFrame, grain: str) -> None:
    periods = [FY23, FY24]
    got = aggregate_activity(mixed_activity, periods, keys=("meter_id",), grain=grain)
    want = reference_totals(mixed_activity, periods, grain)
    assert len(got) == len(want) > 0
    merged = got.merge(want, on=["period", "month", "meter_id", "unit"], suffixes=("", "_ref"))
    assert len(merged) == len(got)
    assert merged["quantity"].to_numpy() == pytest.approx(merged["quantity_ref"], rel=1e-12)
    assert (merged["activity_rows"] == merged["rows"]).all()
    assert (merged["missing_rows"] == merged["missing_rows_ref"]).all()
    assert merged["share_estimated"].to_numpy() == pytest.approx(merged["share_estimated_ref"])


def test_blocks_and_sparse_slots_give_the_same_totals(mixed_activity: pd.DataFrame,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    periods = [FY23, FY24]
    dense = aggregate_activity(mixed_activity, periods, keys=("site", "meter_id"),
                               grain="month")
    # Blocks of 7 rows split bills from their neighbours; a tiny dense limit forces hashing.
    monkeypatch.setattr(partial_totals_module, "BLOCK", 7)
    monkeypatch.setattr(partial_totals_module, "DENSE", 8)
    sparse = aggregate_activity(mixed_activity, periods, keys=("site", "meter_id"),
                                grain="month")
    pd.testing.assert_frame_equal(sparse, dense, check_exact=False, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 4 * 10**8), min_size=1, max_size=60))
def test_local_days_follow_the_zone_rules(seconds: list[int]) -> None:
    # Instants from 2012 to 2025 against pandas' own Europe/London conversion.
    times = pd.Series(pd.to_datetime(np.array(seconds) + 1_325_376_000, unit="s", utc=True))
    local = times.dt.tz_convert(LONDON)
    midnight = local.dt.tz_localize(None).dt.normalize()
    start = midnight.dt.tz_localize(LONDON)
    end = (midnight + pd.Timedelta(days=1)).dt.tz_localize(LONDON)
    day = (midnight - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)
    expected = day + (times - start) / (end - start)
    assert local_days(times) == pytest.approx(expected.to_numpy(), abs=1e-12)
