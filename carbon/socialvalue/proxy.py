"""User-supplied proxy-value tables (licensed frameworks such as the National TOMs).

Proxy values of commercial frameworks are licensed (TOMs: CC BY-NC-ND) and revised every year,
so none ships with the engine. A user supplies two files:

* a proxy table, CSV with columns :data:`PROXY_COLUMNS`::

      measure_id,description,unit,proxy_value_gbp,price_year,licence
      ENV-01,Carbon emissions saved,tCO2e,250.00,2024,Licensed to Example Trust

* a mapping, TOML binding framework metrics to the table's measure ids::

      [[map]]
      metric = "carbon_cf_tco2e"        # a framework metric id
      quantity = "reduction_vs_base"    # or "value"
      measure_id = "ENV-01"

The value of a mapped quantity is ``quantity (converted to the proxy unit) * proxy_value_gbp``
in the table's price year; the licence travels with every value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

from carbon import units
from carbon.config_files import read_toml, validated
from carbon.errors import ConfigurationError, DimensionError, InputFileError
from carbon.socialvalue.document import MetricResult, ProxyValue

PROXY_COLUMNS = ("measure_id", "description", "unit", "proxy_value_gbp", "price_year", "licence")
HEADER_LINES = 1


@dataclass(frozen=True)
class ProxyTable:
    """A validated proxy table: ``frame`` indexed by ``measure_id``, the file and line numbers."""

    frame: pd.DataFrame
    file: str

    def row_of(self, measure_id: str) -> int:
        """1-based line of a measure in the file (header = 1)."""
        return int(self.frame.loc[measure_id, "_line"])


def read_proxy_table(path: str | Path) -> ProxyTable:
    """Read and check a proxy table.

    Raises
    ------
    InputFileError, UnitError
        Naming file, row, column, value and fix: a missing column, a blank or repeated measure
        id, an unknown unit, a proxy value that is not a non-negative number, a price year that
        is not a year, or a blank licence.
    """
    name = str(path)
    raw = pd.read_csv(path, dtype="string", keep_default_na=False)
    missing = [c for c in PROXY_COLUMNS if c not in raw.columns]
    if missing:
        raise InputFileError(f"proxy table lacks column(s) {', '.join(missing)}", file=name,
                             expected=", ".join(PROXY_COLUMNS),
                             fix="add the columns (docs/reporting.md, 'Proxy tables')")
    raw = raw.assign(_line=range(HEADER_LINES + 1, HEADER_LINES + 1 + len(raw)))
    for column in ("measure_id", "licence", "unit"):
        blank = raw[column].str.strip() == ""
        if blank.any():
            line = int(raw.loc[blank, "_line"].iloc[0])
            raise InputFileError(f"blank {column}", file=name, row=line, column=column,
                                 fix=f"fill in the {column} of every row")
    repeated = raw["measure_id"].duplicated()
    if repeated.any():
        line = int(raw.loc[repeated, "_line"].iloc[0])
        raise InputFileError("measure id repeated", file=name, row=line, column="measure_id",
                             value=str(raw.loc[repeated, "measure_id"].iloc[0]),
                             fix="keep one row per measure id (one table per edition)")
    for text, lines in raw.groupby("unit", sort=True)["_line"]:
        units.parse_unit(str(text), file=name, row=int(lines.iloc[0]), column="unit")
    value = pd.to_numeric(raw["proxy_value_gbp"], errors="coerce")
    year = pd.to_numeric(raw["price_year"], errors="coerce")
    _check(raw, value.isna() | (value < 0), "proxy_value_gbp", "not a non-negative number",
           "write the value in GBP per unit without a currency sign", name)
    _check(raw, year.isna() | (year % 1 != 0) | (year < 1990) | (year > 2100), "price_year",
           "not a price year", "write the four-digit year of the prices (e.g. 2024)", name)
    frame = raw.assign(proxy_value_gbp=value.astype("float64"), price_year=year.astype("int64"))
    return ProxyTable(frame.set_index("measure_id", drop=False), name)


def _check(raw: pd.DataFrame, bad: pd.Series, column: str, reason: str, fix: str,
           name: str) -> None:
    if bad.any():
        first = raw.loc[bad].iloc[0]
        raise InputFileError(reason, file=name, row=int(first["_line"]), column=column,
                             value=str(first[column]), fix=fix)


class ProxyMapping(BaseModel):
    """One mapping row: which quantity of which framework metric a measure id values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: str
    quantity: Literal["value", "reduction_vs_base"] = "value"
    measure_id: str


