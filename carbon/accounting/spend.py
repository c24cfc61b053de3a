"""Spend activity -> emission lines: spend-based Scope 3 (categories 1, 2, 4 ...) in the inventory.

``spend.*`` activity (GBP from the procurement ledger, :mod:`carbon.readers.procurement_ledger`)
becomes emission lines in three steps around the inventory's own factor resolution
(:mod:`carbon.accounting.calculate`):

1. :func:`prepare_spend` apportions the rows to reporting periods, applies the hybrid exclusion
   rules (:mod:`carbon.spend.exclusions`), gives each row its factor (the supplier's own
   intensity where the supplier table has one, else the spend type's factor of the factor map:
   Defra EEIO by SIC by default, ``--spend-factors sdu`` for the SDU trust factors) and its
   price ratio (:mod:`carbon.spend.prices`), and groups rows into lines: one per period, site,
   spend type, and supplier with its own factor;
2. the inventory resolves the factors with the supplier table layered on top and computes
   ``quantity x factor``;
3. :func:`finish_spend` re-bases that to the factor's price year (``x price_index_ratio``).

Lines keep the nominal spend as ``quantity`` and ``cost_gbp``, the price years of spend and
factor and the ratio used, ``method`` (``spend`` or ``supplier_specific``) and the data-quality
tier ``RC`` (domain doc 5.4). Spend that is not converted (unmapped categories, energy, hybrid
exclusions, costs from returns) goes to the memo table with its amount and reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from carbon.accounting.classification import emission_lines
from carbon.accounting.factor_map import factor_map
from carbon.accounting.money import TIERS
from carbon.accounting.result import MEMO_COLUMNS
from carbon.aggregate import Grain, apportion
from carbon.details import detail_column
from carbon.errors import UnknownFactorError
from carbon.factorsets import FactorSet, load_set
from carbon.factorsets.selection import FactorSelection
from carbon.periods import ReportingPeriod, financial_year_of
from carbon.spend.categories import UNMAPPED
from carbon.spend.exclusions import excluded
from carbon.spend.prices import deflator_source, price_ratios
from carbon.spend.suppliers import SupplierFactors
from carbon.taxonomy import activity_types

#: Activity type prefix of spend.
SPEND_PREFIX = "spend."
#: Emission line of every spend type (``scopes/emission_lines.csv``).
SPEND_LINE = "spend"
_KEYS = ["period", "year", "month", "organisation", "site", "activity_type", "supplier",
         "factor_id", "factor_price_year"]


@dataclass
class PreparedSpend:
    """Spend lines ready for factor resolution, the memo amounts and what the run must say.

    Attributes
    ----------
    lines : pandas.DataFrame
        One row per line with the inventory's line columns up to ``source`` and
        ``if_missing``, plus ``supplier``, ``method``, ``price_year_spend``,
        ``price_year_factor`` and ``price_index_ratio``.
    memo : pandas.DataFrame
        :data:`MEMO_COLUMNS`.
    layers : list of FactorSet
        The supplier set, to layer over the spend factors.
    options : dict
        For the run record (spend factors, supplier table, deflator).
    warnings : list of str
    """

    lines: pd.DataFrame
    memo: pd.DataFrame
    layers: list[FactorSet] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _per_type(kinds: pd.Series, test: Callable[[str], bool]) -> np.ndarray:
    """``test`` of each row's activity type, evaluated once per distinct type."""
    values = kinds if isinstance(kinds.dtype, pd.CategoricalDtype) else kinds.astype(
        "category")
    hit = np.array([test(str(c)) for c in values.cat.categories] + [False], dtype=bool)
    return hit[values.cat.codes.to_numpy()]


def is_spend(kinds: pd.Series) -> np.ndarray:
    """True for ``spend.*`` activity types."""
    return _per_type(kinds, lambda k: k.startswith(SPEND_PREFIX))


def is_memo_money(kinds: pd.Series) -> np.ndarray:
    """True for memo types held in money (``spend.energy``, ``spend.unmapped``, ``cost.*``)."""
    known = activity_types()
    return _per_type(kinds, lambda k: k in known and not known[k].emitting
                     and known[k].allowed_dimensions == ("currency",))


