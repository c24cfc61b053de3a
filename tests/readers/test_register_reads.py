"""Cumulative register reads on synthetic files: rollover, meter exchange, multiplier, jumps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbon import resources
from carbon.readers import LoadOptions, LoadResult, read_file

HEAD = ("mpan_core,meter_serial,register_id,read_date,reading,read_type,register_digits,"
        "multiplier,read_reason")


def reads(path: Path, rows: list[str]) -> LoadResult:
    path.write_text(HEAD + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = read_file(path, LoadOptions(site="S1"))
    assert result.rows_in == result.rows_accepted + result.rows_quarantined == len(rows)
    return result


def test_rollover_uses_the_registers_own_digits(tmp_path: Path) -> None:
    result = reads(tmp_path / "r.csv", [
        "M1,A1,1,01/01/2024,998000,A,6,1,", "M1,A1,1,01/02/2024,999000,A,6,1,",
        "M1,A1,1,01/03/2024,000300,A,6,1,", "M1,A1,1,01/04/2024,001400,A,6,1,"])
    a = result.activity
    assert a["quantity"].tolist() == [1000, 10**6 - 999000 + 300, 1100]
    assert a["rollover"].tolist() == [False, True, False]
    assert result.warnings["message"].str.contains("rolled over at 10\\^6").sum() == 1
    assert not result.warnings["message"].str.contains("implausible").any()


def test_meter_exchange_is_never_differenced_across_meters(tmp_path: Path) -> None:
    result = reads(tmp_path / "r.csv", [
        "M1,OLD,1,01/01/2024,500000,A,6,1,", "M1,OLD,1,01/02/2024,501000,A,6,1,",
        "M1,OLD,1,15/02/2024,501500,A,6,1,FINAL", "M1,NEW,1,15/02/2024,0000010,A,7,1,INITIAL",
        "M1,NEW,1,01/03/2024,0000700,A,7,1,"])
    a = result.activity.set_index("record_key")
    assert a.loc["OLD/1", "quantity"].tolist() == [1000, 500]
    assert a.loc["NEW/1", "quantity"].item() == 690
    assert a.loc["NEW/1", "period_start"] == pd.Timestamp("2024-02-15T00:00Z")
    assert result.rows_accepted == 5 and len(a) == 3  # two opening reads make no row
    assert any("meter exchange: new meter NEW from 15/02/2024" in s for s in result.assumptions)


def test_multiplier_and_read_to_read_interval(tmp_path: Path) -> None:
    result = reads(tmp_path / "r.csv", ["M1,A1,1,01/06/2024,1000,A,4,40,",
                                        "M1,A1,1,01/07/2024,1025,E,4,40,"])
    row = result.activity.iloc[0]
    assert row["quantity"] == 25 * 40 and row["status"] == "estimated"
    assert (row["period_start"], row["period_end"]) == (pd.Timestamp("2024-05-31T23:00Z"),
                                                        pd.Timestamp("2024-06-30T23:00Z"))


def test_implausible_jump_is_flagged_not_dropped(tmp_path: Path) -> None:
    ratio = resources.read_toml("carbon.scopes", "loading_rules.toml")[
        "register_jump_ratio"]["value"]
    steady = 300
    jump = int(steady * ratio * 2)
    rows = [f"M1,A1,1,01/{m:02d}/2024,{1000 + steady * (m - 1):06d},A,6,1," for m in range(1, 7)]
    rows.append(f"M1,A1,1,01/07/2024,{1000 + steady * 5 + jump:06d},A,6,1,")
    result = reads(tmp_path / "r.csv", rows)
    assert result.activity["quantity"].iloc[-1] == jump
    flagged = result.warnings[result.warnings["message"].str.startswith("implausible advance")]
    assert flagged["source_row"].tolist() == [8]


@pytest.mark.parametrize(("row", "reason"), [
    ("M1,A1,1,01/03/2024,1234567,A,6,1,", "reading does not fit the register's digits"),
    ("M1,A1,1,01/03/2024,-5,A,6,1,", "negative register reading"),
    ("M1,A1,1,01/03/2024,abc,A,6,1,", "reading is not a number"),
    ("M1,A1,1,31/02/2024,000100,A,6,1,", "not a date"),
    ("M1,A1,1,01/03/2024,000100,A,6.5,1,", "register size is not a whole number of digits"),
    ("M1,A1,1,01/01/2024,000090,A,6,1,", "second read of the same register on the same day"),
])
def test_bad_reads_are_quarantined(tmp_path: Path, row: str, reason: str) -> None:
    result = reads(tmp_path / "r.csv", ["M1,A1,1,01/01/2024,000050,A,6,1,",
                                        "M1,A1,1,01/02/2024,000080,A,6,1,", row])
    assert result.quarantine["reason"].tolist() == [reason]
    assert result.activity["quantity"].tolist() == [30]
