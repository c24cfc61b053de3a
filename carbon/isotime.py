"""Strict ISO 8601 date-times: whole timestamps only, parsed once per column.

pandas' ``format="ISO8601"`` is lenient: it reads a truncated ``2024-05-01T00:0`` as midnight,
and raises (instead of marking the cell bad) when a column mixes times with and without an
offset. Input files are cut short and mixed often enough that both matter: a truncated last
line must be quarantined as "not a date and time", never stored as 00:00, and one odd cell
must never stop a load. These functions accept only the full shapes below and return NaT for
anything else:

* date and time, ``T`` or a space between: ``2024-05-01T00:30``, ``2024-05-01 00:30:00``,
  seconds and a decimal fraction optional;
* with an offset: ``Z``, ``+01:00``, ``+0100`` or ``+01`` after the time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_DATE_TIME = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?"
_OFFSET = r"(?:Z|[+-]\d{2}(?::?\d{2})?)"
#: A whole timestamp with an offset (group ``offset`` set) or without one.
ISO_PATTERN = rf"^(?P<time>{_DATE_TIME})(?P<offset>{_OFFSET})?$"


def iso_shape(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Which cells are whole ISO timestamps, and which of those carry an offset.

    Returns
    -------
    whole, with_offset : numpy.ndarray
        bool per cell.
    """
    found = text.astype(str).str.extract(ISO_PATTERN)
    return found["time"].notna().to_numpy(), found["offset"].notna().to_numpy()


def parse_iso_utc(text: pd.Series) -> pd.Series:
    """Timestamps with an offset as UTC; NaT for cells without one or not whole ISO text.

    Returns
    -------
    pandas.Series
        ``datetime64[ns, UTC]``, same index as ``text``.
    """
    _, with_offset = iso_shape(text)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    if with_offset.any():
        out[with_offset] = pd.to_datetime(text[with_offset], utc=True, format="ISO8601",
                                          errors="coerce").astype("datetime64[ns, UTC]")
    return out


def parse_iso_naive(text: pd.Series) -> np.ndarray:
    """Timestamps without an offset, as written (wall-clock); NaT for anything else.

    Returns
    -------
    numpy.ndarray
        ``datetime64[ns]`` (naive), one per cell.
    """
    whole, with_offset = iso_shape(text)
    naive = whole & ~with_offset
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    if naive.any():
        out[naive] = pd.to_datetime(text[naive], format="ISO8601", errors="coerce").to_numpy(
            dtype="datetime64[ns]")
    return out