def read_proxy_mapping(path: str | Path) -> list[ProxyMapping]:
    """Read a mapping TOML (``[[map]]`` rows).

    Raises
    ------
    ConfigurationError
        Naming the file and the ``map[i]`` entry.
    """
    name = str(path)
    data = read_toml(path)
    rows = [validated(ProxyMapping, entry, file=name, what="mapping", key_prefix=f"map[{i}].")
            for i, entry in enumerate(data.get("map", []))]
    if not rows:
        raise ConfigurationError("the mapping has no [[map]] rows", file=name,
                                 fix="add one [[map]] table per metric to value")
    return rows


def value_with_proxies(results: list[MetricResult], table: ProxyTable,
                       mapping: list[ProxyMapping], *, mapping_file: str) -> list[ProxyValue]:
    """Value framework metrics with a proxy table through a mapping.

    Raises
    ------
    ConfigurationError
        A mapping names a metric the framework does not have, or a measure id the proxy table
        does not have.
    DimensionError
        The metric's unit cannot be converted to the proxy measure's unit.
    """
    by_id = {r.metric_id: r for r in results}
    out = []
    for i, row in enumerate(mapping):
        result = by_id.get(row.metric)
        if result is None:
            raise ConfigurationError("unknown framework metric", file=mapping_file,
                                     column=f"map[{i}].metric", value=row.metric,
                                     expected=", ".join(sorted(by_id)))
        if row.measure_id not in table.frame.index:
            raise ConfigurationError(
                f"measure id not in the proxy table {table.file}", file=mapping_file,
                column=f"map[{i}].measure_id", value=row.measure_id,
                expected=", ".join(sorted(table.frame.index)),
                fix="correct the id or use the proxy table edition that defines it")
        quantity, unit = _quantity(result, row.quantity)
        if quantity is None:
            continue
        proxy = table.frame.loc[row.measure_id]
        try:
            factor = units.conversion_factor(unit, str(proxy["unit"]))
        except DimensionError as exc:
            raise DimensionError(
                f"metric {row.metric} is in {unit}, which cannot be valued per "
                f"{proxy['unit']} ({exc.message})", file=table.file,
                row=table.row_of(row.measure_id), column="unit", value=str(proxy["unit"]),
                fix=f"map {row.metric} to a measure in a unit of the same dimension as {unit}",
            ) from None
        amount = quantity * factor
        out.append(ProxyValue(
            metric_id=row.metric, quantity=row.quantity, measure_id=row.measure_id,
            description=str(proxy["description"]), quantity_value=amount,
            unit=str(proxy["unit"]), proxy_gbp_per_unit=float(proxy["proxy_value_gbp"]),
            price_year=int(proxy["price_year"]),
            value_gbp=amount * float(proxy["proxy_value_gbp"]), licence=str(proxy["licence"]),
            table=Path(table.file).name))
    return out


def _quantity(result: MetricResult, quantity: str) -> tuple[float | None, str]:
    if quantity == "value":
        if result.comparison != "level" or result.unit == "%":
            raise ConfigurationError(
                f"metric {result.metric_id} is a percentage and cannot be valued",
                value=result.unit, fix="map a level metric (tCO2e, tonnes, m3 ...)")
        return result.value, result.unit
    if result.measure_value is None or result.base_measure_value is None:
        return None, result.measure_unit
    return result.base_measure_value - result.measure_value, result.measure_unit
