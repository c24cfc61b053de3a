"""The taxonomy of activity types, read from ``scopes/activity_types.csv``.

An activity type is a dotted key (``electricity.grid``, ``fuel.natural_gas``,
``waste.clinical.hti``, ``anaesthetic.desflurane``) with the physical dimensions its quantity may
have and a default unit. The table is reference data reviewed by people who know the domain; this
module only reads and checks it.
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from carbon import resources, units
from carbon.errors import CarbonError, ReferenceDataError, UnknownActivityTypeError

_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
TAXONOMY_FILE = "activity_types.csv"


class ActivityType(BaseModel):
    """One row of the activity taxonomy.

    Attributes
    ----------
    key : str
        Dotted lower-case key, e.g. ``fuel.natural_gas``.
    description : str
    allowed_dimensions : tuple of str
        Named dimensions (see :func:`carbon.units.named_dimensions`) a quantity may have.
    default_unit : str
        Unit the engine reports this activity in.
    negative_allowed : bool
        Whether negative quantities are legitimate (returns of anaesthetic agents).
    emitting : bool
        False for memo quantities that never take an emission factor (reactive energy, export).
    notes : str
    """

    model_config = ConfigDict(frozen=True)

    key: str
    description: str
    allowed_dimensions: tuple[str, ...]
    default_unit: str
    negative_allowed: bool = False
    emitting: bool = True
    notes: str = ""

    @field_validator("key")
    @classmethod
    def key_is_dotted_lower_case(cls, value: str) -> str:
        if not _KEY.match(value):
            raise ValueError(f"activity type key {value!r} must be dotted lower case, "
                             "e.g. 'fuel.natural_gas'")
        return value

    @field_validator("allowed_dimensions")
    @classmethod
    def dimensions_are_known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = units.named_dimensions()
        unknown = [d for d in value if d not in known]
        if unknown or not value:
            raise ValueError(f"unknown dimension names {unknown}; known: {sorted(known)}")
        return value

    @model_validator(mode="after")
    def default_unit_has_an_allowed_dimension(self) -> ActivityType:
        try:
            units.check_dimension(self.default_unit, self.allowed_dimensions,
                                  context=f"default unit of {self.key}")
        except CarbonError as exc:
            raise ValueError(str(exc)) from None
        return self


@cache
def activity_types() -> dict[str, ActivityType]:
    """All activity types, by key, from the shipped taxonomy table.

    Raises
    ------
    ReferenceDataError
        If the shipped table is malformed (bad key, unknown dimension, duplicate key ...).
    """
    text = resources.read_text("carbon.scopes", TAXONOMY_FILE)
    table: dict[str, ActivityType] = {}
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            item = ActivityType(
                key=row["key"].strip(),
                description=row["description"].strip(),
                allowed_dimensions=tuple(
                    d.strip() for d in row["allowed_dimensions"].split(";") if d.strip()
                ),
                default_unit=row["default_unit"].strip(),
                negative_allowed=_yes_no(row["negative_allowed"]),
                emitting=_yes_no(row["emitting"]),
                notes=(row.get("notes") or "").strip(),
            )
        except (ValueError, KeyError) as exc:
            raise ReferenceDataError(f"invalid activity type: {exc}",
                                     file=f"scopes/{TAXONOMY_FILE}", row=line) from None
        if item.key in table:
            raise ReferenceDataError(f"duplicate activity type {item.key!r}",
                                     file=f"scopes/{TAXONOMY_FILE}", row=line)
        table[item.key] = item
    return table


def _yes_no(value: str | None) -> bool:
    text = (value or "").strip().lower()
    if text not in ("yes", "no"):
        raise ValueError(f"expected yes or no, got {value!r}")
    return text == "yes"


def get_activity_type(key: str) -> ActivityType:
    """Look up one activity type.

    Raises
    ------
    UnknownActivityTypeError
        Naming close keys, if ``key`` is not in the taxonomy.
    """
    table = activity_types()
    try:
        return table[key]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(str(key), table, n=5, cutoff=0.5)
        raise UnknownActivityTypeError(
            "unknown activity type", value=key,
            fix=("did you mean " + ", ".join(repr(c) for c in close)) if close
            else "run 'carbon taxonomy' to list the activity types",
        ) from None
