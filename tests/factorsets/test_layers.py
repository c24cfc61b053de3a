from __future__ import annotations

from pathlib import Path

import pytest

from carbon.errors import ConfigurationError, UnknownFactorError
from carbon.factorsets import FactorSet, FactorSetInfo, layer, load_set, read_custom_csv
from carbon.factorsets.resolve import resolve_factors

ELECTRICITY = "uk-electricity/electricity-generated/electricity-uk/kwh"
GAS = "fuels/gaseous-fuels/natural-gas/kwh-gross-cv"


def custom(tmp_path: Path, rows: str, set_id: str = "trust:2024") -> FactorSet:
    path = tmp_path / f"{set_id.replace(':', '-')}.csv"
    path.write_text("factor_id,description,activity_unit,value,source,valid_from,valid_to\n"
                    + rows, encoding="utf-8")
    info = FactorSetInfo(id=set_id, kind="csv", title="local overrides")
    return FactorSet.from_table(info, read_custom_csv(path))


def test_every_resolved_factor_says_which_layer_supplied_it(tmp_path: Path) -> None:
    override = custom(tmp_path, f"{ELECTRICITY},Supplier-specific mix,kWh,0.1021,ACME 2024,,\n"
                                "supplier/rego-zero/kwh,REGO tariff,kWh,0,Contract 12,,\n")
    stacked = layer(load_set("desnz:2024"), override)
    assert stacked.info.layers == ["trust:2024", "desnz:2024"]
    out = resolve_factors([ELECTRICITY, GAS, "supplier/rego-zero/kwh"], stacked)
    assert out["value"].tolist() == [0.1021, 0.1829, 0.0]
    assert out["layer"].astype(str).tolist() == ["trust:2024", "desnz:2024", "trust:2024"]
    assert out["set_version"].astype(str).tolist() == ["", "1.1", ""]
    assert set(out["layers"].astype(str)) == {"trust:2024 > desnz:2024"}
    shown = stacked.factor(ELECTRICITY)
    assert shown.layer == "trust:2024" and shown.source == "ACME 2024"
    assert stacked.factor(GAS).info.id == "desnz:2024"


def test_top_layer_wins_and_stacks_nest(tmp_path: Path) -> None:
    lower = custom(tmp_path, f"{ELECTRICITY},lower,kWh,0.2,src,,\n", "lower:1")
    upper = custom(tmp_path, f"{ELECTRICITY},upper,kWh,0.1,src,,\n", "upper:1")
    stacked = layer(load_set("desnz:2024"), lower, upper)
    assert stacked.factor(ELECTRICITY).value == 0.1
    assert stacked.info.layers == ["upper:1", "lower:1", "desnz:2024"]


def test_no_fallback_below_a_missing_id(tmp_path: Path) -> None:
    stacked = layer(load_set("desnz:2024"), custom(tmp_path, "a/b,x,kWh,1,src,,\n"))
    with pytest.raises(UnknownFactorError, match="not in layered"):
        resolve_factors(["no/such/factor"], stacked)


def test_a_set_twice_in_a_stack_is_refused(tmp_path: Path) -> None:
    base = load_set("desnz:2024")
    with pytest.raises(ConfigurationError, match="twice"):
        layer(base, base)


def test_valid_years_are_enforced_for_a_period(tmp_path: Path) -> None:
    override = custom(tmp_path, f"{ELECTRICITY},2024 tariff,kWh,0.1,contract,2024,2024\n")
    out = resolve_factors([ELECTRICITY], load_set("desnz:2024"), overrides=[override],
                          period="2024")
    assert out["value"].tolist() == [0.1]
    with pytest.raises(UnknownFactorError, match="valid 2024-2024, not for all of 2024/25"):
        resolve_factors([ELECTRICITY], load_set("desnz:2024"), overrides=[override],
                        period="2024/25")
