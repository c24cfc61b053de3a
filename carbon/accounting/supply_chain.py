"""The supply chain at a glance: where the ledger's money went and how much of it is counted.

Plain functions on an inventory's lines and memo table (:class:`~carbon.accounting.result.
Inventory`), used by ``carbon spend`` and the board report:

- :func:`spend_coverage`: ledger spend split into counted (category spend factors or the
  supplier's own intensity), excluded by the hybrid rules, energy (memo) and unmapped, with the
  shares a reader asks about first: how much is unmapped, how much has supplier-specific data;
- :func:`spend_by` : spend, tCO2e and intensity per report group (or spend type, supplier ...).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import BaseModel

SPEND_METHODS = ("spend", "supplier_specific")


class SpendCoverage(BaseModel):
    """Ledger spend of one period by what happened to it [GBP], and shares of it (0-1).

    Attributes
    ----------
    ledger_gbp : float
        Everything the ledger holds (counted + excluded + energy + unmapped).
    counted_gbp, supplier_specific_gbp, excluded_gbp, energy_gbp, unmapped_gbp : float
    tco2e : float
        Emissions of the counted spend (location-based).
    unmapped_share : float
        Unmapped spend over ledger spend.
    supplier_share : float
        Spend with supplier-specific intensities over counted spend.
    """

    period: str
    ledger_gbp: float
    counted_gbp: float
    supplier_specific_gbp: float
    excluded_gbp: float
    energy_gbp: float
    unmapped_gbp: float
    tco2e: float
    unmapped_share: float
    supplier_share: float


def spend_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """The spend-based and supplier-specific lines of an inventory (none without money
    columns)."""
    if "method" not in lines.columns:
        return lines.iloc[:0]
    return lines[lines["method"].astype(str).isin(SPEND_METHODS).to_numpy()]


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def spend_coverage(lines: pd.DataFrame, memo: pd.DataFrame, period: str) -> SpendCoverage:
    """How the ledger spend of ``period`` was treated (see :class:`SpendCoverage`)."""
    spend = spend_lines(lines)
    spend = spend[spend["period"].astype(str) == period]
    notes = memo[memo["period"].astype(str) == period] if len(memo) else memo
    counted = float(spend["quantity"].sum())
    own = float(spend.loc[spend["method"].astype(str) == "supplier_specific", "quantity"].sum())

    def memo_sum(status: str, kind: str | None = None) -> float:
        if notes.empty:
            return 0.0
        hit = notes["status"].astype(str) == status
        if kind is not None:
            hit &= notes["activity_type"].astype(str) == kind
        return float(notes.loc[hit, "gbp"].sum())

    excluded, unmapped = memo_sum("excluded"), memo_sum("unmapped")
    energy = memo_sum("memo", "spend.energy")
    ledger = counted + excluded + unmapped + energy
    return SpendCoverage(period=period, ledger_gbp=ledger, counted_gbp=counted,
                         supplier_specific_gbp=own, excluded_gbp=excluded, energy_gbp=energy,
                         unmapped_gbp=unmapped, tco2e=float(spend["tco2e"].sum()),
                         unmapped_share=_share(unmapped, ledger),
                         supplier_share=_share(own, counted))


def spend_by(lines: pd.DataFrame, by: str = "report_group") -> pd.DataFrame:
    """Counted spend, its emissions and intensity per ``by`` and period.

    Returns
    -------
    pandas.DataFrame
        ``period``, ``by``, ``spend_gbp``, ``tco2e``, ``kgco2e_per_gbp`` (of the spend as
        recorded), ``supplier_specific_gbp``, ``supplier_share`` (0-1), largest first.
    """
    spend = spend_lines(lines)
    columns = ["period", by, "spend_gbp", "tco2e", "kgco2e_per_gbp", "supplier_specific_gbp",
               "supplier_share"]
    if spend.empty:
        return pd.DataFrame(columns=columns)
    own = np.where(spend["method"].astype(str) == "supplier_specific",
                   spend["quantity"].to_numpy(dtype="float64"), 0.0)
    table = spend.assign(_own=own).groupby(
        [spend["period"].astype(str), spend[by].astype(str)], sort=True).agg(
        spend_gbp=("quantity", "sum"), tco2e=("tco2e", "sum"),
        supplier_specific_gbp=("_own", "sum")).reset_index()
    with np.errstate(invalid="ignore", divide="ignore"):
        table["kgco2e_per_gbp"] = np.where(table["spend_gbp"] != 0,
                                           1000.0 * table["tco2e"] / table["spend_gbp"], np.nan)
        table["supplier_share"] = np.where(table["spend_gbp"] != 0,
                                           table["supplier_specific_gbp"] / table["spend_gbp"],
                                           0.0)
    table = table.sort_values(["period", "tco2e"], ascending=[True, False], kind="stable")
    return table[columns].reset_index(drop=True)


def not_counted(memo: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """Spend reported but not converted: unmapped categories, hybrid exclusions, energy.

    Returns
    -------
    pandas.DataFrame
        ``period``, ``status``, ``activity_type``, ``category``, ``reason``, ``gbp``, ``rows``,
        largest first within each status.
    """
    columns = ["period", "status", "activity_type", "category", "reason", "gbp", "rows"]
    if memo.empty:
        return pd.DataFrame(columns=columns)
    rows = memo[memo["activity_type"].astype(str).str.startswith("spend.").to_numpy()]
    if period is not None:
        rows = rows[rows["period"].astype(str) == period]
    table = rows.groupby([rows[c].astype(str) for c in columns[:5]], sort=True).agg(
        gbp=("gbp", "sum"), rows=("rows", "sum")).reset_index()
    table = table.sort_values(["period", "status", "gbp"], ascending=[True, True, False],
                              kind="stable")
    return table[columns].reset_index(drop=True)
