"""Bulk factor resolution for the inventory: many factor ids in, one frame out, vectorised.

:func:`resolve_factors` looks every id up once (a hash-index lookup per distinct id, no Python
loop per activity row) and returns value, units and full provenance per requested row. A
missing id, a blank (unpublished) value, or a custom factor outside its valid years is an error;
nothing is ever taken from another year or set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from carbon.errors import UnknownFactorError
from carbon.factorsets.factorset import FactorSet
from carbon.factorsets.gwp import restate_gwp
from carbon.factorsets.layers import layer
from carbon.factorsets.registry import builtin_entries, load_set, sets_holding
from carbon.factorsets.selection import FactorSelection
from carbon.periods import ReportingPeriod, parse_period

#: Columns of the frame :func:`resolve_factors` returns.
RESOLVED_COLUMNS = ("row", "factor_id", "weight", "value", "co2", "ch4", "n2o",
                    "activity_unit", "numerator_unit", "gwp_basis", "scope", "wtt", "td",
                    "outside_of_scopes", "set_id", "set_version", "layer", "layers",
                    "source_ref")
#: How many missing ids an error message lists.
_LISTED = 5


def _ids(requests: Sequence[str] | pd.Series | pd.DataFrame) -> pd.Series:
    if isinstance(requests, pd.DataFrame):
        if "factor_id" not in requests:
            raise UnknownFactorError("the request frame has no 'factor_id' column",
                                     column="factor_id", fix="add a factor_id column")
        requests = requests["factor_id"]
    return pd.Series(np.asarray(requests, dtype=object)).astype(str)


def _missing_error(factors: FactorSet, missing: list[str],
                   workspace: str | Path | None) -> UnknownFactorError:
    base = factors.origins[factors.info.layers[-1]] if factors.info.layers else factors.info
    family = base.family
    registered = base.id in builtin_entries() or workspace is not None
    also = [s for s in sets_holding(missing[0], family, workspace) if s != base.id] \
        if registered else []
    error = factors.missing_error(missing[0], also_in=also)
    if len(missing) > 1:
        listed = ", ".join(missing[1:_LISTED + 1])
        error.message += f" (also missing: {listed}{' ...' if len(missing) > _LISTED + 1 else ''})"
    return error


def _check_valid(table: pd.DataFrame, period: ReportingPeriod | None) -> None:
    if period is None:
        return
    first, last = period.start.year, (period.end - timedelta(days=1)).year
    valid_from = table["valid_from"].astype("Float64").fillna(-np.inf).to_numpy(dtype=float)
    valid_to = table["valid_to"].astype("Float64").fillna(np.inf).to_numpy(dtype=float)
    outside = (valid_from > first) | (valid_to < last)
    if outside.any():
        factor_id = table.index[outside][0]
        row = table.loc[factor_id]
        raise UnknownFactorError(
            f"factor {factor_id!r} of {row['layer']} is valid {row['valid_from']}-"
            f"{row['valid_to']}, not for all of {period.label}",
            fix="extend valid_from/valid_to in the custom set if the value still applies, or "
                "add a factor for this period")


def _resolve_one(factors: FactorSet, ids: pd.Series, period: ReportingPeriod | None,
                 workspace: str | Path | None) -> pd.DataFrame:
    unique = pd.Index(ids.unique())
    positions = factors.table.index.get_indexer(unique)
    if (positions < 0).any():
        raise _missing_error(factors, list(unique[positions < 0]), workspace)
    table = factors.table.iloc[positions]
    blank = table["value"].isna().to_numpy()
    if blank.any():
        raise factors.blank_error(table.index[blank][0])
    _check_valid(table, period)
    found = table.iloc[unique.get_indexer(ids)]
    layers = " > ".join(factors.info.layers) if factors.info.layers else factors.id
    out = pd.DataFrame({
        "row": np.arange(len(ids)), "factor_id": ids.to_numpy(),
        **{c: found[c].to_numpy() for c in RESOLVED_COLUMNS
           if c in found.columns and c != "factor_id"},
    })
    out["layers"] = layers
    return out


def resolve_factors(requests: Sequence[str] | pd.Series | pd.DataFrame,
                    source: FactorSet | FactorSelection | str, *,
                    overrides: Sequence[FactorSet] = (), gwp_basis: str | None = None,
                    on_gwp_missing: Literal["raise", "flag"] = "raise",
                    period: ReportingPeriod | str | None = None,
                    workspace: str | Path | None = None) -> pd.DataFrame:
    """Resolve many factor ids at once.

    Parameters
    ----------
    requests : sequence of str, pandas.Series or pandas.DataFrame
        Factor ids, one per activity row (a frame needs a ``factor_id`` column).
    source : FactorSet, FactorSelection or str
        A set (plain or layered), a set name, or a period selection from
        :func:`carbon.factorsets.selection.select_factor_sets`.
    overrides : sequence of FactorSet
        Custom sets layered over each selected set (last one on top).
    gwp_basis : str, optional
        Restate every factor on this basis from its per-gas parts
        (:func:`carbon.factorsets.gwp.restate_gwp`).
    on_gwp_missing : {'raise', 'flag'}
        What to do when a factor cannot be restated.
    period : ReportingPeriod or str, optional
        Period the factors are used for, to check custom factors' valid years (taken from a
        selection when one is given).
    workspace : path-like, optional
        Workspace whose user library holds imported sets.

    Returns
    -------
    pandas.DataFrame
        :data:`RESOLVED_COLUMNS`: ``row`` is the position of the request; ``value``,
        ``co2``, ``ch4``, ``n2o`` [numerator_unit per activity_unit]; ``weight`` is 1, or the
        day share of each calendar-year set under a ``pro-rata`` selection (one row per request
        and set; the weights of a request sum to 1). ``set_id``, ``set_version`` name the
        publication, ``layer`` the layer that supplied the factor, ``layers`` the stack.

    Raises
    ------
    UnknownFactorError
        For an id not in the set (naming close ids and the sets that do hold it), a blank
        value, or a custom factor not valid for the period.
    """
    ids = _ids(requests)
    if isinstance(source, FactorSelection):
        weighted = [(load_set(s.set_id, workspace), s.weight) for s in source.sets]
        period = period or source.period
    else:
        weighted = [(load_set(source, workspace) if isinstance(source, str) else source, 1.0)]
    reporting = parse_period(period) if period is not None else None
    frames = []
    for order, (factors, weight) in enumerate(weighted):
        stacked = layer(factors, *overrides) if overrides else factors
        frame = _resolve_one(stacked, ids, reporting, workspace)
        frame.insert(2, "weight", weight)
        frame["_order"] = order
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True).sort_values(["row", "_order"], kind="stable")
    out = out.drop(columns="_order").reset_index(drop=True)
    for column in ("activity_unit", "numerator_unit", "gwp_basis", "scope", "set_id",
                   "set_version", "layer", "layers"):
        out[column] = out[column].astype(str).astype("category")
    if gwp_basis is not None:
        out = restate_gwp(out, gwp_basis, on_missing=on_gwp_missing)
    return out[[*RESOLVED_COLUMNS, *[c for c in out.columns if c not in RESOLVED_COLUMNS]]]
