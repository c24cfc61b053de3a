"""Named footprints: which lines of an inventory a total or a target covers.

A footprint of ``scenarios/footprints.toml`` filters lines on their NHS footprint class
(``CF``, ``CF_PLUS_ONLY``, ``NONE``), GHG Protocol scope and report groups (``supply_chain`` is
the four supply-chain groups). Any report group (the
``report_group`` column of the projection baseline, e.g. ``building_energy``) is a footprint too.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from carbon import resources
from carbon.errors import ConfigurationError

FOOTPRINTS_FILE = "footprints.toml"


class Footprint(BaseModel):
    """A reporting boundary: lines matching every filter given belong to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    label: str
    description: str
    nhs_footprint: tuple[str, ...] | None = None
    scope: tuple[str, ...] | None = None
    report_group: tuple[str, ...] | None = None


@cache
def footprints() -> dict[str, Footprint]:
    """The named footprints by name."""
    data = resources.read_toml("carbon.scenarios", FOOTPRINTS_FILE)
    return {f["name"]: Footprint.model_validate(f) for f in data.get("footprint", [])}


def footprint_label(name: str) -> str:
    """Display name of a footprint or report group (``NHS Carbon Footprint``)."""
    named = footprints().get(name)
    return named.label if named else name.replace("_", " ").capitalize()


def footprint_mask(lines: pd.DataFrame, name: str) -> NDArray[np.bool_]:
    """Boolean mask of the lines (rows of a baseline frame) inside footprint ``name``.

    Parameters
    ----------
    lines : pandas.DataFrame
        With columns ``nhs_footprint``, ``scope`` and ``report_group``.
    name : str
        A named footprint or a report group.

    Raises
    ------
    ConfigurationError
        If ``name`` is neither, listing both kinds of names.
    """
    named = footprints().get(name)
    if named is None:
        groups = sorted(set(lines["report_group"].astype(str)))
        if name in groups:
            return np.asarray(lines["report_group"].astype(str) == name, dtype=bool)
        raise ConfigurationError(
            f"unknown footprint {name!r}", value=name,
            expected=", ".join([*footprints(), *groups]),
            fix="use a footprint of scenarios/footprints.toml or a report group of the baseline")
    mask = np.ones(len(lines), dtype=bool)
    if named.nhs_footprint is not None:
        mask &= lines["nhs_footprint"].astype(str).isin(named.nhs_footprint).to_numpy()
    if named.scope is not None:
        mask &= lines["scope"].astype(str).isin(named.scope).to_numpy()
    if named.report_group is not None:
        mask &= lines["report_group"].astype(str).isin(named.report_group).to_numpy()
    return mask
