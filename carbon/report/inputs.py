"""Building :class:`ReportInputs`: from frames in memory, or from a folder of contract files.

:func:`assemble_report_inputs` is the library seam: hand it INVENTORY LINES, an activity table,
ANNUAL ACTUALS and the targets engine's rows, and it evaluates the social value framework,
monetises carbon and summarises data quality. :func:`build_report_inputs` is what
``carbon report`` calls; it reads the report-inputs folder (``--inputs DIR``, by default
``WORKSPACE/report-inputs``) whose layout is:

=====================  =========================================================  ========
file                   content                                                    required
=====================  =========================================================  ========
report.toml            organisation, organisation_code, base_year ('2019/20'),     yes
                       framework, price_year, carbon_values, procurement_models,
                       proxy_table, proxy_mapping (paths relative to the folder)
inventory.csv          INVENTORY LINES of every year available                    yes
activity.csv           canonical activity table (``carbon.activity``), all years   yes
annual_actuals.csv     ANNUAL ACTUALS                                             yes
compliance.csv         target, footprint, year, required, actual, gap_tco2e,      no
                       gap_pct, status
trajectory.csv         year, footprint, series, tco2e                             no
completeness.csv       meter_id, month, expected, present, completeness           no
denominators.csv       year, name, value, unit (intensity ratios)                 no
bau.csv                year, tco2e (business as usual, for monetising)            no
run_record.json        the inventory run record                                   no
memo.csv               memo money: unmapped, excluded and energy spend, costs     no
                       of returns (``carbon.accounting.result.MEMO_COLUMNS``)
charts/<id>.json       title, alt, caption, file (a .png or .svg beside it)       no
=====================  =========================================================  ========
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from carbon.accounting.result import MEMO_COLUMNS
from carbon.activity import read_activity_csv
from carbon.config_files import read_toml, validated
from carbon.errors import ConfigurationError, InputFileError, PeriodError
from carbon.periods import parse_period
from carbon.report.model import (
    ACTUALS_COLUMNS,
    COMPLETENESS_COLUMNS,
    COMPLIANCE_COLUMNS,
    DENOMINATOR_COLUMNS,
    ESTIMATED_COLUMNS,
    INVENTORY_COLUMNS,
    TRAJECTORY_COLUMNS,
    Chart,
    DataQuality,
    MediaType,
    ReportInputs,
    check_columns,
)
from carbon.socialvalue import (
    MeasureData,
    annual_activity,
    apply_procurement_model,
    evaluate_framework,
    load_framework,
    load_procurement_model,
    read_proxy_mapping,
    read_proxy_table,
    social_value_document,
    value_with_proxies,
)
from carbon.socialvalue.evaluate import label
from carbon.totals import ActivitySource

INPUTS_FOLDER = "report-inputs"
TEXT_COLUMNS = ("period", "organisation", "site", "activity_type", "line", "scope",
                "nhs_footprint", "report_group", "unit", "factor_id", "factor_set",
                "factor_version", "layer", "gwp_basis", "factor_unit", "period_policy")


class ReportSettings(BaseModel):
    """``report.toml``: who the report is for and which reference data it uses."""

    model_config = ConfigDict(extra="forbid")

    organisation: str
    organisation_code: str = ""
    base_year: str
    framework: str = "nhs-trust-environment"
    price_year: int | None = None
    carbon_values: str | None = None
    procurement_models: list[str] = []
    proxy_table: str | None = None
    proxy_mapping: str | None = None

    @field_validator("base_year")
    @classmethod
    def _financial_year(cls, value: str) -> str:
        try:
            period = parse_period(value)
        except PeriodError as exc:
            raise ValueError(exc.message) from None
        if period.kind != "financial_year":
            raise ValueError("the base year must be a financial year such as '2019/20'")
        return value


def read_report_settings(path: str | Path) -> ReportSettings:
    """Read a ``report.toml``; a bad file raises naming the key, value and fix."""
    return validated(ReportSettings, read_toml(path), file=str(path), what="report settings",
                     fix="see docs/reporting.md, 'report.toml'")


def _empty(columns: Iterable[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=list(columns))


def assemble_report_inputs(
    *, organisation: str, year: int, base_year: int,
    inventory: Mapping[int, pd.DataFrame] | pd.DataFrame,
    activity: pd.DataFrame | ActivitySource,
    annual_actuals: pd.DataFrame, compliance: pd.DataFrame | None = None,
    trajectory: pd.DataFrame | None = None, completeness: pd.DataFrame | None = None,
    denominators: pd.DataFrame | None = None, charts: Iterable[Chart] = (),
    run_record: dict[str, Any] | None = None, bau: pd.Series | None = None,
    framework: str | Path = "nhs-trust-environment", price_year: int | None = None,
    carbon_values: str | None = None, procurement_models: Iterable[str | Path] = (),
    proxy_table: str | Path | None = None, proxy_mapping: str | Path | None = None,
    organisation_code: str = "", memo: pd.DataFrame | None = None,
) -> ReportInputs:
    """Evaluate the social value framework and gather everything a report needs.

    Parameters
    ----------
    organisation : str
    year, base_year : int
        Financial-year start years (2024 for 2024/25).
    inventory : dict of int to DataFrame, or DataFrame
        INVENTORY LINES per year, or one frame of several years (split on ``year``).
    activity : pandas.DataFrame or ActivitySource
        Canonical activity table of the same years (energy, waste and water measures), or a
        source that totals its own rows (the workspace's :class:`carbon.store.Store`).
    annual_actuals : pandas.DataFrame
        ANNUAL ACTUALS.
    compliance, trajectory, completeness, denominators : pandas.DataFrame, optional
        See :mod:`carbon.report.model` for the columns; empty when omitted.
    charts : iterable of Chart
        Pre-rendered charts (``trajectory`` from the targets engine).
    run_record : dict, optional
        The inventory run record (its id and sha256 go into every output).
    bau : pandas.Series, optional
        Business-as-usual tCO2e by year, to monetise reductions against BAU as well.
    framework : str or Path
        Framework preset id or file.
    price_year : int, optional
        Price year for money (the carbon-value table's own when omitted).
    carbon_values : str, optional
        Carbon-value table id.
    procurement_models : iterable of str or Path
        Model preset ids (``ppn-06-20``, ``ppn-002``) or files.
    proxy_table, proxy_mapping : str or Path, optional
        A user's licensed proxy table and its mapping (both or neither).
    organisation_code : str
    memo : pandas.DataFrame, optional
        The inventory's memo money (:meth:`carbon.accounting.result.Inventory.memo`).
    """
    frames = dict(inventory) if isinstance(inventory, Mapping) else {
        int(y): f.reset_index(drop=True) for y, f in inventory.groupby("year")}
    if year not in frames:
        raise ConfigurationError(
            f"no inventory lines for the reporting year {label(year)}",
            value=[label(y) for y in sorted(frames)], fix="run the inventory for that year first")
    all_lines = pd.concat([check_columns(f, INVENTORY_COLUMNS, "inventory lines")
                           for f in frames.values()], ignore_index=True)
    totals = annual_activity(activity, years=frames)
    data = MeasureData(all_lines, totals)
    rows = compliance if compliance is not None else _empty(COMPLIANCE_COLUMNS)
    chosen = load_framework(framework)
    results = evaluate_framework(chosen, data, year=year, base_year=base_year, compliance=rows)
    procurement = [row for model in procurement_models
                   for row in apply_procurement_model(load_procurement_model(model), results)]
    proxies = []
    if (proxy_table is None) != (proxy_mapping is None):
        raise ConfigurationError("a proxy table needs a mapping and a mapping needs a table",
                                 fix="give both proxy_table and proxy_mapping, or neither")
    if proxy_table is not None and proxy_mapping is not None:
        proxies = value_with_proxies(results, read_proxy_table(proxy_table),
                                     read_proxy_mapping(proxy_mapping),
                                     mapping_file=str(proxy_mapping))
    document = social_value_document(
        chosen, data, organisation=organisation, year=year, base_year=base_year,
        compliance=rows, bau=bau, price_year=price_year, run_record=run_record,
        proxy_values=proxies, procurement=procurement, results=results,
        carbon_values=carbon_values)
    estimated = totals.loc[totals["year"] == year, list(ESTIMATED_COLUMNS)].reset_index(drop=True)
    try:
        quality = DataQuality(estimated=estimated, completeness=completeness
                              if completeness is not None else _empty(COMPLETENESS_COLUMNS))
        return ReportInputs(
            organisation=organisation, organisation_code=organisation_code, year=year,
            base_year=base_year, inventory=frames, annual_actuals=annual_actuals,
            compliance=rows, activity_totals=totals, charts=list(charts),
            trajectory=trajectory if trajectory is not None else _empty(TRAJECTORY_COLUMNS),
            denominators=denominators if denominators is not None
            else _empty(DENOMINATOR_COLUMNS),
            social_value=document, data_quality=quality, run_record=run_record or {},
            **({"memo": memo} if memo is not None else {}))
    except ValidationError as exc:
        raise ConfigurationError(f"report inputs are inconsistent: {exc.errors()[0]['msg']}",
                                 fix="check the frames against their contracts "
                                     "(docs/reporting.md)") from None


def read_inventory_csv(path: Path) -> pd.DataFrame:
    """Read INVENTORY LINES written as CSV (text columns as text, ``scope3_category`` Int64)."""
    frame = pd.read_csv(path, dtype=dict.fromkeys(TEXT_COLUMNS, "string"),
                        keep_default_na=False, na_values={"scope3_category": [""]})
    check_columns(frame, INVENTORY_COLUMNS, "inventory lines", file=str(path))
    frame["scope3_category"] = frame["scope3_category"].astype("Int64")
    frame["year"] = frame["year"].astype("int64")
    return frame


def _csv(folder: Path, name: str, columns: tuple[str, ...],
         required: bool = False) -> pd.DataFrame | None:
    path = folder / name
    if not path.is_file():
        if required:
            raise InputFileError("required report input is missing", file=str(path),
                                 fix="write it in its contract layout (docs/reporting.md)")
        return None
    return check_columns(pd.read_csv(path), columns, name, file=str(path))


def _charts(folder: Path) -> list[Chart]:
    charts = []
    for meta in sorted((folder / "charts").glob("*.json")):
        info = json.loads(meta.read_text(encoding="utf-8"))
        image = meta.parent / str(info.get("file", ""))
        if not image.is_file():
            raise InputFileError("chart image file not found", file=str(meta), column="file",
                                 value=info.get("file"), fix="put the PNG or SVG beside it")
        media: MediaType = "image/svg+xml" if image.suffix.lower() == ".svg" else "image/png"
        try:
            charts.append(Chart(id=meta.stem, title=info.get("title", ""),
                                alt=info.get("alt", ""), caption=info.get("caption", ""),
                                media_type=media, data=image.read_bytes()))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InputFileError(f"invalid chart: {first['msg']}", file=str(meta),
                                 column=".".join(map(str, first["loc"]))) from None
    return charts


def read_inputs_folder(folder: str | Path, year: int) -> ReportInputs:
    """Build report inputs from a folder of contract files (layout in the module docstring).

    Raises
    ------
    InputFileError, ConfigurationError
        Naming the file and what is wrong with it.
    """
    root = Path(folder)
    settings_file = root / "report.toml"
    if not settings_file.is_file():
        raise InputFileError("report settings not found", file=str(settings_file),
                             fix="write report.toml with organisation and base_year")
    settings = read_report_settings(settings_file)
    bau = _csv(root, "bau.csv", ("year", "tco2e"))
    record = root / "run_record.json"

    def local(path: str | None) -> Path | None:
        return None if path is None else root / path

    framework = (str(local(settings.framework)) if settings.framework.endswith(".toml")
                 else settings.framework)
    models = [str(local(m)) if m.endswith(".toml") else m for m in settings.procurement_models]
    return assemble_report_inputs(
        organisation=settings.organisation, organisation_code=settings.organisation_code,
        year=year, base_year=financial_year(settings.base_year),
        inventory=read_inventory_csv(root / "inventory.csv"),
        activity=read_activity_csv(root / "activity.csv"),
        annual_actuals=_csv(root, "annual_actuals.csv", ACTUALS_COLUMNS, required=True),
        compliance=_csv(root, "compliance.csv", COMPLIANCE_COLUMNS),
        trajectory=_csv(root, "trajectory.csv", TRAJECTORY_COLUMNS),
        completeness=_csv(root, "completeness.csv", COMPLETENESS_COLUMNS),
        denominators=_csv(root, "denominators.csv", DENOMINATOR_COLUMNS),
        memo=_csv(root, "memo.csv", MEMO_COLUMNS),
        charts=_charts(root),
        run_record=json.loads(record.read_text(encoding="utf-8")) if record.is_file() else None,
        bau=None if bau is None else bau.set_index("year")["tco2e"],
        framework=framework, price_year=settings.price_year,
        carbon_values=settings.carbon_values, procurement_models=models,
        proxy_table=local(settings.proxy_table), proxy_mapping=local(settings.proxy_mapping))


def financial_year(year: str | int) -> int:
    """Start year of an NHS financial year given as a label ('2024/25') or a start year.

    Raises
    ------
    PeriodError
        If the label is a calendar year ('2024' is ambiguous: write '2024/25').
    """
    if isinstance(year, int):
        return year
    period = parse_period(year)
    if period.kind != "financial_year":
        raise PeriodError("reports are for NHS financial years", value=year,
                          expected="a label such as 2024/25")
    return period.start_year


def build_report_inputs(workspace: str | Path, year: str | int,
                        inputs: str | Path | None = None) -> ReportInputs:
    """What ``carbon report`` calls: the report inputs of a workspace for one year.

    With ``inputs`` (a report-inputs folder, layout in the module docstring) the report is
    built from those files; otherwise from the workspace: the activity in its store, the
    inventory and the trajectory against the NHS target (:mod:`carbon.pipeline`), or, when the
    workspace has no store, from its ``report-inputs`` folder.

    Parameters
    ----------
    workspace : str or Path
    year : str or int
        Reporting year ('2024/25', 'FY2024-25' or the start year).
    inputs : str or Path, optional
        A report-inputs folder to use instead of the workspace's store.
    """
    from carbon.store.database import STORE_FILE

    start = financial_year(year)
    if inputs is None and (Path(workspace) / STORE_FILE).is_file():
        from carbon.pipeline import workspace_report_inputs

        return workspace_report_inputs(workspace, start)
    folder = Path(inputs) if inputs is not None else Path(workspace) / INPUTS_FOLDER
    if not folder.is_dir():
        raise InputFileError("no activity store and no report inputs folder", file=str(folder),
                             fix="load data first (carbon load FILE), or pass --inputs DIR "
                                 "(layout in docs/reporting.md)")
    return read_inputs_folder(folder, start)