def prepare_spend(activity: pd.DataFrame, other: pd.DataFrame,
                  periods: Sequence[ReportingPeriod], *, family: str, variant: str,
                  selections: Mapping[str, FactorSelection], overrides: Sequence[FactorSet],
                  suppliers: SupplierFactors | None, grain: Grain,
                  workspace: str | Path | None) -> PreparedSpend:
    """Spend lines, memo amounts and run notes (step 1 of the module docstring).

    Parameters
    ----------
    activity : pandas.DataFrame
        Activity rows of ``spend.*`` types and of memo money types (``cost.*``).
    other : pandas.DataFrame
        The inventory's aggregated activity of every other type (``period``,
        ``organisation``, ``activity_type``, ``quantity``): what the exclusion rules check.
    periods : sequence of ReportingPeriod
    family : str
        Factor family of the run (``desnz``, ``sdu``).
    variant : str
        Spend factor variant of the factor map (``""``: the family's default; ``sdu``).
    selections : mapping
        The period selections of the run (for spend factors taken from the period's set).
    overrides : sequence of FactorSet
        The run's custom sets (a custom set may replace a spend factor).
    suppliers : SupplierFactors, optional
        Supplier-specific intensities.
    grain : {'period', 'month'}
    workspace : path-like, optional
    """
    out = PreparedSpend(lines=_empty_lines(), memo=pd.DataFrame(columns=list(MEMO_COLUMNS)),
                        layers=[suppliers.factors] if suppliers else [])
    if activity.empty:
        return out
    out.options = {"spend_factors": variant or "default",
                   "supplier_factors": suppliers.factors.id if suppliers else None}
    rows = activity.copy()
    rows["category"] = detail_column(rows, "category")
    rows["supplier"] = detail_column(rows, "supplier")
    year = detail_column(rows, "price_year", numeric=True)
    guessed = year.isna().to_numpy()
    if guessed.any():
        year[guessed] = financial_year_of(rows.loc[guessed, "period_start"]).astype(
            "float64").to_numpy()
        converted = guessed & ~is_memo_money(rows["activity_type"])
        if converted.any():
            out.warnings.append(f"{int(converted.sum())} spend row(s) state no price year: the "
                                "start year of the financial year they fall in is used")
    rows["spend_price_year"] = year
    split = apportion(rows, periods, grain=grain)
    if split.empty:
        return out
    money = is_memo_money(split["activity_type"])
    memo = [_memo(split[money], "memo")]
    counted = split[~money].copy()
    counted = _with_factors(counted, family, variant, selections, overrides, suppliers,
                            workspace, out)
    counted["price_index_ratio"] = _ratios(counted)
    grouped = _group(counted)
    reasons = excluded(grouped, other)
    cut = (reasons != "").to_numpy()
    if cut.any():
        gone = grouped[cut].assign(status="excluded", reason=reasons[cut].to_numpy(),
                                   category="")
        memo.append(gone.rename(columns={"quantity": "gbp", "activity_rows": "rows"}))
        out.warnings.append(f"{_gbp(gone['quantity'].sum())} of spend excluded by the hybrid "
                            "rules (scopes/spend_exclusions.csv): counted from activity data")
    out.lines = _classified(grouped[~cut])
    out.memo = pd.concat([m[list(MEMO_COLUMNS)] for m in memo if not m.empty],
                         ignore_index=True) if any(not m.empty for m in memo) else out.memo
    _summarise(out, counted)
    return out


def _empty_lines() -> pd.DataFrame:
    return pd.DataFrame(columns=[*_KEYS, "unit", "quantity", "activity_rows", "share_actual",
                                 "share_estimated", "share_filled", "missing_rows"])


def _gbp(value: float) -> str:
    return f"GBP {value:,.0f}"


def _memo(split: pd.DataFrame, status: str) -> pd.DataFrame:
    """Memo money (unmapped spend, energy spend, costs of returns) by period, site and type."""
    if split.empty:
        return pd.DataFrame(columns=list(MEMO_COLUMNS))
    kinds = split["activity_type"].astype(str)
    frame = split.assign(
        status=np.where(kinds == UNMAPPED, "unmapped",
                        np.where(kinds.str.startswith("cost."), "cost", status)),
        category=np.where(kinds == UNMAPPED, split["category"].astype(str), ""),
        reason=kinds.map(lambda k: activity_types()[k].notes), _rows=1)
    keys = ["period", "year", "month", "organisation", "site", "activity_type", "status",
            "category", "reason"]
    for key in keys[3:]:
        frame[key] = frame[key].astype(str)
    grouped = frame.groupby(keys, sort=True, observed=True).agg(
        gbp=("quantity", "sum"), rows=("_rows", "sum")).reset_index()
    return grouped[list(MEMO_COLUMNS)]


