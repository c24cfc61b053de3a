"""Assemble the social value document: evaluated metrics, monetised carbon, proxies, PPN rows."""

from __future__ import annotations

from typing import Any

import pandas as pd

from carbon._version import __version__
from carbon.socialvalue.carbon_values import SCENARIOS
from carbon.socialvalue.document import (
    MetricResult,
    MonetisedValue,
    ProcurementRow,
    Provenance,
    ProxyValue,
    SocialValueDocument,
    record_hash,
)
from carbon.socialvalue.evaluate import evaluate_framework, label, measure_series
from carbon.socialvalue.framework import Framework
from carbon.socialvalue.measures import MeasureData
from carbon.socialvalue.monetise import monetise, reductions, sources


def monetised_values(framework: Framework, data: MeasureData, *, year: int, base_year: int,
                     bau: pd.Series | None = None, price_year: int | None = None,
                     carbon_values: str | None = None) -> list[MonetisedValue]:
    """Value the carbon reduced by each ``monetise = true`` metric in ``year``.

    Against the base year when it is held, and against business as usual when ``bau`` (tCO2e
    by year) covers ``year``.
    """
    out = []
    for _, _, metric in framework.metrics():
        if not metric.monetise:
            continue
        emissions = measure_series(metric, data).by_year
        if year not in emissions.index:
            continue
        frames = []
        if base_year in emissions.index:
            frames.append(reductions(emissions, base_year=base_year))
        if bau is not None and year in bau.index:
            frames.append(reductions(emissions, bau=bau))
        cited = sources(price_year, carbon_values)
        for reduced in frames:
            this_year = reduced.loc[reduced["year"] == year]
            if this_year.empty:
                continue
            row = monetise(this_year, price_year=price_year, carbon_values=carbon_values).iloc[0]
            out.append(MonetisedValue(
                metric_id=metric.id, year=year, period=label(year), basis=row["basis"],
                tco2e=float(row["tco2e"]), reference_tco2e=float(row["reference_tco2e"]),
                tco2e_reduced=float(row["tco2e_reduced"]), value_year=int(row["value_year"]),
                price_year=int(row["price_year"]),
                gbp_per_tco2e={s: float(row[f"gbp_per_tco2e_{s}"]) for s in SCENARIOS},
                value_gbp={s: float(row[f"value_gbp_{s}"]) for s in SCENARIOS},
                sources=cited))
    return out


def social_value_document(framework: Framework, data: MeasureData, *, organisation: str,
                          year: int, base_year: int, compliance: pd.DataFrame | None = None,
                          bau: pd.Series | None = None, price_year: int | None = None,
                          run_record: dict[str, Any] | None = None,
                          proxy_values: list[ProxyValue] | None = None,
                          procurement: list[ProcurementRow] | None = None,
                          results: list[MetricResult] | None = None,
                          carbon_values: str | None = None) -> SocialValueDocument:
    """Evaluate a framework and wrap the results with provenance.

    Parameters
    ----------
    framework : Framework
    data : MeasureData
    organisation : str
    year, base_year : int
        Financial-year start years.
    compliance : pandas.DataFrame, optional
        Compliance rows for ``compliance`` targets.
    bau : pandas.Series, optional
        Business as usual emissions by year [tCO2e], for monetising against BAU.
    price_year : int, optional
        Price year of money values (default: the carbon-value table's).
    run_record : dict, optional
        The inventory run record; its ``run_id`` and sha256 go into the provenance.
    proxy_values, procurement : list, optional
        Results of :func:`carbon.socialvalue.proxy.value_with_proxies` and
        :func:`carbon.socialvalue.procurement.apply_procurement_model`.
    results : list of MetricResult, optional
        Already evaluated metrics (evaluated here when omitted).
    carbon_values : str, optional
        Carbon-value table id (the catalogue default when omitted).
    """
    if results is None:
        results = evaluate_framework(framework, data, year=year, base_year=base_year,
                                     compliance=compliance)
    record = run_record or {}
    info = framework.framework
    provenance = Provenance(
        run_id=str(record["run_id"]) if "run_id" in record else None,
        run_record_sha256=record_hash(record) if record else None,
        inventory_years=sorted(int(y) for y in data.inventory["year"].unique()),
        activity_years=sorted(int(y) for y in data.activity["year"].unique()),
        framework_id=info.id, framework_version=info.version, framework_source=info.source,
        framework_verified=info.verified, generated_by=f"carbon {__version__}")
    return SocialValueDocument(
        organisation=organisation, period=label(year), year=year, base_year=base_year,
        framework_name=info.name, provenance=provenance, metrics=results,
        monetisation=monetised_values(framework, data, year=year, base_year=base_year,
                                      bau=bau, price_year=price_year,
                                      carbon_values=carbon_values),
        proxy_values=proxy_values or [], procurement=procurement or [])
