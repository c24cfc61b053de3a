"""The factor-set schema: set metadata (pydantic) and the columns of a factor table.

A factor set is one publication (``desnz:2024``, ``sdu:2019-20``) or one custom table. It is held
as a :class:`FactorSetInfo` (who published it, which edition, GWP basis, licence, source file
and checksum) plus a pandas DataFrame with one row per factor, indexed by ``factor_id``.

Factor table columns (:data:`FACTOR_COLUMNS`):

``factor_id``
    Stable id, the same for the same published row in every year (docs/decisions/0006).
``scope``
    ``1``, ``2``, ``3``, ``outside`` (outside of scopes, biogenic CO2) or empty.
``level_1`` .. ``level_4``, ``column_text``, ``uom``
    Labels and unit text exactly as published (white space collapsed).
``activity_unit``, ``numerator_unit``
    pint strings understood by :func:`carbon.units.parse_unit`; the factor is
    ``numerator_unit`` per ``activity_unit`` (``kgCO2e`` per ``kWh_gross``).
``value``
    Total per activity unit [numerator_unit / activity_unit]; NaN when not published.
``co2``, ``ch4``, ``n2o``
    Per-gas parts, each already weighted by the set's GWPs [numerator_unit / activity_unit];
    NaN when not published (never zero).
``wtt``, ``td``, ``outside_of_scopes``
    Well-to-tank, transmission and distribution, and biogenic (outside of scopes) flags.
``gwp_basis``
    GWP basis the value was computed on (``AR4``, ``AR5``, ``AR6`` ...).
``source_ref``
    Where the value sits in the source (``Factors by Category!6``, ``Fuels!23``, ``row 4``).
``desnz_id``
    DESNZ's own row id where the publication has one (2023 onwards).
``stated_year``
    A year printed beside the factor (2022 flat file Level 4, full-set "Year" column), kept
    verbatim; its meaning changed between editions, so it is never used for selection.
``description``, ``source``, ``note``
    Free text: what the factor is (custom and SDU sets), a per-factor source, remarks such as a
    value published as text (``< 1``).
``verified``
    False when a reviewed table says a figure still needs checking against its primary source.
``valid_from``, ``valid_to``
    Calendar years a custom factor may be used for (inclusive); missing = not limited.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

#: Metadata of spend-factor sets (None for sets of physical factors).
PRICE_FIELDS = ("currency_basis", "price_year", "price_basis_verified", "price_basis_evidence")
#: Name of the licence of UK Government publications.
OGL = "Open Government Licence v3.0"

TEXT_COLUMNS = ("scope", "level_1", "level_2", "level_3", "level_4", "column_text", "uom",
                "activity_unit", "numerator_unit", "gwp_basis", "source_ref", "desnz_id",
                "description", "source", "note")
FLOAT_COLUMNS = ("value", "co2", "ch4", "n2o")
BOOL_COLUMNS = ("wtt", "td", "outside_of_scopes", "verified")
INT_COLUMNS = ("stated_year", "valid_from", "valid_to")
#: Every column of a factor table, in storage order (``factor_id`` is the index).
FACTOR_COLUMNS = ("scope", "level_1", "level_2", "level_3", "level_4", "column_text", "uom",
                  "activity_unit", "numerator_unit", "value", "co2", "ch4", "n2o", "wtt", "td",
                  "outside_of_scopes", "gwp_basis", "source_ref", "desnz_id", "stated_year",
                  "description", "source", "note", "verified", "valid_from", "valid_to")
#: Text columns with few distinct values, held as ``category`` in memory.
CATEGORY_COLUMNS = ("scope", "level_1", "uom", "activity_unit", "numerator_unit", "gwp_basis")


class FactorSetInfo(BaseModel):
    """Metadata of one factor set: what it is, where it came from, how to cite it.

    Attributes
    ----------
    id : str
        ``family:edition``, e.g. ``desnz:2024``, ``sdu:2019-20``, ``supplier:2024-25``.
    kind : str
        How the table was produced: ``desnz-flat``, ``desnz-fullset``, ``sdu``, ``csv``,
        ``gwp``, ``inhaler-products`` or ``layered``.
    publisher, title, version : str
        Who published it, the publication's title and its version as printed.
    publication_year : int, optional
        Year of publication.
    applies_to_year : int, optional
        Calendar year of activity the factors are for (DESNZ factors labelled Y are for
        activity in calendar year Y).
    applies_to_period : str, optional
        A reporting-period label when the set is for an NHS financial year (``2019/20``).
    data_year : int, optional
        Year of the underlying data where the publication states it.
    gwp_basis : str
        GWP set of the CO2e values as the publication states it (``AR4``, ``AR5``, ``AR6``,
        ``mixed``, ``n/a``).
    gwp_basis_verified : bool
        True when ``gwp_basis_evidence`` cites the publication itself.
    gwp_basis_evidence : str
        Where the basis was read (a quotation, or the rows that show it).
    licence, source_title, source_url : str
        Licence and the document to cite.
    source_file, source_sha256 : str
        File the table was imported from and its SHA-256 (empty for hand-made tables).
    retrieved_from : str
        Where that copy of the file was obtained.
    updated : str
        Date printed in the publication ("Updated:"), verbatim.
    factors, blank, excluded_rows : int
        Factors with a published value, factors listed with a blank value, and source rows
        deliberately not imported (SECR kWh-per-km rows, sentinels).
    notes : str
    layers : list of str
        For a layered set, the ids of its layers, top first.
    currency_basis : str, optional
        For sets of spend factors (per GBP): the currency and price basis as the source states
        it (``GBP, purchaser prices``), or what it leaves unsaid (``GBP; price basis not
        stated``). None for sets of physical factors.
    price_year : int, optional
        Year whose prices the money of spend factors is in; None when unknown (spend is then
        not re-based, and the run says so).
    price_basis_verified : bool, optional
        True only when ``price_basis_evidence`` quotes the source; None for physical sets.
    price_basis_evidence : str, optional
        Where the price year and basis were read, or why they are assumed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*:[A-Za-z0-9][A-Za-z0-9_.+-]*$")
    kind: str
    publisher: str = ""
    title: str = ""
    version: str = ""
    publication_year: int | None = None
    applies_to_year: int | None = None
    applies_to_period: str | None = None
    data_year: int | None = None
    gwp_basis: str = "n/a"
    gwp_basis_verified: bool = False
    gwp_basis_evidence: str = ""
    licence: str = ""
    source_title: str = ""
    source_url: str = ""
    source_file: str = ""
    source_sha256: str = ""
    retrieved_from: str = ""
    updated: str = ""
    factors: int = 0
    blank: int = 0
    excluded_rows: int = 0
    notes: str = ""
    layers: list[str] = Field(default_factory=list)
    currency_basis: str | None = None
    price_year: int | None = None
    price_basis_verified: bool | None = None
    price_basis_evidence: str | None = None

    @property
    def family(self) -> str:
        """The part of the id before the colon (``desnz``)."""
        return self.id.split(":", 1)[0]

    @property
    def edition(self) -> str:
        """The part of the id after the colon (``2024``)."""
        return self.id.split(":", 1)[1]


