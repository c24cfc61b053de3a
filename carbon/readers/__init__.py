"""Readers: turn the files estates teams receive into the canonical activity table.

The one entry point is :func:`read_file`; it finds the layout (or uses the one named), reads the
file with that layout's reader and returns a :class:`LoadResult` (accepted activity, quarantine,
counts, stated assumptions). One module per layout family:

=====================  ===================================================================
layout                 module
=====================  ===================================================================
meter_schedule         :mod:`carbon.readers.meter_schedule`
hh_wide                :mod:`carbon.readers.hh_wide` (EDF ``00:00..24:30``; ``HH01..HH50``)
hh_long                :mod:`carbon.readers.hh_long`
register_reads         :mod:`carbon.readers.register_reads`
gas_bills              :mod:`carbon.readers.gas_bills`
fuel_deliveries        :mod:`carbon.readers.fuel_deliveries`
water_bills            :mod:`carbon.readers.water_bills`
waste_returns          :mod:`carbon.readers.waste_returns`
travel                 :mod:`carbon.readers.travel`
anaesthetic_gases      :mod:`carbon.readers.anaesthetic_gases`
inhalers               :mod:`carbon.readers.inhalers`
fleet_fuel             :mod:`carbon.readers.fleet_fuel`
eric                   :mod:`carbon.readers.eric`
procurement_ledger     :mod:`carbon.readers.procurement_ledger`
canonical              :mod:`carbon.readers.canonical`
=====================  ===================================================================
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from carbon.errors import InputFileError
from carbon.readers.build import Context
from carbon.readers.detect import LAYOUTS, Layout, find_header
from carbon.readers.options import LoadOptions
from carbon.readers.result import LoadResult
from carbon.readers.scan import scan
from carbon.readers.sniff import open_source
from carbon.readers.table import normalise

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

__all__ = ["LAYOUTS", "LoadOptions", "LoadResult", "batch_id_for", "file_sha256", "read_file"]


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    return scan(path).sha256


def batch_id_for(sha256: str, fingerprint: str) -> str:
    """The batch id of a file read with given options: the same inputs give the same id."""
    return hashlib.sha256(f"{sha256}:{fingerprint}".encode()).hexdigest()[:12]


def get_layout(name: str) -> Layout:
    """A layout by name.

    Raises
    ------
    InputFileError
        Naming the known layouts.
    """
    key = name.strip().lower().replace("-", "_")
    if key not in LAYOUTS:
        raise InputFileError(f"unknown layout {name!r}", value=name,
                             expected=", ".join(LAYOUTS), fix="see carbon load --list-layouts")
    return LAYOUTS[key]


def read_file(path: str | Path, options: LoadOptions | None = None, *,
              meters: dict[str, str] | None = None, batch_id: str | None = None,
              progress: Callable[[str], None] | None = None,
              sink: Callable[[pd.DataFrame], None] | None = None) -> LoadResult:
    """Read one input file into canonical activity rows and a quarantine.

    Parameters
    ----------
    path : str or Path
        CSV (any common delimiter and encoding), xlsx, xls or ods.
    options : LoadOptions, optional
        What the file does not say (layout, site, time zone, units ...).
    meters : dict, optional
        Meter id -> site code (the trust's meter schedule), used when a file names meters but
        not sites.
    batch_id : str, optional
        Written on every row [default: derived from the file's SHA-256 and the options].
    progress : callable, optional
        Called with the name of each stage (for a progress bar).
    sink : callable, optional
        Receives the accepted activity rows in pieces, as they are read and checked (the
        store writes them); the result's ``activity`` is then empty and ``activity_rows``
        counts them. Large interval files are never held whole in memory this way.

    Returns
    -------
    LoadResult

    Raises
    ------
    InputFileError
        If the file cannot be read, its layout is not certain, or it holds no data.
    """
    opts = options or LoadOptions()
    tick = progress or (lambda stage: None)
    meter_map = dict(meters or {})
    if batch_id is None:
        batch_id = batch_id_for(file_sha256(path), opts.fingerprint(meters_digest(meter_map)))
    tick("sniff")
    source = open_source(path, sheet=opts.sheet, encoding=opts.encoding,
                         delimiter=opts.delimiter)
    renames = {normalise(v): normalise(k) for k, v in opts.columns.items()}
    named = get_layout(opts.layout) if opts.layout else None
    index, layout = find_header(source, named, renames, opts.header_row)
    tick("read")
    module = importlib.import_module(f"carbon.readers.{layout.module}")
    reader: Callable[[Context], LoadResult] = module.read
    ctx = Context(source=source, header_index=index, options=opts, batch_id=batch_id,
                  renames=renames, meters=meter_map, progress=tick, sink=sink)
    if named is None:
        ctx.assume(f"layout recognised as {layout.name!r} ({layout.description})")
    result = reader(ctx)
    if result.rows_in == 0:
        raise InputFileError(
            f"no data under the header on line {source.lines[index]} (no {result.count_unit} "
            "to load)", file=source.name,
            fix="export the data again for the period wanted; a file holding only a header "
                "is not loaded")
    return result


def meters_digest(meters: dict[str, str]) -> str:
    """Digest of a meter -> site map (part of the batch fingerprint)."""
    text = "\n".join(f"{k}\t{v}" for k, v in sorted(meters.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
