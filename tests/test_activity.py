from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from carbon.activity import (
    COLUMNS,
    ActivityRecord,
    check_activity,
    empty_activity,
    read_activity_csv,
    records_to_frame,
    summarise_activity,
    validate_activity,
    write_activity_csv,
)
from carbon.errors import ActivityValidationError, CarbonError


def make_frame(n: int = 3, **overrides: object) -> pd.DataFrame:
    start = pd.Timestamp("2024-04-01T00:00Z") + pd.to_timedelta(np.arange(n) * 30, unit="min")
    frame = pd.DataFrame({
        "organisation": "RXX", "site": "S01", "meter_id": "1505751609251",
        "activity_type": "electricity.grid", "period_start": start,
        "period_end": start + pd.Timedelta(minutes=30), "quantity": np.linspace(10, 20, n),
        "unit": "kWh", "status": "actual", "source_file": "hh.csv",
        "source_row": np.arange(2, n + 2), "batch_id": "b1",
    })
    for key, value in overrides.items():
        frame[key] = value
    return frame


def test_good_frame_is_canonical() -> None:
    out = validate_activity(make_frame())
    assert list(out.columns) == list(COLUMNS)
    assert str(out["period_start"].dtype) == "datetime64[ns, UTC]"
    assert out["quantity"].dtype == np.float64
    assert isinstance(out["site"].dtype, pd.CategoricalDtype)
    assert out["calorific_basis"].isna().all()


def test_local_times_are_converted_to_utc() -> None:
    frame = make_frame()
    frame["period_start"] = frame["period_start"].dt.tz_convert("Europe/London")
    frame["period_end"] = frame["period_end"].dt.tz_convert("Europe/London")
    out = validate_activity(frame)
    assert str(out["period_start"].dt.tz) == "UTC"
    assert out["period_start"].iloc[0] == pd.Timestamp("2024-04-01T00:00Z")


def test_calorific_basis_is_derived_from_unit() -> None:
    frame = make_frame(2, activity_type="fuel.natural_gas", unit="kWh (Gross CV)")
    out = validate_activity(frame)
    assert out["calorific_basis"].astype(str).tolist() == ["gross", "gross"]


def test_extra_columns_are_kept_after_canonical_ones() -> None:
    out = validate_activity(make_frame(settlement_period=1))
    assert out.columns[-1] == "settlement_period"


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("activity_type", "electricity.gird", "unknown activity type"),
    ("unit", "litres", "dimension volume"),
    ("unit", "kVArh", "dimension reactive_energy"),
    ("unit", "furlongs", "unknown unit"),
    ("quantity", np.nan, "not a finite number"),
    ("quantity", -4.0, "negative quantity"),
    ("status", "guess", "unknown data-quality status"),
    ("site", "", "empty text"),
    ("source_row", 0, "source_row"),
])
def test_bad_rows_are_reported(column: str, value: object, reason: str) -> None:
    frame = make_frame()
    frame[column] = frame[column].astype(object)
    frame.loc[1, column] = value
    problems = check_activity(frame)
    assert len(problems) == 1
    found = problems.iloc[0]
    assert found["row"] == 1 and found["column"] == column and reason in found["reason"]
    assert found["source_file"] == "hh.csv" and found["source_row"] == frame.loc[1, "source_row"]
    with pytest.raises(ActivityValidationError, match=f"hh.csv row {frame.loc[1, 'source_row']}"):
        validate_activity(frame)


def test_wrong_fuel_basis_is_a_unit_problem() -> None:
    frame = make_frame(1, activity_type="fuel.natural_gas", unit="kWh")
    problems = check_activity(frame)
    assert problems["reason"].str.contains("energy").all()


def test_missing_status_allows_nan_quantity() -> None:
    frame = make_frame()
    frame.loc[1, ["quantity", "status"]] = [np.nan, "missing"]
    assert check_activity(frame).empty


def test_negative_allowed_for_returns_of_anaesthetic_agents() -> None:
    frame = make_frame(1, activity_type="anaesthetic.desflurane", unit="kg", quantity=-0.35)
    assert check_activity(frame).empty


