"""The canonical activity table: the contract every reader produces and every later stage reads.

An activity table is a pandas DataFrame with one row per quantity of one activity type, over a
half-open UTC interval ``[period_start, period_end)``. A column carries one meaning; the unit is
per row but a table holds few distinct unit strings, so units are parsed and checked once per
distinct (activity type, unit) pair, never per value.

=================  ============  ==========================================================
column             dtype         meaning
=================  ============  ==========================================================
organisation       text          reporting organisation (trust code or name)
site               text          site code
meter_id           text          meter, account or source id (MPAN, MPRN, tank, supplier ...)
activity_type      text          key of ``scopes/activity_types.csv``
period_start       UTC datetime  start of the interval, inclusive
period_end         UTC datetime  end of the interval, exclusive
quantity           float64       amount in ``unit`` (NaN only when status is ``missing``)
unit               text          unit string (parsed by :func:`carbon.units.parse_unit`)
calorific_basis    text or NA    ``gross`` / ``net`` for fuel energy, derived from the unit
status             text          ``actual`` / ``estimated`` / ``filled`` / ``missing``
source_file        text          file the row came from
source_row         int64         1-based row (line) of the source file, header included
batch_id           text          load batch that brought the row in
=================  ============  ==========================================================

Text columns are held as pandas ``category`` dtype in canonical form (a table of ten million
half-hours has a few hundred distinct meters and a handful of units). Other columns
(``local_date``, ``settlement_period``, ``cost_gbp``, ``method_tier`` ...) are kept as they are.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from carbon import units
from carbon.errors import ActivityValidationError, CarbonError, DimensionError
from carbon.taxonomy import activity_types, get_activity_type

if TYPE_CHECKING:
    from collections.abc import Iterable

Status = Literal["actual", "estimated", "filled", "missing"]
STATUSES: tuple[str, ...] = ("actual", "estimated", "filled", "missing")

TEXT_COLUMNS = ("organisation", "site", "meter_id", "activity_type", "unit", "status",
                "source_file", "batch_id")
TIME_COLUMNS = ("period_start", "period_end")
REQUIRED_COLUMNS = ("organisation", "site", "meter_id", "activity_type", "period_start",
                    "period_end", "quantity", "unit", "status", "source_file", "source_row",
                    "batch_id")
#: Canonical column order (``calorific_basis`` is derived by :func:`validate_activity`).
COLUMNS = (*REQUIRED_COLUMNS[:8], "calorific_basis", *REQUIRED_COLUMNS[8:])
#: How many problems an error message quotes before summarising the rest.
MESSAGE_PROBLEMS = 5


class ActivityRecord(BaseModel):
    """One activity row, validated on its own (for library users building tables by hand).

    Quantities are in ``unit``; times must be timezone-aware.
    """

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    organisation: str = Field(min_length=1)
    site: str = Field(min_length=1)
    meter_id: str = Field(min_length=1)
    activity_type: str
    period_start: datetime
    period_end: datetime
    quantity: float
    unit: str
    status: Status = "actual"
    source_file: str = Field(default="(library)", min_length=1)
    source_row: int = Field(default=1, ge=1)
    batch_id: str = Field(default="(none)", min_length=1)

    @field_validator("activity_type")
    @classmethod
    def activity_type_is_known(cls, value: str) -> str:
        get_activity_type(value)
        return value

    @field_validator("period_start", "period_end")
    @classmethod
    def time_is_aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("times must be timezone-aware (UTC or Europe/London)")
        return value

    @model_validator(mode="after")
    def period_is_positive(self) -> ActivityRecord:
        if self.period_end <= self.period_start:
            raise ValueError("period_end must be after period_start")
        return self

    @model_validator(mode="after")
    def unit_fits_activity_type(self) -> ActivityRecord:
        kind = get_activity_type(self.activity_type)
        units.check_dimension(self.unit, kind.allowed_dimensions, context=self.activity_type)
        return self

    @model_validator(mode="after")
    def quantity_is_usable(self) -> ActivityRecord:
        if self.status == "missing":
            return self
        if not np.isfinite(self.quantity):
            raise ValueError("quantity must be a finite number unless status is 'missing'")
        if self.quantity < 0 and not get_activity_type(self.activity_type).negative_allowed:
            raise ValueError(f"negative quantity is not allowed for {self.activity_type}")
        return self


def records_to_frame(records: Iterable[ActivityRecord]) -> pd.DataFrame:
    """Build a validated activity table from records."""
    rows = [r.model_dump() for r in records]
    frame = pd.DataFrame(rows, columns=list(REQUIRED_COLUMNS)) if rows else empty_activity()
    return validate_activity(frame)


def empty_activity() -> pd.DataFrame:
    """An activity table with no rows and the canonical columns and dtypes."""
    frame = pd.DataFrame({name: pd.Series(dtype=_dtype(name)) for name in COLUMNS})
    return frame


def _dtype(name: str) -> Any:
    if name in TIME_COLUMNS:
        return "datetime64[ns, UTC]"
    if name == "quantity":
        return "float64"
    if name == "source_row":
        return "int64"
    return "object"


def check_activity(frame: pd.DataFrame) -> pd.DataFrame:
    """Find every problem in an activity table, without raising for row-level problems.

    Text columns are checked once per distinct value (through categorical codes) and the
    (activity type, unit) pairs once per distinct pair, so the cost per row is a few integer
    and float comparisons.

    Parameters
    ----------
    frame : pandas.DataFrame
        A candidate activity table.

    Returns
    -------
    pandas.DataFrame
        One row per problem, columns ``row`` (index label of the bad row), ``source_file``,
        ``source_row``, ``column``, ``value``, ``reason`` and ``fix``, ordered by row; empty when
        the table is valid. Readers use it to send bad rows to quarantine.

    Raises
    ------
    ActivityValidationError
        If required columns are missing (nothing row-level can be checked then).
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ActivityValidationError(
            f"activity table lacks required columns {missing}",
            expected=", ".join(REQUIRED_COLUMNS),
            fix="build the table with carbon.activity.empty_activity() or a carbon reader",
        )
    problems: list[pd.DataFrame] = []

    def flag(mask: np.ndarray, column: str, reason: str, fix: str) -> None:
        if mask.any():
            bad = frame[column].to_numpy()[mask] if column in frame.columns else None
            problems.append(pd.DataFrame({
                "row": frame.index[mask], "column": column,
                "value": pd.Series(bad, dtype=object), "reason": reason, "fix": fix,
            }))

    codes = {c: _codes(frame[c]) for c in TEXT_COLUMNS}
    for column in ("organisation", "site", "meter_id", "source_file", "batch_id"):
        values, categories = codes[column]
        empty = np.array([str(c).strip() == "" for c in categories] + [True])
        flag(empty[values], column, "empty text", f"give every row a {column}")

    known = activity_types()
    kind_codes, kind_values = codes["activity_type"]
    kind_known = np.array([k in known for k in kind_values] + [False])
    unknown = ~kind_known[kind_codes]
    flag(unknown, "activity_type", "unknown activity type",
         "use a key of scopes/activity_types.csv ('carbon taxonomy' lists them)")

    status_codes, status_values = codes["status"]
    status_ok = np.array([s in STATUSES for s in status_values] + [False])
    flag(~status_ok[status_codes], "status", "unknown data-quality status",
         "use actual, estimated, filled or missing")
    is_missing = np.array([s == "missing" for s in status_values] + [False])[status_codes]

    quantity = pd.to_numeric(frame["quantity"], errors="coerce").to_numpy(dtype="float64")
    flag(~np.isfinite(quantity) & ~is_missing, "quantity", "quantity is not a finite number",
         "give a number, or mark the row status 'missing'")
    negative_ok = np.array(
        [known[k].negative_allowed if k in known else True for k in kind_values] + [True])
    flag((quantity < 0) & ~negative_ok[kind_codes], "quantity", "negative quantity",
         "negative consumption is not allowed for this activity type; check the reads")

    # Units: checked once per distinct (activity type, unit) pair.
    unit_codes, unit_values = codes["unit"]
    pair = kind_codes.astype("int64") * (len(unit_values) + 1) + unit_codes
    pairs, inverse = np.unique(pair, return_inverse=True)
    pair_reason: list[tuple[str, str] | None] = []
    for value in pairs:
        k, u = divmod(int(value), len(unit_values) + 1)
        kind = kind_values[k] if k < len(kind_values) else None
        unit = unit_values[u] if u < len(unit_values) else None
        if kind not in known:
            pair_reason.append(None)  # already reported as an unknown activity type
            continue
        try:
            units.check_dimension(unit, known[kind].allowed_dimensions, context=kind)
            pair_reason.append(None)
        except CarbonError as exc:
            pair_reason.append((exc.message, exc.fix or "use an allowed unit"))
    for index, reason in enumerate(pair_reason):
        if reason is not None:
            flag(inverse.reshape(-1) == index, "unit", *reason)

    for column in TIME_COLUMNS:
        values = frame[column]
        if not isinstance(values.dtype, pd.DatetimeTZDtype):
            flag(np.ones(len(frame), dtype=bool), column,
                 "times are not timezone-aware datetimes",
                 "convert to timezone-aware datetimes (UTC) before validating")
        else:
            flag(values.isna().to_numpy(), column, "missing time", "give every row a period")
    if all(isinstance(frame[c].dtype, pd.DatetimeTZDtype) for c in TIME_COLUMNS):
        flag((frame["period_end"] <= frame["period_start"]).to_numpy(), "period_end",
             "period_end is not after period_start", "check the order of the two dates")

    rows = pd.to_numeric(frame["source_row"], errors="coerce").to_numpy(dtype="float64")
    flag(~(rows >= 1), "source_row", "source_row must be a whole number >= 1",
         "number rows as the user sees them in the file, header included")

    if "calorific_basis" in frame.columns:
        given = frame["calorific_basis"].astype(object).to_numpy()
        derived = _derived_basis(frame).astype(object).to_numpy()
        stated = pd.notna(given)
        clash = stated & (given != derived)
        flag(clash, "calorific_basis", "calorific basis disagrees with the unit",
             "state the basis in the unit (kWh (Gross CV)) and leave this column empty")

    columns = ["row", "source_file", "source_row", "column", "value", "reason", "fix"]
    if not problems:
        return pd.DataFrame(columns=columns)
    table = pd.concat(problems, ignore_index=True)
    table["source_file"] = frame["source_file"].reindex(table["row"]).to_numpy()
    table["source_row"] = frame["source_row"].reindex(table["row"]).to_numpy()
    order = np.argsort(frame.index.get_indexer(table["row"]), kind="stable")
    return table.iloc[order].reset_index(drop=True)[columns]


