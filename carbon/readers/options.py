"""Load options: what the user states about a file that the file itself does not say.

Every option that changes what a reader produces is part of the batch fingerprint, so loading the
same file with the same options twice changes nothing, while loading it with different options
(another time zone, say) is a new batch that restates the old one.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from carbon.errors import ConfigurationError

Timezone = Literal["UTC", "Europe/London"]


class LoadOptions(BaseModel):
    """Options for reading one file (all optional; the CLI flags have the same names).

    Attributes
    ----------
    layout : str, optional
        Layout name (``carbon load --list-layouts``); detected from the header when not given.
    organisation : str, optional
        Reporting organisation code written on every row.
    site : str, optional
        Site code for files that do not name one (an HH export of one meter).
    timezone : {'UTC', 'Europe/London'}, optional
        Time basis of dates and times that carry no offset.
    timestamp_marks : {'start', 'end'}, optional
        Whether an interval timestamp marks the start or the end of its half hour.
    unit : str, optional
        Unit of interval values when the file does not say: ``kWh``, ``Wh`` or ``kW`` (average
        demand over the half hour, converted to energy).
    activity_type : str, optional
        Activity type for active-import interval data [default ``electricity.grid``].
    sheet, encoding, delimiter : str, optional
        Overrides for reading the file.
    header_row : int, optional
        1-based line of the header when it cannot be found automatically.
    decimal : {'.', ','}
        Decimal mark of numbers (thousands separators are removed when unambiguous).
    trust : str, optional
        ERIC organisation code to load (all organisations when not given).
    year : str, optional
        Financial year of an annual return when the file name does not say (``2016/17``).
    treatment_share : float, optional
        Share of water supply returned to sewer when sewage is not metered [default from
        ``factors/conversions.toml``]. [dimensionless, 0-1]
    fill_gaps : {'none', 'linear'}
        Fill missing half hours (see :mod:`carbon.readers.gaps`); filled values are ``filled``.
    max_gap : int, optional
        Longest run of missing half hours that gap filling may bridge [periods].
    columns : dict, optional
        Column renames from a mapping file: layout column name -> column in the file.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    layout: str | None = None
    organisation: str | None = None
    site: str | None = None
    timezone: Timezone | None = None
    timestamp_marks: Literal["start", "end"] | None = None
    unit: str | None = None
    activity_type: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int | None = Field(default=None, ge=1)
    decimal: Literal[".", ","] = "."
    trust: str | None = None
    year: str | None = None
    treatment_share: float | None = Field(default=None, ge=0.0, le=1.0)
    fill_gaps: Literal["none", "linear"] = "none"
    max_gap: int | None = Field(default=None, ge=1)
    columns: dict[str, str] = Field(default_factory=dict)

    @field_validator("timezone", mode="before")
    @classmethod
    def known_zone(cls, value: object) -> object:
        if isinstance(value, str):
            aliases = {"utc": "UTC", "gmt": "UTC", "z": "UTC", "europe/london": "Europe/London",
                       "local": "Europe/London", "uk": "Europe/London"}
            return aliases.get(value.strip().lower(), value)
        return value

    def fingerprint(self, meters_digest: str = "") -> str:
        """Stable digest of every option that changes what a reader produces."""
        payload = self.model_dump(mode="json")
        payload["meters"] = meters_digest
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def merged(self, **overrides: object) -> LoadOptions:
        """A copy with the given non-``None`` values replaced (CLI flags over mapping file)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            return self.model_validate({**self.model_dump(), **given})
        except ValueError as exc:
            raise ConfigurationError(f"invalid load option: {exc}") from None
