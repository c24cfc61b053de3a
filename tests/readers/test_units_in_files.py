"""Units written in files: unknown units and wrong dimensions are quarantined row by row."""

from __future__ import annotations

from pathlib import Path

from carbon.readers import LoadOptions, read_file

CANONICAL = ("organisation,site,meter_id,activity_type,period_start,period_end,quantity,unit,"
             "status,source_file,source_row,batch_id\n")


def test_canonical_rows_with_bad_units_are_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "activity.csv"
    rows = [("electricity.grid", "100", "kWh"), ("electricity.grid", "100", "furlong"),
            ("electricity.grid", "100", "litres"), ("fuel.natural_gas", "5", "kWh (Net CV)"),
            ("fuel.natural_gas", "5", "m3"), ("electricity.grid", "-4", "MWh")]
    path.write_text(CANONICAL + "".join(
        f"RXX,S1,M1,{kind},2024-04-01T00:00:00Z,2024-05-01T00:00:00Z,{q},{unit},actual,x,1,b\n"
        for kind, q, unit in rows))
    result = read_file(path, LoadOptions())
    assert (result.rows_in, result.rows_accepted, result.rows_quarantined) == (6, 3, 3)
    reasons = result.quarantine.set_index("source_row")[["column", "value", "reason"]]
    assert reasons.loc[3].tolist()[:2] == ["unit", "furlong"]
    assert reasons.loc[4].tolist()[:2] == ["unit", "litres"]
    assert reasons.loc[7].tolist() == ["quantity", "-4.0", "negative quantity"]
    accepted = result.activity
    assert accepted["unit"].astype(str).tolist() == ["kWh", "kWh (Net CV)", "m3"]
    assert accepted["calorific_basis"].isna().tolist() == [True, False, True]
    assert accepted["calorific_basis"].iloc[1] == "net"


def test_travel_and_fleet_units(tmp_path: Path) -> None:
    travel = tmp_path / "travel.csv"
    travel.write_text("period,mode,vehicle_size,fuel_type,distance,distance_unit\n"
                      "2024-04,Car,Medium,Petrol,100,miles\n"
                      "2024-04,Car,Medium,Petrol,100,parsecs\n"
                      "2024-04,Car,Medium,Petrol,100,kWh\n")
    result = read_file(travel, LoadOptions())
    assert result.rows_accepted == 1
    assert set(result.quarantine["reason"]) == {"unknown distance unit"}
    fleet = tmp_path / "fleet.csv"
    fleet.write_text("transaction_date,vehicle_reg,product,quantity,unit\n"
                     "01/04/2024,AB12CDE,Diesel (B7),40,litres\n"
                     "01/04/2024,AB12CDE,Diesel (B7),40,()\n")
    result = read_file(fleet, LoadOptions())
    assert result.rows_accepted == 1 and result.quarantine["reason"].tolist() == ["unknown unit"]
