"""The shipped DESNZ sets: sanity values, per-gas parts, GWP switch, blanks (no shared data)."""

from __future__ import annotations

import numpy as np
import pytest

from carbon.factorsets.registry import load_set

YEARS = range(2016, 2027)

# ../shared/data/MANIFEST.md "Sanity values" (5 dp): electricity, gas, diesel, water, petrol car,
# T&D.
MANIFEST_SANITY = {
    2016: (0.41205, 0.184, 2.61163, 0.344, 0.19184, 0.03727),
    2017: (0.35156, 0.18416, 2.60016, 0.344, 0.18568, 0.03287),
    2018: (0.28307, 0.18396, 2.62694, 0.344, 0.18368, 0.02413),
    2019: (0.2556, 0.18385, 2.59411, 0.344, 0.18084, 0.0217),
    2020: (0.23314, 0.18387, 2.54603, 0.344, 0.1743, 0.02005),
    2021: (0.21233, 0.18316, 2.51233, 0.149, 0.17431, 0.01879),
    2022: (0.19338, 0.18254, 2.55784, 0.149, 0.17048, 0.01769),
    2023: (0.20707, 0.18293, 2.51206, 0.17668, 0.16391, 0.01792),
    2024: (0.20705, 0.1829, 2.51279, 0.15311, 0.1645, 0.0183),
    2025: (0.177, 0.18296, 2.57082, 0.1913, 0.16272, 0.01853),
    2026: (0.13096, 0.18231, 2.58354, 0.1913, 0.16152, 0.01299),
}
SANITY_IDS = (
    "uk-electricity/electricity-generated/electricity-uk/kwh",
    "fuels/gaseous-fuels/natural-gas/kwh-gross-cv",
    "fuels/liquid-fuels/diesel-average-biofuel-blend/litres",
    "water-supply/water-supply/water-supply/cubic-metres",
    "passenger-vehicles/cars-by-size/average-car/petrol/km",
    "transmission-and-distribution/t-and-d-uk-electricity/electricity-uk/kwh",
)


@pytest.mark.parametrize("year", YEARS)
def test_manifest_sanity_values(year: int) -> None:
    table = load_set(f"desnz:{year}").table
    got = tuple(round(float(table.loc[i, "value"]), 5) for i in SANITY_IDS)
    assert got == MANIFEST_SANITY[year]


@pytest.mark.parametrize("year", YEARS)
def test_per_gas_parts_are_co2e_and_add_up_to_the_total(year: int) -> None:
    """Whatever the label (kg CH4 to 2021, kg CO2e of CH4 per unit from 2023), the parts are
    CO2e-weighted: CO2 + CH4 + N2O = total."""
    table = load_set(f"desnz:{year}").table
    rows = table.dropna(subset=["value", "co2", "ch4", "n2o"])
    assert len(rows) > 900
    close = np.isclose(rows[["co2", "ch4", "n2o"]].sum(axis=1), rows["value"], rtol=1e-3,
                       atol=1e-5)
    assert close.mean() > 0.99


def test_ch4_and_n2o_parts_scale_by_the_gwp_ratio_from_2022_to_2023() -> None:
    old, new = load_set("desnz:2022").table, load_set("desnz:2023").table
    fuels = [i for i in old.index if i.startswith("fuels/") and i in new.index]
    ratio_ch4 = (new.loc[fuels, "ch4"] / old.loc[fuels, "ch4"]).dropna()
    ratio_n2o = (new.loc[fuels, "n2o"] / old.loc[fuels, "n2o"]).dropna()
    assert np.allclose(ratio_ch4, 28 / 25, rtol=5e-3)
    assert np.allclose(ratio_n2o, 265 / 298, rtol=5e-3)


def test_blank_cells_are_not_published_never_zero() -> None:
    table = load_set("desnz:2024").table
    assert table["value"].isna().sum() == load_set("desnz:2024").info.blank == 811
    hybrid = "passenger-vehicles/cars-by-market-segment/mini/hybrid/km"
    assert np.isnan(table.loc[hybrid, "value"])
    less_than_one = table[table["note"].str.contains("published as", regex=False)]
    assert less_than_one.empty  # 2024 prints no text values
    old = load_set("desnz:2019").table
    assert old["note"].str.contains("published as '< 1'", regex=False).sum() == 2
