"""Year-on-year change explained: how much comes from activity and how much from factors.

For each emission line present in both years, with activity ``Q`` and intensity ``F = E / Q``
(tCO2e per unit), the change ``E1 - E0`` splits exactly into

- activity effect ``(Q1 - Q0) x (F0 + F1) / 2`` (the trust used more or less), and
- factor effect ``(F1 - F0) x (Q0 + Q1) / 2`` (the factor changed, e.g. grid decarbonisation),

the two-factor Shapley (midpoint) decomposition: symmetric in the two years and with no
residual. A line present in one year only is counted as ``new or ended activity``. For NHS
trusts this separates the trust's own action from the grid's decarbonisation, which otherwise
flatters trajectories (``../shared/guides/peer-systems.md``, capability 7).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from carbon.accounting.result import DEFAULT_FOOTPRINT, Inventory
from carbon.errors import ConfigurationError
from carbon.footprints import footprint_mask

_LINE_KEYS = ["organisation", "site", "activity_type", "line", "unit"]


def explain_change(inventory: Inventory, before: str, after: str, *,
                   by: Sequence[str] = ("report_group",),
                   footprint: str = DEFAULT_FOOTPRINT) -> pd.DataFrame:
    """Decompose the change in emissions between two periods of an inventory.

    Parameters
    ----------
    inventory : Inventory
        Holds both periods.
    before, after : str
        Period labels, e.g. ``"2023/24"`` and ``"2024/25"``.
    by : sequence of str
        Line columns to report the decomposition by (``report_group``, ``scope``, ``site`` ...).
    footprint : str
        Footprint whose lines are compared.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``tco2e_before``, ``tco2e_after``, ``change``, ``activity_effect``,
        ``factor_effect``, ``new_or_ended``; ``change`` equals the sum of the three effects.
        [tCO2e]
    """
    lines = inventory.to_frame()
    for label in (before, after):
        if label not in set(lines["period"].astype(str)):
            raise ConfigurationError("period not in the inventory", value=label,
                                     expected=", ".join(inventory.periods))
    lines = lines[footprint_mask(lines, footprint)]
    keys = list(dict.fromkeys([*_LINE_KEYS, *by]))
    frames = []
    for label in (before, after):
        part = lines[lines["period"].astype(str) == label]
        for column in keys:
            part = part.assign(**{column: part[column].astype(str)})
        frames.append(part.groupby(keys, sort=True)[["quantity", "tco2e"]].sum())
    merged = frames[0].join(frames[1], how="outer", suffixes=("_0", "_1")).fillna(0.0)
    q0, q1 = merged["quantity_0"].to_numpy(), merged["quantity_1"].to_numpy()
    e0, e1 = merged["tco2e_0"].to_numpy(), merged["tco2e_1"].to_numpy()
    both = (q0 != 0) & (q1 != 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        f0 = np.where(q0 != 0, e0 / q0, 0.0)
        f1 = np.where(q1 != 0, e1 / q1, 0.0)
    merged["activity_effect"] = np.where(both, (q1 - q0) * (f0 + f1) / 2, 0.0)
    merged["factor_effect"] = np.where(both, (f1 - f0) * (q0 + q1) / 2, 0.0)
    merged["new_or_ended"] = np.where(both, 0.0, e1 - e0)
    merged["tco2e_before"], merged["tco2e_after"] = e0, e1
    merged["change"] = e1 - e0
    result = merged.reset_index().groupby(list(by), sort=True)[
        ["tco2e_before", "tco2e_after", "change", "activity_effect", "factor_effect",
         "new_or_ended"]].sum()
    return result.reset_index()