def _with_factors(rows: pd.DataFrame, family: str, variant: str,
                  selections: Mapping[str, FactorSelection], overrides: Sequence[FactorSet],
                  suppliers: SupplierFactors | None, workspace: str | Path | None,
                  out: PreparedSpend) -> pd.DataFrame:
    """Factor id, source and factor price year of every row (supplier's own where known)."""
    table = factor_map()
    table = table[(table["family"] == family) & (table["variant"] == variant)
                  & (table["line"] == SPEND_LINE)].set_index("activity_type")
    kinds = rows["activity_type"].astype(str)
    absent = sorted(set(kinds) - set(table.index))
    if absent:
        raise UnknownFactorError(
            f"no {family} spend factor{f' ({variant})' if variant else ''} is mapped for "
            f"{absent[0]}", value=absent,
            fix="choose another --spend-factors variant or add a row to scopes/factor_map.csv")
    rows["factor_id"] = kinds.map(table["factor_id"]).to_numpy(dtype=object)
    rows["source"] = kinds.map(table["source"]).to_numpy(dtype=object)
    rows["if_missing"] = "error"
    rows["factor_price_year"] = [
        _set_price_year(f, s, p, selections, overrides, workspace)
        for f, s, p in zip(rows["factor_id"], rows["source"], rows["period"].astype(str),
                           strict=True)]
    rows["method"] = "spend"
    if suppliers is not None:
        ids, years = suppliers.match(rows["supplier"], kinds)
        own = ids != ""
        rows.loc[own, "factor_id"] = ids[own]
        rows.loc[own, "factor_price_year"] = years[own]
        rows.loc[own, "method"] = "supplier_specific"
    rows.loc[rows["method"] == "spend", "supplier"] = ""
    return rows


def _set_price_year(factor_id: str, source: str, period: str,
                    selections: Mapping[str, FactorSelection], overrides: Sequence[FactorSet],
                    workspace: str | Path | None) -> float:
    """Price year of the set that will supply a spend factor (NaN when it states none)."""
    for layer in reversed(overrides):
        if factor_id in layer:
            return _year(layer.info.price_year)
    ids = selections[period].set_ids if source == "period" else [source]
    years = {load_set(s, workspace).info.price_year for s in ids}
    return _year(years.pop()) if len(years) == 1 else np.nan


def _year(value: int | None) -> float:
    return np.nan if value is None else float(value)


def _ratios(rows: pd.DataFrame) -> np.ndarray:
    """Price ratio of every row, computed once per factor price year."""
    ratio = np.full(len(rows), np.nan)
    factor_years = rows["factor_price_year"].to_numpy(dtype="float64")
    spend_years = rows["spend_price_year"].to_numpy(dtype="float64")
    for year in np.unique(factor_years[~np.isnan(factor_years)]):
        hit = factor_years == year
        ratio[hit] = price_ratios(spend_years[hit], int(year))
    return ratio


