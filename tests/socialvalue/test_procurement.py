from __future__ import annotations

from pathlib import Path

import pytest

from carbon.errors import ConfigurationError
from carbon.socialvalue.evaluate import evaluate_framework
from carbon.socialvalue.framework import load_framework
from carbon.socialvalue.measures import MeasureData
from carbon.socialvalue.procurement import apply_procurement_model, load_procurement_model


@pytest.mark.parametrize("model_id", ["ppn-06-20", "ppn-002"])
def test_shipped_models_map_the_preset_metrics(tiny: MeasureData, model_id: str) -> None:
    model = load_procurement_model(model_id)
    assert model.model.verified is False and model.model.source
    results = evaluate_framework(load_framework(), tiny, year=2024, base_year=2019)
    rows = apply_procurement_model(model, results)
    assert len(rows) == len(model.mappings)
    by_metric = {r.metric_id: r for r in rows}
    assert by_metric["carbon_cf_tco2e"].value == 230.0
    assert by_metric["energy_change_yoy"].status == "green"


def test_ppn_06_20_reports_under_theme_3(tiny: MeasureData) -> None:
    model = load_procurement_model("ppn-06-20")
    assert {m.theme for m in model.mappings} == {"Theme 3: Fighting climate change"}


def test_a_model_is_data_a_user_can_supply(tmp_path: Path, tiny: MeasureData) -> None:
    path = tmp_path / "local.toml"
    path.write_text('[model]\nid = "local"\nname = "Local model"\nsource = "board paper"\n'
                    'verified = true\n[[mappings]]\ntheme = "Planet"\noutcome = "Less water"\n'
                    'reporting_metric = "m3 of water"\nmetric = "water_m3"\n', encoding="utf-8")
    results = evaluate_framework(load_framework(), tiny, year=2024, base_year=2019)
    (row,) = apply_procurement_model(load_procurement_model(path), results)
    assert (row.model, row.value, row.unit) == ("Local model", 9450.0, "m3")


def test_errors(tmp_path: Path, tiny: MeasureData) -> None:
    with pytest.raises(ConfigurationError, match="no procurement model"):
        load_procurement_model("ppn-99")
    path = tmp_path / "bad.toml"
    path.write_text('[model]\nid = "x"\nname = "X"\nsource = "s"\nverified = false\n'
                    '[[mappings]]\ntheme = "t"\noutcome = "o"\nreporting_metric = "r"\n'
                    'metric = "nope"\n', encoding="utf-8")
    results = evaluate_framework(load_framework(), tiny, year=2024, base_year=2019)
    with pytest.raises(ConfigurationError, match="maps an unknown metric"):
        apply_procurement_model(load_procurement_model(path), results)
    path.write_text("[model]\nid = 1\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="invalid procurement model"):
        load_procurement_model(path)
