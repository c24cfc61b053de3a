from __future__ import annotations

import pickle

import numpy as np
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbon import units
from carbon.errors import CarbonError, DimensionError, UnitError

# Every UK unit string the foundation issue names, with the unit it must mean.
UK_STRINGS = [
    ("kWh", "kilowatt_hour", "energy"),
    ("MWh", "megawatt_hour", "energy"),
    ("kWh (Gross CV)", "kWh_gross", "energy_gross"),
    ("kWh (Net CV)", "kWh_net", "energy_net"),
    ("therms", "therm", "energy"),
    ("litres", "litre", "volume"),
    ("cubic metres", "cubic_metre", "volume"),
    ("m3", "cubic_metre", "volume"),
    ("hundreds of cubic feet", "hundred_cubic_feet", "volume"),
    ("tonnes", "tonne", "mass"),
    ("kg", "kilogram", "mass"),
    ("miles", "mile", "distance"),
    ("km", "kilometre", "distance"),
    ("passenger.km", "passenger_km", "passenger_distance"),
    ("tonne.km", "tonne_km", "freight_distance"),
    ("Room per night", "room_night", "room_night"),
    ("million litres", "megalitre", "volume"),
    ("GJ", "gigajoule", "energy"),
    ("Wh", "watt_hour", "energy"),
    ("kVArh", "kiloVArh", "reactive_energy"),
]


@pytest.mark.parametrize(("text", "expected", "dimension"), UK_STRINGS)
def test_parses_uk_unit_strings(text: str, expected: str, dimension: str) -> None:
    unit = units.parse_unit(text)
    assert unit == units.registry().parse_units(expected)
    assert units.dimension_name(unit) == dimension


@pytest.mark.parametrize("text", ["KWH", "kwh", "  kWh  ", "KWH (GROSS CV)", "Litres"])
def test_case_and_space_variants_of_aliases(text: str) -> None:
    assert units.parse_unit(text) in (units.parse_unit("kWh"), units.parse_unit("kWh_gross"),
                                      units.parse_unit("litre"))


@pytest.mark.parametrize(("text", "expected"), [("mWh", "milliwatt_hour"), ("ml", "millilitre"),
                                                ("Ml", "megalitre"), ("ML", "megalitre")])
def test_case_insensitive_aliases_never_change_a_prefix(text: str, expected: str) -> None:
    # A casefolded alias must not turn milli into mega (a factor of 1e9).
    assert units.parse_unit(text) == units.registry().parse_units(expected)


@pytest.mark.parametrize("text", [
    "kWh*1000",                      # numbers are not units
    "__import__('os').system('x')",  # never evaluated
    "m^99",                          # absurd exponent
    "m**-9",
    "x" * 65,                        # too long
    "kWh;rm -rf /",
    "(kWh",
    "kWh^",
    "",
    "   ",
])
def test_rejects_bad_unit_text(text: str) -> None:
    with pytest.raises(UnitError):
        units.parse_unit(text)


@pytest.mark.parametrize("value", [None, 3, 1.5, b"kWh"])
def test_rejects_non_text(value: object) -> None:
    with pytest.raises(UnitError):
        units.parse_unit(value)


def test_unknown_unit_lists_close_matches() -> None:
    with pytest.raises(UnitError, match="did you mean") as info:
        units.parse_unit("kWhh")
    assert "'kWh'" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unit_error_names_location() -> None:
    with pytest.raises(UnitError) as info:
        units.parse_unit("furlongs", file="bills.csv", row=7, column="unit")
    text = str(info.value)
    assert "bills.csv" in text and "row 7" in text and "'unit'" in text and "furlongs" in text


def test_co2e_mass_is_not_mass() -> None:
    with pytest.raises(DimensionError):
        units.conversion_factor("kgCO2e", "kg")
    ureg = units.registry()
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(1, "kg") + ureg.Quantity(1, "kgCO2e")
    assert units.conversion_factor("tCO2e", "kgCO2e") == 1000.0


def test_gas_masses_are_separate_from_co2e() -> None:
    for gas in ("kgCO2", "kgCH4", "kgN2O"):
        with pytest.raises(DimensionError):
            units.conversion_factor(gas, "kgCO2e")


def test_gross_and_net_energy_do_not_convert() -> None:
    with pytest.raises(DimensionError):
        units.conversion_factor("kWh (Gross CV)", "kWh (Net CV)")
    with pytest.raises(DimensionError):
        units.conversion_factor("kWh (Gross CV)", "kWh")
    assert units.conversion_factor("MWh_gross", "kWh_gross") == 1000.0


def test_reactive_energy_is_not_energy() -> None:
    with pytest.raises(DimensionError):
        units.conversion_factor("kVArh", "kWh")


def test_dimension_error_is_a_type_error_and_carbon_error() -> None:
    with pytest.raises(TypeError):
        units.conversion_factor("kWh", "litres")
    with pytest.raises(CarbonError):
        units.conversion_factor("kWh", "litres")


