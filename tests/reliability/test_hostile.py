"""Hostile files: nothing evaluated, zip bombs refused unopened, formulas neutralised in every
spreadsheet output, and nothing written outside the folder the user named.

One workspace is loaded with hostile text everywhere a user's data reaches an output: site
codes (``=HYPERLINK(...)``, ``../../etc``), meter ids (``@SUM(A1)``), a file name (``=1+1.csv``),
site names, an organisation name with a ``<script>``, custom factor descriptions, and a
quarantined row. Every CSV and Excel output is then read back cell by cell.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon import units
from carbon.cli import main
from carbon.errors import InputFileError, UnitError
from carbon.readers import limits, read_file
from carbon.spreadsheet import FORMULA_STARTS
from carbon.units import parse_unit

REPO = Path(__file__).resolve().parents[2]
SITE = '=HYPERLINK("http://evil.example","click")'
TRAVERSAL = "../../etc"
METER = "@SUM(A1)"
ORGANISATION = '=HYPERLINK("http://evil.example")<script>alert(1)</script>'
HOSTILE_FILE = "=1+1.csv"


def test_the_package_evaluates_nothing() -> None:
    pattern = re.compile(r"(?<![\w.])(eval|exec|compile|__import__)\s*\(|\.(eval|query)\(|"
                         r"pickle\.loads?\(|shell\s*=\s*True|os\.system\(")
    found = [f"{path.relative_to(REPO)}:{n}" for folder in ("carbon", "cli")
             for path in sorted((REPO / folder).rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line.split("#")[0])]
    assert found == []
    assert pattern.search("x = eval(text)") and pattern.search("frame.query(text)")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=70), st.sampled_from((
    "__import__('os').system('touch {canary}')", "().__class__.__bases__[0]", "kWh; import os",
    "lambda: 1", "[x for x in ()]", "kWh if True else m3", "exec('1')", "kWh**99999",
    "(" * 60 + "kWh", "m3 " * 30, "1e9999 kWh", "kWh\x00", "{kWh}"))))
def test_unit_text_is_parsed_never_evaluated(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        canary = Path(folder) / "canary"
        try:
            unit = parse_unit(text.replace("{canary}", str(canary)))
        except UnitError:
            unit = None
        assert not canary.exists()
    assert unit is None or units.dimension_name(unit) is not None or str(unit)


def zip_bomb(path: Path, megabytes: int = 100, declared: int | None = None) -> Path:
    """A zipped workbook whose sheet part is ``megabytes`` MiB of zeros; with ``declared`` the
    zip directory lies about the part's size."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(megabytes):
                part.write(bytes(1 << 20))
    if declared is not None:
        data = bytearray(path.read_bytes())
        size = (megabytes << 20).to_bytes(4, "little")
        for at in [m.start() for m in re.finditer(re.escape(size), bytes(data))]:
            data[at:at + 4] = declared.to_bytes(4, "little")
        path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_zip_bomb_is_refused_from_its_directory_alone(
        tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import python_calamine

    bomb = zip_bomb(tmp_path / f"bomb{suffix}")
    assert bomb.stat().st_size < 1 << 20

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the bomb was opened")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", never)
    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    with pytest.raises(InputFileError, match="zip bomb"):
        read_file(bomb)


def test_a_zip_bomb_that_lies_about_its_size_is_refused_as_damaged(tmp_path: Path) -> None:
    bomb = zip_bomb(tmp_path / "liar.xlsx", megabytes=80, declared=1000)
    with zipfile.ZipFile(bomb) as archive:
        assert sum(p.file_size for p in archive.infolist()) < 2000
    with pytest.raises(InputFileError, match="damaged"):
        read_file(bomb)


