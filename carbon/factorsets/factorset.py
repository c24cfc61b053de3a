"""A factor set in memory: metadata plus a factor table, with lookups that never fall back.

Every row of :attr:`FactorSet.table` carries where it came from: ``set_id`` and
``set_version`` (the publication) and ``layer`` (the set of the layer that supplied it; in a
layered set, see :func:`carbon.factorsets.layers.layer`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from carbon.errors import UnknownFactorError
from carbon.factorsets.labels import PATH_COLUMNS
from carbon.factorsets.schema import FACTOR_COLUMNS, Factor, FactorSetInfo

#: Columns added to a factor table in memory, naming the origin of each row.
ORIGIN_COLUMNS = ("set_id", "set_version", "layer")
#: How many close ids an error message suggests.
SUGGESTIONS = 5


def _none(value: object) -> float | int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value  # type: ignore[return-value]


@dataclass(frozen=True, eq=False)
class FactorSet:
    """One factor set (or a stack of layered sets) ready for lookups.

    Attributes
    ----------
    info : FactorSetInfo
        Metadata of the set (for a layered set: ``kind='layered'`` and ``layers``).
    table : pandas.DataFrame
        Factor table (:data:`carbon.factorsets.schema.FACTOR_COLUMNS` plus
        :data:`ORIGIN_COLUMNS`), indexed by unique ``factor_id``.
    origins : dict of str to FactorSetInfo
        Metadata of every set a row may come from, by set id.
    """

    info: FactorSetInfo
    table: pd.DataFrame
    origins: dict[str, FactorSetInfo]

    @classmethod
    def from_table(cls, info: FactorSetInfo, table: pd.DataFrame) -> FactorSet:
        """Wrap a normalised factor table (one publication) with its metadata."""
        origin = pd.Categorical([info.id] * len(table))
        framed = table.assign(set_id=origin, set_version=pd.Categorical([info.version] * len(
            table)), layer=origin)
        return cls(info=info, table=framed, origins={info.id: info})

    @property
    def id(self) -> str:
        """The set id (``desnz:2024``)."""
        return self.info.id

    def __len__(self) -> int:
        return len(self.table)

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self.table.index

    def __iter__(self) -> Iterator[str]:
        return iter(self.table.index)

    def published(self) -> pd.DataFrame:
        """Rows with a published value (blank cells left out)."""
        return self.table[self.table["value"].notna()]

    def nearest(self, factor_id: str, n: int = SUGGESTIONS) -> list[str]:
        """Ids of this set closest to ``factor_id`` (spelling, then shared path parts)."""
        ids = list(self.table.index)
        close = difflib.get_close_matches(factor_id, ids, n=n, cutoff=0.6)
        if len(close) < n:
            wanted = set(factor_id.split("/"))
            shared = {i: len(wanted & set(i.split("/"))) for i in ids}
            scored = sorted((i for i in ids if shared[i] and i not in close),
                            key=lambda i: (-shared[i], i))
            close += scored[: n - len(close)]
        return close

    def missing_error(self, factor_id: str, *,
                      also_in: list[str] | None = None) -> UnknownFactorError:
        """The error for an id this set does not hold (names close ids, never substitutes)."""
        close = self.nearest(factor_id)
        elsewhere = (f"; the id exists in {', '.join(also_in)}: choose one of those sets "
                     "explicitly (policy 'pinned' or a layer)") if also_in else ""
        return UnknownFactorError(
            f"factor {factor_id!r} is not in {self.id}",
            expected=f"an id of {self.id}, e.g. {'; '.join(close)}" if close else None,
            fix=f"find the id with 'carbon factors search WORDS --set {self.id}'{elsewhere}",
        )

    def blank_error(self, factor_id: str) -> UnknownFactorError:
        """The error for an id whose value the publication left blank (not published)."""
        row = self.table.loc[factor_id]
        return UnknownFactorError(
            f"factor {factor_id!r} is blank in {row['set_id']} (no value was published; "
            "a blank is never read as zero)",
            fix="choose another factor, or supply a value in a custom set layered over "
                f"{self.id}")

    def factor(self, factor_id: str) -> Factor:
        """One factor with its full provenance.

        Raises
        ------
        UnknownFactorError
            If the set does not hold ``factor_id``; the message names the closest ids.
        """
        if factor_id not in self.table.index:
            raise self.missing_error(factor_id)
        row = self.table.loc[factor_id]
        path = [str(row[c]) for c in PATH_COLUMNS if str(row[c])]
        data: dict[str, Any] = {c: _none(row[c]) for c in FACTOR_COLUMNS
                                if c not in PATH_COLUMNS}
        return Factor(factor_id=factor_id, set_id=str(row["set_id"]), layer=str(row["layer"]),
                      path=path, info=self.origins[str(row["set_id"])], **data)

    def search(self, text: str) -> pd.DataFrame:
        """Factors whose id, labels or description contain every word of ``text``.

        Returns
        -------
        pandas.DataFrame
            ``factor_id``, ``label``, ``value``, ``unit`` (numerator per activity unit),
            ``scope``, ``set_id``; in id order.
        """
        table = self.table
        haystack = (table.index.to_series().str.replace("-", " ") + " "
                    + table[[*PATH_COLUMNS, "uom", "description"]].astype(str).agg(" ".join,
                                                                                  axis=1))
        haystack = haystack.str.casefold()
        mask = pd.Series(True, index=table.index)
        for word in text.casefold().split():
            mask &= haystack.str.contains(word, regex=False)
        found = table[mask.to_numpy()]
        return describe(found)


def describe(table: pd.DataFrame) -> pd.DataFrame:
    """A short listing of factor rows: id, label, value, unit, scope and set."""
    labels = table[list(PATH_COLUMNS)].astype(str).agg(
        lambda row: " > ".join(p for p in row if p), axis=1) if len(table) else pd.Series(
        dtype=str)
    label = labels.where(labels != "", table["description"].astype(str)) if len(table) else \
        labels
    return pd.DataFrame({
        "factor_id": table.index.astype(str),
        "label": label.to_numpy(),
        "value": table["value"].to_numpy(),
        "unit": (table["numerator_unit"].astype(str) + "/"
                 + table["activity_unit"].astype(str)).to_numpy(),
        "scope": table["scope"].astype(str).to_numpy(),
        "set_id": table["set_id"].astype(str).to_numpy(),
    })
