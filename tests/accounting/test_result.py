from __future__ import annotations

import pandas as pd
import pytest

from carbon.accounting.result import Inventory
from carbon.errors import ConfigurationError


def test_footprint_totals_keep_biogenic_out(inventory: Inventory) -> None:
    p = "2024/25"
    elec = 900_000 * (0.20705 + 0.0183) / 1000
    gas = 2_100_000 * 0.1829 / 1000
    water = 1000 * 0.15311 / 1000
    patient = 50_000 * 0.17 / 1000
    assert inventory.total("ghgp_scope_1_2_3", period=p) == pytest.approx(elec + gas + water)
    assert inventory.total("nhs_carbon_footprint", period=p) == pytest.approx(elec + gas + water)
    assert inventory.total("nhs_carbon_footprint_plus", period=p) == pytest.approx(
        elec + gas + water + patient)
    assert inventory.biogenic()["tco2e"].tolist() == pytest.approx([1.7, 1.7])


def test_market_basis_changes_only_scope_2(inventory: Inventory) -> None:
    by_scope = inventory.totals("scope", period="2024/25").set_index("scope")
    assert by_scope.loc["2", "tco2e_market"] == 0.0
    assert by_scope.loc["1", "tco2e_market"] == by_scope.loc["1", "tco2e"]
    assert by_scope.loc["3", "tco2e_market"] == by_scope.loc["3", "tco2e"]


def test_totals_by_any_combination_add_up(inventory: Inventory) -> None:
    whole = inventory.total("ghgp_scope_1_2_3")
    for by in (["period"], ["site"], ["scope", "site"], ["report_group", "period", "line"]):
        assert inventory.totals(by)["tco2e"].sum() == pytest.approx(whole)
    with pytest.raises(ConfigurationError):
        inventory.totals(["no_such_column"])


def test_intensity(inventory: Inventory) -> None:
    denominators = pd.DataFrame({"period": ["2024/25"], "name": ["floor_area"],
                                 "value": [12_000.0], "unit": ["m2"]})
    row = inventory.intensity(denominators).iloc[0]
    assert row["intensity"] == pytest.approx(inventory.total(period="2024/25") / 12_000)
    assert row["intensity_unit"] == "tCO2e/m2"


def test_xarray_cube_matches_frame(inventory: Inventory) -> None:
    cube = inventory.to_xarray()
    assert set(cube.dims) == {"period", "site", "scope", "report_group"}
    assert float(cube["tco2e"].sum()) == pytest.approx(inventory.totals([], footprint=None)
                                                      ["tco2e"].iloc[0])
    assert cube.attrs["run_id"] == "test-run" and cube["tco2e"].attrs["units"] == "tCO2e"
    assert "desnz:2024" in cube.attrs["factor_sets"]


def test_explain_one_line(inventory: Inventory) -> None:
    record = inventory.explain({"period": "2024/25", "site": "S01",
                                "activity_type": "fuel.natural_gas", "line": "combustion"})
    assert record["factor_id"] == "f.fuel.natural_gas.combustion"
    assert record["factor_set"] == "desnz:2024" and record["run_id"] == "test-run"
    assert "2.1e+06 kWh_gross x 0.1829 kgCO2e/kWh_gross = 384.09 tCO2e" in record["calculation"]
    with pytest.raises(ConfigurationError, match="matches 2 lines"):
        inventory.explain({"activity_type": "fuel.natural_gas"})
    with pytest.raises(ConfigurationError):
        inventory.explain(999)


def test_missing_columns_are_refused(two_year_lines: pd.DataFrame) -> None:
    with pytest.raises(ConfigurationError, match="lack columns"):
        Inventory(two_year_lines.drop(columns=["factor_id"]), {})
