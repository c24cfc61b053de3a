from __future__ import annotations

import pytest

from carbon.errors import UnknownFactorError, UnknownFactorSetError
from carbon.factorsets import latest, list_sets, load_set, search_factors
from carbon.factorsets.resolve import resolve_factors

ELECTRICITY = "uk-electricity/electricity-generated/electricity-uk/kwh"


def test_list_holds_every_built_in_set() -> None:
    ids = {info.id for info in list_sets()}
    assert {f"desnz:{y}" for y in range(2016, 2027)} <= ids
    assert {f"sdu:{y}-{(y + 1) % 100:02d}" for y in range(2007, 2021)} <= ids
    assert {"gwp:ar4", "gwp:ar5", "gwp:ar6", "gwp:nhs-literature",
            "nhs-clinical-waste:srp-2020-21", "nhs-anaesthetic:sdu-2020-21",
            "nhs-inhalers:wilkinson-2019"} <= ids


def test_load_by_name_and_latest() -> None:
    assert latest() == "desnz:2026"
    assert load_set("latest").id == load_set("desnz:latest").id == "desnz:2026"
    factors = load_set("desnz:2024")
    assert factors.info.version == "1.1" and factors.info.gwp_basis == "AR5"
    assert load_set("desnz:2024") is factors  # loaded once per process


def test_show_one_factor_with_provenance() -> None:
    factor = load_set("desnz:2023").factor(ELECTRICITY)
    assert factor.value == pytest.approx(0.20707428859060403, abs=0)
    assert factor.scope == "2" and factor.activity_unit == "kWh"
    assert factor.desnz_id == "7_400_4000_5_1"
    assert factor.source_ref == "Factors by Category!J2850"
    assert factor.info.source_sha256.startswith("804885cb")
    assert factor.info.licence == "Open Government Licence v3.0"
    assert factor.label == "UK electricity > Electricity generated > Electricity: UK > kWh"


def test_a_missing_factor_is_an_error_naming_close_ids_and_sets_that_hold_it() -> None:
    homeworking = "homeworking/homeworking-office-equipment-plus-heating/per-fte-working-hour"
    with pytest.raises(UnknownFactorError) as info:
        resolve_factors([homeworking], load_set("desnz:2021"))
    text = str(info.value)
    assert "not in desnz:2021" in text and "desnz:2022" in text and "pinned" in text
    assert isinstance(info.value, KeyError)
    with pytest.raises(UnknownFactorError, match=ELECTRICITY):
        load_set("desnz:2024").factor(ELECTRICITY + "x")


def test_a_blank_factor_is_an_error_never_zero() -> None:
    hybrid_mini = "passenger-vehicles/cars-by-market-segment/mini/hybrid/km"
    assert load_set("desnz:2024").factor(hybrid_mini).value is None
    with pytest.raises(UnknownFactorError, match="blank in desnz:2024"):
        resolve_factors([hybrid_mini], "desnz:2024")


def test_an_unknown_set_lists_close_names() -> None:
    with pytest.raises(UnknownFactorSetError, match="desnz:2024") as info:
        load_set("desnz:2042")
    assert "carbon factors list" in str(info.value)
    with pytest.raises(UnknownFactorSetError):
        latest("nosuchfamily")


def test_search_by_text() -> None:
    found = search_factors("natural gas gross", "desnz:2024")
    assert list(found["factor_id"]) == [
        "fuels/gaseous-fuels/natural-gas-100-pct-mineral-blend/kwh-gross-cv",
        "fuels/gaseous-fuels/natural-gas/kwh-gross-cv",
        "wtt-fuels/gaseous-fuels/natural-gas-100-pct-mineral-blend/kwh-gross-cv",
        "wtt-fuels/gaseous-fuels/natural-gas/kwh-gross-cv"]
    assert found["unit"].tolist() == ["kgCO2e/kWh_gross"] * 4
    assert search_factors("no such thing at all", "desnz:2024").empty


def test_gas_sets_derive_from_the_gwp_table() -> None:
    assert load_set("gwp:ar5").factor("gas/desflurane/kg").value == 1790
    assert load_set("gwp:nhs-literature").factor("gas/desflurane/kg").value == 2540
    assert load_set("gwp:ar6").factor("gas/hfc-134a/kg").value == 1530


def test_factor_errors_are_key_errors_without_quotes_and_pickle() -> None:
    import pickle

    from carbon.errors import CarbonError, GwpConversionError

    for cls, builtin in ((UnknownFactorError, KeyError), (UnknownFactorSetError, KeyError),
                         (GwpConversionError, ValueError)):
        exc = cls("no such factor", value="a/b", fix="choose one")
        assert isinstance(exc, CarbonError) and isinstance(exc, builtin)
        assert str(exc) == "no such factor (got 'a/b'). Fix: choose one"
        again = pickle.loads(pickle.dumps(exc))
        assert type(again) is cls and str(again) == str(exc)
