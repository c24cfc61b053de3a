"""Reporting periods: NHS financial years and calendar years.

An NHS financial year runs 1 April to 31 March and is labelled ``2024/25`` (the year starting
2024-04-01). Boundaries are local midnights in Europe/London: in UTC, FY 2024/25 is
[2024-03-31T23:00Z, 2025-03-31T23:00Z) because 1 April is in British Summer Time.

Periods are half-open intervals ``[start, end)``. Labels are parsed strictly: ``2024/25``,
``2024/2025``, ``FY2024-25``, ``FY 2024/25``, ``FY24/25`` and ``2024-25`` are financial years;
``2024`` and ``CY2024`` are calendar years. ``FY2024`` alone is refused (organisations use it for
both the year starting and the year ending in 2024).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from carbon.errors import PeriodError

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

#: Time zone whose rules define local dates, settlement days and period boundaries.
LONDON = ZoneInfo("Europe/London")

PeriodKind = Literal["financial_year", "calendar_year"]

_FY = re.compile(
    r"^(?:FY\s*)?(?P<a>\d{4}|\d{2})\s*[/\-–]\s*(?P<b>\d{4}|\d{2})$", re.IGNORECASE
)
_CY = re.compile(r"^(?:CY\s*)?(?P<y>\d{4})$", re.IGNORECASE)
_MIN_YEAR, _MAX_YEAR = 1990, 2100


class ReportingPeriod(BaseModel):
    """A financial or calendar reporting year.

    Attributes
    ----------
    kind : {'financial_year', 'calendar_year'}
    start_year : int
        Calendar year in which the period starts (2024 for FY 2024/25).
    """

    model_config = ConfigDict(frozen=True)

    kind: PeriodKind
    start_year: int = Field(ge=_MIN_YEAR, le=_MAX_YEAR)

    @classmethod
    def financial_year(cls, start_year: int) -> ReportingPeriod:
        """The NHS financial year starting 1 April ``start_year``."""
        return cls(kind="financial_year", start_year=start_year)

    @classmethod
    def calendar_year(cls, year: int) -> ReportingPeriod:
        """The calendar year ``year``."""
        return cls(kind="calendar_year", start_year=year)

    @property
    def label(self) -> str:
        """``2024/25`` for a financial year, ``2024`` for a calendar year."""
        if self.kind == "financial_year":
            return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"
        return str(self.start_year)

    @property
    def start(self) -> datetime:
        """First instant of the period, local time (Europe/London), inclusive."""
        month = 4 if self.kind == "financial_year" else 1
        return datetime(self.start_year, month, 1, tzinfo=LONDON)

    @property
    def end(self) -> datetime:
        """First instant after the period, local time (Europe/London), exclusive."""
        month = 4 if self.kind == "financial_year" else 1
        return datetime(self.start_year + 1, month, 1, tzinfo=LONDON)

    @property
    def days(self) -> int:
        """Number of calendar days in the period (365 or 366)."""
        return (self.end.date() - self.start.date()).days

    def next(self) -> ReportingPeriod:
        """The following period of the same kind."""
        return ReportingPeriod(kind=self.kind, start_year=self.start_year + 1)

    def previous(self) -> ReportingPeriod:
        """The preceding period of the same kind."""
        return ReportingPeriod(kind=self.kind, start_year=self.start_year - 1)

    def __str__(self) -> str:
        return self.label


def parse_period(text: str | int | ReportingPeriod) -> ReportingPeriod:
    """Parse a reporting-period label.

    Parameters
    ----------
    text : str, int or ReportingPeriod
        ``2024/25``, ``FY2024-25``, ``2024-25``, ``FY24/25`` (financial years), ``2024`` or
        ``CY2024`` (calendar years), or an int calendar year.

    Returns
    -------
    ReportingPeriod

    Raises
    ------
    PeriodError
        If the label is not one of the forms above, or the two years are not consecutive.
    """
    if isinstance(text, ReportingPeriod):
        return text
    if isinstance(text, int) and not isinstance(text, bool):
        return _checked(ReportingPeriod.calendar_year, text, str(text))
    if not isinstance(text, str):
        raise PeriodError("a reporting period must be a label such as '2024/25'", value=text)
    label = text.strip()
    match = _FY.match(label)
    if match:
        first = _expand_year(match.group("a"))
        second_text = match.group("b")
        second = _expand_year(second_text) if len(second_text) == 4 else (
            first - first % 100 + int(second_text) + (100 if int(second_text) < first % 100 else 0)
        )
        if second != first + 1:
            raise PeriodError(
                "financial year label must name two consecutive years",
                value=text, expected="a label such as '2024/25'",
            )
        return _checked(ReportingPeriod.financial_year, first, text)
    match = _CY.match(label)
    if match:
        return _checked(ReportingPeriod.calendar_year, int(match.group("y")), text)
    hint = (
        "write 'FY2024/25' for the year starting April 2024 or 'CY2024' for the calendar year"
        if re.fullmatch(r"FY\s*\d{2,4}", label, re.IGNORECASE)
        else "use '2024/25' (financial year) or '2024' (calendar year)"
    )
    raise PeriodError("not a reporting period label", value=text, fix=hint)


#: Two-digit years below this are 20xx, the rest 19xx (``FY99/00`` is 1999/2000).
_TWO_DIGIT_PIVOT = 80


def _expand_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year if year < _TWO_DIGIT_PIVOT else 1900 + year
    return year


def _checked(make: Callable[[int], ReportingPeriod], year: int,
             original: object) -> ReportingPeriod:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise PeriodError(
            f"year outside the supported range {_MIN_YEAR}-{_MAX_YEAR}", value=original
        )
    return make(year)


def financial_year_of(timestamps: pd.Series | pd.DatetimeIndex) -> pd.Series:
    """Start year of the NHS financial year holding each instant.

    Parameters
    ----------
    timestamps : pandas.Series or pandas.DatetimeIndex
        Timezone-aware instants (any zone; evaluated in Europe/London).

    Returns
    -------
    pandas.Series
        int start year (2024 for an instant in FY 2024/25), aligned with the input.

    Raises
    ------
    PeriodError
        If the timestamps are naive (no time zone).
    """
    import pandas as pd

    series = pd.Series(timestamps)
    if getattr(series.dt, "tz", None) is None:
        raise PeriodError("timestamps must be timezone-aware to place them in a financial year",
                          fix="localise them (UTC or Europe/London) first")
    local = series.dt.tz_convert(LONDON)
    return (local.dt.year - (local.dt.month < 4).astype("int64")).astype("int64")


def calendar_year_of(timestamps: pd.Series | pd.DatetimeIndex) -> pd.Series:
    """Calendar year (Europe/London) holding each timezone-aware instant."""
    import pandas as pd

    series = pd.Series(timestamps)
    if getattr(series.dt, "tz", None) is None:
        raise PeriodError("timestamps must be timezone-aware to place them in a calendar year",
                          fix="localise them (UTC or Europe/London) first")
    return series.dt.tz_convert(LONDON).dt.year.astype("int64")
