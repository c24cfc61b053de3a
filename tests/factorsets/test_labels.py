from __future__ import annotations

import pandas as pd
import pytest

from carbon.errors import InputFileError
from carbon.factorsets import labels
from carbon.factorsets.registry import load_set


def _frame(**columns: list[str]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {c: [""] * n for c in (*labels.PATH_COLUMNS, "uom")}
    return pd.DataFrame({**base, **columns})


def test_slug_and_clean() -> None:
    assert labels.slug("Diesel (average biofuel blend)") == "diesel-average-biofuel-blend"
    assert labels.slug("T&D- UK electricity") == "t-and-d-uk-electricity"
    assert labels.slug("0% Laden") == "0-pct-laden"
    assert labels.slug("Homeworking (office equipment + heating)") == \
        "homeworking-office-equipment-plus-heating"
    assert labels.clean("  Chemical   tanker ") == "Chemical tanker"
    assert labels.clean(float("nan")) == "" and labels.clean(None) == ""


def test_case_and_spacing_never_change_an_id() -> None:
    frame = _frame(level_1=["UK electricity for Evs", "UK electricity for EVs"],
                   uom=["km", "km"])
    ids = labels.factor_ids(labels.canonical_paths(frame))
    assert ids.iloc[0] == ids.iloc[1] == "uk-electricity-for-evs/km"


def test_generic_rules_stray_zero_stated_year_and_repeated_unit() -> None:
    frame = _frame(level_1=["UK electricity"] * 3, level_2=["Electricity generated"] * 3,
                   level_3=["Electricity: UK"] * 3, level_4=["2020", "kWh", "0"],
                   uom=["kWh"] * 3)
    canonical = labels.canonical_paths(frame)
    assert set(labels.factor_ids(canonical)) == {
        "uk-electricity/electricity-generated/electricity-uk/kwh"}
    assert canonical["stated_year"].tolist()[0] == 2020
    assert canonical["stated_year"].isna().tolist()[1:] == [True, True]


def test_aliases_map_renamed_labels_to_one_id() -> None:
    old = _frame(level_1=["WTT- UK & overseas elec"],
                 level_2=["WTT- UK electricity (generation)"], level_3=["Electricity: UK"],
                 uom=["kWh"])
    new = _frame(level_1=["WTT- UK electricity"], level_2=["WTT- UK electricity (generation)"],
                 level_3=["Electricity: UK"], uom=["kWh"])
    used: set[int] = set()
    assert labels.factor_ids(labels.canonical_paths(old, aliases_used=used)).iloc[0] == \
        labels.factor_ids(labels.canonical_paths(new)).iloc[0]
    assert used
    overseas = _frame(level_1=["WTT- UK & overseas elec"],
                      level_2=["WTT- overseas electricity (generation)"],
                      level_3=["Electricity: Austria"], uom=["kWh"])
    assert labels.factor_ids(labels.canonical_paths(overseas)).iloc[0].startswith(
        "wtt-uk-and-overseas-elec/")


def test_every_alias_is_used_by_a_built_in_set_in_its_years() -> None:
    """The alias table is reviewed data: no stale rows, and each row's years are right."""
    used_by: dict[int, set[int]] = {}
    for year in range(2016, 2027):
        table = load_set(f"desnz:{year}").table
        used: set[int] = set()
        labels.canonical_paths(table.reset_index()[[*labels.PATH_COLUMNS, "uom"]].astype(str),
                               aliases_used=used)
        for position in used:
            used_by.setdefault(position, set()).add(year)
    for position, alias in enumerate(labels.aliases()):
        first, _, last = alias.years.partition("-")
        expected = set(range(int(first), int(last or first) + 1))
        assert used_by.get(position) == expected, alias


def test_duplicate_ids_are_refused() -> None:
    ids = pd.Series(["a/b", "a/c", "a/b"])
    with pytest.raises(InputFileError, match="same factor id 'a/b'") as info:
        labels.check_unique(ids, pd.Series(["row 2", "row 3", "row 4"]), file="x.xlsx")
    assert "row 2, row 4" in str(info.value)


# The ids docs/factors.md recommends for an inventory's factor map: one id for every year.
MAP_IDS = (
    "uk-electricity/electricity-generated/electricity-uk/kwh",
    "transmission-and-distribution/t-and-d-uk-electricity/electricity-uk/kwh",
    "wtt-uk-electricity/wtt-uk-electricity-generation/electricity-uk/kwh",
    "wtt-uk-electricity/wtt-uk-electricity-t-and-d/electricity-uk/kwh",
    "fuels/gaseous-fuels/natural-gas/kwh-gross-cv",
    "wtt-fuels/gaseous-fuels/natural-gas/kwh-gross-cv",
    "fuels/liquid-fuels/gas-oil/litres", "fuels/liquid-fuels/burning-oil/litres",
    "fuels/liquid-fuels/diesel-average-biofuel-blend/litres",
    "wtt-fuels/liquid-fuels/diesel-average-biofuel-blend/litres",
    "fuels/liquid-fuels/petrol-average-biofuel-blend/litres",
    "water-supply/water-supply/water-supply/cubic-metres",
    "water-treatment/water-treatment/water-treatment/cubic-metres",
    "waste-disposal/refuse/commercial-and-industrial-waste/combustion/tonnes",
    "waste-disposal/refuse/commercial-and-industrial-waste/landfill/tonnes",
    "waste-disposal/refuse/household-residual-waste/landfill/tonnes",
    "waste-disposal/paper/paper-and-board-mixed/closed-loop/tonnes",
    "business-travel-land/cars-by-size/average-car/unknown/miles",
    "business-travel-land/rail/national-rail/passenger-km",
    "business-travel-air/flights/short-haul-to-from-uk/economy-class/with-rf/passenger-km",
    "business-travel-air/flights/short-haul-to-from-uk/economy-class/without-rf/passenger-km",
    "freighting-goods/hgv-all-diesel/all-hgvs/average-laden/tonne-km",
)


def test_same_published_row_keeps_its_id_in_every_year() -> None:
    for year in range(2016, 2027):
        table = load_set(f"desnz:{year}").table
        for factor_id in MAP_IDS:
            assert factor_id in table.index and table.loc[factor_id, "value"] > 0, \
                (year, factor_id)
    for year in range(2017, 2027):
        assert "hotel-stay/hotel-stay/uk/room-per-night" in load_set(f"desnz:{year}")