def _group(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows -> lines: nominal and re-based spend, rows and data-quality shares per line."""
    status = rows["status"].astype(str).to_numpy()
    quantity = rows["quantity"].to_numpy(dtype="float64")
    ratio = rows["price_index_ratio"].to_numpy(dtype="float64")
    work = rows[[k for k in _KEYS if k != "factor_price_year"]].astype(str).assign(
        factor_price_year=rows["factor_price_year"].to_numpy(dtype="float64"),
        quantity=quantity, _real=quantity * np.where(np.isnan(ratio), 1.0, ratio),
        _known=np.where(np.isnan(ratio), 0.0, np.abs(quantity)), _abs=np.abs(quantity),
        _actual=np.where(status == "actual", np.abs(quantity), 0.0),
        _estimated=np.where(status == "estimated", np.abs(quantity), 0.0),
        _filled=np.where(status == "filled", np.abs(quantity), 0.0),
        _missing=(status == "missing").astype("int64"), _rows=1,
        source=rows["source"].astype(str), method=rows["method"].astype(str),
        _years=rows["spend_price_year"].to_numpy(dtype="float64"))
    keys = [*_KEYS, "source", "method"]
    grouped = work.groupby(keys, sort=True, dropna=False).agg(
        quantity=("quantity", "sum"), _real=("_real", "sum"), _known=("_known", "sum"),
        _abs=("_abs", "sum"), _actual=("_actual", "sum"), _estimated=("_estimated", "sum"),
        _filled=("_filled", "sum"), missing_rows=("_missing", "sum"),
        activity_rows=("_rows", "sum"),
        price_year_spend=("_years", lambda y: "+".join(
            str(int(v)) for v in sorted(set(y[~np.isnan(y)]))))).reset_index()
    total = grouped["_abs"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        for name in ("actual", "estimated", "filled"):
            grouped[f"share_{name}"] = np.where(total > 0, grouped[f"_{name}"] / total, 0.0)
        grouped["price_index_ratio"] = np.where(
            grouped["_known"] > 0, grouped["_real"] / grouped["quantity"], np.nan)
    grouped["year"] = grouped["year"].astype("int64")
    grouped["unit"] = "GBP"
    grouped["if_missing"] = "error"
    return grouped.drop(columns=["_real", "_known", "_abs", "_actual", "_estimated",
                                 "_filled"])


def _classified(grouped: pd.DataFrame) -> pd.DataFrame:
    """Lines with both classifications (``scopes/emission_lines.csv``) and display columns."""
    classes = emission_lines()
    classes = classes[classes["line"] == SPEND_LINE][
        ["activity_type", "line", "scope", "scope3_category", "nhs_footprint", "report_group"]]
    lines = grouped.merge(classes, on="activity_type", how="inner", validate="many_to_one")
    lines["dimension"] = "currency"
    lines["meter_id"] = ""
    lines["method_tier"] = lines["method"].map(TIERS)
    lines["price_year_factor"] = [str(int(y)) if not np.isnan(y) else "unknown"
                                  for y in lines["factor_price_year"].to_numpy(dtype=float)]
    return lines.drop(columns=["factor_price_year"])


def _summarise(out: PreparedSpend, counted: pd.DataFrame) -> None:
    """Run-record notes: unmapped and supplier-covered shares, price bases, the deflator."""
    unmapped = out.memo.loc[out.memo["status"] == "unmapped", "gbp"].sum() if len(
        out.memo) else 0.0
    ledger = counted["quantity"].sum() + (out.memo.loc[out.memo["status"].isin(
        ["unmapped", "memo"]), "gbp"].sum() if len(out.memo) else 0.0)
    if unmapped:
        out.warnings.append(f"{_gbp(unmapped)} of spend ({100 * unmapped / ledger:.1f}%) has a "
                            "category scopes/spend_categories.csv does not map: reported as "
                            "unmapped, not in the totals")
    unknown = counted["price_index_ratio"].isna()
    if unknown.any():
        out.warnings.append(f"{_gbp(counted.loc[unknown, 'quantity'].sum())} of spend is not "
                            "re-based to the factor's price year: the factor set states none")
    if (~unknown).any():
        source = deflator_source()
        out.options["deflator"] = source
        if not source["verified"]:
            out.warnings.append(f"spend re-based with the GDP deflator table {source['id']} "
                                f"({source['publisher']}, {source['edition']}): a "
                                "transcription not verified against the publication")


def finish_spend(lines: pd.DataFrame, prepared: PreparedSpend,
                 workspace: str | Path | None) -> pd.DataFrame:
    """Re-base resolved spend lines to the factor's price year (step 3), flag price bases.

    Parameters
    ----------
    lines : pandas.DataFrame
        The inventory's resolved lines (all activity); spend lines carry ``method``.
    prepared : PreparedSpend
        From :func:`prepare_spend` (its warnings get the unverified price bases).
    workspace : path-like, optional

    Returns
    -------
    pandas.DataFrame
        ``lines`` with ``tco2e`` of spend lines multiplied by ``price_index_ratio`` (1 where
        unknown) and ``cost_gbp`` = nominal spend.
    """
    spend = lines["method"].isin(["spend", "supplier_specific"]).to_numpy()
    if not spend.any():
        return lines
    out = lines.copy()
    ratio = out.loc[spend, "price_index_ratio"].to_numpy(dtype="float64")
    out.loc[spend, "tco2e"] = out.loc[spend, "tco2e"].to_numpy(dtype="float64") * np.where(
        np.isnan(ratio), 1.0, ratio)
    out.loc[spend, "cost_gbp"] = out.loc[spend, "quantity"].to_numpy(dtype="float64")
    out.loc[spend, "cost_share"] = 1.0
    given = {layer.id: layer for layer in prepared.layers}
    for set_id in sorted(set(out.loc[spend & (out["method"] == "spend").to_numpy(),
                                     "factor_set"].astype(str))):
        for name in set_id.split("+"):
            base = name.split("*")[0]
            info = given[base].info if base in given else load_set(base, workspace).info
            if info.currency_basis is not None and not info.price_basis_verified:
                prepared.warnings.append(
                    f"spend factors of {base}: price basis not verified ({info.currency_basis}"
                    f"; price year {info.price_year or 'unknown'}: "
                    f"{info.price_basis_evidence or 'no evidence recorded'})")
    return out
