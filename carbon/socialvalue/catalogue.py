"""The catalogue of social value reference tables (``scenarios/social_value/index.toml``).

Each carbon-value and deflator table shipped with the package is listed in the catalogue with
its source, edition, licence and a ``verified`` flag; the loaders read tables only through it,
so no table can be used without its provenance.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from carbon.errors import ConfigurationError, ReferenceDataError
from carbon.resources import read_toml

PACKAGE = "carbon.scenarios"
FOLDER = "social_value"
INDEX = f"{FOLDER}/index.toml"

TableKind = Literal["carbon_values", "deflators"]


class TableInfo(BaseModel):
    """Provenance of one shipped reference table.

    Attributes
    ----------
    id : str
        Catalogue id (``desnz-2023-11``).
    file : str
        File name inside ``scenarios/social_value/``.
    title, publisher, edition, url, licence : str
        Source of the figures.
    transcription : str
        Where the figures were read from when that is not the publisher's own file.
    verified : bool
        True only when checked against the primary publication.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    file: str
    title: str
    publisher: str
    edition: str
    url: str
    licence: str
    transcription: str = ""
    derived_by: str = ""
    verified: bool
    price_year: int | None = None
    unit: str | None = None
    year_basis: Literal["calendar", "financial"] = "calendar"

    @property
    def citation(self) -> str:
        """One-line citation: publisher, title, edition, and whether it is verified."""
        flag = "" if self.verified else " [third-party transcription, not verified]"
        return f"{self.publisher}, {self.title}, {self.edition}{flag}"


@cache
def _index() -> dict[str, object]:
    return read_toml(PACKAGE, INDEX)


def table_info(kind: TableKind, table_id: str | None = None) -> TableInfo:
    """Return the catalogue entry of a shipped table (the default one when ``table_id`` is None).

    Raises
    ------
    ConfigurationError
        If ``table_id`` is not in the catalogue.
    ReferenceDataError
        If the catalogue entry is malformed.
    """
    index = _index()
    defaults = index.get("defaults", {})
    tables = index.get(kind, {})
    if not isinstance(defaults, dict) or not isinstance(tables, dict):
        raise ReferenceDataError(f"{INDEX}: sections [defaults] and [{kind}] must be tables")
    chosen = table_id or str(defaults.get(kind, ""))
    if chosen not in tables:
        raise ConfigurationError(
            f"unknown {kind.replace('_', ' ')} table {chosen!r}", value=chosen,
            expected=", ".join(sorted(tables)), fix=f"use a table listed in {INDEX}",
        )
    try:
        return TableInfo(id=chosen, **tables[chosen])
    except ValidationError as exc:
        raise ReferenceDataError(f"{INDEX}: entry [{kind}.{chosen}] is invalid: {exc}") from None
