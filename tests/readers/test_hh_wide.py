"""Wide half-hourly exports on synthetic files: clock-change days, bad days, duplicates, units.

Expected instants are computed here from the Europe/London calendar (settlement period p starts
(p - 1) x 30 min after local midnight in absolute time), independently of the reader.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbon.errors import ConfigurationError, InputFileError
from carbon.readers import LoadOptions, LoadResult, read_file

HALF_HOUR = pd.Timedelta(minutes=30)


def values(count: int, width: int, start: int = 1) -> list[str]:
    """``count`` readings start, start + 1, ... then empty cells up to ``width``."""
    return [str(v) for v in range(start, start + count)] + [""] * (width - count)


def wide_file(path: Path, rows: list[list[str]], width: int = 48, *,
              channel: bool = False) -> Path:
    """A numbered HH01..HHnn export; each row is [meter, (channel,) date, cells...]."""
    head = ["MPAN", *(["Channel"] if channel else []), "Date",
            *(f"HH{i:02d}" for i in range(1, width + 1))]
    lines = [",".join(head)] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read(path: Path, **options: object) -> LoadResult:
    result = read_file(path, LoadOptions(site="S1", **options))
    assert result.rows_in == result.rows_accepted + result.rows_quarantined
    return result


def sp_start(local_date: str, period: int) -> pd.Timestamp:
    """UTC start of settlement period ``period`` of a local (Europe/London) day."""
    midnight = pd.Timestamp(local_date).tz_localize("Europe/London").tz_convert("UTC")
    return midnight + (period - 1) * HALF_HOUR


@pytest.mark.parametrize(("day", "periods"), [("2025-03-30", 46), ("2025-10-26", 50),
                                              ("2025-06-01", 48)])
def test_settlement_days_land_on_the_right_utc_intervals(tmp_path: Path, day: str,
                                                         periods: int) -> None:
    date = pd.Timestamp(day).strftime("%d/%m/%Y")
    path = wide_file(tmp_path / "hh.csv", [["M1", date, *values(periods, 50)]], width=50)
    result = read(path)
    a = result.activity.sort_values("settlement_period")
    assert result.rows_in == result.rows_accepted == len(a) == periods
    assert a["settlement_period"].tolist() == list(range(1, periods + 1))
    assert a["quantity"].tolist() == [float(p) for p in range(1, periods + 1)]
    expected = [sp_start(day, p) for p in range(1, periods + 1)]
    assert a["period_start"].tolist() == expected
    assert (a["period_end"] - a["period_start"] == HALF_HOUR).all()
    next_day = (pd.Timestamp(day) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    assert a["period_end"].iloc[-1] == sp_start(next_day, 1)  # the day is covered, no more
    assert (a["local_date"] == pd.Timestamp(day)).all()


def test_long_day_repeats_the_local_hour_in_utc(tmp_path: Path) -> None:
    path = wide_file(tmp_path / "hh.csv", [["M1", "26/10/2025", *values(50, 50)]], width=50)
    a = read(path).activity.set_index("settlement_period")
    assert a.loc[4, "period_start"] == pd.Timestamp("2025-10-26T00:30Z")  # 01:30 BST
    assert a.loc[5, "period_start"] == pd.Timestamp("2025-10-26T01:00Z")  # 01:00 GMT
    assert a.loc[50, "period_start"] == pd.Timestamp("2025-10-26T23:30Z")


@pytest.mark.parametrize(("day", "cells", "calendar", "count"), [
    ("30/03/2025", values(48, 50), 46, 48),
    ("30/03/2025", values(50, 50), 46, 50),
    ("01/06/2025", values(50, 50), 48, 50),
    ("01/06/2025", ["1"] * 46 + ["-", "-", "", ""], 48, 46)])
def test_wrong_number_of_periods_quarantines_the_day(tmp_path: Path, day: str, cells: list[str],
                                                     calendar: int, count: int) -> None:
    path = wide_file(tmp_path / "hh.csv", [["M1", day, *cells],
                                           ["M1", "02/06/2025", *values(48, 50)]], width=50)
    result = read(path)
    assert result.activity["local_date"].unique().tolist() == [pd.Timestamp("2025-06-02")]
    record = result.quarantine.iloc[0]
    assert record["source_row"] == 2 and record["column"] == "Date"
    assert f"day has {calendar} settlement periods but the row has {count} values" in (
        record["reason"])
    assert record["count"] == count
    assert "--timezone UTC" in record["fix"]


def test_long_day_with_two_empty_periods_has_two_missing_readings(tmp_path: Path) -> None:
    path = wide_file(tmp_path / "hh.csv", [["M1", "26/10/2025", *values(48, 50)]], width=50)
    a = read(path).activity
    assert len(a) == 50 and a["status"].value_counts()["missing"] == 2
    assert a[a["status"] == "missing"]["settlement_period"].tolist() == [49, 50]


def test_empty_cells_inside_the_day_are_missing_readings_not_zero(tmp_path: Path) -> None:
    cells = values(48, 48)
    cells[10] = cells[11] = ""
    path = wide_file(tmp_path / "hh.csv", [["M1", "01/06/2025", *cells]])
    result = read(path, timezone="Europe/London")
    a = result.activity.set_index("settlement_period")
    assert result.rows_accepted == 48 and len(a) == 48
    assert a.loc[[11, 12], "status"].tolist() == ["missing", "missing"]
    assert a.loc[[11, 12], "quantity"].isna().all()
    assert a["quantity"].sum() == sum(range(1, 49)) - 11 - 12


def test_48_columns_cannot_hold_a_local_long_day(tmp_path: Path) -> None:
    path = wide_file(tmp_path / "hh.csv", [["M1", "26/10/2025", *values(48, 48)]])
    result = read(path, timezone="Europe/London")
    assert result.activity.empty and result.rows_quarantined == 48
    assert "has only 48 period columns" in result.quarantine["reason"].item()


def test_numbered_48_column_export_needs_a_time_basis(tmp_path: Path) -> None:
    path = wide_file(tmp_path / "hh.csv", [["M1", "01/06/2025", *values(48, 48)]])
    with pytest.raises(InputFileError, match="--timezone UTC"):
        read_file(path, LoadOptions(site="S1"))


def test_utc_days_have_48_periods_and_derive_local_audit_columns(tmp_path: Path) -> None:
    path = wide_file(tmp_path / "hh.csv", [["M1", "26/10/2025", *values(48, 48)],
                                           ["M1", "30/03/2025", *values(48, 48)]])
    result = read(path, timezone="UTC")
    a = result.activity.set_index("period_start")
    assert result.rows_accepted == len(a) == 96
    first = a.loc[pd.Timestamp("2025-10-26T00:00Z")]
    assert (first["local_date"], first["settlement_period"]) == (pd.Timestamp("2025-10-26"), 3)
    assert a.loc[pd.Timestamp("2025-10-26T01:00Z"), "settlement_period"] == 5  # 01:00 GMT
    late = a.loc[pd.Timestamp("2025-03-30T23:30Z")]  # 00:30 BST on the 31st
    assert (late["local_date"], late["settlement_period"]) == (pd.Timestamp("2025-03-31"), 2)


@pytest.mark.parametrize("date", ["31/02/2024", "2024-13-01", "banana", "00/01/2024"])
def test_bad_or_impossible_dates_quarantine_the_row(tmp_path: Path, date: str) -> None:
    path = wide_file(tmp_path / "hh.csv", [["M1", date, *values(48, 48)],
                                           ["M1", "01/06/2025", *values(48, 48)]])
    result = read(path, timezone="UTC")
    assert len(result.activity) == 48
    record = result.quarantine.iloc[0]
    assert (record["reason"], record["value"], record["count"]) == ("not a date", date, 48)


def test_identical_duplicate_day_loads_once(tmp_path: Path) -> None:
    day = ["M1", "01/06/2025", *values(48, 48)]
    path = wide_file(tmp_path / "hh.csv", [day, ["M1", "02/06/2025", *values(48, 48)], day])
    result = read(path, timezone="UTC")
    assert len(result.activity) == 96 and result.rows_quarantined == 48
    assert result.quarantine["reason"].item() == "identical duplicate of line 2: loaded once"
    assert result.quarantine["source_row"].item() == 4


def test_conflicting_duplicate_day_is_never_silently_overwritten(tmp_path: Path) -> None:
    changed = values(48, 48)
    changed[5] = "600"
    path = wide_file(tmp_path / "hh.csv", [["M1", "01/06/2025", *values(48, 48)],
                                           ["M1", "01/06/2025", *changed],
                                           ["M2", "01/06/2025", *values(48, 48)]])
    result = read(path, timezone="UTC")
    assert set(result.activity["meter_id"]) == {"M2"}
    assert result.quarantine["source_row"].tolist() == [2, 3]
    assert result.quarantine["reason"].str.contains("conflicting duplicate: lines 2, 3").all()
    assert result.rows_quarantined == 96


def test_bad_cells_are_quarantined_one_reading_at_a_time(tmp_path: Path) -> None:
    cells = values(48, 48)
    cells[0], cells[1], cells[2], cells[3] = "abc", "-3", "inf", '"1,234.5"'
    path = wide_file(tmp_path / "hh.csv", [["M1", "01/06/2025", *cells]])
    result = read(path, timezone="UTC")
    q = result.quarantine.set_index("column")
    assert q.loc["HH01", "reason"] == "not a number"
    assert q.loc["quantity", "reason"].tolist() == ["negative quantity",
                                                   "quantity is not a finite number"]
    assert (q["count"] == 1).all() and result.rows_accepted == 45
    kept = result.activity.set_index("period_start")["quantity"]
    assert kept.loc[pd.Timestamp("2025-06-01T01:30Z")] == 1234.5  # HH04: grouping removed
    assert len(kept) == 45


@pytest.mark.parametrize(("unit", "factor"), [("kW", 0.5), ("Wh", 0.001), ("kWh", 1.0),
                                              ("MWh", 1000.0)])
def test_declared_units_convert_to_kwh(tmp_path: Path, unit: str, factor: float) -> None:
    path = wide_file(tmp_path / "hh.csv", [["M1", "01/06/2025", *["8"] * 48]])
    result = read(path, timezone="UTC", unit=unit)
    a = result.activity
    assert set(a["unit"]) == {"kWh"}
    assert a["quantity"].tolist() == [8.0 * factor] * 48
    assert any(unit in text for text in result.assumptions)


def test_unusable_unit_is_refused(tmp_path: Path) -> None:
    path = wide_file(tmp_path / "hh.csv", [["M1", "01/06/2025", *["8"] * 48]])
    with pytest.raises(ConfigurationError, match="furlongs"):
        read(path, timezone="UTC", unit="furlongs")


def test_channels_reactive_kept_apart_and_unknown_quarantined(tmp_path: Path) -> None:
    rows = [["M1", channel, "01/06/2025", *["2"] * 48] for channel in ("AI", "RI", "RE", "ZZ")]
    path = wide_file(tmp_path / "hh.csv", rows, channel=True)
    result = read(path, timezone="UTC")
    a = result.activity
    by_channel = a.groupby("channel", observed=True).agg(
        activity_type=("activity_type", "first"), unit=("unit", "first"), n=("quantity", "size"))
    assert by_channel.loc["AI"].tolist() == ["electricity.grid", "kWh", 48]
    assert by_channel.loc["RI"].tolist() == ["electricity.reactive", "kVArh", 48]
    assert by_channel.loc["RE"].tolist() == ["electricity.reactive", "kVArh", 48]
    assert result.quarantine["reason"].item().startswith("unknown channel")
    assert result.quarantine["count"].item() == 48


def test_edf_status_columns_and_dashes(tmp_path: Path) -> None:
    labels = [f"{h:02d}:{m:02d}" for h in range(25) for m in (0, 30)][:50]
    head = ["MPAN", "Measurement Type", "Settlement Date", *labels,
            *(f"{label}_Act_Est" for label in labels)]
    cells = [*values(48, 48), "-", "-"]
    flags = ["Actual"] * 10 + ["Estimated"] * 37 + ["Bogus", "-", "-"]
    path = tmp_path / "edf.csv"
    path.write_text(",".join(head) + "\n" + ",".join(["M1", "AI", "01-06-2025", *cells, *flags])
                    + "\n", encoding="utf-8")
    result = read(path)
    a = result.activity
    assert result.rows_in == 48 and len(a) == 47
    assert a["status"].astype(str).value_counts().to_dict() == {"estimated": 37, "actual": 10}
    assert result.quarantine["reason"].item() == "unknown status flag"
    assert result.quarantine["column"].item() == "23:30"


def test_meter_without_site_is_quarantined(tmp_path: Path) -> None:
    path = wide_file(tmp_path / "hh.csv", [["M1", "01/06/2025", *values(48, 48)],
                                           ["M2", "01/06/2025", *values(48, 48)]])
    result = read_file(path, LoadOptions(timezone="UTC"), meters={"M1": "S9"})
    assert set(result.activity["site"]) == {"S9"}
    assert result.quarantine["reason"].item().startswith("meter is not in the meter schedule")
    assert result.rows_in == 96 == result.rows_accepted + result.rows_quarantined


def test_totals_match_the_file(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    grid = np.round(rng.uniform(0, 50, (20, 48)), 3)
    rows = [["M1", (pd.Timestamp("2025-01-01") + pd.Timedelta(days=i)).strftime("%d/%m/%Y"),
             *(f"{v:.3f}" for v in grid[i])] for i in range(20)]
    result = read(wide_file(tmp_path / "hh.csv", rows), timezone="UTC")
    assert result.activity["quantity"].sum() == pytest.approx(grid.sum(), rel=1e-12)
