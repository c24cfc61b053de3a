"""Ledger categories to spend types, from ``scopes/spend_categories.csv`` (reviewed data).

A procurement ledger names what was bought by a category code: an NHS eClass code (``D``,
``FAB123``: the first letter is the eClass category), a SIC 2007 code (``21``, ``21.20``,
``2120``) or a free-text category (``Drugs``, ``IT hardware``). Each row of the table maps one
code of one scheme to a ``spend.*`` activity type:

- ``eclass`` and ``sic`` codes match by prefix, the longest matching code winning (SIC ``26.6``
  electromedical equipment before ``26`` computers and electronics); SIC codes are compared in
  the dotted form (``2660`` is ``26.60``);
- ``keyword`` rows match free text that contains the keyword at the start of a word, case and
  spacing ignored; the first matching row in file order wins, so specific keywords (``medical
  gas``) come before general ones (``gas``).

Text matching nothing is unmapped: the reader loads it as ``spend.unmapped`` with its amount,
so it is reported and never dropped.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

import numpy as np
import pandas as pd

from carbon import resources
from carbon.errors import ReferenceDataError
from carbon.taxonomy import activity_types

CATEGORIES_FILE = "spend_categories.csv"
COLUMNS = ("scheme", "code", "spend_type", "verified", "notes")
SCHEMES = ("eclass", "sic", "keyword")
#: Activity type of ledger spend whose category the table does not map.
UNMAPPED = "spend.unmapped"
Scheme = Literal["eclass", "sic", "keyword", "auto"]

_SIC = re.compile(r"^\d{2}(\.?\d+)*$")
_SPACES = re.compile(r"\s+")


@cache
def spend_categories() -> pd.DataFrame:
    """The category table, checked.

    Raises
    ------
    ReferenceDataError
        Naming the row, for an unknown scheme or spend type, a malformed SIC code, or a code
        listed twice in one scheme.
    """
    table = resources.read_csv_table("carbon.scopes", CATEGORIES_FILE, COLUMNS)
    where = f"scopes/{CATEGORIES_FILE}"
    known = activity_types()
    for number, row in enumerate(table.itertuples(index=False), start=2):
        if row.scheme not in SCHEMES:
            raise ReferenceDataError(f"unknown scheme {row.scheme!r}", file=where, row=number,
                                     expected=", ".join(SCHEMES))
        if not row.spend_type.startswith("spend.") or row.spend_type not in known:
            raise ReferenceDataError(f"{row.spend_type!r} is not a spend.* activity type",
                                     file=where, row=number)
        if row.scheme == "sic" and not _SIC.match(row.code):
            raise ReferenceDataError(f"SIC code {row.code!r} is not like 21 or 26.6",
                                     file=where, row=number)
    table["code"] = [_key(s, c) for s, c in zip(table["scheme"], table["code"], strict=True)]
    duplicated = table.duplicated(["scheme", "code"])
    if duplicated.any():
        raise ReferenceDataError("a code is listed twice in one scheme", file=where,
                                 row=int(duplicated.to_numpy().argmax()) + 2)
    return table


def _key(scheme: str, code: str) -> str:
    """Comparison form of a code: eClass upper case, SIC dotted, text folded."""
    text = _SPACES.sub(" ", str(code)).strip()
    if scheme == "eclass":
        return text.upper()
    if scheme == "sic":
        text = text.replace(" ", "")
        return text if "." in text or len(text) <= 2 else f"{text[:2]}.{text[2:]}"
    return text.casefold()


def _prefix_match(scheme: str, code: str, table: pd.DataFrame) -> str:
    rows = table[table["scheme"] == scheme]
    hits = [(len(c), t) for c, t in zip(rows["code"], rows["spend_type"], strict=True)
            if code.startswith(c)]
    return max(hits)[1] if hits else ""


def _keyword_match(text: str, table: pd.DataFrame) -> str:
    rows = table[table["scheme"] == "keyword"]
    for keyword, spend_type in zip(rows["code"], rows["spend_type"], strict=True):
        if re.search(r"(?<![a-z0-9])" + re.escape(keyword), text):
            return str(spend_type)
    return ""


def classify_one(value: str, scheme: Scheme = "auto") -> str:
    """The spend type of one ledger category (``""`` when unmapped).

    Parameters
    ----------
    value : str
        The category as the ledger gives it.
    scheme : {'eclass', 'sic', 'keyword', 'auto'}
        How to read it; ``auto`` reads a code like ``21`` or ``86.10`` as SIC and anything else
        as free text (an eClass code needs its own column or ``scheme='eclass'``: short upper
        case words such as ``ICT`` would be mistaken for one).
    """
    text = _SPACES.sub(" ", str(value)).strip()
    if not text:
        return ""
    table = spend_categories()
    if scheme == "auto":
        scheme = "sic" if _SIC.match(text.replace(" ", "")) else "keyword"
    if scheme == "keyword":
        return _keyword_match(text.casefold(), table)
    return _prefix_match(scheme, _key(scheme, text), table)


def classify(values: pd.Series, scheme: Scheme = "auto") -> np.ndarray:
    """Spend types of ledger categories, each distinct value classified once.

    Returns
    -------
    numpy.ndarray
        Object array of ``spend.*`` keys, ``""`` where unmapped.
    """
    codes, uniques = pd.factorize(values.astype(str), sort=False)
    types = np.array([classify_one(u, scheme) for u in uniques] + [""], dtype=object)
    return types[codes]
