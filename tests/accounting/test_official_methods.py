"""Inventories of real-shaped and official inputs, checked against hand computations.

The expected figures are computed here from the raw files with plain pandas, independently of
the readers and of the inventory code, and multiplied by the published factor cells.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbon.accounting.calculate import inventory
from carbon.readers import LoadOptions
from carbon.store import Store, activity_for_periods, load_file

SAMPLE_OPTIONS = {"hh_wide_hh01.csv": LoadOptions(timezone="UTC")}
SAMPLES = ("meters_and_sites.csv", "hh_wide_edf_style.csv", "hh_wide_hh01.csv",
           "hh_long_utc.csv", "register_reads_electric.csv", "gas_monthly.csv",
           "oil_deliveries.csv", "water.csv", "waste.csv", "travel.csv", "anaesthetic_gases.csv",
           "fleet_fuel.csv")


@pytest.fixture(scope="module")
def samples_inventory(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> object:
    workspace = tmp_path_factory.mktemp("samples")
    store = Store(workspace)
    for name in SAMPLES:
        load_file(store, samples_dir / name, SAMPLE_OPTIONS.get(name))
    activity, _ = activity_for_periods(workspace, ["2023/24", "2024/25"])
    return inventory(activity, ["2023/24", "2024/25"], workspace=workspace)


def lines(inv: object, kind: str, name: str, period: str) -> pd.DataFrame:
    frame = inv.to_frame()  # type: ignore[attr-defined]
    return frame[(frame["activity_type"] == kind) & (frame["line"] == name)
                 & (frame["period"] == period)]


def test_every_sample_contributes(samples_inventory: object) -> None:
    kinds = set(samples_inventory.to_frame()["activity_type"])  # type: ignore[attr-defined]
    for expected in ("electricity.grid", "fuel.natural_gas", "fuel.gas_oil", "fuel.burning_oil",
                     "water.supply", "water.treatment", "waste.clinical.hti",
                     "waste.clinical.alternative_treatment", "travel.rail.national",
                     "travel.air.short_haul_economy", "anaesthetic.desflurane",
                     "anaesthetic.entonox", "fleet.diesel", "fleet.electricity_public"):
        assert expected in kinds, expected
    # Memo quantities never emit: reactive energy, depot EV charging already in S01's meter.
    assert not kinds & {"electricity.reactive", "fleet.electricity_depot"}


def test_flight_hand_computed(samples_inventory: object) -> None:
    # MAN-AMS-MAN, 973 passenger.km, June 2024: short-haul economy with RF, desnz:2024.
    flight = lines(samples_inventory, "travel.air.short_haul_economy", "travel", "2024/25")
    assert flight["tco2e"].sum() == pytest.approx(973 * 0.18287 / 1000)


def test_desflurane_bottles_hand_computed(samples_dir: Path, samples_inventory: object) -> None:
    raw = pd.read_csv(samples_dir / "anaesthetic_gases.csv")
    des = raw[(raw["agent"] == "desflurane") & raw["month"].between("2023-04", "2024-03")]
    bottles = des["quantity"].sum()  # issues net of the returned bottle in January 2024
    kg = bottles * 0.240 * 1.465  # 240 mL at 1.465 kg/L (factors/anaesthetic_agents.csv)
    line = lines(samples_inventory, "anaesthetic.desflurane", "process", "2023/24")
    assert line["quantity"].sum() == pytest.approx(kg)
    assert line["tco2e"].sum() == pytest.approx(kg * 1790 / 1000)  # AR5, basis of desnz:2023


def test_half_hourly_electricity_hand_computed(samples_dir: Path,
                                               samples_inventory: object) -> None:
    raw = pd.read_csv(samples_dir / "hh_wide_edf_style.csv", dtype=str)
    s01 = raw[(raw["MPAN"] == "1505751609251") & (raw["Measurement Type"] == "AI")]
    dates = pd.to_datetime(s01["Settlement Date"], format="%d-%m-%Y")
    in_year = s01[(dates >= "2024-04-01") & (dates < "2025-04-01")]
    values = in_year.iloc[:, 4:54].apply(pd.to_numeric, errors="coerce")
    kwh = float(values.sum().sum())
    gen = lines(samples_inventory, "electricity.grid", "generation", "2024/25")
    gen = gen[gen["site"] == "S01"]
    assert gen["quantity"].sum() == pytest.approx(kwh)
    assert gen["tco2e"].sum() == pytest.approx(kwh * 0.20705 / 1000)


def test_gas_bills_apportioned_by_day_hand_computed(samples_dir: Path,
                                                    samples_inventory: object) -> None:
    raw = pd.read_csv(samples_dir / "gas_monthly.csv")
    bills = raw[raw["site_code"] == "S01"]
    start = pd.to_datetime(bills["read_date_from"], format="%d/%m/%Y")
    end = pd.to_datetime(bills["read_date_to"], format="%d/%m/%Y")
    kwh = bills["units_used"] * 1.02264 * bills["calorific_value_mj_m3"] / 3.6
    lo, hi = pd.Timestamp("2024-04-01"), pd.Timestamp("2025-04-01")
    days_in = (end.clip(upper=hi) - start.clip(lower=lo)).dt.days.clip(lower=0)
    expected = float((kwh * days_in / (end - start).dt.days).sum())
    gas = lines(samples_inventory, "fuel.natural_gas", "combustion", "2024/25")
    gas = gas[gas["site"] == "S01"]
    assert gas["quantity"].sum() == pytest.approx(expected, rel=1e-9)
    assert gas["tco2e"].sum() == pytest.approx(expected * 0.1829 / 1000, rel=1e-9)


@pytest.mark.official_data
def test_nhs_portal_method_on_an_eric_return(shared_dir: Path, tmp_path: Path) -> None:
    # The NHS reporting portal applied the SDU factor table to NHS financial years; ERIC
    # 2016-17 for trust RGT, SDU 2016-17 column (domain doc 4.4).
    eric = shared_dir / "data" / "eric" / "eric-2016-17-hefs-13944-trust-site-pfi.xls"
    load_file(Store(tmp_path), eric, LoadOptions(layout="eric", trust="RGT"))
    activity, _ = activity_for_periods(tmp_path, ["2016/17"])
    inv = inventory(activity, "2016/17", family="sdu")
    quantity = activity.groupby("activity_type", observed=True)["quantity"].sum()
    totals = inv.totals("activity_type").set_index("activity_type")["tco2e"]
    electricity = quantity["electricity.grid"] * (0.41205 + 0.03727 + 0.06188 + 0.00560)
    gas = quantity["fuel.natural_gas"] * (0.183997 + 0.02499)
    assert totals["electricity.grid"] == pytest.approx(electricity / 1000, rel=1e-6)
    assert totals["fuel.natural_gas"] == pytest.approx(gas / 1000, rel=1e-5)
    assert totals["water.supply"] == pytest.approx(quantity["water.supply"] * 0.344 / 1000)
    assert totals["water.treatment"] == pytest.approx(quantity["water.treatment"] * 0.708
                                                      / 1000)
    assert quantity["electricity.grid"] == 33_391_817  # the trust's ERIC S08_02 field
    assert {s["set_id"] for s in inv.run_record["selections"][0]["sets"]} == {"sdu:2016-17"}
