"""Money beside carbon: costs from bills through the inventory, cost per kWh and per tCO2e,
data-quality tiers, and ERIC costs as memo money."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbon.accounting.calculate import inventory
from carbon.accounting.money import cost_summary
from carbon.readers import LoadOptions, read_file
from carbon.store import Store, activity_for_periods, load_file

GAS = ("mprn,site_code,read_date_from,read_date_to,units_used,calorific_value_mj_m3,"
       "meter_units,cost_gbp\n")


def gas_bills(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "gas.csv"
    path.write_text(GAS + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def half_hours(kwh: float) -> pd.DataFrame:
    start = pd.date_range("2024-04-01", periods=48 * 30, freq="30min", tz="UTC")
    return pd.DataFrame({
        "organisation": "RXX", "site": "S1", "meter_id": "MPAN1",
        "activity_type": "electricity.grid", "period_start": start,
        "period_end": start + pd.Timedelta(minutes=30), "quantity": kwh / len(start),
        "unit": "kWh", "status": "actual", "source_file": "hh.csv", "source_row": 2,
        "batch_id": "hh"})


def test_bill_costs_reach_the_lines_and_the_summary(tmp_path: Path) -> None:
    path = gas_bills(tmp_path, [
        "7165102003,S1,01/04/2024,30/04/2024,1000,39.5,m3,\"£1,234.50\"",
        "7165102003,S1,01/05/2024,31/05/2024,800,39.5,m3,",
        "7165102003,S1,01/06/2024,30/06/2024,900,39.5,m3,not known"])
    result = read_file(path, LoadOptions(organisation="RXX"))
    assert result.rows_accepted == 3 and len(result.warnings) == 1  # the bad cost warned
    activity = pd.concat([result.activity, half_hours(30_000.0)], ignore_index=True)
    lines = inventory(activity, "2024/25").to_frame()
    gas = lines[(lines["activity_type"] == "fuel.natural_gas")]
    kwh = result.activity["quantity"].to_numpy()
    assert np.allclose(gas["cost_gbp"], 1234.5)
    assert np.allclose(gas["cost_share"], kwh[0] / kwh.sum())
    assert (gas["method_tier"] == "SC").all()
    electricity = lines[lines["activity_type"] == "electricity.grid"]
    assert (electricity["method_tier"] == "OC").all() and electricity["cost_gbp"].isna().all()
    summary = cost_summary(lines).set_index("report_group").loc["building_energy"]
    assert summary["cost_gbp"] == pytest.approx(1234.5)  # counted once, not per gas line
    assert summary["gbp_per_kwh"] == pytest.approx(1234.5 / kwh[0])
    costed = gas["tco2e"].sum() * kwh[0] / kwh.sum()
    assert summary["gbp_per_tco2e"] == pytest.approx(1234.5 / costed)
    assert summary["kwh"] == pytest.approx(kwh.sum() + 30_000.0)
    assert summary["cost_coverage"] == pytest.approx(costed / summary["tco2e"])


def test_costs_survive_the_store(tmp_path: Path) -> None:
    path = gas_bills(tmp_path, ["7165102003,S1,01/04/2024,30/04/2024,1000,39.5,m3,100.00"])
    load_file(Store(tmp_path / "ws"), path, LoadOptions(organisation="RXX"))
    activity, _ = activity_for_periods(tmp_path / "ws", ["2024/25"])
    lines = inventory(activity, "2024/25").to_frame()
    assert (lines["cost_gbp"] == 100.0).all() and (lines["cost_share"] == 1.0).all()


def test_water_bill_costs_split_or_whole(tmp_path: Path) -> None:
    path = tmp_path / "water.csv"
    path.write_text("spid,site_code,period_from,period_to,water_supply_m3,sewage_m3,"
                    "water_cost_gbp,sewerage_cost_gbp\n"
                    "W1,S1,01/04/2024,30/06/2024,300,250,600,450\n", encoding="utf-8")
    a = read_file(path, LoadOptions(organisation="RXX")).activity.set_index("activity_type")
    assert a.loc["water.supply", "cost_gbp"] == 600 and a.loc["water.treatment",
                                                              "cost_gbp"] == 450


@pytest.mark.official_data
def test_eric_costs_are_memo_money(shared_dir: Path) -> None:
    path = shared_dir / "data" / "eric" / "eric-2016-17-hefs-13944-trust-site-pfi.xls"
    activity = read_file(path, LoadOptions(layout="eric", trust="RGT")).activity
    raw = pd.read_excel(path, sheet_name="Site Data", header=1, engine="calamine")
    raw = raw[raw["Organisation Code"] == "RGT"]
    inv = inventory(activity, "2016/17")
    memo = inv.memo().set_index("activity_type")["gbp"].groupby(level=0).sum()
    assert memo["cost.energy"] == pytest.approx(
        pd.to_numeric(raw["Energy costs (all energy supplies) (£)"], errors="coerce").sum())
    waste = ["Landfill disposal cost (£)", "Incineration disposal cost (£)",
             "Waste reycling cost (£)", "Other recovery cost (£)"]
    assert memo["cost.waste"] == pytest.approx(
        np.nansum(raw[waste].apply(pd.to_numeric, errors="coerce").to_numpy()))
    costs = cost_summary(inv.to_frame(), inv.memo()).set_index("report_group")
    assert costs.loc["building_energy", "cost_gbp"] == pytest.approx(memo["cost.energy"])
    assert 0.01 < costs.loc["building_energy", "gbp_per_kwh"] < 1.0