def test_the_unzipped_limit_is_read_before_anything_expands(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lowered = limits.InputLimits(max_file_bytes=2**32, max_unzipped_bytes=5 << 20,
                                 max_compression_ratio=100, max_sheet_cells=10**6)
    monkeypatch.setattr(limits, "input_limits", lambda: lowered)
    with pytest.raises(InputFileError, match="would expand to 10,48"):
        read_file(zip_bomb(tmp_path / "big.xlsx", megabytes=10))


@pytest.mark.official_data
def test_an_xls_sheet_beyond_the_cell_limit_is_refused_before_its_cells_are_read(
        shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = shared_dir / "data" / "eric" / "eric-2016-17-hefs-13944-trust-site-pfi.xls"
    lowered = limits.InputLimits(max_file_bytes=2**32, max_unzipped_bytes=2**31,
                                 max_compression_ratio=100, max_sheet_cells=1000)
    monkeypatch.setattr(limits, "input_limits", lambda: lowered)
    with pytest.raises(InputFileError, match="more than the limit of 1,000 cells"):
        read_file(path)


# --- a workspace full of hostile text -------------------------------------------------------

def hostile_activity() -> str:
    """Canonical activity: two years of monthly rows for two hostile sites, and a bad row."""
    months = pd.date_range("2023-04-01", periods=25, freq="MS", tz="Europe/London")
    start, end = months[:-1].tz_convert("UTC"), months[1:].tz_convert("UTC")
    rows = []
    for site, meter in ((SITE, METER), (TRAVERSAL, "-1+2")):
        for number, (lo, hi) in enumerate(zip(start, end, strict=True)):
            rows.append(("RZZ", site, meter, "electricity.grid", lo, hi,
                         1000 + 10 * number, "kWh", "actual"))
    frame = pd.DataFrame(rows, columns=["organisation", "site", "meter_id", "activity_type",
                                        "period_start", "period_end", "quantity", "unit",
                                        "status"])
    for column in ("period_start", "period_end"):
        frame[column] = frame[column].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    frame.loc[len(frame)] = ["RZZ", SITE, METER, "+cmd|' /C calc'!A0", frame.iloc[0, 4],
                             frame.iloc[0, 5], 5, "kWh", "actual"]
    frame["source_file"], frame["source_row"], frame["batch_id"] = "x", np.arange(len(frame)), "b"
    return str(frame.to_csv(index=False, lineterminator="\n"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A sandbox holding a workspace of hostile data and an output folder."""
    sandbox = tmp_path_factory.mktemp("sandbox")
    workspace, inputs = sandbox / "workspace", sandbox / "inputs"
    inputs.mkdir()
    (inputs / HOSTILE_FILE).write_text(hostile_activity())
    (inputs / "meters.csv").write_text(
        "site_code,site_name,gia_m2,utility,meter_id\n"
        f"\"{TRAVERSAL}\",\"=cmd|' /C calc'!A0\",1200,electricity,-1+2\n")
    for version, text in ((1, "=2+2"), (2, "@evil")):
        (inputs / f"evil{version}.csv").write_text(
            "factor_id,description,activity_unit,value,source\n"
            f"supplier/tariff/kwh,{text},kWh,0.{version},+{text}\n")
    for args in (["load", str(inputs / "meters.csv")], ["load", str(inputs / HOSTILE_FILE)],
                 *(["factors", "import", str(inputs / f"evil{v}.csv"), "--name", f"evil:{v}"]
                   for v in (1, 2))):
        assert run(["--workspace", str(workspace), *args]) == 0
    (workspace / "report.toml").write_text(
        f"organisation = '{ORGANISATION}'\nbase_year = \"2023/24\"\n")
    return {"sandbox": sandbox, "workspace": workspace, "out": sandbox / "out"}


def run(args: list[str]) -> int:
    try:
        main(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def formula_like(cell: object) -> bool:
    """Text a spreadsheet would read as a formula (numbers written as text are fine)."""
    if not isinstance(cell, str) or not cell.startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def cells(path: Path) -> list[object]:
    if path.suffix == ".xlsx":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        return [c for name in book.sheet_names
                for row in book.get_sheet_by_name(name).to_python() for c in row]
    return [c for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))) for c in row]


#: Output -> (command, text that must reach it, neutralised).
OUTPUTS = {
    "inventory.csv": (["inventory", "--year", "2024/25", "--by", "site", "--format", "csv"],
                      SITE),
    "lines.xlsx": (["inventory", "--year", "2024/25", "--lines", "--format", "xlsx"], METER),
    "quarantine.csv": (["quarantine", "--format", "csv"], "+cmd|' /C calc'!A0"),
    "batches.csv": (["batches", "--format", "csv"], HOSTILE_FILE),
    "meters.csv": (["meters", "--format", "csv"], "=cmd|' /C calc'!A0"),
    "diff.csv": (["factors", "diff", "evil:1", "evil:2", "--all", "--format", "csv"], "@evil"),
    "secr.csv": (["secr", "--year", "2024/25", "--format", "csv"], None),
    "metrics.csv": (["social-value", "metrics", "--year", "2024/25", "--format", "csv"], None),
}


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_command_outputs_neutralise_formulas(hostile: dict[str, Path], name: str) -> None:
    command, text = OUTPUTS[name]
    hostile["out"].mkdir(exist_ok=True)
    target = hostile["out"] / name
    assert run(["--workspace", str(hostile["workspace"]), *command, "--out", str(target)]) == 0
    found = cells(target)
    assert [c for c in found if formula_like(c)] == []
    if text is not None:
        assert "'" + text in found or any(
            isinstance(c, str) and c.startswith("'") and text in c for c in found)


def test_report_outputs_neutralise_formulas_and_escape_html(hostile: dict[str, Path]) -> None:
    folder = hostile["out"] / "report"
    assert run(["--workspace", str(hostile["workspace"]), "report", "--year", "2024/25",
                "--outputs", str(folder)]) == 0
    book = cells(folder / "report.xlsx")
    assert [c for c in book if formula_like(c)] == []
    assert "'" + ORGANISATION in book and "'" + SITE in book
    for name in ("social-value.csv", "secr.csv"):
        assert [c for c in cells(folder / name) if formula_like(c)] == []
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_nothing_is_written_outside_the_folders_named(hostile: dict[str, Path],
                                                      tmp_path: Path) -> None:
    sandbox = hostile["sandbox"]
    before = {p for p in sandbox.parent.rglob("*") if not p.is_relative_to(sandbox)}
    export = tmp_path / "export"
    assert run(["--workspace", str(hostile["workspace"]), "export", "--parquet",
                str(export)]) == 0
    assert run(["--workspace", str(hostile["workspace"]), "report", "--year", "2024/25",
                "--outputs", str(tmp_path / "report")]) == 0
    from carbon.report import find_chromium

    written = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()}
    assert written == {"export/activity/year=2023/data_0.parquet",
                       "export/activity/year=2024/data_0.parquet",
                       "export/activity/year=2025/data_0.parquet",
                       "export/batches.parquet", "export/quarantine.parquet",
                       "report/report.html", "report/report.xlsx", "report/secr.csv",
                       "report/social-value.csv", "report/social-value.json", "report/run.json",
                       *(["report/report.pdf"] if find_chromium() else [])}
    after = {p for p in sandbox.parent.rglob("*") if not p.is_relative_to(sandbox)
             and not p.is_relative_to(tmp_path)}
    assert after == before - {p for p in before if p.is_relative_to(tmp_path)}
    sites = set(pd.read_parquet(export / "activity")["site"].astype(str))
    assert TRAVERSAL in sites and SITE in sites  # kept as data, never used as a path
