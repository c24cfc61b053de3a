"""Target presets (scenarios/targets.toml) and applying national targets to a trust."""

from __future__ import annotations

import pytest

from carbon.errors import ConfigurationError
from carbon.presets import (
    apply_preset,
    conventions,
    get_preset,
    national_reference,
    national_share_reduction,
    presets,
)


def test_presets_are_sourced_data() -> None:
    found = presets()
    assert {"nhs-carbon-footprint", "nhs-carbon-footprint-plus", "green-plan-15pc-compound",
            "energy-2.5pc"} <= set(found)
    for p in found.values():
        assert p.source and isinstance(p.verified, bool)
    cf = found["nhs-carbon-footprint"]
    assert [(m.reduction, m.window, m.by) for m in cf.milestone] == \
        [(0.8, (2028, 2032), None), (1.0, None, 2040)]
    plus = found["nhs-carbon-footprint-plus"]
    assert [(m.reduction, m.window, m.by) for m in plus.milestone] == \
        [(0.8, (2036, 2039), None), (1.0, None, 2045)]
    assert conventions().calendar_to_financial == "ending"


def test_national_reference_figures() -> None:
    ref = national_reference()["nhs_carbon_footprint"]
    assert ref[1990].tco2e == 16.2e6 and ref[2019].tco2e == 6.1e6
    assert 0.2 * ref[1990].tco2e == pytest.approx(3.24e6)   # the 80% level


def test_both_readings_from_2019_20() -> None:
    own, share = apply_preset("nhs-carbon-footprint", base_year="2019/20")
    assert own.id == "nhs-carbon-footprint/own-baseline" and own.reading == "own_baseline"
    assert share.id == "nhs-carbon-footprint/national-share"
    assert own.milestones[0].reduction == 0.8
    assert share.milestones[0].reduction == pytest.approx(1 - 0.2 * 16.2 / 6.1)  # 46.9%
    assert share.milestones[0].reduction == pytest.approx(0.469, abs=5e-4)
    assert share.milestones[1].reduction == own.milestones[1].reduction == 1.0
    # calendar 2028-2032 => FY 2027/28 .. 2031/32; net zero 2040 => FY 2039/40
    assert (own.milestones[0].first_year, own.milestones[0].last_year) == (2027, 2031)
    assert own.milestones[1].first_year == 2039
    assert own.base_year == 2019 and own.rate_type == "linear_of_base"


def test_default_base_year_and_overrides() -> None:
    (own,) = apply_preset("nhs-carbon-footprint", reading="own_baseline",
                          calendar_rule="starting")
    assert own.base_year == 2019          # the preset's declared default 2019/20
    assert own.milestones[0].first_year == 2028
    (plus,) = apply_preset("nhs-carbon-footprint-plus", reading="national_share")
    assert plus.milestones[0].reduction == pytest.approx(1 - 0.2 * 33.8 / 25.0)


def test_compound_override_refused_for_net_zero() -> None:
    with pytest.raises(ConfigurationError, match="never reaches zero"):
        apply_preset("nhs-carbon-footprint", base_year="2019/20", rate_type="compound")


def test_trust_presets_need_a_declared_base_year() -> None:
    with pytest.raises(ConfigurationError, match="needs a base year") as info:
        apply_preset("green-plan-15pc-compound")
    assert "never guessed" in str(info.value)
    (target,) = apply_preset("green-plan-15pc-compound", base_year="2021/22")
    assert target.id == "green-plan-15pc-compound" and target.annual_rate == 0.15
    assert target.base_year == 2021 and target.rate_type == "compound"
    (energy,) = apply_preset("energy-2.5pc", base_year=2019)
    assert energy.metric == "kwh" and energy.footprint == "building_energy"


def test_national_share_needs_a_national_level_for_the_base_year() -> None:
    with pytest.raises(ConfigurationError) as info:
        national_share_reduction("nhs_carbon_footprint", 2021, 0.8)
    text = str(info.value)
    assert "2021/22" in text and "2019/20" in text and "national_reference.toml" in text


def test_unknown_preset_lists_known_ids() -> None:
    with pytest.raises(ConfigurationError, match="nhs-carbon-footprint-plus"):
        get_preset("net-zero-2030")


def test_milestones_need_by_or_window() -> None:
    from pydantic import ValidationError

    from carbon.presets import MilestoneSpec

    with pytest.raises(ValidationError, match="either 'by' or 'window'"):
        MilestoneSpec(reduction=0.5)
    with pytest.raises(ValidationError, match="either 'by' or 'window'"):
        MilestoneSpec(reduction=0.5, by=2030, window=(2028, 2032))
    assert MilestoneSpec(reduction=0.5, by=2030).years == (2030, 2030)


def test_base_year_must_be_a_financial_year() -> None:
    with pytest.raises(ConfigurationError, match="financial year"):
        apply_preset("nhs-carbon-footprint", base_year="2019")
