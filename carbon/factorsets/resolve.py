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


def _codes(requests: Sequence[str] | pd.Series | pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """Integer code per request and the distinct ids (a categorical input is used as is)."""
    if isinstance(requests, pd.DataFrame):
        if "factor_id" not in requests:
            raise UnknownFactorError("the request frame has no 'factor_id' column",
                                     column="factor_id", fix="add a factor_id column")
        requests = requests["factor_id"]
    series = requests if isinstance(requests, pd.Series) else pd.Series(list(requests),
                                                                           dtype=object)
    if isinstance(series.dtype, pd.CategoricalDtype):
        category = series.cat.remove_unused_categories()
        codes, unique = category.cat.codes.to_numpy(), pd.Index(
            category.cat.categories.astype(str))
    else:
        codes, unique = pd.factorize(series)
        unique = pd.Index(pd.Series(unique).astype(str))
    if (codes < 0).any():
        raise UnknownFactorError("a request has no factor id", row=int(np.argmax(codes < 0)),
                                 column="factor_id", fix="give every activity row a factor id")
    return np.asarray(codes), unique


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


#: Columns carried as categoricals (few distinct values, many rows).
_TEXT = ("factor_id", "activity_unit", "numerator_unit", "gwp_basis", "scope", "set_id",
         "set_version", "layer", "layers", "source_ref")
_NUMBERS = ("value", "co2", "ch4", "n2o", "wtt", "td", "outside_of_scopes")


def _resolve_one(factors: FactorSet, unique: pd.Index, codes: np.ndarray,
                 period: ReportingPeriod | None,
                 workspace: str | Path | None) -> dict[str, pd.Categorical | np.ndarray]:
    """Columns for every request from one set: each distinct id looked up once, then spread
    to the requests with integer codes (no per-row Python work)."""
    positions = factors.table.index.get_indexer(unique)
    if (positions < 0).any():
        raise _missing_error(factors, list(unique[positions < 0]), workspace)
    table = factors.table.iloc[positions]
    blank = table["value"].isna().to_numpy()
    if blank.any():
        raise factors.blank_error(table.index[blank][0])
    _check_valid(table, period)
    layers = " > ".join(factors.info.layers) if factors.info.layers else factors.id
    columns: dict[str, pd.Categorical | np.ndarray] = {}
    for column in _TEXT:
        values = (unique if column == "factor_id" else
                  pd.Index([layers] * len(unique)) if column == "layers" else
                  pd.Index(table[column].astype(str)))
        category = pd.Categorical(values)
        columns[column] = pd.Categorical.from_codes(category.codes[codes], category.categories)
    for column in _NUMBERS:
        columns[column] = table[column].to_numpy()[codes]
    return columns


def _interleave(parts: list[dict[str, pd.Categorical | np.ndarray]],
                weights: list[float], n: int) -> pd.DataFrame:
    """One row per request and set, requests in order, sets in selection order."""
    k = len(parts)
    out: dict[str, object] = {"row": np.repeat(np.arange(n), k)}
    if k == 1:
        out.update(parts[0])
        out["weight"] = np.full(n, weights[0])
        return pd.DataFrame(out)
    for column in parts[0]:
        columns = [p[column] for p in parts]
        if isinstance(columns[0], pd.Categorical):
            texts = [c for c in columns if isinstance(c, pd.Categorical)]
            categories = texts[0].categories
            for text in texts[1:]:
                categories = categories.union(text.categories)
            codes = np.stack([categories.get_indexer(t.categories)[t.codes] for t in texts],
                             axis=1).ravel()
            out[column] = pd.Categorical.from_codes(codes, categories)
        else:
            out[column] = np.stack(columns, axis=1).ravel()
    out["weight"] = np.tile(np.asarray(weights, dtype="float64"), n)
    return pd.DataFrame(out)


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
    codes, unique = _codes(requests)
    if isinstance(source, FactorSelection):
        weighted = [(load_set(s.set_id, workspace), s.weight) for s in source.sets]
        period = period or source.period
    else:
        weighted = [(load_set(source, workspace) if isinstance(source, str) else source, 1.0)]
    reporting = parse_period(period) if period is not None else None
    parts = [_resolve_one(layer(factors, *overrides) if overrides else factors,
                          unique, codes, reporting, workspace)
             for factors, _ in weighted]
    out = _interleave(parts, [w for _, w in weighted], len(codes))
    if gwp_basis is not None:
        out = restate_gwp(out, gwp_basis, on_missing=on_gwp_missing)
    return out[[*RESOLVED_COLUMNS, *[c for c in out.columns if c not in RESOLVED_COLUMNS]]]
