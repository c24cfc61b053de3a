from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from carbon.errors import ConfigurationError, DimensionError
from carbon.socialvalue.framework import load_framework, parse_framework

GOOD = 'measure = "inventory_tco2e"\nparams = { footprint = "nhs_carbon_footprint" }\n' \
       'unit = "tCO2e"\ndirection = "lower_is_better"\n'


def test_preset_reproduces_the_environment_theme() -> None:
    preset = load_framework("nhs-trust-environment")
    assert [t.name for t in preset.themes] == ["Reducing environmental impact"]
    assert [s.name for s in preset.themes[0].sub_themes] == ["Reducing impact",
                                                            "Increasing awareness"]
    kvis = {m.id: m for _, _, m in preset.metrics() if m.key_value_indicator}
    assert set(kvis) == {"carbon_cf_tco2e", "energy_change_yoy"}
    assert kvis["energy_change_yoy"].target is not None
    assert kvis["energy_change_yoy"].target.kind == "fixed"
    assert kvis["carbon_cf_tco2e"].target is not None
    assert kvis["carbon_cf_tco2e"].target.kind == "compliance"
    names = {m.id for _, _, m in preset.metrics()}
    assert {"waste_tonnes", "waste_recycled_share", "waste_landfill_share", "waste_hti_share",
            "water_m3", "energy_kwh"} <= names
    assert preset.framework.verified is False


def test_a_framework_file_by_path(tmp_path: Path, one_metric: Callable[[str], str]) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(one_metric(GOOD), encoding="utf-8")
    assert load_framework(path).metrics()[0][2].id == "m"


@pytest.mark.parametrize(("body", "words"), [
    (GOOD.replace("inventory_tco2e", "eval_anything"), "unknown measure"),
    (GOOD.replace("footprint", "footprnt"), "parameters of measure"),
    (GOOD.replace('"nhs_carbon_footprint"', '"scope_9"'), "unknown footprint"),
    (GOOD + 'comparison = "change_yoy_pct"\n', "unit must be '%'"),
    (GOOD + "tolerance = 1\ntolerance_pct = 5\n", "not both"),
    (GOOD.replace('"tCO2e"', '"%"') + 'comparison = "change_vs_base_pct"\n'
     'target = { kind = "path", annual_change_pct = -5, rate_type = "compound", source = "x" }\n',
     "needs comparison 'level'"),
    (GOOD + 'target = { kind = "fixed", value = 1 }\n', "source"),
    (GOOD.replace('"lower_is_better"', '"down"'), "lower_is_better"),
])
def test_invalid_frameworks_name_file_field_and_problem(body: str, words: str,
                                                      one_metric: Callable[[str], str]) -> None:
    with pytest.raises(ConfigurationError) as info:
        parse_framework(one_metric(body), file="mine.toml")
    assert words in str(info.value) and "mine.toml" in str(info.value)


def test_a_level_metric_in_a_wrong_unit_is_a_dimension_error(
        one_metric: Callable[[str], str]) -> None:
    with pytest.raises(DimensionError, match="co2e"):
        parse_framework(one_metric(GOOD.replace('"tCO2e"', '"kWh"')), file="mine.toml")


def test_unknown_preset_and_bad_toml() -> None:
    with pytest.raises(ConfigurationError, match="no framework file or preset"):
        load_framework("no-such-framework")
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        parse_framework("[framework", file="x.toml")


def test_metric_ids_are_unique(one_metric: Callable[[str], str]) -> None:
    again = '\n[[themes.sub_themes.metrics]]\nid = "m"\nname = "again"\n'
    text = one_metric(GOOD) + again + GOOD
    with pytest.raises(ConfigurationError, match="used twice"):
        parse_framework(text, file="x.toml")
