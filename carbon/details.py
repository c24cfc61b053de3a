"""Reader columns beyond the canonical ones, read back from an activity table.

Readers keep what a file says beyond the canonical columns (the cost on a bill, the supplier
and price year of a ledger line ...) as extra columns. The store keeps them per row as JSON in
``details`` (decision 0012); a canonical CSV keeps them as columns. :func:`detail_column` gives
one of them as a column either way, parsing the JSON only of the rows that carry any.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd


def detail_column(frame: pd.DataFrame, name: str, *, numeric: bool = False) -> pd.Series:
    """One extra reader column of an activity table (from the column or the ``details`` JSON).

    Parameters
    ----------
    frame : pandas.DataFrame
        Activity table (from the store, a reader or a canonical CSV).
    name : str
        Column name (``cost_gbp``, ``supplier``, ``price_year`` ...).
    numeric : bool
        Return float64 (NaN where absent or not a number) instead of text (``""`` where absent).

    Returns
    -------
    pandas.Series
        Aligned with ``frame``.
    """
    if name in frame.columns:
        values = frame[name]
    else:
        values = pd.Series(None, index=frame.index, dtype=object) if not numeric else \
            pd.Series(np.nan, index=frame.index, dtype="float64")
        texts = frame["details"] if "details" in frame.columns else None
        carried = texts.notna().to_numpy() if texts is not None else np.zeros(len(frame), bool)
        if texts is not None and carried.any():
            quoted = f'"{name}"'
            found = [json.loads(t).get(name) if quoted in t else None
                     for t in texts[carried].astype(str)]
            values = values.astype(object)
            values[carried] = pd.Series(found, index=frame.index[carried], dtype=object)
    if numeric:
        return pd.to_numeric(values, errors="coerce").astype("float64")
    text = values.astype(object).where(values.notna(), "")
    return pd.Series(np.asarray(text.astype(str), dtype=object), index=frame.index)
