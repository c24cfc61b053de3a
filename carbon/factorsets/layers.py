"""Layering: custom sets over a base set, each factor saying which layer supplied it.

``layer(desnz_2024, supplier)`` gives a set whose factors come from ``supplier`` where it has
the id and from ``desnz:2024`` otherwise. Each row keeps the ``set_id`` and ``set_version`` of the
publication it came from and ``layer`` = that layer's set id; the layered set's metadata lists
the stack. A factor blank in an upper layer is not looked up below: a layer that lists an id
must publish a value for it.
"""

from __future__ import annotations

import pandas as pd

from carbon.errors import ConfigurationError
from carbon.factorsets.factorset import ORIGIN_COLUMNS, FactorSet
from carbon.factorsets.schema import FactorSetInfo

LAYERED_FAMILY = "layered"


def layer(base: FactorSet, *overrides: FactorSet, name: str | None = None) -> FactorSet:
    """Stack custom sets over a base set (the last override is the top layer).

    Parameters
    ----------
    base : FactorSet
        The bottom layer, usually a DESNZ edition.
    *overrides : FactorSet
        Sets layered on top, in order; a later one wins over an earlier one.
    name : str, optional
        Id of the layered set; default ``layered:<top>+...+<base>``.

    Returns
    -------
    FactorSet
        ``kind='layered'``, ``layers`` = the stack, top first.

    Raises
    ------
    ConfigurationError
        If an override lists a factor with a blank value, or a set appears twice.
    """
    stack = [*reversed(overrides), base]
    ids = [s.id for s in stack]
    if len(set(ids)) != len(ids):
        raise ConfigurationError("a set appears twice in the layer stack", value=ids)
    for upper in overrides:
        blank = upper.table.index[upper.table["value"].isna()]
        if len(blank):
            raise ConfigurationError(
                f"layer {upper.id} lists factor(s) without a value", value=list(blank[:5]),
                fix="give every factor of an override layer a value, or remove the row")
    tables = [s.table for s in stack]
    combined = pd.concat(tables)
    combined = combined[~combined.index.duplicated(keep="first")]
    for column in ORIGIN_COLUMNS:
        combined[column] = combined[column].astype(str).astype("category")
    origins = {k: v for s in stack for k, v in s.origins.items()}
    info = FactorSetInfo(
        id=name or f"{LAYERED_FAMILY}:" + "+".join(i.replace(":", "-") for i in ids),
        kind="layered", title=" over ".join(ids), layers=ids,
        gwp_basis=", ".join(dict.fromkeys(s.info.gwp_basis for s in stack)),
        factors=int(combined["value"].notna().sum()),
        notes="each factor's set_id and layer name the set that supplied it")
    return FactorSet(info=info, table=combined.sort_index(), origins=origins)
