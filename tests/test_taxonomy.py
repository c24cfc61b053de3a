from __future__ import annotations

import pytest

from carbon import units
from carbon.errors import UnknownActivityTypeError
from carbon.taxonomy import ActivityType, activity_types, get_activity_type

# Keys the issues and the samples rely on.
REQUIRED_KEYS = [
    "electricity.grid", "electricity.reactive", "fuel.natural_gas", "fuel.gas_oil",
    "fuel.burning_oil", "water.supply", "water.treatment", "waste.clinical.hti",
    "waste.clinical.alternative_treatment", "travel.car.average_petrol", "travel.rail.national",
    "anaesthetic.desflurane", "anaesthetic.nitrous_oxide", "anaesthetic.entonox",
    "fleet.diesel", "fleet.electricity_public",
]


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_required_keys_exist(key: str) -> None:
    assert get_activity_type(key).key == key


def test_every_row_is_consistent() -> None:
    table = activity_types()
    assert len(table) > 80
    for kind in table.values():
        units.check_dimension(kind.default_unit, kind.allowed_dimensions, context=kind.key)


def test_reactive_energy_is_memo_only() -> None:
    kind = get_activity_type("electricity.reactive")
    assert not kind.emitting
    assert kind.allowed_dimensions == ("reactive_energy",)


def test_fuel_energy_must_state_calorific_basis() -> None:
    kind = get_activity_type("fuel.natural_gas")
    assert "energy" not in kind.allowed_dimensions
    assert {"energy_gross", "energy_net"} <= set(kind.allowed_dimensions)


def test_unknown_key_suggests_close_keys() -> None:
    with pytest.raises(UnknownActivityTypeError, match=r"fuel\.natural_gas") as info:
        get_activity_type("fuel.natral_gas")
    assert isinstance(info.value, KeyError)
    assert not str(info.value).startswith('"')


@pytest.mark.parametrize(("field", "value"), [
    ("key", "Fuel.Gas"), ("key", "nodots"), ("allowed_dimensions", ("energy_of_love",)),
    ("default_unit", "litres"),
])
def test_model_rejects_bad_rows(field: str, value: object) -> None:
    row = {"key": "fuel.test", "description": "x", "allowed_dimensions": ("energy_gross",),
           "default_unit": "kWh_gross"}
    row[field] = value
    with pytest.raises(ValueError):  # noqa: PT011 - pydantic and dimension errors both qualify
        ActivityType(**row)
