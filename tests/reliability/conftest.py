"""Shared fixtures of the reliability tests: a loaded workspace and a digest of its store.

The workspace is the demo trust's (nine real-shaped files, about 107,000 activity rows,
three financial years), loaded once per session; a test that may change a store works on a
copy. :func:`store_digest` summarises every table of a store (row count and a sum of row
hashes), so "the store did not change" is one comparison.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from carbon.demo.files import write_demo_files, write_settings
from carbon.store import Store, load_file
from carbon.store.database import STORE_FILE

#: Every table of the store (carbon/store/schema.py).
TABLES = ("meta", "status_codes", "batches", "series", "activity", "activity_history",
          "activity_notes", "quarantine", "warnings", "restatements", "meters")

Digest = dict[str, tuple[int, int]]


def store_digest(workspace: Path) -> Digest:
    """Row count and sum of row hashes of every table of a workspace's store."""
    con = duckdb.connect(str(workspace / STORE_FILE), read_only=True)
    try:
        out: Digest = {}
        for table in TABLES:
            count, total = con.execute(
                f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {table} t").fetchall()[0]
            out[table] = (int(count), int(total))
        return out
    finally:
        con.close()


def copy_workspace(source: Path, target: Path) -> Path:
    """A copy of a workspace (store and report settings; not the demo's input files)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("demo"))
    return target


@pytest.fixture(scope="session")
def demo_inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The demo trust's input files, in load order."""
    return write_demo_files(tmp_path_factory.mktemp("demo-inputs"))


@pytest.fixture(scope="session")
def loaded_workspace(tmp_path_factory: pytest.TempPathFactory,
                     demo_inputs: list[Path]) -> Path:
    """A workspace holding every demo file (do not change it: copy it)."""
    root = tmp_path_factory.mktemp("loaded") / "workspace"
    store = Store(root)
    for path in demo_inputs:
        load_file(store, path)
    write_settings(root)
    return root


@pytest.fixture(scope="session")
def loaded_digest(loaded_workspace: Path) -> Digest:
    """Digest of the loaded workspace's store."""
    return store_digest(loaded_workspace)


@pytest.fixture(scope="session")
def digest_of() -> Callable[[Path], Digest]:
    """:func:`store_digest`, for test modules (they cannot import this one)."""
    return store_digest


@pytest.fixture(scope="session")
def workspace_copy(loaded_workspace: Path) -> Callable[[Path], Path]:
    """Make a copy of the loaded workspace at a path."""
    return lambda target: copy_workspace(loaded_workspace, target)
