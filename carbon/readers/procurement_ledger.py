"""Procurement ledger exports (CSV or Excel): spend by supplier and category, in GBP.

One row per ledger line: supplier, amount (GBP; credit notes negative), transaction date and a
category. Each line becomes one ``spend.<category>`` activity row over its transaction day,
in ``GBP``, with the supplier, description, category and price year kept with it (the store's
``details``):

- the category comes from an ``eclass`` column (NHS eClass code: its first letter is the eClass
  category), a ``sic`` column (SIC 2007 code) or a ``category`` column (a SIC code or free
  text), in that order of preference, and is mapped by ``scopes/spend_categories.csv``
  (:mod:`carbon.spend.categories`). A category the table does not map is loaded as
  ``spend.unmapped`` with its amount and reported, never dropped;
- the price year is the ledger's ``price year`` column, else the start year of the NHS
  financial year of the transaction date (decision 0041);
- the site is the ``site code`` column, else ``--site``, else ``trust-wide``;
- a ``currency`` column other than GBP is refused (convert to GBP first).

Amounts are taken as the ledger gives them (net of recoverable VAT is what spend factors
expect; the load says so). Re-loading an export, or a later export that repeats lines, changes
nothing: every line is identified by its supplier and transaction reference (or, without one,
its supplier, description, date and amount, and its occurrence among identical lines).
Counting unit: the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon.periods import financial_year_of
from carbon.readers.build import TRUST_WIDE, activity_frame, finish
from carbon.readers.dates import day_bounds
from carbon.readers.detect import LAYOUTS
from carbon.readers.simple import Rows
from carbon.readers.table import to_date, to_number
from carbon.spend.categories import UNMAPPED, Scheme, classify

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

SUPPLIER, AMOUNT, DATE, CATEGORY = LAYOUTS["procurement_ledger"].required
REFERENCE = ("transaction id", "transaction number", "invoice number", "invoice no",
             "reference", "po number")
DESCRIPTION = ("description", "item description", "line description", "narrative")
#: Ledger meter id (a ledger has no meters; its lines are told apart by their record keys).
LEDGER = "LEDGER"


def _categories(r: Rows) -> tuple[np.ndarray, pd.Series, str]:
    """Spend type and category text of every row, and which columns were used."""
    n = r.n
    kinds = np.full(n, "", dtype=object)
    text = pd.Series("", index=r.table.frame.index, dtype=object)
    used = []
    plan: tuple[tuple[tuple[str, ...], Scheme], ...] = (
        (("eclass", "eclass code"), "eclass"), (("sic", "sic code"), "sic"),
        (("category", "category code", "spend category", "expense type"), "auto"))
    for names, scheme in plan:
        column = r.table.has(*names)
        if column is None:
            continue
        values = r.table.column(column)
        open_ = (kinds == "") & (values != "").to_numpy()
        found = classify(values[open_], scheme)
        kinds[np.flatnonzero(open_)] = found
        text[open_ & (text == "").to_numpy()] = values[open_ & (text == "").to_numpy()]
        used.append(column)
    return kinds, text, ", ".join(used)


def _record_keys(supplier: pd.Series, reference: pd.Series, description: pd.Series,
                 dates: pd.Series, amounts: pd.Series) -> np.ndarray:
    """Identity of each line: supplier + reference, or its contents and occurrence number."""
    content = np.where(reference != "", supplier + " | " + reference,
                       supplier + " | " + description + " | " + dates + " | " + amounts)
    frame = pd.Series(content)
    occurrence = frame.groupby(frame).cumcount().to_numpy()
    return np.where(occurrence > 0, frame + " #" + (occurrence + 1).astype(str), frame)


def read(ctx: Context) -> LoadResult:
    """Read a procurement ledger (see the module docstring)."""
    r = Rows(ctx)
    supplier = r.text(*SUPPLIER)
    r.drop((supplier == "").to_numpy(), r.name(*SUPPLIER), "no supplier",
           "give the supplier of every ledger line")
    c_date = r.name(*DATE)
    dates, bad = to_date(r.text(*DATE))
    r.drop(bad, c_date, "not a date", "write dates as dd/mm/yyyy")
    c_amount = r.name(*AMOUNT)
    amount, bad = to_number(r.text(*AMOUNT).str.replace("£", "", regex=False),
                            ctx.options.decimal)
    r.drop(bad | np.isnan(amount), c_amount, "amount is not a number",
           "give the amount in GBP (credit notes negative)")
    currency = r.text("currency", default="GBP").str.upper()
    r.drop(~currency.isin(["GBP", "£", ""]).to_numpy(), r.name("currency"),
           "amount is not in GBP", "convert the amount to GBP before loading")
    c_year = r.name("price year")
    stated, bad = to_number(r.text("price year"))
    r.drop(bad | ((stated < 1990) | (stated > 2100)), c_year, "price year is not a year",
           "give the year whose prices the amount is in, e.g. 2024, or leave it empty")
    kinds, category, used = _categories(r)
    r.drop(category.to_numpy(dtype=object) == "", r.name(*CATEGORY), "no category",
           "give an eClass code, a SIC code or a category for every ledger line")
    rows = r.rows
    kinds = np.where(kinds == "", UNMAPPED, kinds)
    site = ctx.sites(None, "site code", default=TRUST_WIDE)
    day = dates[rows]
    lo, hi = day_bounds(day)
    price_year = np.where(np.isnan(stated[rows]),
                          financial_year_of(lo).to_numpy(dtype="float64"), stated[rows])
    description = r.text(*DESCRIPTION)
    keys = _record_keys(supplier.iloc[rows].reset_index(drop=True),
                        r.text(*REFERENCE).iloc[rows].reset_index(drop=True),
                        description.iloc[rows].reset_index(drop=True),
                        pd.Series(day.astype("datetime64[D]").astype(str)),
                        pd.Series([repr(float(v)) for v in amount[rows]], dtype=object))
    activity = activity_frame(
        ctx, rows, r.table.lines[rows], site=pd.Categorical(site.to_numpy(dtype=object)[rows]),
        meter_id=LEDGER, activity_type=pd.Categorical(kinds[rows]), period_start=lo,
        period_end=hi, quantity=amount[rows], unit="GBP", status="actual",
        record_key=pd.Categorical(keys), supplier=supplier.to_numpy(dtype=object)[rows],
        description=description.to_numpy(dtype=object)[rows],
        category=category.to_numpy(dtype=object)[rows], price_year=price_year)
    _state(ctx, kinds[rows], amount[rows], used, np.isnan(stated[rows]).any())
    return finish(ctx, "procurement_ledger", activity, r.n, "row")


def _state(ctx: Context, kinds: np.ndarray, amounts: np.ndarray, used: str,
           derived_years: bool) -> None:
    """The load's assumptions: where categories came from, what is unmapped, price years."""
    ctx.assume(f"spend categories read from {used} and mapped with scopes/spend_categories.csv")
    unmapped = kinds == UNMAPPED
    if unmapped.any():
        ctx.assume(f"{int(unmapped.sum())} ledger line(s), GBP {amounts[unmapped].sum():,.2f}, "
                   "have a category the table does not map: loaded as spend.unmapped (reported, "
                   "not converted); add the category to scopes/spend_categories.csv to count it")
    if derived_years:
        ctx.assume("price year of each line = start year of the NHS financial year of its "
                   "transaction date (no price year column)")
    ctx.assume("amounts taken as the ledger gives them, in GBP (spend factors expect spend net "
               "of recoverable VAT)")
