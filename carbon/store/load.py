"""Loading files into the store: read, check, write one batch per file, summarise."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from carbon.readers import batch_id_for, file_sha256, meters_digest, read_file
from carbon.readers.options import LoadOptions
from carbon.store.ingest import IngestReport, find_batch, ingest
from carbon.store.queries import meter_sites

if TYPE_CHECKING:
    from collections.abc import Callable

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
        The reader's result (``None`` when the batch was already in the store).
    """

    path: str
    report: IngestReport
    result: LoadResult | None


def load_file(store: Store, path: str | Path, options: LoadOptions | None = None, *,
              progress: Callable[[str], None] | None = None) -> LoadSummary:
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

    Returns
    -------
    LoadSummary
    """
    opts = options or LoadOptions()
    remembered = store.setting("organisation")
    if opts.organisation is None and remembered:
        opts = opts.merged(organisation=remembered)
    meters = meter_sites(store)
    sha = file_sha256(path)
    fingerprint = opts.fingerprint(meters_digest(meters))
    batch_id = batch_id_for(sha, fingerprint)
    with store.connect() as con:
        known = find_batch(con, batch_id)
    if known is not None:
        return LoadSummary(str(path), IngestReport(batch_id, known[0], "already loaded"), None)
    result = read_file(path, opts, meters=meters, batch_id=batch_id, progress=progress)
    if progress:
        progress("store")
    report = ingest(store, result, sha256=sha, fingerprint=fingerprint, options=opts,
                    source_path=str(path))
    if opts.organisation and not remembered:
        store.set_setting("organisation", opts.organisation)
    return LoadSummary(str(path), report, result)
