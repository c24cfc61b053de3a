"""The input contracts of trajectories and projections, and their validators.

Three plain tables feed this stage. The inventory (issue 5) produces the first two; a user can
also write them by hand as CSV. Every problem is raised as :class:`TableContractError` naming
the file, the row (1-based, header = row 1, as in a spreadsheet), the column, the value and the fix.

ANNUAL ACTUALS (:func:`validate_actuals`)
    ``year`` int (start year of the NHS financial year, 2019 = 2019/20; labels such as
    ``2019/20`` are accepted), ``metric`` text (``tco2e``, ``kwh`` ...), ``footprint`` text
    (``nhs_carbon_footprint``, ``nhs_carbon_footprint_plus``, a scope set or report group),
    ``value`` float (finite), optional ``category`` text. A row without a category is the total
    of its (year, metric, footprint); rows with categories break it down. When both exist they
    must agree within 0.1%; when only categories exist their sum is the total.

DENOMINATORS (:func:`validate_denominators`), for intensity targets
    ``year`` int, ``metric`` text (``gia_m2``, ``bed_days`` ...), ``value`` float > 0.

PROJECTION BASELINE (:func:`validate_baseline`): the latest inventory by activity and line
    ``activity_type`` (key of ``scopes/activity_types.csv``), ``line`` (``generation``,
    ``t_and_d``, ``wtt``, ``combustion``, ``process`` ...), ``scope`` (``1``, ``2``, ``3``,
    ``outside``), ``scope3_category`` (1-15 for scope 3, empty otherwise), ``nhs_footprint``
    (``CF``, ``CF_PLUS_ONLY``, ``NONE``), ``report_group`` text, ``quantity`` float > 0 in
    ``unit`` (every line of one activity carries the same quantity), ``tco2e_location`` and
    ``tco2e_market`` floats >= 0 (equal except on scope 2 lines), ``factor_driver``
    (``grid_electricity`` or empty), optional ``year`` (one financial year for all rows),
    optional ``gbp_per_unit`` float >= 0 or empty (the organisation's own cost per unit of the
    activity, GBP per ``unit``: what interventions' savings are priced at).
    Quantities are converted once per activity to the taxonomy's default unit where the
    dimension allows (litres of a fuel stay litres: kWh would need a calorific value).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from carbon import units
from carbon.errors import (
    CarbonError,
    DimensionError,
    TableContractError,
    UnknownActivityTypeError,
)
from carbon.periods import parse_period
from carbon.taxonomy import activity_types

ACTUALS_COLUMNS = ("year", "metric", "footprint", "value")
DENOMINATOR_COLUMNS = ("year", "metric", "value")
BASELINE_COLUMNS = ("activity_type", "line", "scope", "scope3_category", "nhs_footprint",
                    "report_group", "quantity", "unit", "tco2e_location", "tco2e_market",
                    "factor_driver")
SCOPES = ("1", "2", "3", "outside")
NHS_FOOTPRINTS = ("CF", "CF_PLUS_ONLY", "NONE")
FACTOR_DRIVERS = ("grid_electricity",)
#: Relative tolerance between a total row and the sum of its category rows.
CATEGORY_SUM_TOLERANCE = 1e-3


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV input table with every column as text (validators convert them)."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise TableContractError(f"cannot read the table: {exc}", file=str(path),
                                 fix="give a comma-separated file with a header row") from None


def _where(file: str | None, kind: str) -> str:
    return file if file is not None else f"<{kind} frame>"


def _fail(frame: pd.DataFrame, bad: Any, column: str, message: str, *, file: str,
          expected: str | None = None, fix: str | None = None,
          error: type[CarbonError] = TableContractError) -> None:
    mask = np.asarray(bad, dtype=bool)
    if not mask.any():
        return
    first = int(np.flatnonzero(mask)[0])
    more = int(mask.sum()) - 1
    value = frame[column].iloc[first] if column in frame.columns else None
    text = message + (f" ({more} more rows like it)" if more else "")
    raise error(text, file=file, row=first + 2, column=column,
                value=None if value is None or pd.isna(value) else value,
                expected=expected, fix=fix)


def _require(frame: pd.DataFrame, columns: tuple[str, ...], file: str, kind: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise TableContractError(
            f"the {kind} table lacks column(s) {', '.join(missing)}", file=file,
            expected=", ".join(columns), value=list(map(str, frame.columns)),
            fix="see the contract in docs/trajectories.md")


def _text(frame: pd.DataFrame, column: str, file: str) -> pd.Series:
    out = frame[column].astype("string").str.strip()
    _fail(frame, out.isna() | (out == ""), column, f"{column} is empty", file=file,
          fix=f"fill in {column} on every row")
    return out.astype(str)


def _years(frame: pd.DataFrame, file: str) -> pd.Series:
    def one(value: Any) -> int | None:
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).strip()
        if text.isdigit() and len(text) == 4:
            return int(text)
        try:
            period = parse_period(text)
        except CarbonError:
            return None
        return period.start_year if period.kind == "financial_year" else None

    years = frame["year"].map(one)
    _fail(frame, years.isna(), "year", "not a financial year", file=file,
          expected="the start year (2019 for 2019/20) or a label such as '2019/20'")
    return years.astype("int64")


def _floats(frame: pd.DataFrame, column: str, file: str, *, positive: bool = False,
            non_negative: bool = False) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    _fail(frame, ~np.isfinite(values.to_numpy()), column, f"{column} is not a finite number",
          file=file, fix="write a plain number (no units, no thousands separators); drop rows "
          "you have no figure for")
    if positive:
        _fail(frame, values <= 0, column, f"{column} must be greater than zero", file=file)
    if non_negative:
        _fail(frame, values < 0, column, f"{column} must not be negative", file=file)
    return values


def validate_actuals(frame: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    """Check annual actuals against the contract and return them in canonical form.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``year``, ``metric``, ``footprint``, ``value`` and optionally ``category``.
    file : str, optional
        Where the frame came from, for messages.

    Returns
    -------
    pandas.DataFrame
        ``year`` int64, ``metric``/``footprint`` str, ``category`` str or NA, ``value`` float64,
        sorted.

    Raises
    ------
    TableContractError
        Missing column, bad year or value, duplicate rows, or category rows that do not add up
        to their total.
    """
    where = _where(file, "actuals")
    _require(frame, ACTUALS_COLUMNS, where, "annual actuals")
    frame = frame.reset_index(drop=True)
    out = pd.DataFrame({
        "year": _years(frame, where),
        "metric": _text(frame, "metric", where),
        "footprint": _text(frame, "footprint", where),
        "category": (frame["category"].astype("string").str.strip().replace("", pd.NA)
                     if "category" in frame.columns else pd.Series(pd.NA, index=frame.index,
                                                                   dtype="string")),
        "value": _floats(frame, "value", where),
    })
    key = ["year", "metric", "footprint", "category"]
    _fail(frame, out.duplicated(key, keep="first").to_numpy(), "year",
          "duplicate row for the same year, metric, footprint and category", file=where,
          fix="keep one row per year, metric, footprint and category")
    _check_category_sums(out, where)
    return out.sort_values(key, na_position="first").reset_index(drop=True)


def _check_category_sums(out: pd.DataFrame, where: str) -> None:
    has_cat = out["category"].notna()
    if not has_cat.any() or has_cat.all():
        return
    group = ["year", "metric", "footprint"]
    sums = out[has_cat].groupby(group)["value"].sum()
    totals = out[~has_cat].set_index(group)["value"]
    both = sums.index.intersection(totals.index)
    diff = (sums[both] - totals[both]).abs() > CATEGORY_SUM_TOLERANCE * totals[both].abs()
    if diff.any():
        year, metric, footprint = diff[diff].index[0]
        raise TableContractError(
            f"category rows of {footprint} {metric} in {year} add up to "
            f"{sums[(year, metric, footprint)]:.6g} but the total row says "
            f"{totals[(year, metric, footprint)]:.6g}", file=where, column="value",
            fix="correct the breakdown or the total (or drop the total row)")


def actual_series(actuals: pd.DataFrame, metric: str, footprint: str) -> pd.Series:
    """Totals per financial year of one metric and footprint of validated actuals.

    Returns
    -------
    pandas.Series
        float64 indexed by financial start year (name ``year``); total rows where present,
        else the sum of the category rows. Empty when nothing matches.
    """
    rows = actuals[(actuals["metric"] == metric) & (actuals["footprint"] == footprint)]
    totals = rows[rows["category"].isna()].set_index("year")["value"]
    parts = rows[rows["category"].notna()].groupby("year")["value"].sum()
    series = pd.concat([totals, parts[~parts.index.isin(totals.index)]]).sort_index()
    return series.astype("float64").rename_axis("year")


def validate_denominators(frame: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    """Check a denominator table (``year``, ``metric``, ``value`` > 0) for intensity targets."""
    where = _where(file, "denominators")
    _require(frame, DENOMINATOR_COLUMNS, where, "denominators")
    frame = frame.reset_index(drop=True)
    out = pd.DataFrame({"year": _years(frame, where), "metric": _text(frame, "metric", where),
                        "value": _floats(frame, "value", where, positive=True)})
    _fail(frame, out.duplicated(["year", "metric"]).to_numpy(), "year",
          "duplicate row for the same year and metric", file=where)
    return out.sort_values(["metric", "year"]).reset_index(drop=True)


def validate_baseline(frame: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    """Check a projection baseline against the contract and return it in canonical form.

    Parameters
    ----------
    frame : pandas.DataFrame
        The latest inventory by activity type and line (columns in the module docstring).
    file : str, optional
        Where the frame came from, for messages.

    Returns
    -------
    pandas.DataFrame
        Contract columns plus ``default_unit`` (the taxonomy unit of the activity, or the
        row's own unit when its dimension differs, e.g. litres of a fuel whose default is
        kWh) and ``quantity_default`` (quantity in it); ``scope3_category`` is ``Int64``.

    Raises
    ------
    TableContractError, UnknownActivityTypeError, DimensionError
        Naming file, row, column, value and fix.
    """
    where = _where(file, "baseline")
    _require(frame, BASELINE_COLUMNS, where, "projection baseline")
    frame = frame.reset_index(drop=True)
    if frame.empty:
        raise TableContractError("the projection baseline has no rows", file=where)
    out = pd.DataFrame({c: _text(frame, c, where) for c in
                        ("activity_type", "line", "report_group", "unit")})
    out["scope"] = frame["scope"].astype("string").str.strip().str.lower().str.replace(
        r"^scope\s*", "", regex=True).str.replace(r"\.0$", "", regex=True)
    _fail(frame, ~out["scope"].isin(SCOPES).to_numpy(), "scope", "unknown scope", file=where,
          expected=", ".join(SCOPES))
    out["scope3_category"] = _scope3(frame, out["scope"], where)
    out["nhs_footprint"] = frame["nhs_footprint"].astype("string").str.strip().str.upper()
    _fail(frame, ~out["nhs_footprint"].isin(NHS_FOOTPRINTS).to_numpy(), "nhs_footprint",
          "unknown NHS footprint class", file=where, expected=", ".join(NHS_FOOTPRINTS))
    driver = frame["factor_driver"].astype("string").str.strip().fillna("")
    _fail(frame, ~driver.isin(("", *FACTOR_DRIVERS)).to_numpy(), "factor_driver",
          "unknown factor driver", file=where, expected="empty or " + ", ".join(FACTOR_DRIVERS))
    out["factor_driver"] = driver.astype(str)
    out["quantity"] = _floats(frame, "quantity", where, positive=True)
    for column in ("tco2e_location", "tco2e_market"):
        out[column] = _floats(frame, column, where, non_negative=True)
    differs = ~np.isclose(out["tco2e_market"], out["tco2e_location"], rtol=1e-9, atol=1e-12)
    _fail(frame, differs & (out["scope"] != "2").to_numpy(), "tco2e_market",
          "market-based and location-based emissions differ on a line outside scope 2",
          file=where, fix="only scope 2 lines have a market-based figure of their own")
    _fail(frame, out.duplicated(["activity_type", "line"]).to_numpy(), "line",
          "duplicate (activity_type, line)", file=where, fix="aggregate to one row per line")
    _convert_quantities(frame, out, where)
    if "year" in frame.columns:
        years = _years(frame, where)
        _fail(frame, (years != years.iloc[0]).to_numpy(), "year",
              "the baseline must hold one financial year", file=where)
        out["year"] = years
    price = pd.to_numeric(frame.get("gbp_per_unit", pd.Series(np.nan, index=frame.index)),
                          errors="coerce")
    given = frame.get("gbp_per_unit", pd.Series("", index=frame.index)).astype(
        "string").fillna("").str.strip()
    _fail(frame, ((given != "") & (price.isna() | (price < 0))).to_numpy(dtype=bool),
          "gbp_per_unit", "cost per unit is not a number >= 0", file=where,
          fix="give GBP per unit of the line's unit, or leave it empty")
    # Per default unit: GBP per unit x units per default unit.
    out["gbp_per_unit"] = price.to_numpy(dtype="float64") * out["quantity"].to_numpy() / \
        out["quantity_default"].to_numpy()
    return out


def _scope3(frame: pd.DataFrame, scope: pd.Series, where: str) -> pd.Series:
    raw = frame["scope3_category"].astype("string").str.strip().replace("", pd.NA)
    cat = pd.to_numeric(raw, errors="coerce").astype("Float64")
    _fail(frame, (raw.notna() & cat.isna()).to_numpy(dtype=bool), "scope3_category",
          "not a number", file=where, expected="1-15 or empty")
    is3 = (scope == "3").to_numpy()
    bad3 = is3 & ~(cat.between(1, 15) & (cat % 1 == 0)).fillna(False).to_numpy(dtype=bool)
    _fail(frame, bad3, "scope3_category", "a scope 3 line needs its category", file=where,
          expected="an integer 1-15")
    _fail(frame, ~is3 & cat.notna().to_numpy(dtype=bool), "scope3_category",
          "only scope 3 lines have a category", file=where, fix="leave it empty")
    return cat.astype("Int64")


def _convert_quantities(frame: pd.DataFrame, out: pd.DataFrame, where: str) -> None:
    known = activity_types()
    _fail(frame, ~out["activity_type"].isin(list(known)).to_numpy(), "activity_type",
          "unknown activity type", file=where, error=UnknownActivityTypeError,
          fix="use a key of scopes/activity_types.csv ('carbon taxonomy' lists them)")
    converted = np.empty(len(out))
    model_unit = np.empty(len(out), dtype=object)
    for (activity, unit), idx in out.groupby(["activity_type", "unit"]).indices.items():
        kind = known[activity]
        row = int(idx[0]) + 2
        try:
            units.check_dimension(unit, kind.allowed_dimensions, context=activity, file=where,
                                  column="unit")
        except CarbonError as exc:
            exc.row = row
            raise
        # Into the default unit where the dimension allows (MWh -> kWh); litres of a fuel whose
        # default is kWh (Gross CV) keep their unit: that would need a calorific value.
        try:
            factor, target = units.conversion_factor(unit, kind.default_unit), kind.default_unit
        except DimensionError:
            factor, target = 1.0, str(unit)
        converted[idx] = out["quantity"].to_numpy()[idx] * factor
        model_unit[idx] = target
        if not kind.emitting:
            rows = np.zeros(len(out), dtype=bool)
            rows[idx] = True
            _fail(frame, rows & (out["tco2e_location"] > 0).to_numpy(), "tco2e_location",
                  f"{activity} is a memo activity and cannot emit", file=where)
    out["quantity_default"] = converted
    out["default_unit"] = model_unit
    spread = out.groupby("activity_type")["quantity_default"].transform(
        lambda q: q.max() - q.min())
    _fail(frame, (spread > 1e-9 * out["quantity_default"].abs()).to_numpy(), "quantity",
          "lines of one activity carry different quantities", file=where,
          fix="every line of an activity type (generation, t_and_d, wtt ...) carries the same "
              "activity quantity")
