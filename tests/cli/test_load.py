"""``carbon load`` and the store commands through the command line (click's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from carbon.cli import cli
from carbon.completeness import threshold

HEADER = "meter_id,timestamp_utc,kwh,status\n"


def carbon(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--workspace", str(workspace), *args])


def flat(text: str) -> str:
    """Output with runs of spaces folded (the summary aligns its names)."""
    return " ".join(text.split())


def long_file(path: Path, values: list[str], meter: str = "M1") -> Path:
    times = pd.date_range("2024-04-01T00:00Z", periods=len(values), freq="30min")
    path.write_text(HEADER + "".join(f"{meter},{t:%Y-%m-%dT%H:%M:%SZ},{v},A\n"
                                     for t, v in zip(times, values, strict=True)))
    return path


def batch_ids(workspace: Path) -> list[str]:
    return [r["batch_id"] for r in json.loads(carbon(workspace, "batches", "--format",
                                                     "json").output)]


def test_load_prints_counts_and_reload_changes_nothing(tmp_path: Path) -> None:
    path = long_file(tmp_path / "a.csv", ["1", "2", "x", "4"])
    first = carbon(tmp_path / "ws", "load", str(path), "--site", "S1")
    assert first.exit_code == 0, first.output
    assert "a.csv: loaded" in first.output
    assert "rows in 4 = 3 accepted + 1 quarantined" in flat(first.output)
    assert "activity rows 3: 3 stored, 0 unchanged" in flat(first.output)
    assert f"carbon quarantine --batch {batch_ids(tmp_path / 'ws')[0]}" in first.output
    assert "completeness: 3 of 4 half hours present" in first.output
    again = carbon(tmp_path / "ws", "load", str(path), "--site", "S1")
    assert again.exit_code == 0 and "already loaded as batch" in again.output
    assert len(batch_ids(tmp_path / "ws")) == 1


def test_a_file_that_cannot_be_read_is_one_line_and_exit_1(tmp_path: Path) -> None:
    good = long_file(tmp_path / "good.csv", ["1"])
    bad = tmp_path / "naive.csv"
    bad.write_text("meter_id,timestamp,kwh\nM1,2024-06-01 10:00,1\n")
    result = carbon(tmp_path / "ws", "load", str(bad), str(good), "--site", "S1")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("carbon: error:")]
    assert len(errors) == 1 and "naive.csv" in errors[0] and "--timezone" in errors[0]
    assert "good.csv: loaded" in result.stdout  # the other file still loads
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert carbon(tmp_path / "ws", "load").exit_code == 2
    assert carbon(tmp_path / "ws", "load", str(tmp_path / "absent.csv")).exit_code == 2
    path = long_file(tmp_path / "a.csv", ["1"])
    assert carbon(tmp_path / "ws", "load", str(path), "--timezone", "Mars/Base").exit_code == 2


def test_list_layouts(tmp_path: Path) -> None:
    result = carbon(tmp_path / "ws", "load", "--list-layouts")
    assert result.exit_code == 0
    assert {line.split()[0] for line in result.output.splitlines()} >= {
        "hh_wide", "hh_long", "register_reads", "gas_bills", "inhalers", "eric"}


def test_quarantine_and_warnings(tmp_path: Path) -> None:
    path = long_file(tmp_path / "a.csv", ["1", "-5", "x"])
    carbon(tmp_path / "ws", "load", str(path), "--site", "S1")
    (batch,) = batch_ids(tmp_path / "ws")
    rows = json.loads(carbon(tmp_path / "ws", "quarantine", "--batch", batch, "--format",
                             "json").output)
    assert [(r["source_row"], r["reason"]) for r in rows] == [(3, "negative quantity"),
                                                             (4, "not a number")]
    assert rows[0]["raw"] == "M1,2024-04-01T00:30:00Z,-5,A"
    table = carbon(tmp_path / "ws", "quarantine").output
    assert "negative quantity" in table and "raw" not in table.splitlines()[0]
    assert carbon(tmp_path / "ws", "quarantine", "--warnings").output == "(no rows)\n"


def test_history_lists_restatements(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    carbon(ws, "load", str(long_file(tmp_path / "a.csv", ["1", "2", "3"])), "--site", "S1")
    second = carbon(ws, "load", str(long_file(tmp_path / "b.csv", ["1", "9", "3"])), "--site",
                    "S1")
    old, new = batch_ids(ws)
    assert f"restating 1 rows of batch(es) {old}" in second.output
    listed = json.loads(carbon(ws, "history", "--format", "json").output)
    assert [(r["batch_id"], r["superseded_batch_id"], r["rows"]) for r in listed] == [
        (new, old, 1)]
    assert json.loads(carbon(ws, "history", "--meter", "M1", "--format", "json").output)
    assert json.loads(carbon(ws, "history", "--meter", "M9", "--format", "json").output) == []


def test_completeness_command(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    carbon(ws, "load", str(long_file(tmp_path / "a.csv", ["1", "", "3", "4"])), "--site", "S1")
    rows = json.loads(carbon(ws, "completeness", "--format", "json").output)
    assert [(r["meter_id"], r["month"], r["expected"], r["present"], r["missing"])
            for r in rows] == [("M1", "2024-04", 4, 3, 1)]
    below = carbon(ws, "completeness", "--below", "0.5", "--format", "json").output
    assert json.loads(below) == []
    assert carbon(ws, "completeness", "--period", "2023/24").output == "(no rows)\n"


def test_meters_and_site_lookup(tmp_path: Path, samples_dir: Path) -> None:
    ws = tmp_path / "ws"
    loaded = carbon(ws, "load", str(samples_dir / "meters_and_sites.csv"), "--organisation",
                    "NCH")
    assert loaded.exit_code == 0 and "11 = 11 accepted + 0 quarantined" in loaded.output
    schedule = json.loads(carbon(ws, "meters", "--format", "json").output)
    assert len(schedule) == 11
    assert {r["site"] for r in schedule if r["meter_id"] == "1531782939250"} == {"S02"}
    wide = carbon(ws, "load", str(samples_dir / "hh_wide_hh01.csv"), "--timezone", "UTC")
    assert wide.exit_code == 0
    assert "readings in 33,696 = 33,648 accepted + 48 quarantined" in flat(wide.output)
    assert f"33,582 of 33,648 half hours present; 0 meter-month(s) below {threshold():.0%}" in (
        flat(wide.output).replace(" (99.80%)", ""))


def test_export_parquet(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    carbon(ws, "load", str(long_file(tmp_path / "a.csv", ["1", "2"])), "--site", "S1")
    result = carbon(ws, "export", "--parquet", str(tmp_path / "out"))
    assert result.exit_code == 0 and "wrote 3 Parquet file(s)" in result.output
    frame = pd.read_parquet(tmp_path / "out" / "activity")
    assert frame["quantity"].tolist() == [1.0, 2.0]
    assert carbon(ws, "export").exit_code == 2  # --parquet is required


@pytest.mark.parametrize("command", ["batches", "quarantine", "history", "meters",
                                     "completeness"])
def test_store_commands_on_an_empty_workspace(tmp_path: Path, command: str) -> None:
    result = carbon(tmp_path / "ws", command)
    assert result.exit_code == 0 and result.output == "(no rows)\n"
