"""Hand-computed worked examples of the inventory (factors are the published DESNZ cells)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.accounting.calculate import inventory
from carbon.activity import validate_activity
from carbon.errors import UnknownFactorError
from carbon.factorsets import FactorSet
from carbon.factorsets.importer import custom_set, import_file
from carbon.periods import LONDON


def activity(rows: list[tuple[str, float, str]], *, site: str = "S01", meter: str = "M1",
             start: str = "2024-04-01", end: str = "2025-04-01") -> pd.DataFrame:
    """(activity type, quantity, unit) rows covering one interval (default FY 2024/25)."""
    n = len(rows)
    return validate_activity(pd.DataFrame({
        "organisation": "RXX", "site": site, "meter_id": meter,
        "activity_type": [r[0] for r in rows],
        "period_start": pd.Timestamp(start).tz_localize(LONDON),
        "period_end": pd.Timestamp(end).tz_localize(LONDON),
        "quantity": [r[1] for r in rows], "unit": [r[2] for r in rows], "status": "actual",
        "source_file": "test.csv", "source_row": np.arange(2, n + 2), "batch_id": "b1",
    }))


def line(inv: object, kind: str, name: str) -> pd.Series:
    frame = inv.to_frame()  # type: ignore[attr-defined]
    rows = frame[(frame["activity_type"] == kind) & (frame["line"] == name)]
    assert len(rows) == 1, (kind, name, len(rows))
    return rows.iloc[0]


def test_one_gwh_of_grid_electricity_2024() -> None:
    # 1,000,000 kWh in FY 2024/25 -> desnz:2024: 0.20705 kg/kWh generation (scope 2),
    # 0.0183 T&D, 0.0459 WTT generation, 0.00397 WTT T&D (scope 3 category 3).
    inv = inventory(activity([("electricity.grid", 1_000_000, "kWh")]), "2024/25")
    assert line(inv, "electricity.grid", "generation")["tco2e"] == pytest.approx(207.05)
    assert line(inv, "electricity.grid", "t_and_d")["tco2e"] == pytest.approx(18.3)
    assert line(inv, "electricity.grid", "wtt_generation")["tco2e"] == pytest.approx(45.9)
    assert line(inv, "electricity.grid", "wtt_t_and_d")["tco2e"] == pytest.approx(3.97)
    by_scope = inv.totals("scope").set_index("scope")["tco2e"]
    assert by_scope["2"] == pytest.approx(207.05)
    assert by_scope["3"] == pytest.approx(18.3 + 45.9 + 3.97)
    gen = line(inv, "electricity.grid", "generation")
    assert (gen["factor_set"], gen["factor_version"], gen["layer"], gen["gwp_basis"],
            gen["period_policy"]) == ("desnz:2024", "1.1", "base", "AR5", "majority")
    assert gen["factor_id"] == "uk-electricity/electricity-generated/electricity-uk/kwh"


def test_gas_diesel_water_waste_flight_and_desflurane() -> None:
    rows = [("fuel.natural_gas", 500_000, "kWh (Gross CV)"), ("fleet.diesel", 1_000, "litres"),
            ("water.supply", 10_000, "m3"), ("water.treatment", 8_000, "m3"),
            ("waste.clinical.hti", 10, "tonnes"), ("waste.general.landfill", 4, "tonnes"),
            ("travel.air.short_haul_economy", 973, "passenger.km"),
            # one 240 mL bottle of desflurane at 1.465 kg/L = 0.3516 kg of agent
            ("anaesthetic.desflurane", 0.3516, "kg")]
    inv = inventory(activity(rows), "2024/25")
    assert line(inv, "fuel.natural_gas", "combustion")["tco2e"] == pytest.approx(91.45)
    assert line(inv, "fuel.natural_gas", "wtt")["tco2e"] == pytest.approx(15.105)
    assert line(inv, "fleet.diesel", "combustion")["tco2e"] == pytest.approx(2.51279)
    assert line(inv, "fleet.diesel", "wtt")["tco2e"] == pytest.approx(0.61101)
    assert line(inv, "water.supply", "supply")["tco2e"] == pytest.approx(1.5311)
    assert line(inv, "water.treatment", "treatment")["tco2e"] == pytest.approx(8_000 * 0.18574
                                                                              / 1000)
    assert line(inv, "waste.clinical.hti", "disposal")["tco2e"] == pytest.approx(2.4005)
    assert line(inv, "waste.general.landfill", "disposal")["tco2e"] == pytest.approx(
        4 * 520.3342 / 1000)
    flight = line(inv, "travel.air.short_haul_economy", "travel")
    assert flight["tco2e"] == pytest.approx(973 * 0.18287 / 1000)  # with radiative forcing
    des = line(inv, "anaesthetic.desflurane", "process")
    assert des["tco2e"] == pytest.approx(0.3516 * 1790 / 1000)  # AR5 GWP of desflurane
    assert (des["scope"], des["nhs_footprint"], des["gwp_basis"]) == ("1", "CF", "AR5")
    without = inventory(activity(rows), "2024/25", radiative_forcing=False)
    assert line(without, "travel.air.short_haul_economy", "travel")["tco2e"] == pytest.approx(
        973 * 0.10794 / 1000)
    assert without.run_record["options"]["radiative_forcing"] is False


def test_desflurane_bottle_on_the_nhs_literature_basis() -> None:
    # The SDU / reporting-portal method: 0.3516 kg x 2540 = 893 kgCO2e per 240 mL bottle.
    inv = inventory(activity([("anaesthetic.desflurane", 0.3516, "kg")], start="2019-04-01",
                             end="2020-04-01"), "2019/20", family="sdu")
    assert line(inv, "anaesthetic.desflurane", "process")["tco2e"] == pytest.approx(0.893064)


def test_biogenic_co2_is_reported_apart_and_excluded() -> None:
    inv = inventory(activity([("fleet.diesel", 1_000, "litres")]), "2024/25")
    bio = line(inv, "fleet.diesel", "biogenic")
    assert (bio["scope"], bio["nhs_footprint"]) == ("outside", "NONE")
    assert bio["tco2e"] == pytest.approx(0.16)
    assert inv.biogenic()["tco2e"].sum() == pytest.approx(0.16)
    for footprint in ("ghgp_scope_1_2_3", "nhs_carbon_footprint", "nhs_carbon_footprint_plus"):
        assert inv.total(footprint) == pytest.approx(2.51279 + 0.61101)


def test_unpublished_biogenic_line_is_skipped_and_recorded(tmp_path: Path) -> None:
    # A set (here a trust's own, pinned) that publishes no outside-of-scopes row for the fuel:
    # the biogenic memo line is skipped and the run record says so; emissions are unaffected.
    own = tmp_path / "own.csv"
    own.write_text(
        "factor_id,description,activity_unit,value,source\n"
        "fuels/liquid-fuels/diesel-average-biofuel-blend/litres,diesel,litre,2.5,fuel card\n"
        "wtt-fuels/liquid-fuels/diesel-average-biofuel-blend/litres,diesel wtt,litre,0.6,"
        "fuel card\n")
    import_file(own, tmp_path, name="trust:fleet-2024")
    inv = inventory(activity([("fleet.diesel", 1_000, "litres")]), "2024/25", policy="pinned",
                    pinned="trust:fleet-2024", workspace=tmp_path)
    assert "biogenic" not in set(inv.to_frame()["line"])
    assert any("biogenic CO2 not reported" in w for w in inv.run_record["warnings"])
    assert inv.total() == pytest.approx(3.1)


def test_no_silent_fallback_to_another_year() -> None:
    # DESNZ 2016 publishes no battery-electric car rows: an error, never 2017's value.
    data = activity([("travel.car.small_bev", 100, "miles")], start="2016-04-01",
                    end="2017-04-01")
    with pytest.raises(UnknownFactorError, match="desnz:2016"):
        inventory(data, "2016/17")


def test_unit_without_a_mapped_factor_is_an_error() -> None:
    with pytest.raises(UnknownFactorError, match="wood_pellets") as info:
        inventory(activity([("fuel.wood_pellets", 1000, "kWh (Net CV)")]), "2024/25")
    assert "mass" in str(info.value)


def test_pro_rata_policy_weights_two_calendar_years() -> None:
    inv = inventory(activity([("electricity.grid", 1_000_000, "kWh")]), "2024/25",
                    policy="pro-rata")
    gen = line(inv, "electricity.grid", "generation")
    expected = (275 * 0.20705 + 90 * 0.177) / 365
    assert gen["factor_value"] == pytest.approx(expected)
    assert gen["tco2e"] == pytest.approx(expected * 1000)
    assert "desnz:2024*0.7534" in gen["factor_set"] and "desnz:2025*0.2466" in gen["factor_set"]
    assert gen["period_policy"] == "pro-rata"


def test_market_based_scope_2_with_rego_contract_and_residual(tmp_path: Path) -> None:
    custom = tmp_path / "contracts.csv"
    custom.write_text(
        "factor_id,description,activity_unit,value,source\n"
        "supplier/green-rego/kwh,REGO-backed tariff,kWh,0,supplier contract 2024\n"
        "residual/uk-2024/kwh,UK residual mix,kWh,0.38,AIB European residual mix 2024\n")
    layer = FactorSet.from_table(*custom_set(custom, name="trust:contracts"))
    data = pd.concat([activity([("electricity.grid", 1_000_000, "kWh")], meter="M1"),
                      activity([("electricity.grid", 500_000, "kWh")], meter="M2")],
                     ignore_index=True)
    contracts = pd.DataFrame({"meter_id": ["M1"], "site": [""], "valid_from": ["2024-04-01"],
                              "valid_to": ["2024-09-30"], "instrument": ["REGO tariff"],
                              "factor_id": ["supplier/green-rego/kwh"]})
    inv = inventory(data, "2024/25", overrides=[layer], contracts=contracts,
                    residual_factor="residual/uk-2024/kwh")
    gen = inv.to_frame().query("line == 'generation'").set_index("meter_id")
    # M1: 183 of 365 days under the REGO tariff at zero, the rest at the residual mix.
    assert gen.loc["M1", "tco2e_market"] == pytest.approx(1_000_000 * (182 / 365) * 0.38 / 1000)
    assert gen.loc["M2", "tco2e_market"] == pytest.approx(500_000 * 0.38 / 1000)
    assert gen.loc["M1", "tco2e"] == pytest.approx(207.05)  # location-based unchanged
    tnd = inv.to_frame().query("line == 't_and_d'")
    assert (tnd["tco2e_market"] == tnd["tco2e"]).all()  # T&D stays location-based
    assert inv.run_record["options"]["contracts"][0]["factor_id"] == "supplier/green-rego/kwh"


def test_month_grain_adds_up_to_the_period() -> None:
    data = activity([("electricity.grid", 365_000, "kWh")])
    yearly = inventory(data, "2024/25").total()
    monthly = inventory(data, "2024/25", grain="month")
    frame = monthly.to_frame()
    assert frame["month"].nunique() == 12
    assert monthly.total() == pytest.approx(yearly)
    april = frame[(frame["month"] == "2024-04") & (frame["line"] == "generation")]
    assert april["quantity"].iloc[0] == pytest.approx(30_000)


def test_same_inputs_give_byte_identical_output() -> None:
    data = activity([("electricity.grid", 123_456.7, "kWh"),
                     ("fuel.natural_gas", 9.87, "MWh_gross")])
    first, second = inventory(data, "2024/25"), inventory(data.copy(), "2024/25")
    assert first.to_frame().to_csv() == second.to_frame().to_csv()
    assert first.run_record == second.run_record
    assert first.run_record["factor_sets"]["desnz:2024"]["source_sha256"].startswith("1b063892")


@settings(max_examples=25, deadline=None)
@given(st.floats(1, 1e8), st.sampled_from([("kWh", 1.0), ("MWh", 1e-3), ("Wh", 1e3)]))
def test_inventory_is_invariant_to_input_units(kwh: float, unit: tuple[str, float]) -> None:
    base = inventory(activity([("electricity.grid", kwh, "kWh")]), "2024/25").total()
    other = inventory(activity([("electricity.grid", kwh * unit[1], unit[0])]), "2024/25")
    assert other.total() == pytest.approx(base, rel=1e-9)


KINDS = [("electricity.grid", "kWh"), ("fuel.natural_gas", "kWh (Gross CV)"),
         ("water.supply", "m3"), ("waste.general.energy_from_waste", "tonnes"),
         ("fleet.diesel", "litres"), ("travel.rail.national", "passenger.km")]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.floats(0, 1e6), st.sampled_from(
    ["S01", "S02"])), min_size=2, max_size=8))
def test_inventory_is_additive(rows: list[tuple[tuple[str, str], float, str]]) -> None:
    frames = [activity([(k, q, u)], site=s) for (k, u), q, s in rows]
    half = len(frames) // 2
    a = pd.concat(frames[:half], ignore_index=True)
    b = pd.concat(frames[half:], ignore_index=True)
    both = inventory(pd.concat([a, b], ignore_index=True), "2024/25")
    keys = ["site", "activity_type", "line"]
    parts = pd.concat([inventory(a, "2024/25").totals(keys, footprint=None),
                       inventory(b, "2024/25").totals(keys, footprint=None)])
    summed = parts.groupby(keys)[["tco2e", "tco2e_market"]].sum()
    whole = both.totals(keys, footprint=None).set_index(keys)
    pd.testing.assert_frame_equal(whole.sort_index(), summed.sort_index(), rtol=1e-9)


def test_custom_layer_over_the_base_set_is_named_on_the_line(tmp_path: Path) -> None:
    local = tmp_path / "local.csv"
    local.write_text("factor_id,description,activity_unit,value,source\n"
                     "water-supply/water-supply/water-supply/cubic-metres,Local water company,"
                     "m3,0.12,wholesaler disclosure 2024\n")
    layer = FactorSet.from_table(*custom_set(local, name="trust:water"))
    inv = inventory(activity([("water.supply", 10_000, "m3"), ("water.treatment", 100, "m3")]),
                    "2024/25", overrides=[layer])
    supply = line(inv, "water.supply", "supply")
    assert supply["tco2e"] == pytest.approx(1.2)
    assert supply["layer"] == "custom:trust:water" and supply["factor_set"] == "desnz:2024"
    assert line(inv, "water.treatment", "treatment")["layer"] == "base"
    assert inv.run_record["options"]["overrides"] == ["trust:water"]
