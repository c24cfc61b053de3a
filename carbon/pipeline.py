"""The one way through, for a workspace: store -> inventory -> trajectory -> report.

Each stage is its own library function on plain data (:func:`carbon.store.current_activity`,
:func:`carbon.inventory`, :func:`carbon.trajectory.trajectory`,
:func:`carbon.report.assemble_report_inputs`); this module only strings them together for a
workspace, which is what the ``carbon`` commands do when no input file is given. The store
totals its own rows (:meth:`carbon.store.Store.totals`), so the readings are never read into
memory: a workspace of ten million half-hours reports in the memory of its totals.

A workspace may hold ``report.toml`` (organisation name and code, base year, social value
framework ...; the schema of :class:`carbon.report.inputs.ReportSettings`). Without it the
organisation is named by its code in the activity and the base year is the earliest financial
year in the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from carbon.accounting.calculate import inventory
from carbon.accounting.exports import annual_actuals, projection_baseline
from carbon.errors import ConfigurationError
from carbon.periods import ReportingPeriod, parse_period
from carbon.spend.suppliers import SupplierFactors, read_supplier_factors
from carbon.store.database import Store
from carbon.store.span import financial_years

if TYPE_CHECKING:
    from carbon.accounting.result import Inventory
    from carbon.report.inputs import ReportSettings
    from carbon.report.model import ReportInputs
    from carbon.trajectory import TrajectoryResult

SETTINGS_FILE = "report.toml"
#: Supplier-specific intensities of a workspace (:mod:`carbon.spend.suppliers`), used when present.
SUPPLIERS_FILE = "supplier_factors.csv"
#: Target the report and the trajectory command check by default.
DEFAULT_TARGET = "nhs-carbon-footprint"


def workspace_suppliers(workspace: str | Path) -> SupplierFactors | None:
    """The workspace's supplier-specific intensities (``supplier_factors.csv``), if any."""
    path = Path(workspace) / SUPPLIERS_FILE
    return read_supplier_factors(path) if path.is_file() else None


def workspace_inventory(workspace: str | Path,
                        years: Sequence[ReportingPeriod | str] | None = None,
                        **options: Any) -> Inventory:
    """The inventory of a workspace's store, for the given years or every year it holds.

    ``options`` are those of :func:`carbon.inventory` (family, policy, gwp_basis ...); the
    workspace's ``supplier_factors.csv`` is used unless ``suppliers`` is given.
    """
    periods = [parse_period(y) for y in years] if years else financial_years(workspace)
    if not periods:
        raise ConfigurationError("the store holds no activity", value=str(workspace),
                                 fix="load data first (carbon load FILE)")
    options.setdefault("suppliers", workspace_suppliers(workspace))
    return inventory(Store.existing(workspace), periods, workspace=workspace,
                     **with_one_gwp_basis(periods, options, workspace))


def with_one_gwp_basis(periods: Sequence[ReportingPeriod], options: dict[str, Any],
                       workspace: str | Path) -> dict[str, Any]:
    """Options with one GWP basis for every year: the latest year's set's, unless given.

    A trajectory compares years, so they are put on one basis (domain doc 4.7): factors with
    per-gas parts are restated, those without (well-to-tank) keep their published value and are
    listed in the run record's warnings, and gases (anaesthetic agents, propellants) use that
    basis's GWPs in every year.
    """
    if options.get("gwp_basis"):
        return options
    from carbon.factorsets import load_set, select_factor_sets

    family = str(options.get("family", "desnz"))
    if family != "desnz":
        return options
    latest = select_factor_sets(max(periods, key=lambda p: p.start_year),
                                options.get("policy", "majority"), family=family,
                                pinned=options.get("pinned"), workspace=workspace)
    basis = load_set(latest.sets[-1].set_id, workspace).info.gwp_basis
    return {**options, "gwp_basis": basis, "on_gwp_missing": "flag"}


def workspace_actuals(workspace: str | Path, **options: Any) -> pd.DataFrame:
    """ANNUAL ACTUALS (:mod:`carbon.trajectory_inputs`) of every year in the store."""
    return annual_actuals(workspace_inventory(workspace, **options))


