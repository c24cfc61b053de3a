"""Spend-based Scope 3 in the inventory, checked against hand computations on the sample
ledger (tests/data/procurement_ledger_2023_24.csv, written by make_procurement_ledger.py)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon import resources
from carbon.accounting.calculate import inventory
from carbon.accounting.result import Inventory
from carbon.errors import ConfigurationError
from carbon.factorsets import load_set
from carbon.readers import LoadOptions, read_file
from carbon.spend import read_supplier_factors

DATA = Path(__file__).resolve().parents[1] / "data"
LEDGER = DATA / "procurement_ledger_2023_24.csv"
PERIOD = "2023/24"


def deflator(year: int) -> float:
    text = resources.read_text("carbon.scenarios", "social_value/gdp-deflator-hmt-2025-12.csv")
    return float(pd.read_csv(io.StringIO(text)).set_index("year")["index"][year])


def eeio(code: str) -> float:
    return float(load_set("defra-eeio:2022").table.loc[f"sic/{code}/gbp", "value"])


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    """The ledger as a person reads it (pandas, no engine code)."""
    frame = pd.read_csv(LEDGER, dtype=str, keep_default_na=False)
    frame["amount"] = frame["amount_gbp"].astype(float)
    return frame


@pytest.fixture(scope="module")
def activity() -> pd.DataFrame:
    return read_file(LEDGER, LoadOptions(organisation="RZZ")).activity


@pytest.fixture(scope="module")
def suppliers():  # type: ignore[no-untyped-def]
    return read_supplier_factors(DATA / "supplier_factors.csv")


@pytest.fixture(scope="module")
def inv(activity: pd.DataFrame, suppliers) -> Inventory:  # type: ignore[no-untyped-def]
    return inventory(activity, PERIOD, suppliers=suppliers)


def line(inv: Inventory, kind: str, method: str = "spend") -> pd.Series:
    frame = inv.to_frame()
    (row,) = frame.index[(frame["activity_type"] == kind) & (frame["method"] == method)]
    return frame.loc[row]


def test_pharmaceuticals_are_scope_3_category_1_with_provenance(inv: Inventory,
                                                                ledger: pd.DataFrame) -> None:
    pharma = ledger[ledger["eclass_code"].str.startswith("D")
                    | (ledger["category"] == "Medical gases")]["amount"].sum()
    ratio = deflator(2022) / deflator(2023)
    got = line(inv, "spend.pharmaceuticals")
    assert got["tco2e"] == pytest.approx(pharma * ratio * eeio("21") / 1000, rel=1e-12)
    assert (got["scope"], got["scope3_category"], got["nhs_footprint"],
            got["report_group"]) == ("3", 1, "CF_PLUS_ONLY", "medicines_and_chemicals")
    assert (got["factor_id"], got["factor_set"], got["layer"]) == ("sic/21/gbp",
                                                                  "defra-eeio:2022", "base")
    assert (got["quantity"], got["unit"], got["cost_gbp"]) == (pytest.approx(pharma), "GBP",
                                                               pytest.approx(pharma))
    assert (got["price_year_spend"], got["price_year_factor"]) == ("2023", "2022")
    assert got["price_index_ratio"] == pytest.approx(ratio, rel=1e-12)
    assert (got["method"], got["method_tier"]) == ("spend", "RC")
    assert got["activity_rows"] == 52
    explained = inv.explain({"period": PERIOD, "activity_type": "spend.pharmaceuticals"})
    assert "(GBP of 2023 in 2022 prices)" in explained["calculation"]


def test_supplier_specific_factor_overrides_the_category(inv: Inventory,
                                                         ledger: pd.DataFrame) -> None:
    kestrel = ledger["supplier"] == "Kestrel Medical Supplies Ltd"
    equipment = ledger["eclass_code"].str[:1].isin(list("EFGIJK"))
    ratio = deflator(2022) / deflator(2023)
    own = line(inv, "spend.medical_equipment", "supplier_specific")
    # 0.25 kgCO2e/GBP in 2022 prices, tests/data/supplier_factors.csv (credit note included)
    assert own["tco2e"] == pytest.approx(ledger[kestrel]["amount"].sum() * ratio * 0.25 / 1000)
    assert own["supplier"] == "Kestrel Medical Supplies Ltd"
    assert own["layer"] == "custom:supplier:supplier-factors"
    assert own["factor_id"] == "supplier/kestrel-medical-supplies/gbp"
    rest = line(inv, "spend.medical_equipment")
    assert rest["tco2e"] == pytest.approx(
        ledger[equipment & ~kestrel]["amount"].sum() * ratio * eeio("32") / 1000)
    assert inv.run_record["factor_sets"]["supplier:supplier-factors"]["source_sha256"]


def test_nothing_is_dropped(inv: Inventory, ledger: pd.DataFrame) -> None:
    counted = inv.to_frame()["quantity"].sum()
    memo = inv.memo()
    assert counted + memo["gbp"].sum() == pytest.approx(ledger["amount"].sum(), abs=1e-6)
    unmapped = memo[memo["status"] == "unmapped"].set_index("category")["gbp"]
    hand = ledger[ledger["supplier"].isin(["Riverside Borough Council",
                                           "Royal College Subscriptions",
                                           "Hillview Staff Lottery"])]
    assert unmapped.sum() == pytest.approx(hand["amount"].sum())
    assert set(unmapped.index) == {"Business rates", "Subscriptions", "NAB"}
    energy = memo[memo["activity_type"] == "spend.energy"]["gbp"].sum()
    assert energy == pytest.approx(ledger[ledger["eclass_code"] == "LAA"]["amount"].sum())
    assert any("unmapped" in w and "not in the totals" in w
               for w in inv.run_record["warnings"])


def test_carbon_footprint_plus_includes_the_supply_chain(inv: Inventory) -> None:
    lines = inv.to_frame()
    assert inv.total("nhs_carbon_footprint_plus") == pytest.approx(lines["tco2e"].sum())
    plus_only = lines[lines["nhs_footprint"] == "CF_PLUS_ONLY"]["tco2e"].sum()
    assert plus_only > 0 and inv.total("nhs_carbon_footprint_plus") - inv.total(
        "nhs_carbon_footprint") == pytest.approx(plus_only)
    groups = set(inv.totals("report_group", footprint="supply_chain")["report_group"])
    assert groups == {"medicines_and_chemicals", "medical_equipment", "non_medical_equipment",
                      "other_supply_chain"}


def _rows(kind: str, unit: str, quantity: float, organisation: str = "RZZ",
          start: str = "2023-06-01", days: int = 30) -> pd.DataFrame:
    return pd.DataFrame({
        "organisation": organisation, "site": "R01", "meter_id": "M1", "activity_type": kind,
        "period_start": pd.Timestamp(start, tz="UTC"),
        "period_end": pd.Timestamp(start, tz="UTC") + pd.Timedelta(days=days),
        "quantity": quantity, "unit": unit, "status": "actual", "source_file": "x.csv",
        "source_row": 2, "batch_id": "b"}, index=[0])


def test_hybrid_exclusions_against_hand_computation(activity: pd.DataFrame,
                                                    ledger: pd.DataFrame,
                                                    suppliers) -> None:  # type: ignore[no-untyped-def]
    metered = pd.concat([activity, _rows("water.supply", "m3", 1000.0),
                         _rows("waste.general.landfill", "tonne", 2.0),
                         _rows("travel.rail.national", "passenger_km", 500.0, "OTHER")],
                        ignore_index=True)
    inv = inventory(metered, PERIOD, suppliers=suppliers)
    lines, memo = inv.to_frame(), inv.memo()
    kinds = set(lines["activity_type"])
    assert "spend.water_and_sanitation" not in kinds and "spend.waste_services" not in kinds
    assert "spend.business_travel" in kinds  # rail of another organisation covers nothing
    excluded = memo[memo["status"] == "excluded"].set_index("activity_type")["gbp"]
    assert excluded["spend.water_and_sanitation"] == pytest.approx(
        ledger[ledger["category"] == "36.00"]["amount"].sum())
    assert excluded["spend.waste_services"] == pytest.approx(
        ledger[ledger["category"] == "Clinical waste collection"]["amount"].sum())
    before = inventory(activity, PERIOD, suppliers=suppliers).to_frame()
    kept = before[~before["activity_type"].isin(["spend.water_and_sanitation",
                                                 "spend.waste_services"])]
    spend = lines[lines["activity_type"].str.startswith("spend.")]
    assert spend["tco2e"].sum() == pytest.approx(kept["tco2e"].sum(), rel=1e-12)
    assert any("excluded by the hybrid rules" in w for w in inv.run_record["warnings"])


def test_sdu_spend_factors_have_no_price_year(activity: pd.DataFrame, ledger: pd.DataFrame
                                              ) -> None:
    inv = inventory(activity, PERIOD, spend_factors="sdu")
    got = line(inv, "spend.pharmaceuticals")
    pharma = ledger[ledger["eclass_code"].str.startswith("D")
                    | (ledger["category"] == "Medical gases")]["amount"].sum()
    sdu = load_set("sdu:2020-21").factor("sdu-trust/pharmaceuticals/gbp").value
    assert got["tco2e"] == pytest.approx(pharma * sdu / 1000, rel=1e-12)  # not re-based
    assert got["price_year_factor"] == "unknown" and np.isnan(got["price_index_ratio"])
    assert got["factor_set"] == "sdu:2020-21"
    warnings = " ".join(inv.run_record["warnings"])
    assert "not re-based" in warnings and "sdu:2020-21: price basis not verified" in warnings


def test_a_price_year_beyond_the_deflator_is_an_error(activity: pd.DataFrame) -> None:
    late = activity.copy()
    late["price_year"] = 2030.0
    with pytest.raises(ConfigurationError, match="2030"):
        inventory(late, PERIOD)


def test_same_inputs_same_lines_and_run_id(activity: pd.DataFrame, inv: Inventory,
                                           suppliers) -> None:  # type: ignore[no-untyped-def]
    again = inventory(activity, PERIOD, suppliers=suppliers)
    pd.testing.assert_frame_equal(again.to_frame(), inv.to_frame())
    assert again.run_record["run_id"] == inv.run_record["run_id"]


def test_month_grain_adds_up(activity: pd.DataFrame, inv: Inventory,
                             suppliers) -> None:  # type: ignore[no-untyped-def]
    monthly = inventory(activity, PERIOD, suppliers=suppliers, grain="month").to_frame()
    assert monthly["month"].nunique() == 12
    assert monthly["tco2e"].sum() == pytest.approx(inv.to_frame()["tco2e"].sum(), rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["21", "26", "86", "36", "Rates"]),
                          st.floats(min_value=-500, max_value=1e6, allow_nan=False),
                          st.sampled_from(["2023-05-03", "2023-11-30", "2024-03-29"])),
                min_size=1, max_size=12))
def test_every_pound_is_counted_or_reported(rows: list[tuple[str, float, str]]) -> None:
    frame = pd.concat([_rows("spend.unmapped", "GBP", a, start=d, days=1).assign(category=c)
                       for c, a, d in rows], ignore_index=True)
    from carbon.spend import classify

    mapped = classify(frame["category"])
    frame["activity_type"] = np.where(mapped == "", "spend.unmapped", mapped)
    inv = inventory(frame, PERIOD)
    lines = inv.to_frame()
    total = lines["quantity"].sum() + inv.memo()["gbp"].sum()
    assert total == pytest.approx(frame["quantity"].sum(), abs=1e-6)
    ratio = deflator(2022) / deflator(2023)
    factors = {"spend.pharmaceuticals": "21", "spend.ict": "26",
               "spend.commissioned_health_care": "86", "spend.water_and_sanitation": "36"}
    hand = sum(q * ratio * eeio(factors[k]) / 1000
               for k, q in zip(frame["activity_type"], frame["quantity"], strict=True)
               if k in factors)
    assert lines["tco2e"].sum() == pytest.approx(hand, rel=1e-9, abs=1e-9)
