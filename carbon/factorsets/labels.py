"""Published labels to stable factor ids (docs/decisions/0006-factor-ids.md).

A DESNZ factor is identified by its category path: Level 1-4, column text and unit of
measurement. The id is a slug of that path after two clean-ups:

1. generic rules that every edition needs: white space collapsed; a stray ``0`` in Level 4
   removed (2017, 2019-2021 managed cars); a year printed in Level 4 (2022 electricity rows)
   moved out of the path; a Level 4 that only repeats the unit (2023 onwards electricity rows)
   left out of the id;
2. the reviewed alias table ``factors/aliases.csv``: one row per label DESNZ renamed between
   editions, mapping the published label to the canonical one, so the same published row keeps
   the same id in every year.

Case, punctuation and spacing never matter (``UK electricity for Evs`` and ``UK electricity
for EVs`` give the same id).
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache

import pandas as pd
from pydantic import BaseModel, ConfigDict

from carbon import resources
from carbon.errors import InputFileError, ReferenceDataError

#: Label columns that make up a factor's path, in order, then the unit text.
PATH_COLUMNS = ("level_1", "level_2", "level_3", "level_4", "column_text")
ALIAS_FILE = "aliases.csv"

_YEAR = re.compile(r"^(19|20)\d\d$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_WORDS = {"&": " and ", "+": " plus ", "%": " pct "}


class LabelAlias(BaseModel):
    """One reviewed rename: ``published`` in ``field`` is read as ``canonical``.

    Attributes
    ----------
    field : str
        One of :data:`PATH_COLUMNS` or ``uom``.
    published, canonical : str
        The label as some edition prints it, and the label used for the id (may be empty:
        the label is dropped from the path).
    when_field, when_value : str
        Optional condition: apply only where another label equals this value.
    years : str
        Editions the published label appears in (``2016-2021``), for review.
    reason : str
        Why the two labels name the same factor.
    """

    model_config = ConfigDict(frozen=True)

    field: str
    published: str
    canonical: str
    when_field: str = ""
    when_value: str = ""
    years: str
    reason: str


def clean(text: object) -> str:
    """Collapse white space; None, NaN and blank become ``""``."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return " ".join(str(text).split())


def fold(text: str) -> str:
    """Comparison key of a label: white space collapsed, case folded."""
    return " ".join(text.split()).casefold()


def slug(text: str) -> str:
    """Lower-case ASCII slug of a label.

    ``Diesel (average biofuel blend)`` -> ``diesel-average-biofuel-blend``; ``&``, ``+`` and
    ``%`` become ``and``, ``plus`` and ``pct``.
    """
    lowered = text.casefold()
    for symbol, word in _WORDS.items():
        lowered = lowered.replace(symbol, word)
    return _NON_ALNUM.sub("-", lowered).strip("-")


@cache
def aliases() -> tuple[LabelAlias, ...]:
    """The reviewed alias table ``factors/aliases.csv``."""
    text = resources.read_text("carbon.factors", ALIAS_FILE)
    rows = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            alias = LabelAlias(**{k: clean(v) for k, v in row.items()})
        except ValueError as exc:
            raise ReferenceDataError(f"bad alias row: {exc}", file=ALIAS_FILE,
                                     row=number) from None
        if alias.field not in (*PATH_COLUMNS, "uom") or (
                alias.when_field and alias.when_field not in PATH_COLUMNS):
            raise ReferenceDataError("unknown label field", file=ALIAS_FILE, row=number,
                                     value=alias.field, expected=", ".join(PATH_COLUMNS))
        rows.append(alias)
    return tuple(rows)


def canonical_paths(labels: pd.DataFrame, *,
                    aliases_used: set[int] | None = None) -> pd.DataFrame:
    """Apply the generic rules and the alias table to published labels.

    Parameters
    ----------
    labels : pandas.DataFrame
        Columns :data:`PATH_COLUMNS` and ``uom`` holding published labels (already cleaned).
    aliases_used : set of int, optional
        Filled with the positions (in :func:`aliases`) of the alias rows that matched.

    Returns
    -------
    pandas.DataFrame
        The same columns holding canonical labels, plus ``stated_year`` (Int64): a year that
        Level 4 printed in place of a label.
    """
    out = labels.loc[:, [*PATH_COLUMNS, "uom"]].astype(str).copy()
    level_4 = out["level_4"]
    is_year = level_4.str.fullmatch(_YEAR.pattern)
    stated_year = pd.to_numeric(level_4.where(is_year), errors="coerce").astype("Int64")
    repeats_unit = level_4.str.casefold() == out["uom"].str.casefold()
    out.loc[is_year | repeats_unit | (level_4 == "0"), "level_4"] = ""
    folded = {column: out[column].map(fold) for column in out.columns}
    for position, alias in enumerate(aliases()):
        hit = folded[alias.field] == fold(alias.published)
        if alias.when_field:
            hit &= folded[alias.when_field] == fold(alias.when_value)
        if hit.any():
            out.loc[hit, alias.field] = alias.canonical
            if aliases_used is not None:
                aliases_used.add(position)
    out["stated_year"] = stated_year
    return out


def factor_ids(canonical: pd.DataFrame) -> pd.Series:
    """Slug ids from canonical labels: non-empty path parts and the unit, joined by ``/``.

    Parameters
    ----------
    canonical : pandas.DataFrame
        Output of :func:`canonical_paths`.

    Returns
    -------
    pandas.Series
        ``uk-electricity/electricity-generated/electricity-uk/kwh`` ...
    """
    parts = [canonical[column].map(slug) for column in (*PATH_COLUMNS, "uom")]
    joined = pd.concat(parts, axis=1).agg(lambda row: "/".join(p for p in row if p), axis=1)
    return joined.astype(str)


def check_unique(ids: pd.Series, refs: pd.Series, *, file: str) -> None:
    """Raise if two published rows map to one id (a missing or wrong alias).

    Parameters
    ----------
    ids : pandas.Series
        Factor ids, one per factor row.
    refs : pandas.Series
        Where each row is in the source (for the message), aligned with ``ids``.
    file : str
        Source file name, for the message.

    Raises
    ------
    InputFileError
        Naming the id and both source rows.
    """
    duplicated = ids[ids.duplicated(keep=False)]
    if duplicated.empty:
        return
    first = duplicated.iloc[0]
    where = ", ".join(refs[ids == first].astype(str))
    raise InputFileError(
        f"two published rows give the same factor id {first!r} ({where})", file=file,
        fix=f"review {ALIAS_FILE}: an alias maps two different labels together, or the "
            "publication added a row that differs only in punctuation")
