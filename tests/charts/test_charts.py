"""Charts: files are written, sized for a board paper, and show what they claim to show."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from matplotlib.image import imread

from carbon.charts import DPI, Chart
from carbon.charts import style as st
from carbon.scenario import ScenarioResult, run_scenario
from carbon.trajectory import trajectory
from carbon.trajectory_inputs import read_table

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="module")
def result() -> ScenarioResult:
    return run_scenario("net-zero-pathway", read_table(DATA / "small_trust_baseline.csv"),
                        baseline_year=2024, actuals=read_table(DATA / "small_trust_actuals.csv"),
                        draws=300)


def pixels(chart: Chart) -> np.ndarray:
    return imread(io.BytesIO(chart.png()), format="png")[:, :, :3]


def share_of_colour(image: np.ndarray, colour: str, tolerance: float = 0.03) -> float:
    """Share of the image's pixels within ``tolerance`` of ``colour`` (per channel)."""
    close = np.all(np.abs(image - np.array(to_rgb(colour))) <= tolerance, axis=2)
    return float(close.mean())


def legend_labels(chart: Chart) -> list[str]:
    legends = list(chart.figure.legends) + [a.get_legend() for a in chart.figure.axes
                                            if a.get_legend() is not None]
    return [t.get_text() for legend in legends for t in legend.get_texts()]


def test_trajectory_chart_elements(result: ScenarioResult) -> None:
    chart = result.trajectory_chart()
    labels = legend_labels(chart)
    assert "Actual" in labels and "Net zero pathway" in labels
    assert "Net zero pathway: 5-95% range" in labels
    assert "Business as usual (Net zero pathway)" in labels
    assert "Target window 2027/28 to 2031/32" in labels
    assert any(label.startswith("80% cut (own base)") for label in labels)
    assert sum("earliest end of window" in label for label in labels) == 2
    (ax,) = chart.figure.axes
    assert ax.get_ylim()[0] == 0 and ax.get_ylabel() == "tCO2e"
    image = pixels(chart)
    assert image.shape[:2] == (round(st.FIGSIZE[1] * DPI), round(st.FIGSIZE[0] * DPI))
    for colour in (st.ACTUAL, st.SCENARIOS[0], st.TARGETS[0], st.TARGETS[1], st.BAU,
                   st.WINDOW):
        assert share_of_colour(image, colour) > 0.0005, colour
    assert share_of_colour(image, "#FFFFFF") < 0.9   # the plot area is not blank
    assert "Actual: 12,400 in 2019/20" in chart.alt_text
    assert "5-95% range" in chart.alt_text and "Target window 2027/28 to 2031/32" in chart.alt_text


def test_trajectory_chart_from_actuals_only() -> None:
    chart = trajectory(read_table(DATA / "small_trust_actuals.csv")).chart()
    labels = legend_labels(chart)
    assert "Actual" in labels and not any("Business as usual" in x for x in labels)
    assert share_of_colour(pixels(chart), st.ACTUAL) > 0.0005


def test_waterfall_chart(result: ScenarioResult) -> None:
    frame = result.waterfall(2031)
    chart = result.waterfall_chart(2031)
    (ax,) = chart.figure.axes
    bars = [p for p in ax.patches if p.get_height() > 0]
    assert len(bars) == len(frame)
    tick_labels = [t.get_text() for t in ax.get_xticklabels()]
    assert tick_labels[0] == "base year" and tick_labels[-1] == "scenario"
    image = pixels(chart)
    for colour in (st.TOTAL, st.DECREASE, st.INCREASE):
        assert share_of_colour(image, colour) > 0.0005, colour
    assert "grid decarbonisation" in chart.alt_text and "2024/25 to 2031/32" in chart.title


def test_macc_chart(result: ScenarioResult) -> None:
    frame = result.macc()
    chart = result.macc_chart()
    included = frame[frame["included"]]
    labels = legend_labels(chart)
    assert len(labels) == len(included)
    assert labels[0].startswith("1  Solar PV") and "-£" in labels[0]
    (ax,) = chart.figure.axes
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == sorted(round(w, 6) for w in included["mean_annual_abatement_tco2e"])
    image = pixels(chart)
    assert share_of_colour(image, st.DECREASE) > 0.0005 and share_of_colour(image, st.TOTAL) > 0.0
    assert "Not on the curve" in chart.alt_text


def test_files_sizes_and_determinism(result: ScenarioResult, tmp_path: Path) -> None:
    chart = result.trajectory_chart()
    for suffix in ("png", "svg", "pdf"):
        path = chart.save(tmp_path / f"chart.{suffix}")
        assert path.is_file() and 20_000 < path.stat().st_size < 2_000_000, suffix
    assert chart.png() == chart.png() and chart.svg() == chart.svg()
    assert b"Net zero pathway" in chart.svg()
    with pytest.raises(ValueError, match="unknown chart format"):
        chart.save(tmp_path / "chart.gif")


def test_empty_macc_is_still_a_chart() -> None:
    frame = pd.DataFrame(columns=["intervention", "name", "stage", "mean_annual_abatement_tco2e",
                                  "gbp_per_tco2e", "included", "reason"])
    from carbon.charts.macc import macc_chart

    chart = macc_chart(frame, title="none")
    assert "no costed intervention" in chart.alt_text
