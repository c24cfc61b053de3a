from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbon.errors import InputFileError, UnitError
from carbon.factorsets.desnz_rows import RAW_COLUMNS, assemble, gas_of


def _rows(*rows: tuple) -> pd.DataFrame:
    """Rows of (scope, level_1, level_2, level_3, uom, ghg, value)."""
    records = []
    for number, (scope, l1, l2, l3, uom, ghg, value) in enumerate(rows, start=6):
        records.append({"scope": scope, "level_1": l1, "level_2": l2, "level_3": l3,
                        "level_4": "", "column_text": "", "uom": uom, "ghg": ghg,
                        "value": value, "source_ref": f"Factors by Category!I{number}",
                        "desnz_id": ""})
    return pd.DataFrame(records, columns=list(RAW_COLUMNS))


GAS = ("Scope 1", "Fuels", "Gaseous fuels", "Natural gas", "kWh (Gross CV)")


def test_gas_labels_of_every_edition() -> None:
    assert gas_of("kg CO2e") == "total"
    assert [gas_of(x) for x in ("kg CH4", "kg CO2e of CH4", "kg CO2e of CH4 per unit")] == \
        ["ch4"] * 3
    assert gas_of("kg CO2") == "co2" and gas_of("kg CO2e of N2O per unit") == "n2o"
    assert gas_of("kWh (Net CV)") is None and gas_of("`") is None


def test_total_and_parts_become_one_factor() -> None:
    table, excluded = assemble(_rows((*GAS, "kg CO2e", 0.18254), (*GAS, "kg CO2e of CO2", 0.18219),
                                     (*GAS, "kg CO2e of CH4", 0.00025),
                                     (*GAS, "kg CO2e of N2O", 0.0001)),
                               file="f.xls", gwp_basis="AR4")
    assert excluded == 0 and len(table) == 1
    row = table.loc["fuels/gaseous-fuels/natural-gas/kwh-gross-cv"]
    assert (row["value"], row["co2"], row["ch4"], row["n2o"]) == (0.18254, 0.18219, 0.00025,
                                                                  0.0001)
    assert row["activity_unit"] == "kWh_gross" and row["numerator_unit"] == "kgCO2e"
    assert row["scope"] == "1" and row["gwp_basis"] == "AR4"
    assert row["source_ref"] == "Factors by Category!I6"
    assert not (row["wtt"] or row["td"] or row["outside_of_scopes"])


def test_secr_rows_sentinels_and_stray_backtick_are_left_out() -> None:
    rows = _rows((*GAS, "kg CO2e", "0.18"),
                 ("Scope 1", "SECR kWh pass & delivery vehs", "Cars", "Small car", "km",
                  "kWh (Net CV)", 0.5),
                 ("Scope 2", "SECR kWh UK electricity for EVs", "Vans", "Class III", "km",
                  "`", None),
                 ("END", "", "", "", "", "", None))
    table, excluded = assemble(rows, file="f.xls", gwp_basis="AR4")
    assert excluded == 3 and list(table.index) == ["fuels/gaseous-fuels/natural-gas/kwh-gross-cv"]


def test_blank_is_not_published_and_text_is_noted() -> None:
    rows = _rows((*GAS, "kg CO2e", None),
                 ("Scope 1", "Refrigerant & other", "Other", "HFO-1234yf", "kg", "kg CO2e",
                  "< 1"),
                 ("Scope 1", "Fuels", "Liquid fuels", "Gas oil", "litres", "kg CO2e",
                  "2,755.41"))
    table, _ = assemble(rows, file="f.xls", gwp_basis="AR4")
    assert np.isnan(table.loc["fuels/gaseous-fuels/natural-gas/kwh-gross-cv", "value"])
    hfo = table.loc["refrigerant-and-other/other/hfo-1234yf/kg"]
    assert np.isnan(hfo["value"]) and hfo["note"] == "published as '< 1'"
    assert table.loc["fuels/liquid-fuels/gas-oil/litres", "value"] == 2755.41


def test_outside_of_scopes_value_is_the_biogenic_co2_part() -> None:
    rows = _rows(("Outside of Scopes", "Outside of scopes", "Biomass", "Wood pellets", "tonnes",
                  "kg CO2e of CO2 per unit", 1554.56))
    row = assemble(rows, file="f.xlsx", gwp_basis="AR5")[0].iloc[0]
    assert row["value"] == row["co2"] == 1554.56
    assert row["outside_of_scopes"] and row["scope"] == "outside"


def test_flags_for_wtt_and_t_and_d() -> None:
    rows = _rows(("Scope 3", "WTT- UK electricity", "WTT- UK electricity (T&D)",
                  "Electricity: UK", "kWh", "kg CO2e", 0.004),
                 ("Scope 3", "Transmission and distribution", "T&D- UK electricity",
                  "Electricity: UK", "kWh", "kg CO2e", 0.018))
    table = assemble(rows, file="f.xlsx", gwp_basis="AR5")[0]
    wtt_td = table.loc["wtt-uk-electricity/wtt-uk-electricity-t-and-d/electricity-uk/kwh"]
    assert wtt_td["wtt"] and wtt_td["td"]
    td = table.loc["transmission-and-distribution/t-and-d-uk-electricity/electricity-uk/kwh"]
    assert td["td"] and not td["wtt"]


@pytest.mark.parametrize(("row", "error", "text"), [
    (("Scope 1", "Fuels", "Gaseous fuels", "CNG", "kWh", "kg SF6", 1.0), InputFileError,
     "unknown GHG label"),
    (("Scope 9", "Fuels", "Gaseous fuels", "CNG", "kWh", "kg CO2e", 1.0), InputFileError,
     "unknown scope"),
    (("Scope 1", "Fuels", "Gaseous fuels", "CNG", "barrels", "kg CO2e", 1.0), UnitError,
     "unknown unit"),
])
def test_unknown_layouts_are_refused(row: tuple, error: type[Exception], text: str) -> None:
    with pytest.raises(error, match=text):
        assemble(_rows(row), file="f.xls", gwp_basis="AR5")


def test_same_row_twice_is_refused() -> None:
    with pytest.raises(InputFileError, match="same factor id"):
        assemble(_rows((*GAS, "kg CO2e", 1.0), (*GAS, "kg CO2e", 2.0)), file="f.xls",
                 gwp_basis="AR5")
