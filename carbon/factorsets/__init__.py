"""Versioned emission-factor sets: every UK Government set 2016-2026, NHS tables, custom sets.

The public API (docs/factors.md has a worked example of each):

- registry: :func:`list_sets`, :func:`load_set` (``desnz:2024``, ``latest``, ``sdu:2019-20``,
  ``gwp:ar5``), :func:`latest`, :func:`search_factors`, :meth:`FactorSet.factor` (one factor with
  its provenance);
- custom sets and layering: :func:`read_custom_csv`, :func:`custom_set`, :func:`layer`;
- reporting-period policy: :func:`select_factor_sets` -> :class:`FactorSelection`;
- bulk resolution for the inventory: :func:`resolve_factors`;
- GWP: :func:`gwp_table`, :func:`gwp_value`, :func:`restate_gwp`;
- :func:`diff_sets`; :func:`import_file` (next year's publication into a user library).

No lookup ever falls back to another year or set: a missing factor raises
:class:`carbon.errors.UnknownFactorError` naming the nearest ids and how to choose one.
Engine code lives here; the data it reads is the package ``carbon.factors`` (``factors/``).
"""

from carbon.factorsets.custom import check_custom_frame, read_custom_csv
from carbon.factorsets.diff import diff_sets
from carbon.factorsets.factorset import FactorSet
from carbon.factorsets.gwp import gwp_table, gwp_value, restate_gwp
from carbon.factorsets.importer import custom_set, import_file
from carbon.factorsets.layers import layer
from carbon.factorsets.registry import latest, list_sets, load_set, search_factors
from carbon.factorsets.resolve import RESOLVED_COLUMNS, resolve_factors
from carbon.factorsets.schema import Factor, FactorSetInfo
from carbon.factorsets.selection import FactorSelection, SelectedSet, select_factor_sets

__all__ = [
    "RESOLVED_COLUMNS",
    "Factor",
    "FactorSelection",
    "FactorSet",
    "FactorSetInfo",
    "SelectedSet",
    "check_custom_frame",
    "custom_set",
    "diff_sets",
    "gwp_table",
    "gwp_value",
    "import_file",
    "latest",
    "layer",
    "list_sets",
    "load_set",
    "read_custom_csv",
    "resolve_factors",
    "restate_gwp",
    "search_factors",
    "select_factor_sets",
]
