"""Scenario files: schema, presets, and errors that name file, key, value and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon.errors import ConfigurationError
from carbon.interventions import HeatPump, default_unit, in_composition_order
from carbon.scenario_file import load_scenario, scenario_presets

GOOD = """
[scenario]
id = "s"
name = "S"
[[intervention]]
id = "ashp"
kind = "heat_pump"
share = 0.5
boiler_efficiency = 0.85
cop = 2.8
start = "2026/27"
ramp_years = 3
cost = { capex_gbp = 1000, opex_gbp_per_year = 10, lifetime_years = 20 }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text(text)
    return path


def test_presets_load_and_are_marked_illustrative() -> None:
    ids = scenario_presets()
    assert set(ids) == {"estates-decarbonisation", "clinical-and-travel", "net-zero-pathway"}
    for sid in ids:
        spec = load_scenario(sid)
        assert spec.scenario.id == sid and spec.scenario.verified is False
        assert spec.intervention and spec.target


def test_good_file(tmp_path: Path) -> None:
    spec = load_scenario(write(tmp_path, GOOD))
    (hp,) = spec.interventions
    assert isinstance(hp, HeatPump) and hp.source == "fuel.natural_gas"
    assert hp.start_year == 2026
    assert hp.ramp([2025, 2026, 2027, 2028, 2029]).tolist() == pytest.approx(
        [0, 1 / 3, 2 / 3, 1, 1])
    (p,) = hp.primitives(default_unit)
    assert (p.op, p.activity, p.target, p.amount) == ("shift", "fuel.natural_gas",
                                                      "electricity.grid", 0.5)
    assert p.ratio == pytest.approx(0.85 / 2.8)


@pytest.mark.parametrize(("old", "new", "key", "text"), [
    ("cop = 2.8", "cop = -1", "intervention 1 (ashp).cop", "greater than 0"),
    ("cop = 2.8", "cpo = 2.8", "intervention 1 (ashp).cpo", "misspelt key is never ignored"),
    ('kind = "heat_pump"', 'kind = "heatpump"', "intervention 1 (ashp)", "use one of the kinds"),
    ("share = 0.5", "share = 50", "intervention 1 (ashp).share", "0.25 means 25%"),
    ('start = "2026/27"', 'start = "2026"', "intervention 1 (ashp).start", "financial year"),
    ('name = "S"', "", "scenario.name", "add the key"),
])
def test_errors_name_file_key_value_and_fix(tmp_path: Path, old: str, new: str, key: str,
                                            text: str) -> None:
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(ConfigurationError) as info:
        load_scenario(path)
    err = info.value
    assert err.file == str(path) and err.column == key
    assert text in str(err)


def test_invalid_toml_and_unknown_source(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        load_scenario(write(tmp_path, "[scenario\n"))
    with pytest.raises(ConfigurationError, match="estates-decarbonisation"):
        load_scenario("no-such-scenario")


def test_duplicate_ids_and_added_line_rules(tmp_path: Path) -> None:
    twice = GOOD + GOOD[GOOD.index("[[intervention]]"):]
    with pytest.raises(ConfigurationError, match="appears twice"):
        load_scenario(write(tmp_path, twice))
    added = GOOD + """
[[added_lines]]
activity_type = "waste.offensive.landfill"
line = "process"
scope = "3"
nhs_footprint = "CF"
report_group = "water_and_waste"
kgco2e_per_unit = 400
source = "test"
"""
    with pytest.raises(ConfigurationError, match="scope3_category"):
        load_scenario(write(tmp_path, added))
    with pytest.raises(ConfigurationError, match="activity type"):
        load_scenario(write(tmp_path, added.replace("waste.offensive.landfill", "waste.moon")))


def test_composition_order_is_by_stage_then_file_order() -> None:
    spec = load_scenario("net-zero-pathway")
    order = [i.id for i in in_composition_order(spec.interventions)]
    assert order[:4] == ["led", "fabric", "n2o-manifold", "grey-fleet"]     # reductions
    assert order[4:7] == ["heat-pumps", "desflurane-out", "fleet-ev"]       # shifts
    assert order[7:] == ["solar-pv"]                                        # on-site
