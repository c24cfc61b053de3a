"""Every sample file of ../shared/samples loads with the documented command: counts and totals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbon.errors import InputFileError
from carbon.readers import LoadOptions, LoadResult, read_file

METERS = {"1505751609251": "S01", "1531782939250": "S02", "1585407536002": "S03",
          "1586297163266": "S03", "6132619484": "S01", "5310652987": "S02",
          "3100417286W1A": "S01", "3100963145W1X": "S02", "3101288790W1C": "S03"}


def load(samples: Path, name: str, **options: object) -> LoadResult:
    return read_file(samples / name, LoadOptions(**options), meters=METERS)


def test_edf_wide_clock_changes_and_channels(samples_dir: Path) -> None:
    result = load(samples_dir, "hh_wide_edf_style.csv")
    a = result.activity
    assert (result.layout, result.count_unit) == ("hh_wide", "reading")
    assert result.rows_in == result.rows_accepted == len(a) == 105_264
    per = a.groupby(["meter_id", "activity_type"], observed=True).size()
    assert per.tolist() == [35_088, 35_088, 35_088]
    long_day = a[a["local_date"] == "2024-10-27"]
    short_day = a[a["local_date"] == "2025-03-30"]
    assert long_day.groupby("meter_id", observed=True).size().tolist() == [100, 50]
    assert short_day.groupby("meter_id", observed=True).size().tolist() == [92, 46]
    sp5 = long_day[(long_day["settlement_period"] == 5) & (long_day["channel"] == "AI")]
    assert (sp5["period_start"] == pd.Timestamp("2024-10-27T01:00Z")).all()
    assert (sp5["source_column"] == "02:00").all()
    sp3 = short_day[short_day["settlement_period"] == 3]
    assert (sp3["period_start"] == pd.Timestamp("2025-03-30T01:00Z")).all()
    reactive = a[a["activity_type"] == "electricity.reactive"]
    assert set(reactive["unit"]) == {"kVArh"} and set(reactive["channel"]) == {"RI"}
    assert int((a["status"] == "estimated").sum()) == 4 * 48 * 2 + 48 + 2 * 48
    raw = pd.read_csv(samples_dir / "hh_wide_edf_style.csv", dtype=str)
    ai = raw[(raw["MPAN"] == "1585407536002") & (raw["Measurement Type"] == "AI")]
    hand = pd.to_numeric(ai.iloc[:, 4:54].to_numpy().ravel(), errors="coerce")
    hand = float(np.nansum(hand))
    got = a[(a["meter_id"] == "1585407536002")]["quantity"].sum()
    assert got == pytest.approx(hand, rel=1e-12)


def test_hh01_needs_a_declared_timezone(samples_dir: Path) -> None:
    with pytest.raises(InputFileError, match="--timezone UTC"):
        load(samples_dir, "hh_wide_hh01.csv")


def test_hh01_utc_days_gaps_and_duplicate_day(samples_dir: Path) -> None:
    result = load(samples_dir, "hh_wide_hh01.csv", timezone="UTC")
    a = result.activity
    assert result.rows_in == 702 * 48 and result.rows_quarantined == 48
    assert result.rows_accepted == len(a) == 701 * 48
    assert result.quarantine["reason"].str.contains("identical duplicate").all()
    assert int((a["status"] == "missing").sum()) == 66
    assert a["quantity"].isna().sum() == 66
    first = a.iloc[0]
    assert first["period_start"] == pd.Timestamp("2023-03-31T00:00Z")
    summer = a[a["period_start"] == pd.Timestamp("2023-06-01T06:30Z")]
    assert summer["settlement_period"].item() == 16  # 07:30 BST


def test_long_utc_march(samples_dir: Path) -> None:
    result = load(samples_dir, "hh_long_utc.csv")
    a = result.activity
    assert result.rows_in == result.rows_accepted == 1486
    assert a["period_start"].min() == pd.Timestamp("2025-03-01T00:00Z")
    assert a["period_end"].max() == pd.Timestamp("2025-03-31T23:00Z")
    assert int((a["status"] == "estimated").sum()) == 13
    assert a[a["local_date"] == "2025-03-30"]["settlement_period"].max() == 46


def test_register_reads_rollover_and_exchange(samples_dir: Path) -> None:
    result = load(samples_dir, "register_reads_electric.csv")
    a = result.activity
    assert (result.count_unit, result.rows_in, result.rows_accepted) == ("read", 27, 27)
    assert len(a) == 25  # 27 reads - 2 opening reads (one per meter)
    rolled = a[a["rollover"]]
    assert rolled["quantity"].item() == 10**6 - 998258 + 1879
    assert set(a["record_key"]) == {"E10P0417253/1", "23P0912846/1"}
    new = a[a["record_key"] == "23P0912846/1"]
    assert new["period_start"].min() == pd.Timestamp("2024-11-14T00:00Z")
    assert new["quantity"].iloc[0] == 2470 - 3
    assert a["quantity"].sum() == (10**6 - 982417 + 34153) + (17881 - 3)
    estimated = a[a["status"] == "estimated"]
    assert len(estimated) == 2 and (result.warnings["value"] == "E").any()


def test_gas_bills_recomputed_and_supplier_error_flagged(samples_dir: Path) -> None:
    result = load(samples_dir, "gas_monthly.csv")
    a = result.activity
    assert result.rows_in == result.rows_accepted == 50
    bill = a[a["bill_ref"] == "NCH-S02-202411"]
    assert bill["quantity"].item() == pytest.approx(3323 * 2.83 * 1.02264 * 39.1 / 3.6)
    flagged = result.warnings[result.warnings["message"].str.contains("supplier billed")]
    assert flagged["source_row"].tolist() == [46]
    assert set(a["unit"]) == {"kWh_gross"} and set(a["calorific_basis"]) == {"gross"}
    assert (a["period_end"].iloc[:-1].to_numpy()[:24] == a["period_start"].iloc[1:25]
            .to_numpy()).all()  # read-to-read: contiguous


def test_oil_water_waste_travel(samples_dir: Path) -> None:
    oil = load(samples_dir, "oil_deliveries.csv")
    assert oil.rows_accepted == 17 and oil.activity["quantity"].sum() == 114_240
    assert any("used on the day of delivery" in s for s in oil.assumptions)
    water = load(samples_dir, "water.csv")
    w = water.activity
    assert water.rows_in == water.rows_accepted == 40 and len(w) == 80
    s02 = w[(w["site"] == "S02")].groupby("activity_type", observed=True)["quantity"].sum()
    assert s02["water.treatment"] == pytest.approx(0.8 * s02["water.supply"])
    assert (w[(w["site"] == "S01") & (w["activity_type"] == "water.treatment")]["status"]
            == "actual").all()
    waste = load(samples_dir, "waste.csv")
    assert waste.rows_in == waste.rows_accepted == 512
    raw = pd.read_csv(samples_dir / "waste.csv")
    assert waste.activity["quantity"].sum() == pytest.approx(raw["tonnes"].sum())
    assert set(waste.activity[waste.activity["meter_id"].str.contains("sharps")][
        "activity_type"]) == {"waste.clinical.hti"}
    travel = load(samples_dir, "travel.csv")
    t = travel.activity
    assert travel.rows_accepted == 265
    assert t[t["activity_type"] == "travel.air.short_haul_economy"]["quantity"].item() == 973
    assert set(t[t["activity_type"].str.startswith("travel.car")]["unit"]) == {"miles"}
    assert "travel.car.medium_bev" in set(t["activity_type"])


def test_anaesthetic_gases_mass_entonox_and_returns(samples_dir: Path) -> None:
    result = load(samples_dir, "anaesthetic_gases.csv")
    a = result.activity
    assert result.rows_accepted == 100 and set(a["unit"]) == {"kg"}
    raw = pd.read_csv(samples_dir / "anaesthetic_gases.csv")
    entonox_litres = raw[raw["agent"].str.contains("50:50")]["quantity"].sum()
    entonox = a[a["activity_type"] == "anaesthetic.entonox"]["quantity"].sum()
    assert entonox == pytest.approx(entonox_litres * 0.5 * 0.001875)
    des = raw[raw["agent"] == "desflurane"]["quantity"].sum()
    assert a[a["activity_type"] == "anaesthetic.desflurane"]["quantity"].sum() == (
        pytest.approx(des * 0.240 * 1.465))
    assert (a["quantity"] < 0).sum() == 1  # the returned bottle nets off


def test_fleet_fuel_depot_charging_is_memo(samples_dir: Path) -> None:
    result = load(samples_dir, "fleet_fuel.csv")
    a = result.activity
    assert result.rows_accepted == 999
    depot = a[a["activity_type"] == "fleet.electricity_depot"]
    assert len(depot) == 418 and set(depot["site"]) == {"S01"}
    assert len(a[a["activity_type"] == "fleet.electricity_public"]) == 186


def test_meter_schedule(samples_dir: Path) -> None:
    result = load(samples_dir, "meters_and_sites.csv")
    assert result.rows_accepted == 11 and result.activity.empty
    assert result.reference is not None
    assert result.reference.set_index("meter_id")["site"]["1586297163266"] == "S03"


@pytest.mark.official_data
def test_eric_trust_loads_whole_return(shared_dir: Path) -> None:
    path = shared_dir / "data" / "eric" / "eric-2016-17-hefs-13944-trust-site-pfi.xls"
    result = read_file(path, LoadOptions(layout="eric", trust="R1A"))
    a = result.activity
    assert result.count_unit == "value" and result.rows_in == result.rows_accepted
    assert set(a["organisation"]) == {"R1A"} and len(set(a["site"])) > 1
    assert (a["period_start"] == pd.Timestamp("2016-03-31T23:00Z")).all()
    supply = a[a["activity_type"] == "water.supply"]["quantity"].sum()
    treated = a[a["activity_type"] == "water.treatment"]["quantity"].sum()
    assert treated == pytest.approx(0.8 * supply)
    for year in ("2013-14", "2014-15", "2015-16"):
        csv = shared_dir / "data" / "eric" / f"eric-{year}-trust-level-dollar-delimited.csv"
        trust = read_file(csv, LoadOptions(trust="R1A"))
        assert trust.layout == "eric" and np.isin(
            ["electricity.grid", "fuel.natural_gas"], trust.activity["activity_type"]).all()
