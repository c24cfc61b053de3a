"""Files read straight into activity totals, without a store.

For a one-off inventory of files (a supplier's year of half-hourly data, a region's returns)
:class:`FileActivity` reads each file as ``carbon load`` would, with every check, and reduces
each piece of accepted rows to partial totals as it is read (:mod:`carbon.partial_totals`), so
ten million readings are never held as a table. Quarantined input is counted in the run
record's warnings; ``carbon load`` then shows which rows and why.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from carbon.aggregate import Grain, slices
from carbon.partial_totals import partial_totals
from carbon.readers import batch_id_for, file_sha256, meters_digest, read_file
from carbon.readers.options import LoadOptions
from carbon.totals import Totals, detail_rows, finish_totals

if TYPE_CHECKING:
    from carbon.periods import ReportingPeriod
    from carbon.readers.result import LoadResult


class FileActivity:
    """Activity files (any layout :func:`carbon.readers.read_file` reads) as an inventory source.

    Parameters
    ----------
    paths : path-like or iterable of them
        Input files.
    options : LoadOptions, optional
        What the files do not say (site, organisation, time basis ...), as for ``carbon load``.
    meters : dict, optional
        Meter id -> site code (the trust's meter schedule).

    Attributes
    ----------
    results : list of LoadResult
        What each file's read gave (counts, quarantine, assumptions), after :meth:`totals`.

    Examples
    --------
    >>> import carbon
    >>> from carbon.readers import LoadOptions
    >>> from carbon.readers.source import FileActivity
    >>> source = FileActivity("hh_2024.csv", LoadOptions(site="R01"))
    >>> inv = carbon.inventory(source, "2024/25", grain="month")  # doctest: +SKIP
    """

    def __init__(self, paths: str | Path | Iterable[str | Path],
                 options: LoadOptions | None = None, *,
                 meters: dict[str, str] | None = None) -> None:
        self.paths = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
        self.options = options or LoadOptions()
        self.meters = dict(meters or {})
        self.results: list[LoadResult] = []

    def totals(self, periods: Sequence[ReportingPeriod], *, keys: Sequence[str],
               grain: Grain) -> Totals:
        """Read every file and total its accepted rows over the periods' slices."""
        cut = slices(periods, grain)
        partials: list[pd.DataFrame] = []
        details: list[pd.DataFrame] = []
        inputs: dict[str, str] = {}
        warnings: list[str] = []
        fingerprint = self.options.fingerprint(meters_digest(self.meters))
        self.results = []

        def take(rows: pd.DataFrame) -> None:
            partials.append(partial_totals(rows, cut, keys))
            details.append(detail_rows(rows))

        for path in self.paths:
            sha256 = file_sha256(path)
            result = read_file(path, self.options, meters=self.meters,
                               batch_id=batch_id_for(sha256, fingerprint),
                               sink=take)
            self.results.append(result)
            inputs[path.name if path.name not in inputs else str(path)] = sha256
            if result.rows_quarantined:
                warnings.append(f"{path.name}: {result.rows_quarantined:,} of "
                                f"{result.rows_in:,} {result.count_unit}s quarantined (carbon "
                                "load shows which and why)")
        digest = hashlib.sha256(json.dumps([inputs, fingerprint]).encode()).hexdigest()
        kept = [d for d in details if len(d)]
        rows = pd.concat(kept, ignore_index=True) if kept else None
        return Totals(finish_totals(partials, cut, keys), digest, inputs, tuple(warnings),
                      rows=rows)
