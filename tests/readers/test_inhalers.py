"""Inhaler counts on a small synthetic file (there is no inhaler sample)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from carbon import resources
from carbon.readers import LoadOptions, read_file


def products() -> pd.DataFrame:
    text = resources.read_text("carbon.factors", "inhaler_products.csv")
    return pd.read_csv(io.StringIO(text)).set_index("product")


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
    table = products()
    a = result.activity.set_index("meter_id")
    ventolin = a.loc["Ventolin Evohaler 100 micrograms"]
    assert ventolin["activity_type"] == "inhaler.propellant_" + table.loc[
        "ventolin evohaler", "propellant"]
    assert ventolin["quantity"] == pytest.approx(10 * table.loc["ventolin evohaler",
                                                                "propellant_g"] / 1000)
    assert ventolin["unit"] == "kg"
    flutiform = a.loc["Flutiform 125/5 inhaler"]
    assert flutiform["activity_type"] == "inhaler.propellant_" + table.loc["flutiform",
                                                                           "propellant"]
    assert flutiform["quantity"] == pytest.approx(4 * table.loc["flutiform", "propellant_g"]
                                                  / 1000)
    dpi = a.loc["Symbicort Turbohaler 200/6"]
    assert (dpi["activity_type"], dpi["quantity"], dpi["unit"], dpi["site"]) == (
        "inhaler.dry_powder", 5, "inhaler", "trust-wide")
    assert ventolin["period_start"] == pd.Timestamp("2024-03-31T23:00Z")  # April, local
    reasons = result.quarantine.set_index("source_row")["reason"].to_dict()
    assert reasons == {5: "no propellant data for product", 6: "not a month",
                       7: "count not a number"}