def test_naive_times_are_rejected() -> None:
    frame = make_frame()
    frame["period_start"] = frame["period_start"].dt.tz_localize(None)
    with pytest.raises(ActivityValidationError, match="timezone-aware"):
        validate_activity(frame)


def test_period_must_be_positive() -> None:
    frame = make_frame()
    frame.loc[0, "period_end"] = frame.loc[0, "period_start"]
    assert check_activity(frame)["column"].tolist() == ["period_end"]


def test_missing_columns_fail_the_whole_frame() -> None:
    with pytest.raises(ActivityValidationError, match="lacks required columns"):
        check_activity(make_frame().drop(columns=["unit"]))


def test_calorific_basis_clash() -> None:
    frame = make_frame(1, activity_type="fuel.natural_gas", unit="kWh (Gross CV)",
                       calorific_basis="net")
    assert check_activity(frame)["column"].tolist() == ["calorific_basis"]


def test_message_summarises_many_problems() -> None:
    frame = make_frame(20, status="guess")
    with pytest.raises(ActivityValidationError, match=r"20 problem.*and 15 more"):
        validate_activity(frame)


def test_empty_activity_is_valid() -> None:
    assert validate_activity(empty_activity()).empty


def test_record_model() -> None:
    start = datetime(2024, 4, 1, tzinfo=UTC)
    record = ActivityRecord(organisation="RXX", site="S01", meter_id="M",
                            activity_type="water.supply", period_start=start,
                            period_end=start + timedelta(days=30), quantity=120.0,
                            unit="cubic metres")
    frame = records_to_frame([record])
    assert frame["unit"].astype(str).tolist() == ["cubic metres"]
    with pytest.raises(ValidationError):
        ActivityRecord(organisation="RXX", site="S01", meter_id="M", activity_type="water.supply",
                       period_start=start.replace(tzinfo=None), period_end=start,
                       quantity=1.0, unit="m3")
    with pytest.raises((ValidationError, CarbonError)):
        ActivityRecord(organisation="RXX", site="S01", meter_id="M", activity_type="water.supply",
                       period_start=start, period_end=start + timedelta(days=1),
                       quantity=1.0, unit="kWh")


def test_csv_round_trip_is_byte_identical(tmp_path: Path) -> None:
    frame = validate_activity(make_frame(5, activity_type="fuel.natural_gas",
                                         unit="kWh (Gross CV)"))
    first = write_activity_csv(frame, tmp_path / "a.csv")
    again = read_activity_csv(first)
    second = write_activity_csv(again, tmp_path / "b.csv")
    assert first.read_bytes() == second.read_bytes()
    pd.testing.assert_frame_equal(again.drop(columns=["source_file"]),
                                  frame.drop(columns=["source_file"]), check_categorical=False)


def test_summary_converts_to_default_unit() -> None:
    frame = pd.concat([make_frame(2, quantity=1.0, unit="MWh"), make_frame(2, quantity=500.0)],
                      ignore_index=True)
    frame.loc[0, "status"] = "estimated"
    summary = summarise_activity(validate_activity(frame))
    row = summary.iloc[0]
    assert (row["activity_type"], row["unit"], row["rows"]) == ("electricity.grid", "kWh", 4)
    assert row["quantity"] == pytest.approx(3000.0)
    assert row["estimated_share"] == pytest.approx(1000.0 / 3000.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["ok", "unit", "type", "neg", "nan", "status"]), min_size=1,
                max_size=30))
def test_problems_cover_exactly_the_bad_rows(kinds: list[str]) -> None:
    frame = make_frame(len(kinds))
    for column in ("unit", "activity_type", "status"):
        frame[column] = frame[column].astype(object)
    for i, kind in enumerate(kinds):
        if kind == "unit":
            frame.loc[i, "unit"] = "litres"
        elif kind == "type":
            frame.loc[i, "activity_type"] = "no.such"
        elif kind == "neg":
            frame.loc[i, "quantity"] = -1.0
        elif kind == "nan":
            frame.loc[i, "quantity"] = np.nan
        elif kind == "status":
            frame.loc[i, "status"] = "maybe"
    bad_rows = {i for i, kind in enumerate(kinds) if kind != "ok"}
    assert set(check_activity(frame)["row"]) == bad_rows