def workspace_baseline(workspace: str | Path, year: str | None = None,
                       **options: Any) -> tuple[pd.DataFrame, str]:
    """PROJECTION BASELINE of one year (default: the latest in the store) and its label."""
    period = parse_period(year) if year else financial_years(workspace)[-1]
    inv = workspace_inventory(workspace, [period], **options)
    return projection_baseline(inv, period.label), period.label


def workspace_settings(workspace: str | Path, organisations: Sequence[str] = (),
                       base_year: str | None = None) -> ReportSettings:
    """``WORKSPACE/report.toml``, or defaults: the organisation codes given (those of the
    activity) and the earliest financial year in the store."""
    from carbon.report.inputs import ReportSettings, read_report_settings

    path = Path(workspace) / SETTINGS_FILE
    if path.is_file():
        return read_report_settings(path)
    codes = sorted(set(organisations))
    years = financial_years(workspace)
    return ReportSettings(organisation=", ".join(codes) or "organisation",
                          organisation_code=", ".join(codes),
                          base_year=base_year or years[0].label)


def target_reading(target: str, base_year: str) -> Literal["both", "own_baseline"]:
    """Both readings of a national target when the national reference has the base year (the
    share of the national trajectory needs its level), else the own-baseline reading only."""
    from carbon.presets import get_preset, national_reference

    preset = get_preset(target)
    levels = national_reference().get(preset.footprint, {})
    if getattr(preset, "base", "") == "trust" or parse_period(base_year).start_year in levels:
        return "both"
    return "own_baseline"


def compliance_rows(result: TrajectoryResult) -> pd.DataFrame:
    """The trajectory engine's yearly checks as the report's compliance rows.

    A window target is checked at both ends of its window; each end becomes its own row
    (``target (earliest end)``), so the report rates the year against the strictest.
    """
    table = result.table
    table = table[table["status"].isin(["on_track", "at_risk", "off_track"])]
    footprints = {t.id: t.footprint for t in result.targets}
    name = table["target"].astype(str)
    return pd.DataFrame({
        "target": name + " (" + table["check"].astype(str) + " end)",
        "footprint": name.map(lambda n: footprints.get(n, "")),
        "year": table["year"].astype(int), "required": table["required"],
        "actual": table["actual"], "gap_tco2e": table["gap"],
        "gap_pct": 100.0 * table["gap_pct"], "status": table["status"]}).reset_index(drop=True)


def workspace_report_inputs(workspace: str | Path, year: str | int,
                            target: str = DEFAULT_TARGET) -> ReportInputs:
    """Everything a board report needs, computed from the workspace's store.

    Parameters
    ----------
    workspace : str or Path
    year : str or int
        Reporting year (``2024/25`` or its start year).
    target : str
        Target preset checked and drawn (``scenarios/targets.toml``).
    """
    from carbon.completeness import from_counts
    from carbon.report.inputs import assemble_report_inputs, financial_year
    from carbon.report.model import Chart
    from carbon.store.aggregate import completeness_counts
    from carbon.trajectory import trajectory

    periods = financial_years(workspace)
    start = financial_year(year)
    if start not in [p.start_year for p in periods]:
        raise ConfigurationError("the store holds no activity for the reporting year",
                                 value=str(year), expected=", ".join(p.label for p in periods))
    store = Store.existing(workspace)
    inv = inventory(store, periods, workspace=workspace,
                    suppliers=workspace_suppliers(workspace),
                    **with_one_gwp_basis(periods, {}, workspace))
    lines = inv.to_frame()
    settings = workspace_settings(workspace, lines["organisation"].astype(str).unique())
    actuals = annual_actuals(inv)
    result = trajectory(actuals, target, base_year=settings.base_year,
                        reading=target_reading(target, settings.base_year))
    charts = [Chart.rendered("trajectory", result.chart())]
    return assemble_report_inputs(
        organisation=settings.organisation, organisation_code=settings.organisation_code,
        year=start, base_year=financial_year(settings.base_year), inventory=lines,
        activity=store, annual_actuals=actuals, compliance=compliance_rows(result),
        completeness=from_counts([completeness_counts(store, periods)]), charts=charts,
        run_record=inv.run_record,
        framework=settings.framework, price_year=settings.price_year,
        carbon_values=settings.carbon_values, procurement_models=settings.procurement_models,
        memo=inv.memo())
