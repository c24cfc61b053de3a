"""A full disk or a read-only folder while outputs are written: one clear line, nothing
half-written, the previous file intact, no temporary file left.

CI runs as root, so permissions cannot make a folder read-only. The faults are made where the
operating system would report them: every file opened for writing in the output folder fails
as the kernel fails it, with ENOSPC after half of the first write (the disk fills up mid-file)
or with EROFS at open (a read-only file system). DuckDB writes the Parquet export itself, so
for the export its write error is raised from the connection. When the tests run as root and
may mount file systems, a real 256 KiB tmpfs is filled as well.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import io
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from carbon.cli import main

PREVIOUS = b"the previous output\n"
#: (case, arguments, file written, fault): {out} is the output folder, {dir} the test's.
CASES = [
    ("inventory-csv", ["inventory", "--year", "2024/25", "--format", "csv", "--out",
                       "{out}/inventory.csv"], "inventory.csv", errno.ENOSPC),
    ("inventory-xlsx", ["inventory", "--year", "2024/25", "--format", "xlsx", "--out",
                        "{out}/inventory.xlsx"], "inventory.xlsx", errno.ENOSPC),
    ("quarantine-csv", ["quarantine", "--format", "csv", "--out", "{out}/quarantine.csv"],
     "quarantine.csv", errno.EROFS),
    ("factor-diff-csv", ["factors", "diff", "desnz:2023", "desnz:2024", "--format", "csv",
                         "--out", "{out}/diff.csv"], "diff.csv", errno.ENOSPC),
    ("secr-csv", ["secr", "--year", "2024/25", "--format", "csv", "--out", "{out}/secr.csv"],
     "secr.csv", errno.EROFS),
    ("report-folder", ["report", "--year", "2024/25", "--outputs", "{out}"], "report.html",
     errno.ENOSPC),
    ("trajectory-chart", ["trajectory", "--base-year", "2019/20", "--actuals",
                          "{dir}/actuals.csv", "--plot", "{out}/chart.png"], "chart.png",
     errno.ENOSPC),
    ("factor-import", ["factors", "import", "{dir}/custom.csv", "--name", "supplier:2024",
                       "--replace"], "supplier-2024.parquet", errno.ENOSPC),
]
REASONS = {errno.ENOSPC: "No space left on device", errno.EROFS: "Read-only file system"}
CUSTOM = "factor_id,description,activity_unit,value,source\nsupplier/green/kwh,x,kWh,0.1,me\n"


@contextlib.contextmanager
def failing_folder(folder: Path, code: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Files opened for writing inside ``folder`` fail as on a full or read-only disk."""
    real_open = io.open
    inside = str(folder.resolve())

    def fail_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        writing = any(flag in mode for flag in "wax+")
        if not (writing and isinstance(file, str | os.PathLike)
                and os.path.abspath(file).startswith(inside)):
            return real_open(file, mode, *args, **kwargs)
        if code == errno.EROFS:
            raise OSError(code, REASONS[code], str(file))
        handle = real_open(file, mode, *args, **kwargs)
        real_write = handle.write

        def half_then_full(data: Any) -> int:
            real_write(data[: len(data) // 2])
            raise OSError(code, REASONS[code], str(file))

        handle.write = half_then_full
        return handle

    monkeypatch.setattr(io, "open", fail_open)
    monkeypatch.setattr(builtins, "open", fail_open)
    yield
    monkeypatch.undo()


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, capsys.readouterr().err


@pytest.fixture(scope="module")
def actuals(tmp_path_factory: pytest.TempPathFactory, loaded_workspace: Path) -> Path:
    from carbon.pipeline import workspace_actuals

    path = tmp_path_factory.mktemp("actuals") / "actuals.csv"
    workspace_actuals(loaded_workspace).to_csv(path, index=False)
    return path


def assert_nothing_half_written(folder: Path, target: Path) -> None:
    assert target.read_bytes() == PREVIOUS
    left = [p.name for p in folder.rglob("*") if p.is_file() and p != target
            and p.name != "index.toml"]
    assert left == [], f"left behind: {left}"


@pytest.mark.parametrize(("args", "name", "code"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_a_failing_disk_gives_one_line_and_keeps_the_previous_file(
        args: list[str], name: str, code: int, tmp_path: Path, actuals: Path,
        workspace_copy: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    workspace = workspace_copy(tmp_path / "workspace")
    (tmp_path / "actuals.csv").write_bytes(actuals.read_bytes())
    (tmp_path / "custom.csv").write_text(CUSTOM)
    folder = workspace / "factors" if args[0] == "factors" and args[1] == "import" \
        else tmp_path / "out"
    folder.mkdir()
    target = folder / name
    target.write_bytes(PREVIOUS)
    filled = [a.replace("{out}", str(folder)).replace("{dir}", str(tmp_path)) for a in args]
    with failing_folder(folder, code, monkeypatch):
        exit_code, err = run(["--workspace", str(workspace), *filled], capsys)
    assert exit_code == 1, err
    assert err.count("\n") == 1 and err.startswith("carbon: error: ") and "Traceback" not in err
    assert REASONS[code] in err and "nothing was written" in err and "Fix:" in err
    assert_nothing_half_written(folder, target)


def test_a_failing_parquet_export_keeps_the_previous_export(
        tmp_path: Path, loaded_workspace: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from carbon.store import database

    folder = tmp_path / "export"
    assert run(["--workspace", str(loaded_workspace), "export", "--parquet", str(folder)],
               capsys)[0] == 0
    before = {p: p.read_bytes() for p in folder.rglob("*.parquet")}
    real_connect = database.Store.connect

    class FullDisk:
        """A connection whose COPY fails as DuckDB reports a full disk."""

        def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
            self.con = con

        def execute(self, sql: str, *args: Any) -> Any:
            if sql.startswith("COPY") and "quarantine" in sql:
                raise duckdb.IOException("IO Error: Could not write file: No space left on "
                                         "device")
            return self.con.execute(sql, *args)

    @contextlib.contextmanager
    def connect(self: database.Store) -> Iterator[Any]:
        with real_connect(self) as con:
            yield FullDisk(con)

    monkeypatch.setattr(database.Store, "connect", connect)
    code, err = run(["--workspace", str(loaded_workspace), "export", "--parquet", str(folder)],
                    capsys)
    monkeypatch.undo()
    assert code == 1 and err.count("\n") == 1 and "No space left on device" in err
    assert {p: p.read_bytes() for p in folder.rglob("*.parquet")} == before
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB tmpfs (root only, where mounting is allowed)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
            capture_output=True).returncode != 0:
        pytest.skip("needs root and permission to mount a tmpfs")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_really_full_disk(tiny_disk: Path, loaded_workspace: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tiny_disk / "lines.csv"
    target.write_bytes(PREVIOUS)
    args = ["--workspace", str(loaded_workspace), "inventory", "--year", "2023/24", "--year",
            "2024/25", "--lines", "--grain", "month", "--format", "csv", "--out", str(target)]
    code, err = run(args, capsys)
    assert code == 1 and err.count("\n") == 1, err
    assert "No space left on device" in err and "free disk space" in err
    assert_nothing_half_written(tiny_disk, target)
    export = run(["--workspace", str(loaded_workspace), "export", "--parquet",
                  str(tiny_disk / "export")], capsys)
    assert export[0] == 1 and "cannot write the Parquet export" in export[1]
    assert not any(p.is_file() for p in (tiny_disk / "export").rglob("*"))
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    code, err = run(args, capsys)
    assert code == 1 and "Read-only file system" in err and "writable folder" in err
    assert_nothing_half_written(tiny_disk, target)
