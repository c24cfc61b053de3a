"""Long half-hourly exports on synthetic files: time bases, clock changes, period ends, units."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbon.errors import InputFileError
from carbon.readers import LoadOptions, LoadResult, read_file


def long_file(path: Path, rows: list[str], head: str = "meter_id,timestamp,kwh,status") -> Path:
    path.write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def read(path: Path, **options: object) -> LoadResult:
    result = read_file(path, LoadOptions(site="S1", **options))
    assert result.rows_in == result.rows_accepted + result.rows_quarantined
    return result


def test_local_times_that_occur_twice_need_an_offset(tmp_path: Path) -> None:
    rows = ["M1,2024-10-27 00:30,1,A", "M1,2024-10-27 01:00,2,A", "M1,2024-10-27 01:30,3,A",
            "M1,2024-10-27 02:00,4,A"]
    result = read(long_file(tmp_path / "l.csv", rows), timezone="Europe/London")
    q = result.quarantine
    assert q["source_row"].tolist() == [3, 4]
    assert q["reason"].str.startswith("ambiguous local time").all()
    assert "offset" in q["fix"].iloc[0]
    a = result.activity
    assert a["period_start"].tolist() == [pd.Timestamp("2024-10-26T23:30Z"),
                                          pd.Timestamp("2024-10-27T02:00Z")]
    assert a["settlement_period"].tolist() == [2, 7]


def test_offsets_make_the_repeated_hour_exact(tmp_path: Path) -> None:
    rows = ["M1,2024-10-27T01:00:00+01:00,1,A", "M1,2024-10-27T01:30:00+01:00,2,A",
            "M1,2024-10-27T01:00:00+00:00,3,A", "M1,2024-10-27T01:30:00Z,4,A"]
    a = read(long_file(tmp_path / "l.csv", rows)).activity
    assert a["period_start"].tolist() == [pd.Timestamp(t) for t in (
        "2024-10-27T00:00Z", "2024-10-27T00:30Z", "2024-10-27T01:00Z", "2024-10-27T01:30Z")]
    assert a["settlement_period"].tolist() == [3, 4, 5, 6]
    assert (a["local_date"] == pd.Timestamp("2024-10-27")).all()


def test_local_times_in_the_spring_gap_do_not_exist(tmp_path: Path) -> None:
    rows = ["M1,2025-03-30 00:30,1,A", "M1,2025-03-30 01:00,2,A", "M1,2025-03-30 01:30,3,A",
            "M1,2025-03-30 02:00,4,A"]
    result = read(long_file(tmp_path / "l.csv", rows), timezone="Europe/London")
    assert result.quarantine["reason"].tolist() == [
        "local time does not exist (clocks go forward)"] * 2
    a = result.activity
    assert a["period_start"].tolist() == [pd.Timestamp("2025-03-30T00:30Z"),
                                          pd.Timestamp("2025-03-30T01:00Z")]
    assert a["settlement_period"].tolist() == [2, 3]  # 02:00 BST is SP3 of the short day


def test_naive_timestamps_need_a_declared_time_basis(tmp_path: Path) -> None:
    path = long_file(tmp_path / "l.csv", ["M1,2024-06-01 10:00,1,A"])
    with pytest.raises(InputFileError, match="--timezone UTC or --timezone Europe/London"):
        read(path)
    utc = read(path, timezone="UTC").activity["period_start"].item()
    local = read(path, timezone="Europe/London").activity["period_start"].item()
    assert (utc, local) == (pd.Timestamp("2024-06-01T10:00Z"), pd.Timestamp("2024-06-01T09:00Z"))


def test_utc_column_name_states_the_time_basis(tmp_path: Path) -> None:
    path = long_file(tmp_path / "l.csv", ["M1,2024-06-01 10:00,1"], "meter_id,timestamp_utc,kwh")
    result = read(path)
    assert result.activity["period_start"].item() == pd.Timestamp("2024-06-01T10:00Z")
    assert any("UTC (column 'timestamp utc')" in text for text in result.assumptions)


def test_end_of_period_timestamps(tmp_path: Path) -> None:
    rows = ["M1,2024-06-01T00:30:00Z,1", "M1,2024-06-01T01:00:00Z,2"]
    declared = read(long_file(tmp_path / "a.csv", rows, "meter_id,timestamp,kwh"),
                    timestamp_marks="end").activity
    named = read(long_file(tmp_path / "b.csv", rows, "meter_id,interval_end,kwh")).activity
    start = read(long_file(tmp_path / "c.csv", rows, "meter_id,timestamp,kwh")).activity
    for a in (declared, named):
        assert a["period_start"].tolist() == [pd.Timestamp("2024-06-01T00:00Z"),
                                              pd.Timestamp("2024-06-01T00:30Z")]
    assert start["period_start"].tolist() == [pd.Timestamp("2024-06-01T00:30Z"),
                                              pd.Timestamp("2024-06-01T01:00Z")]


@pytest.mark.parametrize(("column", "unit", "factor"), [
    ("kw", None, 0.5), ("wh", None, 0.001), ("value", "kW", 0.5), ("value", "Wh", 0.001),
    ("value", None, 1.0), ("kwh", None, 1.0)])
def test_units_from_column_name_or_declaration(tmp_path: Path, column: str, unit: str | None,
                                               factor: float) -> None:
    path = long_file(tmp_path / "l.csv", ["M1,2024-06-01T00:00:00Z,6"],
                     f"meter_id,timestamp,{column}")
    a = read(path, unit=unit).activity
    assert a["quantity"].item() == pytest.approx(6 * factor)
    assert a["unit"].item() == "kWh"


def test_reactive_column_is_kvarh_not_energy(tmp_path: Path) -> None:
    path = long_file(tmp_path / "l.csv", ["M1,2024-06-01T00:00:00Z,6"],
                     "meter_id,timestamp,kvarh")
    a = read(path).activity
    assert (a["activity_type"].item(), a["unit"].item()) == ("electricity.reactive", "kVArh")


def test_duplicates_identical_once_conflicting_never_overwritten(tmp_path: Path) -> None:
    rows = ["M1,2024-06-01T00:00:00Z,1,A", "M1,2024-06-01T00:00:00Z,1,A",
            "M1,2024-06-01T00:30:00Z,2,A", "M1,2024-06-01T00:30:00Z,3,A",
            "M2,2024-06-01T00:30:00Z,3,A"]
    result = read(long_file(tmp_path / "l.csv", rows))
    a = result.activity
    assert list(zip(a["meter_id"], a["quantity"], strict=True)) == [("M1", 1.0), ("M2", 3.0)]
    reasons = result.quarantine.set_index("source_row")["reason"]
    assert reasons.loc[3] == "identical duplicate of line 2: loaded once"
    assert reasons.loc[[4, 5]].str.startswith("conflicting duplicate").all()


@pytest.mark.parametrize(("text", "reason"), [
    ("2024-13-01 10:00", "not a date and time"), ("yesterday", "not a date and time"),
    ("", "not a date and time"), ("2024-06-01 10:15", "not on a half-hour boundary")])
def test_bad_timestamps_are_quarantined(tmp_path: Path, text: str, reason: str) -> None:
    result = read(long_file(tmp_path / "l.csv", [f"M1,{text},1,A", "M1,2024-06-01 10:00,1,A"]),
                  timezone="Europe/London")
    assert result.quarantine["reason"].tolist() == [reason]
    assert len(result.activity) == 1


def test_bad_values_and_flags(tmp_path: Path) -> None:
    rows = ["M1,2024-06-01T00:00:00Z,abc,A", "M1,2024-06-01T00:30:00Z,1,Z",
            "M1,2024-06-01T01:00:00Z,,A", "M1,2024-06-01T01:30:00Z,-2,E", ",2024-06-01T02:00Z,1,A"]
    result = read(long_file(tmp_path / "l.csv", rows))
    reasons = result.quarantine.set_index("source_row")["reason"].to_dict()
    assert reasons == {2: "not a number", 3: "unknown status flag", 5: "negative quantity",
                       6: "no meter id"}
    kept = result.activity
    assert kept["status"].tolist() == ["missing"] and kept["quantity"].isna().all()
