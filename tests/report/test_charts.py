from __future__ import annotations

import io

import numpy as np
from matplotlib.image import imread

from carbon.report import ReportInputs, summary
from carbon.report.charts import category_chart, history_chart, sparkline, trajectory_chart
from carbon.report.model import Chart


def pixels(chart: Chart) -> np.ndarray:
    return imread(io.BytesIO(chart.data), format="png")


def test_charts_are_non_blank_pngs_with_values_in_their_alt_text(
        report_inputs: ReportInputs) -> None:
    categories = summary.category_breakdown(report_inputs.lines)
    chart = category_chart(categories, "2024/25")
    image = pixels(chart)
    assert image.shape[1] >= 900 and image[..., :3].std() > 0.05  # ~17 cm at 150 dpi
    assert "Building energy" in chart.alt and "tCO2e" in chart.alt
    history = history_chart(summary.history(report_inputs), "2019/20", 2366.7, "2024/25")
    assert "2020/21" in history.alt  # a year held only as annual actuals
    assert "2,367" in history.alt
    line = trajectory_chart(report_inputs.trajectory, "nhs_carbon_footprint")
    assert pixels(line)[..., :3].std() > 0.05 and "target path" in line.alt


def test_same_data_same_bytes(report_inputs: ReportInputs) -> None:
    categories = summary.category_breakdown(report_inputs.lines)
    assert category_chart(categories, "x").data == category_chart(categories, "x").data
    spark = sparkline("a_b", "A", [("2019/20", 1.0), ("2024/25", 2.0)], "m3")
    assert spark.id == "trend-a-b" and pixels(spark).shape[0] > 10


def test_history_uses_inventory_first_then_annual_actuals(report_inputs: ReportInputs) -> None:
    table = summary.history(report_inputs)
    assert table["year"].tolist() == [2019, 2020, 2021, 2022, 2023, 2024]
    assert table.set_index("year")["source"].to_dict() == {
        2019: "inventory", 2020: "annual actuals", 2021: "annual actuals",
        2022: "annual actuals", 2023: "inventory", 2024: "inventory"}
