"""The workspace store: one DuckDB file per workspace, opened per operation.

DuckDB lets one process write a database file at a time. :meth:`Store.connect` therefore opens
the file only for the duration of one operation and, when another process holds it, retries
for ``wait`` seconds before refusing with :class:`~carbon.errors.StoreBusyError`: two loads at
once are serialised, or the second is refused with a clear message.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carbon.errors import ConfigurationError, InputFileError, StoreBusyError
from carbon.store.schema import DDL, SCHEMA_VERSION

if TYPE_CHECKING:
    from collections.abc import Sequence

    import duckdb

    from carbon.aggregate import Grain
    from carbon.periods import ReportingPeriod
    from carbon.totals import Totals

#: Name of the database file inside a workspace folder.
STORE_FILE = "carbon.duckdb"
#: Seconds to wait for another process to release the store [s].
DEFAULT_WAIT = 30.0


class Store:
    """The activity store of one workspace.

    Parameters
    ----------
    workspace : str or Path
        Folder holding ``carbon.duckdb`` (created with the folder on first use).
    wait : float
        Seconds to wait while another process uses the store. [s]
    """

    def __init__(self, workspace: str | Path, *, wait: float = DEFAULT_WAIT) -> None:
        self.workspace = Path(workspace)
        self.path = self.workspace / STORE_FILE
        self.wait = wait

    def __repr__(self) -> str:
        return f"Store({str(self.workspace)!r})"

    @classmethod
    def existing(cls, workspace: str | Path) -> Store:
        """The store of a workspace that has one.

        Raises
        ------
        ConfigurationError
            If the workspace has no store yet.
        """
        if not (Path(workspace) / STORE_FILE).is_file():
            raise ConfigurationError(
                f"no activity store in workspace {str(workspace)!r}",
                fix="load data first (carbon load FILE), pass --workspace, or give --activity "
                    "FILE")
        return cls(workspace)

    def totals(self, periods: Sequence[ReportingPeriod], *, keys: Sequence[str],
               grain: Grain) -> Totals:
        """Activity totals summed inside DuckDB (:func:`carbon.store.aggregate.store_totals`),
        so ``carbon.inventory(store, ...)`` never holds the rows in memory."""
        from carbon.store.aggregate import store_totals

        return store_totals(self, periods, keys=keys, grain=grain)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Open the store for one operation (creating it on first use)."""
        import duckdb

        self.workspace.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait
        delay = 0.05
        while True:
            try:
                con = duckdb.connect(str(self.path))
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise InputFileError(
                        f"the workspace store cannot be opened: {exc}", file=str(self.path),
                        fix="restore carbon.duckdb from a backup, or load the files into a new "
                            "workspace (--workspace)") from None
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        "the workspace store is in use by another carbon process",
                        file=str(self.path),
                        fix="wait for the other load to finish (or raise --wait); one "
                            "process writes a workspace at a time") from None
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
        try:
            con.execute("SET TimeZone = 'UTC'")
            _ensure_schema(con, self.path)
            yield con
        finally:
            con.close()


def setting(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """A workspace setting, read through an open connection."""
    rows = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
    return str(rows[0][0]) if rows else None


def set_setting(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Remember a workspace setting through an open connection."""
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def _ensure_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchall()
    if exists[0][0]:
        version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        if not version or version[0][0] != SCHEMA_VERSION:
            raise ConfigurationError(
                f"the workspace store has schema {version[0][0] if version else '?'}; this "
                f"version of carbon reads schema {SCHEMA_VERSION}", file=str(path),
                fix="load the files into a new workspace (--workspace) or remove carbon.duckdb")
        return
    con.execute("BEGIN TRANSACTION")
    for statement in DDL:
        con.execute(statement)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    con.execute("COMMIT")


def as_json(value: Any) -> str:
    """Stable JSON text (sorted keys) for options and assumptions."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
