"""What changed between two factor sets (``carbon factors diff desnz:2023 desnz:2024``).

Only factors with a published value count: a factor blank in one set and published in the
other is added (or removed). A factor whose unit changed is reported as changed with no
percentage.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon.factorsets.factorset import FactorSet, describe

CHANGES = ("changed", "added", "removed", "unchanged")
DIFF_COLUMNS = ("change", "factor_id", "label", "unit", "value_a", "value_b", "change_pct")


def diff_sets(a: FactorSet, b: FactorSet, *, include_unchanged: bool = False) -> pd.DataFrame:
    """Compare two sets factor by factor.

    Parameters
    ----------
    a, b : FactorSet
        The older and the newer set.
    include_unchanged : bool
        Also list factors with equal values.

    Returns
    -------
    pandas.DataFrame
        :data:`DIFF_COLUMNS`: ``change`` (changed, added, removed, unchanged), the factor id
        and label, ``unit`` (numerator per activity unit, of ``b`` where present),
        ``value_a``, ``value_b`` and ``change_pct`` = 100 x (b - a) / a [%] (NaN when a is 0,
        a factor was added or removed, or the unit changed). Sorted: changed by the size of
        the change, then added, removed and unchanged, each by id.
    """
    left, right = describe(a.published()), describe(b.published())
    merged = left.merge(right, on="factor_id", how="outer", suffixes=("_a", "_b"),
                        indicator=True)
    value_a, value_b = merged["value_a"].to_numpy(), merged["value_b"].to_numpy()
    same_unit = (merged["unit_a"] == merged["unit_b"]).to_numpy()
    both = (merged["_merge"] == "both").to_numpy()
    equal = both & same_unit & (value_a == value_b)
    change = np.select([~both & (merged["_merge"] == "left_only").to_numpy(), ~both, equal],
                       ["removed", "added", "unchanged"], default="changed")
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(both & same_unit & (value_a != 0), 100.0 * (value_b - value_a) / value_a,
                       np.nan)
    out = pd.DataFrame({
        "change": change, "factor_id": merged["factor_id"],
        "label": merged["label_b"].fillna(merged["label_a"]),
        "unit": merged["unit_b"].fillna(merged["unit_a"]),
        "value_a": value_a, "value_b": value_b, "change_pct": pct,
    })
    if not include_unchanged:
        out = out[out["change"] != "unchanged"]
    rank = out["change"].map({c: i for i, c in enumerate(CHANGES)})
    size = -out["change_pct"].abs().fillna(-1.0)  # largest changes first, unit changes last
    out = out.assign(_rank=rank, _size=size).sort_values(["_rank", "_size", "factor_id"])
    return out[list(DIFF_COLUMNS)].reset_index(drop=True)
