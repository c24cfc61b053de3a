"""carbon: an NHS green plan carbon accounting engine.

The stages are plain functions on plain data, each callable on its own::

    load -> validate -> store -> inventory -> project -> report

Importing :mod:`carbon` is light: sub-modules (and pandas, pint, xarray) load when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from carbon._version import __version__

# Public name -> module that defines it. Resolved on first access (PEP 562), so that
# `import carbon` and the command line stay fast.
_LAZY = {
    "CarbonError": "carbon.errors",
    "parse_unit": "carbon.units",
    "registry": "carbon.units",
    "gas_volume_to_energy": "carbon.units",
    "ReportingPeriod": "carbon.periods",
    "parse_period": "carbon.periods",
    "ActivityType": "carbon.taxonomy",
    "activity_types": "carbon.taxonomy",
    "ActivityRecord": "carbon.activity",
    "validate_activity": "carbon.activity",
    "empty_activity": "carbon.activity",
    "inventory": "carbon.accounting.calculate",
    "Inventory": "carbon.accounting.result",
}

__all__ = ["__version__", *sorted(_LAZY)]

if TYPE_CHECKING:  # names re-exported for type checkers; resolved lazily at run time
    from carbon.accounting.calculate import inventory as inventory
    from carbon.accounting.result import Inventory as Inventory
    from carbon.activity import ActivityRecord as ActivityRecord
    from carbon.activity import empty_activity as empty_activity
    from carbon.activity import validate_activity as validate_activity
    from carbon.errors import CarbonError as CarbonError
    from carbon.periods import ReportingPeriod as ReportingPeriod
    from carbon.periods import parse_period as parse_period
    from carbon.taxonomy import ActivityType as ActivityType
    from carbon.taxonomy import activity_types as activity_types
    from carbon.units import gas_volume_to_energy as gas_volume_to_energy
    from carbon.units import parse_unit as parse_unit
    from carbon.units import registry as registry


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'carbon' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
