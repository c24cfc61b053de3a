"""What goes into the store comes back out: values, status, audit columns, notes, history."""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from carbon.errors import ConfigurationError
from carbon.readers import LoadOptions, read_file
from carbon.store import Store, current_activity, export_parquet, history, load_file

hh_wide = importlib.import_module("carbon.readers.hh_wide")
COMPARED = ["meter_id", "activity_type", "period_start", "period_end", "quantity", "unit",
            "status", "source_row", "local_date", "settlement_period", "source_column",
            "channel"]


def comparable(frame: pd.DataFrame, columns: list[str] = COMPARED) -> pd.DataFrame:
    out = frame[columns].astype({c: str for c in columns if c in (
        "meter_id", "activity_type", "unit", "status", "source_column", "channel")})
    out["settlement_period"] = out["settlement_period"].astype("Int64")
    keys = [c for c in ("meter_id", "activity_type", "period_start") if c in columns]
    return out.sort_values(keys).reset_index(drop=True)


def test_sample_round_trip_keeps_audit_columns(tmp_path: Path, samples_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = samples_dir / "hh_wide_edf_style.csv"
    options = LoadOptions(site="S01")
    expected = read_file(path, options).activity
    monkeypatch.setattr(hh_wide, "PIECE_READINGS", 5_000)  # many pieces, one transaction
    store = Store(tmp_path / "ws")
    summary = load_file(store, path, options)
    assert summary.result is not None and summary.result.activity.empty
    assert summary.report.rows_stored == summary.result.activity_rows == len(expected)
    got = current_activity(store)
    pd.testing.assert_frame_equal(comparable(got), comparable(expected))
    assert (got["source_file"] == "hh_wide_edf_style.csv").all()
    assert set(got["batch_id"]) == {summary.report.batch_id}


def test_restatement_across_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hh_wide, "PIECE_READINGS", 48)
    store = Store(tmp_path / "ws")
    head = "MPAN,Date," + ",".join(f"HH{i:02d}" for i in range(1, 49)) + "\n"
    first = tmp_path / "a.csv"
    first.write_text(head + "".join(f"{m},01/06/2024," + ",".join(["1"] * 48) + "\n"
                                    for m in ("M1", "M2", "M3")))
    second = tmp_path / "b.csv"
    second.write_text(head + "M1,01/06/2024," + ",".join(["1"] * 48) + "\n"
                      + "M2,01/06/2024," + ",".join(["2"] + ["1"] * 47) + "\n"
                      + "M4,01/06/2024," + ",".join(["1"] * 48) + "\n")
    options = LoadOptions(site="S1", timezone="UTC")
    old = load_file(store, first, options).report
    new = load_file(store, second, options).report
    assert (new.rows_stored, new.rows_unchanged, new.rows_superseded) == (49, 95, 1)
    assert new.superseded_batches == (old.batch_id,)
    current = current_activity(store)
    assert len(current) == 4 * 48 and current["quantity"].sum() == 4 * 48 + 1
    both = current_activity(store, include_superseded=True)
    kept = both[both["superseded_by"].notna()]
    assert kept[["meter_id", "quantity", "superseded_by"]].astype(str).to_numpy().tolist() == [
        ["M2", "1.0", new.batch_id]]
    assert history(store, "M2")["rows"].tolist() == [1] and history(store, "M1").empty


def test_notes_and_record_keys_survive(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    reads = tmp_path / "reads.csv"
    reads.write_text("mpan_core,meter_serial,register_id,read_date,reading,register_digits\n"
                     "M1,A1,1,01/01/2024,000100,6\nM1,A1,1,01/02/2024,000250,6\n")
    load_file(store, reads, LoadOptions(site="S1"))
    gaps = tmp_path / "gaps.csv"
    gaps.write_text("meter_id,timestamp_utc,kwh\nM2,2024-06-01T00:00:00Z,1\n"
                    "M2,2024-06-01T00:30:00Z,\nM2,2024-06-01T01:00:00Z,3\n")
    load_file(store, gaps, LoadOptions(site="S1", fill_gaps="linear"))
    got = current_activity(store).set_index("meter_id")
    read = got.loc["M1"]
    assert (read["record_key"], read["quantity"]) == ("A1/1", 150)
    assert '"read_from": 100.0' in read["details"] and '"meter_serial": "A1"' in read["details"]
    filled = got.loc["M2"].set_index("period_start").loc[pd.Timestamp("2024-06-01T00:30Z")]
    assert (filled["status"], filled["fill_method"], filled["quantity"]) == ("filled", "linear",
                                                                           2.0)
    assert got.loc["M2"]["fill_method"].isna().sum() == 2


def test_export_derives_the_same_audit_columns(tmp_path: Path, samples_dir: Path) -> None:
    store = Store(tmp_path / "ws")
    load_file(store, samples_dir / "hh_long_utc.csv", LoadOptions(site="S02"))
    export_parquet(store, tmp_path / "out")
    exported = pd.read_parquet(tmp_path / "out" / "activity")
    exported["local_date"] = pd.to_datetime(exported["local_date"])
    columns = ["meter_id", "period_start", "quantity", "status", "local_date",
               "settlement_period", "channel"]
    mine = comparable(current_activity(store), columns)
    theirs = comparable(exported.assign(period_start=exported["period_start"].dt.as_unit("ns")),
                        columns)
    theirs["local_date"] = theirs["local_date"].astype("datetime64[ns]")
    pd.testing.assert_frame_equal(mine, theirs, check_dtype=False)
    assert exported["settlement_period"].max() == 48 and (exported["year"] == 2025).all()


def test_a_store_of_another_schema_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    store.workspace.mkdir()
    con = duckdb.connect(str(store.path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    with pytest.raises(ConfigurationError, match="schema 1"):
        current_activity(store)
