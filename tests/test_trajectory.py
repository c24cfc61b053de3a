"""The trajectory library function the demo and the CLI call."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbon.errors import TableContractError
from carbon.presets import apply_preset
from carbon.trajectory import trajectory
from carbon.trajectory_inputs import read_table

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def actuals() -> pd.DataFrame:
    return read_table(DATA / "small_trust_actuals.csv")


def test_nhs_target_both_readings(actuals: pd.DataFrame) -> None:
    result = trajectory(actuals, "nhs-carbon-footprint", base_year="2019/20")
    assert [t.id for t in result.targets] == ["nhs-carbon-footprint/own-baseline",
                                              "nhs-carbon-footprint/national-share"]
    table = result.table
    assert set(table["check"]) == {"earliest", "latest"}
    latest = table[(table["year"] == 2024) & (table["check"] == "earliest")].set_index("target")
    # own baseline: 12,400 - 4 x 1,240 = 6,200 required in 2024/25; actual 9,396.5
    assert latest.loc["nhs-carbon-footprint/own-baseline", "required"] == pytest.approx(6200)
    assert latest.loc["nhs-carbon-footprint/own-baseline", "status"] == "off_track"
    share = latest.loc["nhs-carbon-footprint/national-share"]
    assert share["required"] == pytest.approx(12400 * (1 - 0.4689 * 5 / 8), rel=1e-3)
    summary = result.summary
    assert len(summary) == 8  # 2 readings x 2 checks x 2 milestones
    assert set(summary["milestone_year"]) == {"2027/28", "2031/32", "2039/40"}


def test_energy_and_intensity_targets(actuals: pd.DataFrame) -> None:
    energy = trajectory(actuals, "energy-2.5pc", base_year="2019/20")
    row = energy.table.set_index("year").loc[2024]
    assert row["required"] == pytest.approx(34.5e6 * 0.975**5)
    (plain,) = apply_preset("energy-2.5pc", base_year="2019/20")
    intensity = plain.model_copy(update={"id": "kwh-per-m2", "denominator": "gia_m2"})
    floor = read_table(DATA / "small_trust_floor_area.csv")
    result = trajectory(actuals, intensity, denominators=floor)
    table = result.table.set_index("year")
    assert table.loc[2019, "actual"] == pytest.approx(34.5e6 / 85000)
    assert table.loc[2024, "actual"] == pytest.approx(32.3e6 / 88000)
    with pytest.raises(TableContractError, match="needs denominators"):
        trajectory(actuals, intensity)
    chart = result.chart()
    assert "kwh per gia_m2" in chart.alt_text


def test_chart_of_the_demo_function(actuals: pd.DataFrame) -> None:
    chart = trajectory(actuals).chart()
    assert chart.title == "NHS Carbon Footprint: trajectory"
    assert "Actual: 12,400 in 2019/20, 9,396 in 2024/25" in chart.alt_text
    assert chart.png()[:8] == b"\x89PNG\r\n\x1a\n"