class Factor(BaseModel):
    """One factor with its full provenance, as shown by ``carbon factors show``.

    Attributes
    ----------
    factor_id, set_id, layer : str
        The factor, the set it came from and the layer that supplied it (the set id of that
        layer; equal to ``set_id`` for a plain set).
    value : float or None
        Total [numerator_unit per activity_unit]; None when not published.
    co2, ch4, n2o : float or None
        Per-gas parts on the set's GWP basis; None when not published.
    path : list of str
        The published labels (Level 1-4, column text) that identify the row.
    info : FactorSetInfo
        The set's metadata (publisher, edition, GWP basis, licence, source, checksum).
    """

    model_config = ConfigDict(frozen=True)

    factor_id: str
    set_id: str
    layer: str
    scope: str
    path: list[str]
    uom: str
    activity_unit: str
    numerator_unit: str
    value: float | None
    co2: float | None
    ch4: float | None
    n2o: float | None
    wtt: bool
    td: bool
    outside_of_scopes: bool
    gwp_basis: str
    source_ref: str
    desnz_id: str
    stated_year: int | None
    description: str
    source: str
    note: str
    verified: bool
    valid_from: int | None
    valid_to: int | None
    info: FactorSetInfo

    @property
    def label(self) -> str:
        """The published labels joined with `` > `` (or the description)."""
        return " > ".join(self.path) if self.path else self.description


def normalise_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a factor table the storage columns and dtypes, indexed by ``factor_id``.

    Missing optional columns are added (text empty, numbers NaN, flags False, years missing);
    extra columns are dropped.

    Parameters
    ----------
    frame : pandas.DataFrame
        Factor rows with at least ``factor_id``; either as a column or as the index.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FACTOR_COLUMNS`, index ``factor_id`` (str).
    """
    if "factor_id" in frame.columns:
        frame = frame.set_index("factor_id")
    out: dict[str, Any] = {}
    n = len(frame)
    for column in TEXT_COLUMNS:
        values = frame[column] if column in frame else pd.Series([""] * n, index=frame.index)
        text = values.astype(object).where(values.notna(), "").astype(str)
        out[column] = text.astype("category") if column in CATEGORY_COLUMNS else text
    for column in FLOAT_COLUMNS:
        out[column] = (pd.to_numeric(frame[column], errors="raise").astype("float64")
                       if column in frame else np.full(n, np.nan))
    for column in BOOL_COLUMNS:
        default = column == "verified"
        out[column] = (frame[column].fillna(default).astype(bool) if column in frame
                       else np.full(n, default))
    for column in INT_COLUMNS:
        out[column] = (pd.to_numeric(frame[column]).astype("Int64") if column in frame
                       else pd.array([pd.NA] * n, dtype="Int64"))
    table = pd.DataFrame(out, index=pd.Index(frame.index.astype(str), name="factor_id"))
    return table[list(FACTOR_COLUMNS)]
