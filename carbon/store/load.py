"""Loading files into the store: read, check and write one batch per file, summarise.

The reader passes its accepted rows to the batch writer piece by piece while it reads, inside
one transaction: a large interval file is never held whole in memory, and a load that fails or
is interrupted anywhere (reading included) leaves the store as it was. The writer works in a
second thread (:class:`Background`), so DuckDB stores one piece while the reader makes the
next; only that thread touches the connection until the reader is done.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from carbon.readers import batch_id_for, file_sha256, meters_digest, read_file
from carbon.readers.options import LoadOptions
from carbon.store.database import set_setting, setting
from carbon.store.ingest import IngestReport, close_batch, find_batch, find_schedule_batch
from carbon.store.writer import BatchWriter

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from carbon.readers.result import LoadResult
    from carbon.store.database import Store


@dataclass(frozen=True)
class LoadSummary:
    """What loading one file did.

    Attributes
    ----------
    path : str
    report : IngestReport
        Batch id and what was written (or ``status='already loaded'``).
    result : LoadResult or None
        The reader's counts, quarantine, warnings and assumptions (``None`` when the batch was
        already in the store). Its ``activity`` is empty: the rows went to the store
        (``activity_rows`` counts them; :func:`~carbon.store.current_activity` reads them).
    """

    path: str
    report: IngestReport
    result: LoadResult | None


def load_file(store: Store, path: str | Path, options: LoadOptions | None = None, *,
              progress: Callable[[str], None] | None = None,
              on_rows: Callable[[pd.DataFrame], None] | None = None) -> LoadSummary:
    """Read one file and store it as one batch (atomic; idempotent).

    Parameters
    ----------
    store : Store
    path : str or Path
    options : LoadOptions, optional
        The organisation defaults to the workspace's (remembered from the first load that
        names one).
    progress : callable, optional
        Called with each stage name.
    on_rows : callable, optional
        Also receives every piece of accepted activity rows (to tally completeness, say).

    Returns
    -------
    LoadSummary
    """
    opts = options or LoadOptions()
    sha = file_sha256(path)
    with store.connect() as con:
        remembered = setting(con, "organisation")
        if opts.organisation is None and remembered:
            opts = opts.merged(organisation=remembered)
        meters = dict(con.execute("SELECT meter_id, site FROM meters").fetchall())
        fingerprint = opts.fingerprint(meters_digest(meters))
        batch_id = batch_id_for(sha, fingerprint)
        known = find_batch(con, batch_id)
        if known is not None:
            return LoadSummary(str(path), IngestReport(batch_id, known[0], "already loaded"),
                               None)
        schedule = find_schedule_batch(con, sha, opts)
        if schedule is not None:
            return LoadSummary(str(path), IngestReport(schedule[0], schedule[1],
                                                       "already loaded"), None)
        con.execute("BEGIN TRANSACTION")
        writer = BatchWriter(con)
        background = Background(writer)
        try:

            def sink(rows: pd.DataFrame) -> None:
                background.put(rows)
                if on_rows is not None:
                    on_rows(rows)

            result = read_file(path, opts, meters=meters, batch_id=batch_id,
                               progress=progress, sink=sink)
            background.finish()
            if progress:
                progress("store")
            report = close_batch(con, writer, result, sha256=sha, fingerprint=fingerprint,
                                 options=opts, source_path=str(path))
            if opts.organisation and not remembered:
                set_setting(con, "organisation", opts.organisation)
            con.execute("COMMIT")
        except BaseException:
            background.stop()
            con.execute("ROLLBACK")
            raise
    return LoadSummary(str(path), report, result)


class Background:
    """A batch writer working in its own thread, one piece at a time.

    :meth:`put` hands a piece over (waiting while the writer is busy with the one before, so
    at most two pieces are in memory) and raises the writer's error, if it had one;
    :meth:`finish` waits for the last piece; :meth:`stop` abandons the rest after a failure.
    """

    def __init__(self, writer: BatchWriter) -> None:
        self.writer = writer
        self.pieces: queue.Queue[pd.DataFrame | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._work, name="carbon-store", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        while (rows := self.pieces.get()) is not None:
            if self.error is None:
                try:
                    self.writer.write(rows)
                except BaseException as exc:  # handed to the reading thread
                    self.error = exc

    def put(self, rows: pd.DataFrame) -> None:
        """Queue a piece for writing."""
        if self.error is not None:
            raise self.error
        self.pieces.put(rows)

    def finish(self) -> None:
        """Wait until every piece is written."""
        self.pieces.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        """Stop writing (after a failure): pieces still queued are dropped."""
        if self.thread.is_alive():
            self.error = self.error or RuntimeError("load abandoned")
            self.pieces.put(None)
            self.thread.join()