def test_change_calorific_basis_needs_explicit_ratio() -> None:
    values, unit = units.change_calorific_basis([100.0], "kWh (Net CV)", "gross",
                                                gross_over_net=1.108)
    assert values[0] == pytest.approx(110.8)
    mwh, _ = units.change_calorific_basis([1.0], "MWh_net", "gross", gross_over_net=1.108)
    assert mwh[0] == pytest.approx(1108.0)
    assert unit == units.parse_unit("kWh_gross")
    back, unit2 = units.change_calorific_basis(values, unit, "net", gross_over_net=1.108)
    assert back[0] == pytest.approx(100.0)
    assert unit2 == units.parse_unit("kWh_net")
    with pytest.raises(DimensionError):
        units.change_calorific_basis([1.0], "kWh", "gross", gross_over_net=1.1)
    with pytest.raises(DimensionError):
        units.change_calorific_basis([1.0], "kWh_net", "gross", gross_over_net=3.0)


def test_with_calorific_basis_tags_plain_energy_only() -> None:
    tagged = units.with_calorific_basis("therms", "gross")
    assert units.conversion_factor(tagged, "therm_gross") == 1.0
    assert units.conversion_factor(tagged, "kWh_gross") == pytest.approx(29.3071, rel=1e-5)
    assert units.calorific_basis(units.with_calorific_basis("kWh", "net")) == "net"
    with pytest.raises(DimensionError):
        units.with_calorific_basis("kWh_gross", "net")
    with pytest.raises(DimensionError):
        units.with_calorific_basis("litres", "gross")


# Gas volume to energy, computed by hand: kWh = m3 x 1.02264 x CV / 3.6 (imperial x 2.83 first).
@pytest.mark.parametrize(("volume", "unit", "cv", "kwh"), [
    (1000.0, "cubic metres", 39.5, 1000 * 1.02264 * 39.5 / 3.6),           # 11,220.633...
    (1234.0, "m3", 39.2, 1234 * 1.02264 * 39.2 / 3.6),                    # 13,740.946...
    (100.0, "hundreds of cubic feet", 39.5, 100 * 2.83 * 1.02264 * 39.5 / 3.6),  # 3,175.439...
    (0.0, "m3", 40.0, 0.0),
])
def test_gas_volume_to_energy_hand_computed(volume: float, unit: str, cv: float,
                                            kwh: float) -> None:
    result = units.gas_volume_to_energy([volume], unit, [cv])
    assert result[0] == pytest.approx(kwh, rel=1e-12)


def test_gas_volume_to_energy_known_figures() -> None:
    # 1000 m3 at 39.5 MJ/m3 = 11,220.63 kWh; 100 hcf at 39.5 = 3,175.44 kWh (2 dp, as on a bill).
    out = units.gas_volume_to_energy([1000, 100], ["m3"][0], [39.5, 39.5])
    assert round(float(out[0]), 2) == 11220.63
    imperial = units.gas_volume_to_energy([100], "hundreds of cubic feet", [39.5])
    assert round(float(imperial[0]), 2) == 3175.44


def test_gas_volume_rejects_energy_and_bad_cv() -> None:
    with pytest.raises(DimensionError):
        units.gas_volume_to_energy([1.0], "kWh", [39.0])
    with pytest.raises(UnitError):
        units.gas_volume_to_energy([1.0], "m3", [0.0])
    with pytest.raises(UnitError):
        units.gas_volume_to_energy([1.0], "m3", [float("nan")])


def test_check_dimension_message_names_context_unit_and_allowed() -> None:
    with pytest.raises(DimensionError) as info:
        units.check_dimension("kWh", ["volume", "mass"], context="fleet.diesel")
    text = str(info.value)
    assert "fleet.diesel" in text and "'kWh'" in text and "volume or mass" in text


def test_convert_is_one_multiplication_per_column() -> None:
    values = np.arange(5, dtype="float64")
    assert np.array_equal(units.convert(values, "MWh", "kWh"), values * 1000.0)


def test_registry_is_built_once() -> None:
    assert units.registry() is units.registry()


def test_errors_survive_pickling() -> None:
    with pytest.raises(UnitError) as info:
        units.parse_unit("kWhh", file="a.csv", row=3)
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)
    assert isinstance(again, UnitError)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
       st.sampled_from([("kWh", "MWh"), ("Wh", "kWh"), ("litres", "m3"), ("miles", "km"),
                        ("tonnes", "kg"), ("tCO2e", "kgCO2e"), ("therms", "kWh")]))
def test_round_trip_conversion(value: float, pair: tuple[str, str]) -> None:
    there = units.convert([value], pair[0], pair[1])
    back = units.convert(there, pair[1], pair[0])
    assert back[0] == pytest.approx(value, rel=1e-12, abs=1e-9)
