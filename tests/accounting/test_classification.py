from __future__ import annotations

import pandas as pd

from carbon.accounting.classification import emission_lines
from carbon.taxonomy import activity_types


def lines_of(kind: str) -> dict[str, tuple[str, object, str, str]]:
    table = emission_lines()
    rows = table[table["activity_type"] == kind]
    return {r.line: (r.scope, r.scope3_category, r.nhs_footprint, r.report_group)
            for r in rows.itertuples()}


def test_grid_electricity_has_generation_td_and_wtt() -> None:
    lines = lines_of("electricity.grid")
    scope, category, footprint, _ = lines["generation"]
    assert (scope, footprint) == ("2", "CF") and pd.isna(category)
    for name in ("t_and_d", "wtt_generation", "wtt_t_and_d"):
        assert lines[name][:3] == ("3", 3, "CF")


def test_gas_is_scope_1_plus_wtt() -> None:
    lines = lines_of("fuel.natural_gas")
    assert set(lines) == {"combustion", "wtt"}
    assert lines["combustion"][0] == "1" and lines["wtt"][:2] == ("3", 3)


def test_biomass_biogenic_co2_is_outside_and_in_no_footprint() -> None:
    lines = lines_of("fuel.wood_pellets")
    assert lines["biogenic"][0] == "outside" and lines["biogenic"][2] == "NONE"
    assert lines["combustion"][0] == "1"


def test_two_classifications_are_independent() -> None:
    # Patient travel: outside the scopes but in Carbon Footprint Plus.
    scope, category, footprint, _ = lines_of("patient_travel.car.average_unknown")["travel"]
    assert (scope, footprint) == ("outside", "CF_PLUS_ONLY") and pd.isna(category)
    # Inhalers and well-to-tank: scope 3 but in the Carbon Footprint.
    assert lines_of("inhaler.propellant_hfa134a")["process"][0] == "3"
    assert lines_of("inhaler.propellant_hfa134a")["process"][2] == "CF"
    # Staff commuting: scope 3 category 7, Carbon Footprint Plus only.
    assert lines_of("commute.rail.national")["travel"][:3] == ("3", 7, "CF_PLUS_ONLY")
    # Anaesthetic gases: scope 1, in the Carbon Footprint.
    scope, category, footprint, group = lines_of("anaesthetic.desflurane")["process"]
    assert (scope, footprint, group) == ("1", "CF", "anaesthetic_gases_and_inhalers")
    assert pd.isna(category)


def test_every_emitting_type_is_classified_and_memo_types_are_not() -> None:
    covered = set(emission_lines()["activity_type"])
    for kind in activity_types().values():
        assert (kind.key in covered) == kind.emitting, kind.key
