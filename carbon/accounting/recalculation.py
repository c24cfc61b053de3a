"""Base-year recalculation, as the GHG Protocol Corporate Standard (chapter 5) describes it.

The base year is recomputed with today's methods and boundary, one change at a time in a stated
order: first the method (factor family, policy, sets, GWP basis, custom layers), then the
structure (sites acquired, whose base-year activity is added; sites divested, whose activity is
removed). Each step's effect and the cumulative effect are compared with the significance
threshold (``scenarios/recalculation.toml``, 5% by default); the as-published and recalculated
base years are reported side by side. Organic growth is never a reason to recalculate, so the
activity itself is the same in every step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from carbon import resources
from carbon.accounting.calculate import inventory
from carbon.accounting.result import DEFAULT_FOOTPRINT, Inventory
from carbon.errors import ConfigurationError
from carbon.periods import ReportingPeriod, parse_period


def significance_threshold() -> float:
    """The default significance threshold from ``scenarios/recalculation.toml`` (0-1)."""
    policy = resources.read_toml("carbon.scenarios", "recalculation.toml")["policy"]
    return float(policy["significance_threshold"])


@dataclass(frozen=True)
class BaseYearRecalculation:
    """As-published and recalculated base year, step by step.

    Attributes
    ----------
    period : str
        The base year.
    threshold : float
        Significance threshold used (fraction of the published total).
    steps : pandas.DataFrame
        ``step``, ``description``, ``tco2e`` (total after the step), ``change`` (against the
        previous step), ``change_pct`` (of the published total), ``significant``.
    comparison : pandas.DataFrame
        The ``by`` columns, ``published``, ``recalculated``, ``change``, ``change_pct``.
    published, recalculated : Inventory
    """

    period: str
    threshold: float
    steps: pd.DataFrame
    comparison: pd.DataFrame
    published: Inventory
    recalculated: Inventory

    @property
    def significant(self) -> bool:
        """Whether any change, or all of them together, passes the threshold."""
        return bool(self.steps["significant"].any())


def recalculate_base_year(
    activity: pd.DataFrame,
    base_year: ReportingPeriod | str,
    *,
    published: Mapping[str, Any],
    current: Mapping[str, Any],
    sites_added: Sequence[str] = (),
    sites_removed: Sequence[str] = (),
    threshold: float | None = None,
    by: Sequence[str] = ("report_group",),
    footprint: str = DEFAULT_FOOTPRINT,
) -> BaseYearRecalculation:
    """Recalculate a base year for method and structural changes.

    Parameters
    ----------
    activity : pandas.DataFrame
        Canonical activity of the base year, including any acquired sites.
    base_year : ReportingPeriod or str
        ``"2019/20"``.
    published, current : mapping
        Keyword options of :func:`carbon.accounting.calculate.inventory` as the base year was
        published and as today's inventories are computed (``family``, ``policy``, ``pinned``,
        ``gwp_basis``, ``overrides`` ...).
    sites_added, sites_removed : sequence of str
        Sites acquired since (their activity was not in the published base year) and sites
        divested since (their activity is removed).
    threshold : float, optional
        Significance threshold (fraction); default from ``scenarios/recalculation.toml``.
    by : sequence of str
        Line columns for the side-by-side comparison.
    footprint : str
        Footprint whose total is compared.
    """
    period = parse_period(base_year)
    limit = significance_threshold() if threshold is None else threshold
    if not 0 < limit < 1:
        raise ConfigurationError("significance threshold must be a fraction between 0 and 1",
                                 value=limit)
    sites = activity["site"].astype(str)
    unknown = sorted(set(sites_added) - set(sites))
    if unknown:
        raise ConfigurationError("acquired sites have no activity in the base year",
                                 value=unknown, fix="load the acquired sites' base-year data")
    as_published = activity[~sites.isin(sites_added)]
    method = inventory(as_published, period, **current)
    steps_inputs: list[tuple[str, str, Inventory]] = [
        ("published", "as published", inventory(as_published, period, **published)),
        ("method", "current method and factors", method)]
    if sites_added or sites_removed:
        boundary = activity[~sites.isin(sites_removed)]
        described = "; ".join(filter(None, [
            f"sites added: {', '.join(sites_added)}" if sites_added else "",
            f"sites removed: {', '.join(sites_removed)}" if sites_removed else ""]))
        steps_inputs.append(("structure", described, inventory(boundary, period, **current)))
    base_total = steps_inputs[0][2].total(footprint)
    rows = []
    previous = base_total
    for name, description, inv in steps_inputs:
        total = inv.total(footprint)
        change = total - previous
        rows.append({"step": name, "description": description, "tco2e": total,
                     "change": change, "change_pct": _pct(change, base_total),
                     "significant": abs(change) > limit * abs(base_total)})
        previous = total
    cumulative = previous - base_total
    rows.append({"step": "cumulative", "description": "all changes together",
                 "tco2e": previous, "change": cumulative,
                 "change_pct": _pct(cumulative, base_total),
                 "significant": abs(cumulative) > limit * abs(base_total)})
    first, last = steps_inputs[0][2], steps_inputs[-1][2]
    comparison = _side_by_side(first, last, list(by), footprint)
    return BaseYearRecalculation(period.label, limit, pd.DataFrame(rows), comparison, first, last)


def _pct(change: float, base: float) -> float:
    return 100.0 * change / base if base else float("nan")


def _side_by_side(published: Inventory, recalculated: Inventory, by: list[str],
                  footprint: str) -> pd.DataFrame:
    left = published.totals(by, footprint=footprint).set_index(by)["tco2e"]
    right = recalculated.totals(by, footprint=footprint).set_index(by)["tco2e"]
    table = pd.concat({"published": left, "recalculated": right}, axis=1).fillna(0.0)
    table["change"] = table["recalculated"] - table["published"]
    table["change_pct"] = [_pct(c, p) for c, p in zip(table["change"], table["published"],
                                                       strict=True)]
    return table.reset_index()
