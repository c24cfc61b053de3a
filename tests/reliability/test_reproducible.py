"""Same inputs, factor versions and options: the same bytes, run after run, process after
process, whatever the hash seed; and ``carbon rerun`` makes an output again from its record.

The whole job runs twice, each time in a fresh Python process with its own ``PYTHONHASHSEED``
and folder: ``carbon demo``, then the inventory (CSV, JSON, run records), the trajectory (CSV,
JSON), a scenario with a seeded Monte Carlo, the report (HTML, workbook, social value JSON and
CSV, SECR CSV, PDF when Chromium is installed) and the batch list. Every file is compared by
sha256. The one field that differs by design is the time a batch was loaded (``loaded_at``,
audit data of the store): it is checked to be the only difference in the batch list, and the
store file itself is not compared.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from carbon.cli import main

#: The commands of one run (after ``carbon --workspace ws``), in order.
COMMANDS = [
    ["demo"],
    ["inventory", "--year", "2023/24", "--year", "2024/25", "--lines", "--format", "csv",
     "--out", "inventory.csv"],
    ["inventory", "--year", "2024/25", "--by", "scope,report_group", "--format", "json",
     "--out", "inventory.json"],
    ["trajectory", "--base-year", "2019/20", "--format", "csv", "--out", "trajectory.csv"],
    ["trajectory", "--base-year", "2019/20", "--format", "json", "--out", "trajectory.json"],
    ["scenario", "run", "estates-decarbonisation", "--draws", "50", "--seed", "7", "--format",
     "csv", "--out", "scenario.csv"],
    ["report", "--year", "2024/25", "--outputs", "report"],
    ["batches", "--format", "csv", "--out", "batches.csv"],
]
DRIVER = """
import sys
from carbon.cli import main
for args in {commands!r}:
    try:
        main(["--workspace", "ws", *args])
    except SystemExit as exc:
        if exc.code:
            sys.exit(f"{{args}} failed with {{exc.code}}")
"""
#: Outputs that must exist in every run (the PDF only where Chromium is installed).
EXPECTED = {"inventory.csv", "inventory.csv.run.json", "inventory.json",
            "inventory.json.run.json", "trajectory.csv", "trajectory.json", "scenario.csv",
            "report/report.html", "report/report.xlsx", "report/social-value.json",
            "report/social-value.csv", "report/secr.csv", "report/run.json",
            "ws/demo/report/report.html", "ws/demo/report/report.xlsx",
            "ws/demo/report/social-value.json"}


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file of a run but the store."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith("carbon.duckdb")
            and not p.name.startswith("batches.csv")}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two runs of the whole job in fresh processes with different hash seeds."""
    folders = [tmp_path_factory.mktemp(f"run{seed}") for seed in (1, 2)]
    script = DRIVER.format(commands=COMMANDS)
    processes = [subprocess.Popen([sys.executable, "-c", script], cwd=folder,
                                  env={**os.environ, "PYTHONHASHSEED": str(seed)},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for seed, folder in zip((1, 2), folders, strict=True)]
    for process in processes:
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-2000:]
    return folders


def test_two_runs_in_fresh_processes_give_identical_bytes(runs: list[Path]) -> None:
    first, second = (digests(folder) for folder in runs)
    assert set(first) >= EXPECTED
    assert first == second
    print(f"{len(first)} outputs byte-identical across two processes")


def test_batch_lists_differ_only_in_the_load_time(runs: list[Path]) -> None:
    tables = [list(csv.DictReader(io.StringIO((f / "batches.csv").read_text()))) for f in runs]
    assert len(tables[0]) == len(tables[1]) == 10
    for one, two in zip(*tables, strict=True):
        assert one["loaded_at"] != two["loaded_at"]
        assert {k: v for k, v in one.items() if k != "loaded_at"} == \
            {k: v for k, v in two.items() if k != "loaded_at"}


def rerun(record: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        main(["rerun", record])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_run_record_makes_the_same_bytes_again(runs: list[Path],
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(runs[0])
    for record in ("inventory.csv.run.json", "report/run.json"):
        code, text = rerun(record, capsys)
        assert code == 0, text
        assert "differs" not in text and text.count("identical") >= 1


def test_a_rerun_after_the_store_changed_says_why_it_differs(
        runs: list[Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(runs[1])
    extra = runs[1] / "extra.csv"
    extra.write_text("delivery_date,site_code,product,litres_delivered\n"
                     "04/05/2024,R01,Gas oil (35-sec),900\n")
    main(["--workspace", "ws", "load", str(extra)])
    code, text = rerun("inventory.csv.run.json", capsys)
    assert code == 1
    assert re.search(r"^differs +inventory\.csv", text, re.MULTILINE)
    assert "the activity read from the store or file changed" in text
