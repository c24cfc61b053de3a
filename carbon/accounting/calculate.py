"""Activity x factors -> emission lines: the Scope 1-3 inventory calculation.

The calculation is vectorised and runs at the grain factors need: activity is first aggregated
to (period, site, meter, activity type, unit), apportioning intervals that straddle a boundary by
day; each emission line of each activity type then takes its factor id from the factor map,
factors are resolved once per (period, source) for all lines at once, units are converted once
per distinct (activity unit, factor unit) pair, and whole columns are multiplied.

Every line keeps its provenance: the factor id, the set(s) and versions (with weights under the
``pro-rata`` policy), the layer (base or custom), the GWP basis and the period policy; the run
record (:mod:`carbon.accounting.run_record`) says what went in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from carbon import units
from carbon.accounting import market, money, spend
from carbon.accounting.classification import emission_lines
from carbon.accounting.factor_map import factor_map, families
from carbon.accounting.result import LINE_COLUMNS, Inventory
from carbon.accounting.run_record import build_run_record
from carbon.activity import empty_activity
from carbon.aggregate import Grain
from carbon.errors import ConfigurationError, UnknownFactorError
from carbon.factorsets import FactorSet, load_set, resolve_factors, select_factor_sets
from carbon.factorsets.selection import FactorSelection, Policy
from carbon.periods import ReportingPeriod, parse_period
from carbon.spend.suppliers import SupplierFactors
from carbon.taxonomy import activity_types
from carbon.totals import ActivitySource, activity_totals

_KEYS = ("organisation", "site", "meter_id", "activity_type")
_SORT = ["period", "month", "organisation", "site", "meter_id", "activity_type", "line"]


def inventory(
    activity: pd.DataFrame | ActivitySource,
    periods: ReportingPeriod | str | Iterable[ReportingPeriod | str],
    *,
    family: str = "desnz",
    policy: Policy = "majority",
    pinned: str | Mapping[str, str] | None = None,
    overrides: Sequence[FactorSet] = (),
    gwp_basis: str | None = None,
    on_gwp_missing: Literal["raise", "flag"] = "raise",
    radiative_forcing: bool = True,
    contracts: pd.DataFrame | None = None,
    residual_factor: str | None = None,
    grain: Grain = "period",
    workspace: str | Path | None = None,
    inputs: Mapping[str, str] | None = None,
    suppliers: SupplierFactors | None = None,
    spend_factors: str = "",
) -> Inventory:
    """Compute a Scope 1-3 inventory from an activity table.

    Parameters
    ----------
    activity : pandas.DataFrame or ActivitySource
        Canonical activity table (:mod:`carbon.activity`), e.g. from
        :func:`carbon.store.current_activity`; or a source that aggregates its own activity
        where it lies: a :class:`carbon.store.Store` (in DuckDB, never holding the rows in
        memory), a :class:`carbon.parquet.ParquetActivity` (Parquet exports, file by file or
        on a dask cluster) or a :class:`carbon.readers.source.FileActivity` (input files read
        straight into totals, without a store). Memo types (reactive energy, export, depot EV
        charging already in a site meter) are ignored.
    periods : ReportingPeriod, str or iterable of them
        Reporting periods (``"2024/25"``, ``["2023/24", "2024/25"]``).
    family : {'desnz', 'sdu'}
        Factor family: the UK Government sets, or the NHS SDU table of the reporting portal.
    policy : {'majority', 'pro-rata', 'pinned'}
        Which set(s) apply to a period (:func:`carbon.factorsets.select_factor_sets`).
    pinned : str or mapping, optional
        The set(s) for the ``pinned`` policy.
    overrides : sequence of FactorSet
        Custom sets layered over the selected sets (supplier factors, local overrides).
    gwp_basis : str, optional
        Restate every factor on this GWP basis (``AR5``) from its per-gas parts; by default
        each set's own basis is kept and a run mixing bases is flagged in the warnings.
    on_gwp_missing : {'raise', 'flag'}
        With ``gwp_basis``: a factor published without per-gas parts (well-to-tank factors)
        cannot be restated; raise, or keep its published value and list it in the warnings.
    radiative_forcing : bool
        Use flight factors with the radiative-forcing uplift (default) or without.
    contracts : pandas.DataFrame, optional
        Contractual instruments for market-based Scope 2 (:mod:`carbon.accounting.market`).
    residual_factor : str, optional
        Factor id of the residual mix for consumption without an instrument; without it that
        consumption uses the grid factor (recorded in the run record).
    grain : {'period', 'month'}
        Lines per period, or per month of each period (column ``month``).
    workspace : path-like, optional
        Workspace whose user factor library (imported sets) is searched too.
    inputs : mapping, optional
        Input file name -> sha256, recorded in the run record (with those the source names).
    suppliers : SupplierFactors, optional
        Supplier-specific intensities that replace the spend factor for their suppliers
        (:func:`carbon.spend.read_supplier_factors`).
    spend_factors : str
        Spend factor variant of the factor map: ``""`` (the family's default: Defra EEIO by
        SIC for ``desnz``) or ``sdu`` (the SDU trust factors 2020-21).

    Returns
    -------
    Inventory
        Emission lines in tCO2e (location- and market-based) with provenance, money
        (:mod:`carbon.accounting.money`) and, for spend, price years
        (:mod:`carbon.accounting.spend`); the memo table and the run record.

    Raises
    ------
    UnknownFactorError
        For an activity with no factor in the map for its unit, or a factor a selected set does
        not publish (never a fallback to another year).
    DimensionError
        When an activity unit cannot be converted to its factor's unit.
    """
    chosen = _periods(periods)
    if family not in families():
        raise ConfigurationError("unknown factor family", value=family,
                                 expected=", ".join(families()))
    options: dict[str, Any] = {
        "family": family, "policy": policy, "pinned": pinned, "gwp_basis": gwp_basis,
        "on_gwp_missing": on_gwp_missing,
        "radiative_forcing": radiative_forcing, "grain": grain,
        "overrides": [o.id for o in overrides], "residual_factor": residual_factor,
        "periods": [p.label for p in chosen],
    }
    totals = activity_totals(activity, chosen, keys=_KEYS, grain=grain)
    warnings = list(totals.warnings)
    agg = totals.frame
    known = activity_types()
    # Spend and memo money are priced row by row (carbon.accounting.spend); costs kept with
    # bills ride on their lines; other types that do not emit are left out.
    given = totals.rows
    rows = money.with_costs(given if given is not None and len(given.columns) else
                            empty_activity())
    types = agg["activity_type"]
    kept = ~(spend.is_spend(types) | spend.is_memo_money(types))
    kept &= types.map(lambda k: known[k].emitting if k in known else True).to_numpy(dtype=bool)
    agg = money.line_costs(agg[kept], rows, chosen, keys=_KEYS, grain=grain)
    spent = spend.is_spend(rows["activity_type"]) | spend.is_memo_money(rows["activity_type"])
    lines = _with_factor_ids(_with_lines(agg), family, radiative_forcing, warnings)
    selections = {p.label: select_factor_sets(p, policy, family=family, pinned=pinned,
                                              workspace=workspace) for p in chosen}
    lines, used_sets = _apply_factors(lines, selections, overrides, gwp_basis, on_gwp_missing,
                                      workspace, warnings)
    lines = money.with_method(lines, rows)
    prepared = spend.prepare_spend(
        rows[spent], agg, chosen, family=family, variant=spend_factors,
        selections=selections, overrides=overrides, suppliers=suppliers, grain=grain,
        workspace=workspace)
    if not prepared.lines.empty:
        layered = [*overrides, *prepared.layers]
        part, more = _apply_factors(prepared.lines, selections, layered, gwp_basis,
                                    on_gwp_missing, workspace, warnings)
        lines = pd.concat([lines, spend.finish_spend(part, prepared, workspace)],
                          ignore_index=True)
        used_sets |= more | {layer.id for layer in prepared.layers}
    warnings += prepared.warnings
    options.update(prepared.options)
    lines["tco2e_market"] = _market_tco2e(lines, selections, overrides, gwp_basis, contracts,
                                          residual_factor, workspace, warnings, options)
    # "n/a": a set that states no basis (the SRP clinical-waste factor); kept per line.
    bases = sorted({b for b in lines["gwp_basis"].astype(str) if b and b != "n/a"})
    if len(bases) > 1 and gwp_basis is None:
        warnings.append(f"factor sets of these periods use different GWP bases "
                        f"({', '.join(bases)}); pass gwp_basis to restate them on one basis")
    lines["period_policy"] = policy
    ordered = lines.sort_values(_SORT, kind="stable").reset_index(drop=True)
    extra = ["meter_id", "month", "dimension", *money.LINE_EXTRAS]
    frame = ordered[[*LINE_COLUMNS, *extra]]
    record = build_run_record(
        activity=totals.digest, inputs={**totals.inputs, **(inputs or {})},
        factor_sets={s: _set_summary(s, [*overrides, *prepared.layers], workspace)
                     for s in used_sets},
        selections=[selections[p.label].model_dump(mode="json") for p in chosen],
        options=options, warnings=warnings)
    return Inventory(frame, record, memo=prepared.memo)


def _periods(periods: ReportingPeriod | str | Iterable[ReportingPeriod | str]
             ) -> list[ReportingPeriod]:
    if isinstance(periods, (ReportingPeriod, str)):
        return [parse_period(periods)]
    chosen = [parse_period(p) for p in periods]
    if not chosen:
        raise ConfigurationError("no reporting period given", fix="name at least one, e.g. 2024/25")
    return chosen


def _with_lines(agg: pd.DataFrame) -> pd.DataFrame:
    """One row per (aggregated activity, emission line), with both classifications."""
    classes = emission_lines()[["activity_type", "line", "scope", "scope3_category",
                                "nhs_footprint", "report_group"]]
    lines = agg.merge(classes, on="activity_type", how="inner", validate="many_to_many")
    dims = {u: units.dimension_name(u) or "" for u in lines["unit"].unique()}
    lines["dimension"] = lines["unit"].map(dims)
    return lines


def _with_factor_ids(lines: pd.DataFrame, family: str, radiative_forcing: bool,
                     warnings: list[str]) -> pd.DataFrame:
    table = factor_map()
    variant = "with_rf" if radiative_forcing else "without_rf"
    table = table[(table["family"] == family) & table["variant"].isin(["", variant])]
    merged = lines.merge(table[["activity_type", "line", "dimension", "factor_id", "source",
                                "if_missing", "verified", "notes"]],
                         on=["activity_type", "line", "dimension"], how="left")
    unmapped = merged[merged["factor_id"].isna()]
    if len(unmapped):
        first = unmapped.iloc[0]
        offered = table.loc[table["activity_type"] == first["activity_type"], "dimension"]
        raise UnknownFactorError(
            f"no {family} factor is mapped for {first['activity_type']} ({first['line']} line) "
            f"in {first['unit']} ({first['dimension'] or 'unknown dimension'}); "
            f"{unmapped['activity_type'].nunique()} activity type(s) affected",
            value=sorted(set(unmapped["activity_type"])),
            expected=(f"a quantity in {', '.join(sorted(set(offered)))}" if len(offered)
                      else f"an activity type the {family} family covers"),
            fix="load the data in a unit the factor map covers, choose another factor family, "
                "or add a row to scopes/factor_map.csv")
    assumed = merged[(merged["verified"] == "no") & (merged["notes"].fillna("") != "")]
    for row in assumed[["activity_type", "notes"]].drop_duplicates().itertuples(index=False):
        warnings.append(f"assumption for {row.activity_type}: {row.notes}")
    return merged.drop(columns=["verified", "notes"])


def _source_for(source: str, selection: FactorSelection, gwp_basis: str | None,
                workspace: str | Path | None) -> FactorSelection | str:
    if source == "period":
        return selection
    if source == "gwp":
        basis = gwp_basis or load_set(selection.sets[0].set_id, workspace).info.gwp_basis
        return f"gwp:{basis.lower()}"
    return source


def _apply_factors(lines: pd.DataFrame, selections: Mapping[str, FactorSelection],
                   overrides: Sequence[FactorSet], gwp_basis: str | None,
                   on_gwp_missing: Literal["raise", "flag"], workspace: str | Path | None,
                   warnings: list[str]) -> tuple[pd.DataFrame, set[str]]:
    """Resolve factors per (period, source) and compute location-based tCO2e per line.

    Each distinct factor id is resolved once per period and source; its value, unit and
    provenance are then spread to every line that uses it.
    """
    parts = []
    used: set[str] = set()
    for (period, source), group in lines.groupby(["period", "source"], sort=True):
        chosen = _source_for(str(source), selections[str(period)], gwp_basis, workspace)
        group = _drop_unpublished(group, chosen, overrides, workspace, warnings)
        if group.empty:
            continue
        codes, ids = pd.factorize(group["factor_id"].astype(str), sort=True)
        restate = None if isinstance(chosen, str) and chosen.startswith("gwp:") else gwp_basis
        try:
            resolved = resolve_factors(list(ids), chosen, overrides=overrides,
                                       gwp_basis=restate, on_gwp_missing=on_gwp_missing,
                                       period=str(period), workspace=workspace)
        except UnknownFactorError as exc:
            if isinstance(chosen, str) and chosen.startswith("gwp:"):
                exc.fix = (f"{chosen} has no GWP for this gas, so {period} cannot use its "
                           f"factor set's basis; choose a basis that has it for the whole run "
                           f"(gwp_basis='AR5', or --gwp-basis AR5)")
            raise
        if restate is not None and "gwp_restated" in resolved.columns:
            kept = sorted(set(resolved.loc[~resolved["gwp_restated"].astype(bool),
                                           "factor_id"].astype(str)))
            if kept:
                warnings.append(
                    f"{period}: {len(kept)} factor(s) of {_source_name(chosen)} publish no "
                    f"per-gas parts and keep their published GWP basis instead of {restate} "
                    f"(e.g. {', '.join(kept[:3])})")
        part = _combine(group, _per_factor(resolved, len(ids)), codes)
        if isinstance(chosen, str) and chosen.startswith("gwp:"):
            # A GWP table is its own basis: gas mass x GWP of that assessment report.
            part["gwp_basis"] = chosen.removeprefix("gwp:").upper()
        parts.append(part)
        used.update(resolved["set_id"].astype(str))
        used.update(resolved["layers"].astype(str).str.split(" > ").str[-1])
    if not parts:
        empty = lines.iloc[:0].copy()
        for column in ("tco2e", "factor_value", "factor_unit", "factor_set", "factor_version",
                       "layer", "gwp_basis"):
            empty[column] = pd.Series(dtype=float if column in ("tco2e", "factor_value")
                                      else object)
        return empty, used
    return pd.concat(parts, ignore_index=True), used


def _source_name(chosen: FactorSelection | str) -> str:
    return "+".join(chosen.set_ids) if isinstance(chosen, FactorSelection) else chosen


def _drop_unpublished(group: pd.DataFrame, chosen: FactorSelection | str,
                      overrides: Sequence[FactorSet], workspace: str | Path | None,
                      warnings: list[str]) -> pd.DataFrame:
    """Remove biogenic memo lines whose factor the selected set(s) do not publish."""
    optional = group["if_missing"] == "skip"
    if not optional.any():
        return group
    set_ids = chosen.set_ids if isinstance(chosen, FactorSelection) else [chosen]
    sets = [load_set(s, workspace) for s in set_ids]
    absent = {fid for fid in group.loc[optional, "factor_id"].unique()
              if not (all(fid in s for s in sets) or any(fid in o for o in overrides))}
    drop = optional & group["factor_id"].isin(absent)
    for fid in sorted(absent):
        warnings.append(f"biogenic CO2 not reported for {fid}: not published in "
                        f"{', '.join(set_ids)}")
    return group[~drop]


def _per_factor(resolved: pd.DataFrame, count: int) -> pd.DataFrame:
    """Weighted value (pro-rata sets), units and provenance of each resolved factor id."""
    rows = resolved["row"].to_numpy()
    weight = resolved["weight"].to_numpy(dtype="float64")
    value = resolved["value"].to_numpy(dtype="float64")
    # ``layers`` is the stack, top first ("trust:water > desnz:2024"): its last entry is the
    # selected base set; ``layer`` is the one that supplied the factor.
    base = resolved["layers"].astype(str).str.split(" > ").str[-1]
    supplier = resolved["layer"].astype(str)
    label = resolved.assign(
        tag=np.where(weight < 1, base + "*" + np.char.mod("%.4f", weight), base),
        origin=np.where(supplier == base, "base", "custom:" + supplier))
    out = label.groupby("row", sort=True).agg(
        factor_set=("tag", "+".join),
        factor_version=("set_version", lambda v: "+".join(map(str, v))),
        layer=("origin", lambda v: "+".join(dict.fromkeys(map(str, v)))),
        gwp_basis=("gwp_basis", lambda v: "+".join(dict.fromkeys(map(str, v)))),
        activity_unit=("activity_unit", "first"), numerator_unit=("numerator_unit", "first"))
    out["factor_value"] = np.bincount(rows, weights=weight * value, minlength=count)
    return out.reindex(range(count))


def _combine(group: pd.DataFrame, factors: pd.DataFrame, codes: np.ndarray) -> pd.DataFrame:
    """Factor value and provenance on each line, unit conversion and tCO2e."""
    out = group.reset_index(drop=True)
    taken = factors.iloc[codes]
    for column in ("factor_value", "factor_set", "factor_version", "layer", "gwp_basis"):
        out[column] = taken[column].to_numpy()
    activity_unit = taken["activity_unit"].astype(str).to_numpy()
    numerator = taken["numerator_unit"].astype(str).to_numpy()
    out["factor_unit"] = (taken["numerator_unit"].astype(str) + "/"
                          + taken["activity_unit"].astype(str)).to_numpy()
    kinds = out["activity_type"].astype(str).to_numpy()
    ids = out["factor_id"].astype(str).to_numpy()
    convert = _pair_factors(out["unit"].astype(str).to_numpy(), activity_unit, kinds, ids)
    to_tonnes = _pair_factors(numerator, np.full(len(out), "tCO2e"), kinds, ids)
    out["tco2e"] = out["quantity"].to_numpy(dtype="float64") * convert * out[
        "factor_value"].to_numpy(dtype="float64") * to_tonnes
    return out


def _pair_factors(src: np.ndarray, dst: np.ndarray, kinds: np.ndarray,
                  factor_ids: np.ndarray) -> np.ndarray:
    """Unit conversion multipliers, computed once per distinct (source, target) pair."""
    if len(src) == 0:
        return np.empty(0, dtype="float64")
    a, a_names = pd.factorize(pd.Series(src, dtype=object))
    b, b_names = pd.factorize(pd.Series(dst, dtype=object))
    pairs, first, inverse = np.unique(a.astype("int64") * len(b_names) + b, return_index=True,
                                      return_inverse=True)
    factors = np.array([units.conversion_factor(
        a_names[pair // len(b_names)], b_names[pair % len(b_names)],
        context=f"{kinds[i]} with factor {factor_ids[i]}") for pair, i in zip(pairs, first,
                                                                              strict=True)])
    return factors[inverse.reshape(-1)]


def _market_tco2e(lines: pd.DataFrame, selections: Mapping[str, FactorSelection],
                  overrides: Sequence[FactorSet], gwp_basis: str | None,
                  contracts: pd.DataFrame | None, residual_factor: str | None,
                  workspace: str | Path | None, warnings: list[str],
                  options: dict[str, Any]) -> np.ndarray:
    """Market-based tCO2e: contract instruments and residual factor on Scope 2 generation.

    A meter's own instruments apply when it has any in the period, else its site's; the
    uncovered share takes the residual factor (or the line's location-based factor).
    """
    result = lines["tco2e"].to_numpy(dtype="float64").copy()
    eligible = ((lines["scope"].astype(str) == "2") & (lines["line"] == "generation")
                & lines["activity_type"].isin(market.CONTRACT_TYPES)).to_numpy()
    if not eligible.any():
        return result
    periods = [parse_period(p) for p in selections]
    cover = (market.coverage(market.check_contracts(contracts), periods)
             if contracts is not None else pd.DataFrame(columns=["period", "key", "factor_id",
                                                                 "instrument", "evidence",
                                                                 "share"]))
    options["contracts"] = cover.drop(columns=["period"]).drop_duplicates().to_dict("records")
    if residual_factor is None:
        warnings.append("market-based Scope 2: consumption without a contractual instrument uses "
                        "the location-based grid factor (no residual mix supplied)")
    factors = _market_factor_values(cover, residual_factor, selections, overrides, gwp_basis,
                                    workspace)
    # Everything on a per-kWh basis: quantity in kWh, factors in kgCO2e/kWh, result in tCO2e.
    rows = np.flatnonzero(eligible)
    part = lines.iloc[rows]
    kinds = part["activity_type"].astype(str).to_numpy()
    ids = part["factor_id"].astype(str).to_numpy()
    kwh = part["quantity"].to_numpy(dtype="float64") * _pair_factors(
        part["unit"].astype(str).to_numpy(), np.full(len(part), "kWh"), kinds, ids)
    location = part["factor_value"].to_numpy(dtype="float64") * _pair_factors(
        part["factor_unit"].astype(str).to_numpy(), np.full(len(part), "kgCO2e/kWh"), kinds, ids)
    period = part["period"].astype(str).to_numpy(dtype=object)
    residual = np.array([factors.get((p, "residual"), np.nan) for p in period], dtype="float64")
    rest = np.where(np.isnan(residual), location, residual)
    covered, share = _instrument_cover(cover, factors, period,
                                       part["meter_id"].astype(str).to_numpy(dtype=object),
                                       part["site"].astype(str).to_numpy(dtype=object))
    to_tonnes = units.conversion_factor("kgCO2e", "tCO2e")
    result[rows] = kwh * (covered + (1.0 - share) * rest) * to_tonnes
    return result


def _instrument_cover(cover: pd.DataFrame, factors: Mapping[tuple[str, str], float],
                      period: np.ndarray, meter: np.ndarray, site: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Per line: sum of share x instrument factor [kgCO2e/kWh] and the share covered (0-1)."""
    if cover.empty:
        return np.zeros(len(period)), np.zeros(len(period))
    weighted = cover.assign(kg=[s * factors[(p, f)] for p, f, s in zip(
        cover["period"], cover["factor_id"], cover["share"], strict=True)])
    by_key = weighted.groupby(["period", "key"], sort=False)[["kg", "share"]].sum()
    lines = pd.DataFrame({"period": period, "meter": "meter:" + pd.Series(meter, dtype=object),
                          "site": "site:" + pd.Series(site, dtype=object)})
    on_meter = lines.merge(by_key, how="left", left_on=["period", "meter"], right_index=True)
    on_site = lines.merge(by_key, how="left", left_on=["period", "site"], right_index=True)
    own = on_meter["share"].notna().to_numpy()
    kg = np.where(own, on_meter["kg"], on_site["kg"].fillna(0.0))
    share = np.where(own, on_meter["share"], on_site["share"].fillna(0.0))
    return kg.astype("float64"), share.astype("float64")


def _market_factor_values(cover: pd.DataFrame, residual: str | None,
                          selections: Mapping[str, FactorSelection],
                          overrides: Sequence[FactorSet], gwp_basis: str | None,
                          workspace: str | Path | None) -> dict[tuple[str, str], float]:
    """Contract and residual factor values per period, in kgCO2e/kWh (checked unit)."""
    values: dict[tuple[str, str], float] = {}
    for period, selection in selections.items():
        wanted = sorted(set(cover.loc[cover["period"] == period, "factor_id"]))
        names = [*wanted, *([residual] if residual else [])]
        if not names:
            continue
        resolved = resolve_factors(names, selection, overrides=overrides, gwp_basis=gwp_basis,
                                   period=period, workspace=workspace)
        for row, name in enumerate(names):
            part = resolved[resolved["row"] == row]
            first = part.iloc[0]
            unit = f"{first['numerator_unit']}/{first['activity_unit']}"
            scale = units.conversion_factor(unit, "kgCO2e/kWh",
                                            context=f"market-based factor {name}")
            total = float((part["weight"] * part["value"]).sum()) * scale
            values[(period, "residual" if residual and row == len(wanted) else name)] = total
    return values


def _set_summary(set_id: str, overrides: Sequence[FactorSet],
                 workspace: str | Path | None) -> dict[str, Any]:
    given = {o.id: o for o in overrides}
    info = given[set_id].info if set_id in given else load_set(set_id, workspace).info
    summary: dict[str, Any] = {"title": info.title, "version": info.version,
                               "gwp_basis": info.gwp_basis,
               "licence": info.licence, "source_file": info.source_file,
               "source_sha256": info.source_sha256}
    if info.currency_basis is not None:
        summary |= {"currency_basis": info.currency_basis, "price_year": info.price_year,
                    "price_basis_verified": info.price_basis_verified}
    return summary