def _codes(series: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Integer codes and distinct values of a column; missing values get code ``len(values)``."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy().astype("int64")
        values = list(series.cat.categories)
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        values = list(uniques)
    codes = np.where(codes < 0, len(values), codes)
    return codes, values


def _derived_basis(frame: pd.DataFrame) -> pd.Series:
    unit_codes, unit_values = _codes(frame["unit"])
    mapping: list[str | None] = []
    for unit in unit_values:
        try:
            mapping.append(units.calorific_basis(unit))
        except CarbonError:
            mapping.append(None)
    lookup = np.array([*mapping, None], dtype=object)
    return pd.Series(lookup[unit_codes], index=frame.index, dtype="object")


def validate_activity(frame: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    """Check an activity table and return it in canonical form.

    Parameters
    ----------
    frame : pandas.DataFrame
        Candidate table with at least the required columns.
    file : str, optional
        Named in the error message.

    Returns
    -------
    pandas.DataFrame
        A new frame: canonical columns first (``calorific_basis`` derived from the unit), times
        in UTC, ``quantity`` float64, ``source_row`` int64, extra columns kept after.

    Raises
    ------
    ActivityValidationError
        Naming the first problems (row, column, value, reason, fix) and how many there are.
    """
    out = frame.copy()
    for column in TIME_COLUMNS:
        if column in out.columns and isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_convert("UTC").astype("datetime64[ns, UTC]")
    for column in TEXT_COLUMNS:
        if column in out.columns and not isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype("category")
    problems = check_activity(out)
    if len(problems):
        raise ActivityValidationError(describe_problems(problems), file=file)
    out["quantity"] = pd.to_numeric(out["quantity"]).astype("float64")
    out["source_row"] = pd.to_numeric(out["source_row"]).astype("int64")
    out["calorific_basis"] = _derived_basis(out).astype("category")
    extra = [c for c in out.columns if c not in COLUMNS]
    return out[[*COLUMNS, *extra]]


def describe_problems(problems: pd.DataFrame, limit: int = MESSAGE_PROBLEMS) -> str:
    """One-line summary of a :func:`check_activity` result naming the first ``limit`` problems."""
    lines = [
        f"{p.source_file} row {p.source_row}, column {p.column!r}: {p.reason} "
        f"(got {p.value!r}); fix: {p.fix}"
        for p in problems.head(limit).itertuples()
    ]
    more = len(problems) - limit
    return (f"invalid activity table, {len(problems)} problem(s): " + "; ".join(lines)
            + (f"; and {more} more" if more > 0 else ""))


def read_activity_csv(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`write_activity_csv` (the canonical CSV layout).

    Times are ISO 8601 with an offset (``2024-04-01T00:00:00+01:00`` or ``...Z``).

    Raises
    ------
    ActivityValidationError
        If the table breaks the contract.
    """
    from carbon.isotime import parse_iso_utc

    try:
        frame = pd.read_csv(path, dtype=dict.fromkeys((*TEXT_COLUMNS, "calorific_basis"),
                                                      "string"),
                            low_memory=False, keep_default_na=False,
                            na_values={"quantity": [""]})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ActivityValidationError(f"not a readable activity CSV: {exc}", file=str(path),
                                      fix="write it with carbon.activity.write_activity_csv "
                                          "(UTF-8, comma-separated, one header row)") from None
    for column in TIME_COLUMNS:
        if column in frame.columns:
            text = frame[column].astype(str)
            parsed = parse_iso_utc(text)
            bad = np.flatnonzero(parsed.isna().to_numpy() & frame[column].notna().to_numpy())
            if len(bad):
                raise ActivityValidationError(
                    "not an ISO 8601 time with an offset", file=str(path), row=int(bad[0]) + 2,
                    column=column, value=text.iloc[bad[0]],
                    fix="write times like 2024-04-01T00:00:00Z")
            frame[column] = parsed
    if "calorific_basis" in frame.columns:
        frame["calorific_basis"] = frame["calorific_basis"].replace("", pd.NA)
    return validate_activity(frame, file=str(path))


def write_activity_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write an activity table as canonical CSV (UTC times in ISO 8601), validating it first.

    The file is written whole or not at all (:func:`carbon.spreadsheet.write_atomic`). Text is
    written as it is, not neutralised for spreadsheets: this is the engine's interchange format
    and must read back to the same table (decision 0037).
    """
    from carbon.spreadsheet import write_text

    table = validate_activity(frame)
    out = table.copy()
    for column in TIME_COLUMNS:
        out[column] = out[column].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return write_text(path, str(out.to_csv(index=False, lineterminator="\n")))


def summarise_activity(frame: pd.DataFrame) -> pd.DataFrame:
    """Totals per activity type, in the type's default unit where the dimension allows.

    Quantities are converted once per (activity type, unit) group; a group whose dimension
    differs from the default unit's (litres of a fuel reported in kWh) keeps its unit. Rows with
    status
    ``missing`` are counted but add nothing.

    Parameters
    ----------
    frame : pandas.DataFrame
        A valid activity table.

    Returns
    -------
    pandas.DataFrame
        Columns ``activity_type``, ``rows``, ``quantity`` (in ``unit``), ``unit``,
        ``estimated_share`` (share of the quantity not marked actual, 0-1), sorted by type.
    """
    known = activity_types()
    grouped = (
        frame.assign(
            _q=frame["quantity"].fillna(0.0),
            _est=frame["quantity"].fillna(0.0).where(frame["status"].astype(str) != "actual", 0.0),
        )
        .groupby(["activity_type", "unit"], observed=True, sort=True)
        .agg(rows=("_q", "size"), quantity=("_q", "sum"), estimated=("_est", "sum"))
        .reset_index()
    )
    parts = []
    for row in grouped.itertuples(index=False):
        # Into the default unit when the dimension allows (MWh -> kWh); litres of a fuel whose
        # default is kWh (Gross CV) stay in their own unit: that needs a calorific value.
        target = known[str(row.activity_type)].default_unit
        try:
            factor = units.conversion_factor(str(row.unit), target)
        except DimensionError:
            target, factor = str(row.unit), 1.0
        parts.append({"activity_type": str(row.activity_type), "rows": int(row.rows),
                      "quantity": row.quantity * factor, "unit": target,
                      "estimated": row.estimated * factor})
    if not parts:
        return pd.DataFrame(columns=["activity_type", "rows", "quantity", "unit",
                                     "estimated_share"])
    table = pd.DataFrame(parts).groupby(["activity_type", "unit"], sort=True).sum().reset_index()
    share = np.divide(table["estimated"], table["quantity"],
                      out=np.zeros(len(table)), where=table["quantity"].to_numpy() != 0)
    table["estimated_share"] = np.abs(share)
    return table[["activity_type", "rows", "quantity", "unit", "estimated_share"]]
