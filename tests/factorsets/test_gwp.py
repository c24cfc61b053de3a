from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbon.errors import GwpConversionError
from carbon.factorsets import gwp_table, gwp_value, load_set, resolve_factors, restate_gwp

GAS = "fuels/gaseous-fuels/natural-gas/kwh-gross-cv"


def test_gwp_values_and_names() -> None:
    assert gwp_value("CH4", "AR4") == 25 and gwp_value("Methane", "AR5") == 28
    assert gwp_value("HFA-134a", "AR6") == 1530
    assert gwp_value("Desflurane", "NHS-literature") == 2540
    with pytest.raises(GwpConversionError, match="no AR4 GWP for 'sevoflurane'"):
        gwp_value("sevoflurane", "AR4")
    table = gwp_table()
    assert {"gas", "basis", "gwp100", "source", "verified"} <= set(table.columns)
    assert table["source"].isin(["GWP-TAB", "BEDS"]).all()


def test_gwp_table_agrees_with_desnz_refrigerant_rows() -> None:
    """The 2022 set prints AR4 GWPs and the 2023 set AR5 GWPs per kg of gas."""
    rows = {"HFC-134a": "hfc-134a", "HFC-32": "hfc-32", "HFC-23": "hfc-23",
            "SF6": "sulphur-hexafluoride-sf6", "N2O": "nitrous-oxide", "CH4": "methane"}
    for year, basis in ((2022, "AR4"), (2023, "AR5")):
        table = load_set(f"desnz:{year}").table
        for gas, name in rows.items():
            matches = table[table.index.str.contains(f"/{name}/total-emissions", regex=False)]
            assert matches["value"].iloc[0] == gwp_value(gas, basis), (year, gas)


def test_restating_natural_gas_2022_from_ar4_to_ar5_by_hand() -> None:
    """desnz:2022 natural gas per kWh gross: CO2 0.18219, CH4 0.00025, N2O 0.0001 (AR4; the
    published total is 0.18254 less rounding). On AR5: 0.18219 + 0.00025 x 28/25
    + 0.0001 x 265/298 = 0.18219 + 0.00028 + 0.0000889262 = 0.1825589262 kgCO2e/kWh."""
    out = resolve_factors([GAS], "desnz:2022", gwp_basis="AR5")
    row = out.iloc[0]
    assert (row["co2"], row["ch4"], row["n2o"]) == pytest.approx(
        (0.18219, 0.00028, 0.0000889262), abs=1e-10)
    assert row["value"] == pytest.approx(0.1825589262, abs=1e-10)
    assert row["gwp_basis"] == "AR5" and row["gwp_restated"]


def test_restating_to_the_same_basis_changes_nothing() -> None:
    out = resolve_factors([GAS], "desnz:2024", gwp_basis="AR5")
    assert out["value"].iloc[0] == load_set("desnz:2024").factor(GAS).value


def test_a_factor_without_parts_cannot_be_restated() -> None:
    hfc = "refrigerant-and-other/kyoto-protocol-products/hfc-134a/" \
          "total-emissions-including-non-kyoto-products/kg"
    with pytest.raises(GwpConversionError, match="cannot be restated on AR6") as info:
        resolve_factors([GAS, hfc], "desnz:2024", gwp_basis="AR6")
    assert hfc in str(info.value)
    flagged = resolve_factors([GAS, hfc], "desnz:2024", gwp_basis="AR6", on_gwp_missing="flag")
    assert flagged["gwp_restated"].tolist() == [True, False]
    assert flagged["gwp_basis"].tolist() == ["AR6", "AR5"]
    assert flagged["gwp_note"].iloc[1] == "no per-gas parts published"
    assert flagged["value"].iloc[1] == 1300.0


def test_parts_that_do_not_add_up_are_not_restated() -> None:
    frame = pd.DataFrame({"value": [1.0], "co2": [0.5], "ch4": [0.1], "n2o": [0.1],
                          "gwp_basis": ["AR4"]})
    out = restate_gwp(frame, "AR5", on_missing="flag")
    assert out["gwp_note"].iloc[0] == "parts do not add up to the total"
    assert np.isclose(out["value"].iloc[0], 1.0)
