"""Which factor set(s) a reporting period uses: an explicit policy, recorded with the results.

DESNZ labels factor sets by calendar year; NHS trusts report April-March. Policies
(docs/decisions/0008-period-selection.md):

``majority`` (default)
    The set of the calendar year holding most of the period: FY 2024/25 (275 days in 2024, 90 in
    2025) -> ``desnz:2024``. This is the DESNZ guidance for April-March reporters and what the NHS
    Sustainability Reporting Portal did (FY 2019/20 used the 2019 electricity factor).
``pro-rata``
    Every calendar-year set the period touches, weighted by days: 2024/25 -> ``desnz:2024``
    x 275/365 + ``desnz:2025`` x 90/365.
``pinned``
    One named set for every period (``desnz:2023``), or a named set per period label.

A family published per NHS financial year (``sdu``: ``sdu:2019-20`` is for 2019/20) needs no
rule: under ``majority`` or ``pro-rata`` the set made for exactly that period is used.

A set that the policy needs but the library lacks is an error; there is no fallback to a
neighbouring year.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from carbon.errors import ConfigurationError, UnknownFactorSetError
from carbon.factorsets.registry import DEFAULT_FAMILY, library_entries, resolve_name
from carbon.periods import ReportingPeriod, parse_period

Policy = Literal["majority", "pro-rata", "pinned"]
POLICIES: tuple[str, ...] = ("majority", "pro-rata", "pinned")


class SelectedSet(BaseModel):
    """One set used for a period, with its weight and the days it covers.

    Attributes
    ----------
    set_id : str
    weight : float
        Share of the period's activity this set applies to (weights sum to 1).
    days : int
        Days of the period inside the set's calendar year (for ``pinned``: the whole period).
    start, end : datetime.date
        The part of the period the set covers, half-open ``[start, end)``.
    """

    model_config = ConfigDict(frozen=True)

    set_id: str
    weight: float = Field(gt=0, le=1)
    days: int
    start: date
    end: date


class FactorSelection(BaseModel):
    """The factor sets chosen for one reporting period, and why; written into run records.

    Attributes
    ----------
    period : str
        Reporting-period label (``2024/25``).
    policy : {'majority', 'pro-rata', 'pinned'}
    family : str
        Set family the calendar years were looked up in (``desnz``).
    sets : list of SelectedSet
    rule : str
        The rule in words, with the day counts.
    """

    model_config = ConfigDict(frozen=True)

    period: str
    policy: Policy
    family: str
    sets: list[SelectedSet]
    rule: str

    @property
    def set_ids(self) -> list[str]:
        """Ids of the selected sets, in calendar order."""
        return [s.set_id for s in self.sets]


def _calendar_parts(period: ReportingPeriod) -> list[tuple[int, date, date]]:
    start, end = period.start.date(), period.end.date()
    parts = []
    for year in range(start.year, end.year + 1):
        lo, hi = max(start, date(year, 1, 1)), min(end, date(year + 1, 1, 1))
        if lo < hi:
            parts.append((year, lo, hi))
    return parts


def _need(set_id: str, period: str, policy: str, available: Mapping[str, object]) -> None:
    if set_id not in available:
        family = set_id.split(":", 1)[0]
        have = sorted(i for i in available if i.startswith(f"{family}:"))
        raise UnknownFactorSetError(
            f"the {policy!r} policy for {period} needs factor set {set_id}, which is not in the "
            "library", expected=", ".join(have) or f"a {family} set",
            fix=f"import that publication (carbon factors import FILE), or choose explicitly: "
                f"policy 'pinned' with one of {', '.join(have[-2:]) or 'the sets listed'}")


def select_factor_sets(period: ReportingPeriod | str, policy: Policy = "majority", *,
                       family: str = DEFAULT_FAMILY,
                       pinned: str | Mapping[str, str] | None = None,
                       workspace: str | Path | None = None) -> FactorSelection:
    """Choose the factor set(s) for a reporting period under an explicit policy.

    Parameters
    ----------
    period : ReportingPeriod or str
        ``2024/25``, ``FY2024-25``, ``2024`` ... (:func:`carbon.periods.parse_period`).
    policy : {'majority', 'pro-rata', 'pinned'}
    family : str
        Family of calendar-year sets for ``majority`` and ``pro-rata`` (``desnz``).
    pinned : str or mapping, optional
        For ``pinned``: one set name for every period, or ``{period label: set name}``.
    workspace : path-like, optional
        Workspace whose user library is searched too.

    Returns
    -------
    FactorSelection

    Raises
    ------
    UnknownFactorSetError
        If a needed set is not in the library (never replaced by another year).
    ConfigurationError
        For an unknown policy, or ``pinned`` without a set for this period.
    """
    reporting = parse_period(period)
    label = reporting.label
    if policy not in POLICIES:
        raise ConfigurationError("unknown factor selection policy", value=policy,
                                 expected=", ".join(POLICIES))
    available = library_entries(workspace)
    parts = _calendar_parts(reporting)
    total = reporting.days
    own_period = {e.info.applies_to_period: e.info.id for e in available.values()
                  if e.info.family == family and e.info.applies_to_period}
    if policy == "pinned":
        name = pinned.get(label) if isinstance(pinned, Mapping) else pinned
        if not name:
            raise ConfigurationError(f"policy 'pinned' has no factor set for {label}",
                                     fix="give one set for every period (e.g. desnz:2024) or "
                                         f"a set for {label}")
        set_id = resolve_name(name, workspace)
        chosen = [SelectedSet(set_id=set_id, weight=1.0, days=total,
                              start=reporting.start.date(), end=reporting.end.date())]
        rule = f"pinned: {set_id} for {label}"
    elif label in own_period:
        chosen = [SelectedSet(set_id=own_period[label], weight=1.0, days=total,
                              start=reporting.start.date(), end=reporting.end.date())]
        rule = f"{own_period[label]} is the {family} set for {label}"
    elif policy == "majority":
        year, lo, hi = max(parts, key=lambda p: ((p[2] - p[1]).days, -p[0]))
        set_id = f"{family}:{year}"
        _need(set_id, label, policy, available)
        days = (hi - lo).days
        chosen = [SelectedSet(set_id=set_id, weight=1.0, days=total,
                              start=reporting.start.date(), end=reporting.end.date())]
        rule = (f"calendar year holding most of {label}: {year} ({days} of {total} days) "
                f"-> {set_id} for the whole period")
    else:
        chosen = []
        for year, lo, hi in parts:
            set_id = f"{family}:{year}"
            _need(set_id, label, policy, available)
            chosen.append(SelectedSet(set_id=set_id, weight=(hi - lo).days / total,
                                      days=(hi - lo).days, start=lo, end=hi))
        rule = f"pro-rata by days over {label}: " + " + ".join(
            f"{s.set_id} x {s.days}/{total}" for s in chosen)
    return FactorSelection(period=label, policy=policy, family=family, sets=chosen, rule=rule)
