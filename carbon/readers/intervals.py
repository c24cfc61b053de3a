"""Half-hourly conventions shared by the wide and long interval readers.

Settlement periods are numbered from local (Europe/London) midnight; a local day has 46
(clocks forward), 48 or 50 (clocks back) periods, and period *p* starts ``(p - 1) x 30`` minutes
after local midnight in absolute time (domain doc section 8.1). Channel codes and status flags
are mapped through reviewed tables in ``scopes/`` (``interval_channels.csv``,
``interval_status.csv``).
"""

from __future__ import annotations

import io
from functools import cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from carbon import resources, units
from carbon.errors import CarbonError, ConfigurationError
from carbon.readers.dates import local_midnight_utc
from carbon.readers.table import normalise

HALF_HOUR = np.timedelta64(30, "m")
STATUS_CODES = ("actual", "estimated", "filled", "missing")


class Channel(NamedTuple):
    """What an interval channel code means."""

    activity_type: str
    kind: str  # 'active' or 'reactive'


@cache
def channels() -> dict[str, Channel]:
    """Channel code (normalised) -> activity type and kind."""
    table = pd.read_csv(io.StringIO(resources.read_text("carbon.scopes", "interval_channels.csv")),
                        dtype=str)
    return {normalise(r.code): Channel(r.activity_type, r.kind) for r in table.itertuples()}


@cache
def status_flags() -> dict[str, str]:
    """Status flag (normalised) -> canonical status."""
    table = pd.read_csv(io.StringIO(resources.read_text("carbon.scopes", "interval_status.csv")),
                        dtype=str)
    return {normalise(r.flag): r.status for r in table.itertuples()}


def periods_in_local_day(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Settlement periods of each local date and the UTC start of its first period.

    Parameters
    ----------
    dates : numpy.ndarray
        Local calendar dates. [datetime64]

    Returns
    -------
    periods : numpy.ndarray
        46, 48 or 50. [int64]
    start : numpy.ndarray
        UTC instant of local midnight. [datetime64[ns], naive UTC]
    """
    days = np.asarray(dates, dtype="datetime64[D]")
    start = local_midnight_utc(days)
    end = local_midnight_utc(days + np.timedelta64(1, "D"))
    return ((end - start) // HALF_HOUR).astype("int64"), start


def value_unit(declared: str | None, kind: str) -> tuple[float, str]:
    """Multiplier from the file's numbers to stored quantities, and the stored unit.

    Parameters
    ----------
    declared : str, optional
        ``kWh`` (default), ``Wh``, ``MWh`` or ``kW`` (average demand over the half hour); for
        a reactive channel the matching reactive unit is implied.
    kind : {'active', 'reactive'}

    Returns
    -------
    (factor, unit)
        ``quantity = value x factor`` in ``unit`` (``kWh`` or ``kVArh``).
    """
    text = (declared or "kWh").strip()
    average = text.lower() in ("w", "kw", "mw")
    energy = {"w": "Wh", "kw": "kWh", "mw": "MWh"}.get(text.lower(), text)
    try:
        factor = units.conversion_factor(energy, "kWh", context="interval values")
    except CarbonError as exc:
        raise ConfigurationError(f"interval unit {declared!r} not usable: {exc.message}",
                                 fix="use --unit kWh, Wh, MWh or kW (average demand)") from None
    target = "kWh" if kind == "active" else "kVArh"
    # Average demand over a half hour times the half hour is the energy of the period.
    hours = HALF_HOUR / np.timedelta64(1, "h")
    return factor * (hours if average else 1.0), target
