"""Inhaler counts on a small synthetic file (there is no inhaler sample)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbon.readers import LoadOptions, read_file


def test_product_classes_take_the_published_ranges() -> None:
    # Ventolin is a large-volume SABA: 17.32-19.8 g of HFA-134a (Wilkinson 2019 Table 2).
    from carbon.readers.inhalers import _product_table

    table = _product_table().set_index("product")
    assert table.loc["ventolin evohaler", "propellant"] == "hfa134a"
    assert table.loc["ventolin evohaler", "propellant_g"] == pytest.approx((17.32 + 19.8) / 2)
    assert table.loc["flutiform", "propellant"] == "hfa227ea"
    assert table.loc["turbohaler", "propellant"] == "none"


def test_inhalers_become_propellant_mass_or_counts(tmp_path: Path) -> None:
    path = tmp_path / "inhalers.csv"
    path.write_text(
        "month,product,inhalers,site code,bnf code\n"
        "2024-04,Ventolin Evohaler 100 micrograms,10,S1,0301011R0AAAPAP\n"
        "2024-04,Flutiform 125/5 inhaler,4,S1,\n"
        "2024-05,Symbicort Turbohaler 200/6,5,,\n"
        "2024-05,Mystery inhaler,3,S1,\n"
        "2024-13,Salamol,2,S1,\n"
        "2024-05,Salamol,lots,S1,\n", encoding="utf-8")
    result = read_file(path, LoadOptions())
    assert (result.layout, result.rows_in, result.rows_accepted) == ("inhalers", 6, 3)
    a = result.activity.set_index("meter_id")
    ventolin = a.loc["Ventolin Evohaler 100 micrograms"]
    assert ventolin["activity_type"] == "inhaler.propellant_hfa134a"
    assert ventolin["quantity"] == pytest.approx(10 * 18.56 / 1000)  # 10 x 18.56 g
    assert ventolin["unit"] == "kg"
    flutiform = a.loc["Flutiform 125/5 inhaler"]
    assert flutiform["activity_type"] == "inhaler.propellant_hfa227ea"
    assert flutiform["quantity"] == pytest.approx(4 * 11 / 1000)
    dpi = a.loc["Symbicort Turbohaler 200/6"]
    assert (dpi["activity_type"], dpi["quantity"], dpi["unit"], dpi["site"]) == (
        "inhaler.dry_powder", 5, "inhaler", "trust-wide")
    assert ventolin["period_start"] == pd.Timestamp("2024-03-31T23:00Z")  # April, local
    reasons = result.quarantine.set_index("source_row")["reason"].to_dict()
    assert reasons == {5: "no inhaler class for product", 6: "not a month",
                       7: "count not a number"}
