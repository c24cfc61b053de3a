"""The inventory result: emission lines with provenance, and views on them.

An :class:`Inventory` wraps one tidy frame of emission lines (one row per period, site, activity
type and emission line) and the run record that produced it. Every view (totals, cube,
intensity, explanation) is computed from that frame, so they always agree.

Footprints are the named boundaries of ``scenarios/footprints.toml`` (read by
:mod:`carbon.footprints`), e.g. ``ghgp_scope_1_2_3`` (lines with scope ``outside`` excluded),
``nhs_carbon_footprint`` (lines tagged ``CF``) and ``nhs_carbon_footprint_plus`` (``CF`` or
``CF_PLUS_ONLY``: adds staff commuting, patient and visitor travel, which is outside the scopes,
and the supply chain), or any report group (``../shared/domain/nhs-carbon-domain.md`` 1.4, 4.6).

Biogenic CO2 (line ``biogenic``, scope ``outside``, footprint ``NONE``) is in no footprint: it is
reported by :meth:`Inventory.biogenic` and excluded from every total and target.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from carbon.errors import ConfigurationError
from carbon.footprints import footprint_mask

if TYPE_CHECKING:
    import xarray as xr

Basis = Literal["location", "market"]
#: Default footprint of totals: GHG Protocol scopes 1-3 (see ``scenarios/footprints.toml``).
DEFAULT_FOOTPRINT = "ghgp_scope_1_2_3"

#: Columns every inventory frame has, in order.
LINE_COLUMNS = (
    "period", "year", "organisation", "site", "activity_type", "line", "scope",
    "scope3_category", "nhs_footprint", "report_group", "quantity", "unit", "tco2e",
    "tco2e_market", "factor_id", "factor_set", "factor_version", "layer", "gwp_basis",
    "factor_value", "factor_unit", "period_policy", "activity_rows", "share_actual",
    "share_estimated", "share_filled",
)
#: Columns of the memo table (money not converted to emissions).
MEMO_COLUMNS = ("period", "year", "month", "organisation", "site", "activity_type", "status",
                "category", "reason", "gbp", "rows")


class Inventory:
    """Emission lines of one or more reporting periods, with the run record that made them.

    Parameters
    ----------
    lines : pandas.DataFrame
        Emission lines with at least :data:`LINE_COLUMNS`; emissions in tCO2e.
    run_record : mapping
        Inputs' checksums, factor sets and versions, policies and package version.
    memo : pandas.DataFrame, optional
        Money reported but not converted to emissions
        (:data:`carbon.accounting.spend.MEMO_COLUMNS`: unmapped and excluded spend, energy
        spend, costs of returns), in GBP.
    """

    def __init__(self, lines: pd.DataFrame, run_record: Mapping[str, Any],
                 memo: pd.DataFrame | None = None) -> None:
        missing = [c for c in LINE_COLUMNS if c not in lines.columns]
        if missing:
            raise ConfigurationError(f"inventory lines lack columns {missing}")
        self._lines = lines.reset_index(drop=True)
        self.run_record: dict[str, Any] = dict(run_record)
        self._memo = (memo if memo is not None else pd.DataFrame(columns=list(MEMO_COLUMNS))
                      ).reset_index(drop=True)

    def __repr__(self) -> str:
        periods = ", ".join(sorted(self._lines["period"].astype(str).unique()))
        total = self.total(DEFAULT_FOOTPRINT)
        return (f"<Inventory {len(self._lines)} lines, periods {periods or '-'}, "
                f"scopes 1-3 {total:,.1f} tCO2e (location-based)>")

    @property
    def periods(self) -> list[str]:
        """Period labels present, sorted."""
        return sorted(self._lines["period"].astype(str).unique())

    def to_frame(self) -> pd.DataFrame:
        """The emission lines as a tidy frame (a copy). Emissions in tCO2e."""
        return self._lines.copy()

    def memo(self) -> pd.DataFrame:
        """Money reported beside the lines but not converted to emissions (a copy). [GBP]"""
        return self._memo.copy()

    def _select(self, footprint: str | None, period: str | None) -> pd.DataFrame:
        frame = self._lines
        if period is not None:
            frame = frame[frame["period"].astype(str) == str(period)]
        if footprint is not None:
            frame = frame[footprint_mask(frame, footprint)]
        return frame

    def total(self, footprint: str = DEFAULT_FOOTPRINT, *, basis: Basis = "location",
              period: str | None = None) -> float:
        """Total emissions of a footprint. [tCO2e]"""
        column = _basis_column(basis)
        return float(self._select(footprint, period)[column].sum())

    def totals(self, by: Sequence[str] | str = ("period",), *,
               footprint: str | None = DEFAULT_FOOTPRINT,
               period: str | None = None) -> pd.DataFrame:
        """Totals by any combination of line columns, both scope 2 bases.

        Parameters
        ----------
        by : str or sequence of str
            Columns to group by, e.g. ``["scope", "site"]`` or ``"report_group"``.
        footprint : str or None
            Restrict to a footprint of ``scenarios/footprints.toml`` or a report group (default
            scopes 1-3); None keeps every line, including
            biogenic CO2 (then group by ``line`` or ``scope`` to keep it apart).
        period : str, optional
            Restrict to one period label.

        Returns
        -------
        pandas.DataFrame
            ``by`` columns, ``tco2e`` (location-based) and ``tco2e_market``. [tCO2e]
        """
        keys = [by] if isinstance(by, str) else list(by)
        unknown = [k for k in keys if k not in self._lines.columns]
        if unknown:
            raise ConfigurationError(f"cannot group by {unknown}",
                                     expected=", ".join(self._lines.columns))
        frame = self._select(footprint, period)
        if not keys:
            return pd.DataFrame({"tco2e": [frame["tco2e"].sum()],
                                 "tco2e_market": [frame["tco2e_market"].sum()]})
        grouped = frame.groupby(keys, sort=True, observed=True, dropna=False)[
            ["tco2e", "tco2e_market"]].sum()
        return grouped.reset_index()

    def biogenic(self, by: Sequence[str] = ("period",)) -> pd.DataFrame:
        """Biogenic CO2 reported outside the scopes, excluded from totals. [tCO2e]"""
        frame = self._lines[self._lines["line"].astype(str) == "biogenic"]
        if frame.empty:
            return pd.DataFrame(columns=[*by, "tco2e"])
        return frame.groupby(list(by), sort=True, observed=True)["tco2e"].sum().reset_index()

    def intensity(self, denominators: pd.DataFrame, *, footprint: str = DEFAULT_FOOTPRINT,
                  basis: Basis = "location") -> pd.DataFrame:
        """Intensity ratios: emissions per unit of a denominator.

        Parameters
        ----------
        denominators : pandas.DataFrame
            Columns ``period``, ``name`` (e.g. ``floor_area``, ``bed_days``,
            ``patient_contacts``, ``spend``), ``value`` and ``unit`` (e.g. ``m2``,
            ``bed_day``, ``patient_contact``, ``GBPm``); optional ``site`` for per-site ratios.
        footprint, basis : str
            Which emissions to divide.

        Returns
        -------
        pandas.DataFrame
            ``period`` (and ``site``), ``name``, ``tco2e``, ``value``, ``unit``, and
            ``intensity`` [tCO2e per unit], ``intensity_unit``.
        """
        required = {"period", "name", "value", "unit"}
        if not required <= set(denominators.columns):
            raise ConfigurationError("denominators need columns period, name, value, unit",
                                     value=list(denominators.columns))
        keys = ["period", "site"] if "site" in denominators.columns else ["period"]
        sums = self.totals(keys, footprint=footprint)
        column = _basis_column(basis)
        merged = denominators.astype({"period": str}).merge(
            sums.astype({"period": str}), on=keys, how="left")
        merged["tco2e"] = merged[column].fillna(0.0)
        values = merged["value"].to_numpy(dtype="float64")
        with np.errstate(divide="ignore", invalid="ignore"):
            merged["intensity"] = np.where(values > 0, merged["tco2e"] / values, np.nan)
        merged["intensity_unit"] = "tCO2e/" + merged["unit"].astype(str)
        return merged[[*keys, "name", "tco2e", "value", "unit", "intensity", "intensity_unit"]]

    def to_xarray(self, dims: Sequence[str] = ("period", "site", "scope", "report_group")
                  ) -> xr.Dataset:
        """The inventory as a cube. [tCO2e]

        Parameters
        ----------
        dims : sequence of str
            Line columns to use as dimensions; lines are summed over the rest.

        Returns
        -------
        xarray.Dataset
            Variables ``tco2e`` (location-based) and ``tco2e_market``, zero where no line
            exists; attributes hold the unit, factor sets and versions, policies and run id.
        """
        import xarray as xr

        grouped = self.totals(list(dims), footprint=None)
        for dim in dims:
            grouped[dim] = grouped[dim].astype(str)
        indexed = grouped.set_index(list(dims))
        dataset = xr.Dataset.from_dataframe(indexed).fillna(0.0)
        dataset.attrs.update(_attributes(self._lines, self.run_record))
        for name in ("tco2e", "tco2e_market"):
            dataset[name].attrs["units"] = "tCO2e"
        dataset["tco2e"].attrs["long_name"] = "emissions, scope 2 location-based"
        dataset["tco2e_market"].attrs["long_name"] = "emissions, scope 2 market-based"
        return dataset

    def explain(self, line: int | Mapping[str, str]) -> dict[str, Any]:
        """Everything behind one figure: activity, factor, provenance and the arithmetic.

        Parameters
        ----------
        line : int or mapping
            Row number of :meth:`to_frame`, or a mapping of key columns (``period``, ``site``,
            ``activity_type``, ``line``; ``organisation`` optional) that selects one line.

        Raises
        ------
        ConfigurationError
            If the selection matches no line or several.
        """
        if isinstance(line, int):
            if not 0 <= line < len(self._lines):
                raise ConfigurationError("no such inventory line", value=line,
                                         expected=f"0..{len(self._lines) - 1}")
            row = self._lines.iloc[line]
        else:
            mask = pd.Series(True, index=self._lines.index)
            for key, value in line.items():
                if key not in self._lines.columns:
                    raise ConfigurationError("unknown column in selection", value=key)
                mask &= self._lines[key].astype(str) == str(value)
            matches = self._lines[mask]
            if len(matches) != 1:
                raise ConfigurationError(
                    f"selection matches {len(matches)} lines", value=dict(line),
                    fix="name period, site, activity_type and line")
            row = matches.iloc[0]
        record = {c: _plain(row[c]) for c in self._lines.columns}
        ratio = row.get("price_index_ratio")
        rebased = (f" x {ratio:.6g} (GBP of {row['price_year_spend']} in "
                   f"{row['price_year_factor']} prices)"
                   if ratio is not None and not pd.isna(ratio) else "")
        record["calculation"] = (
            f"{row['quantity']:,.6g} {row['unit']}{rebased} x {row['factor_value']:.6g} "
            f"{row['factor_unit']} = {row['tco2e']:,.6g} tCO2e")
        record["run_id"] = self.run_record.get("run_id")
        return record


def _basis_column(basis: str) -> str:
    if basis == "location":
        return "tco2e"
    if basis == "market":
        return "tco2e_market"
    raise ConfigurationError("unknown scope 2 basis", value=basis, expected="location or market")


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def _attributes(lines: pd.DataFrame, run_record: Mapping[str, Any]) -> dict[str, Any]:
    sets = sorted({str(s) for s in lines["factor_set"].dropna().unique()})
    return {
        "units": "tCO2e",
        "factor_sets": ", ".join(sets),
        "gwp_basis": ", ".join(sorted({str(g) for g in lines["gwp_basis"].dropna().unique()})),
        "period_policy": ", ".join(sorted({str(p) for p in lines["period_policy"].dropna()
                                           .unique()})),
        "run_id": str(run_record.get("run_id", "")),
        "carbon_version": str(run_record.get("carbon_version", "")),
    }
