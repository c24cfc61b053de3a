from __future__ import annotations

from pathlib import Path

import pytest

from carbon.factorsets import load_set
from carbon.factorsets.nhs import inhaler_products
from carbon.factorsets.sdu import read_sdu_table

# ../shared/domain/nhs-carbon-domain.md section 4.4 (SRP seed values, verified there).
SEEDS = {  # FY column: electricity, T&D, WTT generation, WTT T&D, gas gross, gas WTT
    "2016-17": (0.41205, 0.03727, 0.06188, 0.00560, 0.183997, 0.02499),
    "2017-18": (0.35156, 0.03287, 0.05605, 0.00524, 0.18416, 0.02785),
    "2018-19": (0.28307, 0.02413, 0.04198, 0.00358, 0.18396, 0.02557),
    "2019-20": (0.25560, 0.02170, 0.03565, 0.00303, 0.18385, 0.02391),
    "2020-21": (0.23314, 0.02005, 0.03217, 0.00277, 0.18387, 0.02391),
}
SEED_IDS = ("electricity-generated/electricity-uk/kwh",
            "t-and-d-uk-electricity/electricity-uk-td/kwh",
            "wtt-uk-electricity-generation/electricity-uk-wtt/kwh",
            "wtt-uk-electricity-t-and-d/electricity-uk-td-wtt/kwh",
            "gaseous-fuels/natural-gas/kwh-gross", "wtt-gaseous-fuels/natural-gas-wtt/kwh-gross")


@pytest.mark.parametrize("year", sorted(SEEDS))
def test_sdu_sets_reproduce_the_srp_seed_values(year: str) -> None:
    table = load_set(f"sdu:{year}").table
    assert tuple(table.loc[i, "value"] for i in SEED_IDS) == SEEDS[year]


def test_sdu_units_and_provenance() -> None:
    factors = load_set("sdu:2020-21")
    assert factors.info.applies_to_period == "2020/21"
    gas = factors.factor("gaseous-fuels/natural-gas/kwh-gross")
    assert gas.activity_unit == "kWh_gross" and gas.note == "Assumed natural gas,gross figure"
    desflurane = factors.factor("anaesthetic-gases/desflurane/litre")
    assert (desflurane.value, desflurane.numerator_unit) == (3.7211, "tCO2e")
    assert factors.factor("rail/national-rail/passenger-km").activity_unit == "passenger_km"
    clinical = factors.factor("clinical-waste/clinical-waste/tonne")
    assert clinical.value == 240.05 and clinical.activity_unit == "tonne"
    assert factors.info.excluded_rows == 2  # two rows listed twice with equal values


def test_nhs_sets_agree_with_the_sdu_table() -> None:
    sdu = load_set("sdu:2020-21")
    waste = load_set("nhs-clinical-waste:srp-2020-21")
    assert waste.factor("waste/clinical/high-temperature-incineration/tonnes").value == \
        sdu.factor("clinical-waste/clinical-waste/tonne").value
    assert waste.factor("waste/clinical/high-temperature-incineration-sdu-legacy/tonnes").value \
        == sdu.factor("high-temperature-disposal-waste/high-temperature-disposal-waste/tonne"
                      ).value
    agents = load_set("nhs-anaesthetic:sdu-2020-21")
    for agent, row in (("desflurane", "desflurane"), ("isoflurane", "isoflurane"),
                       ("sevoflurane", "sevoflurane")):
        assert agents.factor(f"anaesthetic/{agent}/litre-liquid").value == \
            sdu.factor(f"anaesthetic-gases/{row}/litre").value
    assert all(f.startswith("waste/") for f in waste)
    assert all(waste.factor(i).source for i in waste)


def test_inhaler_products_and_per_inhaler_factors() -> None:
    products = inhaler_products()
    assert len(products) == 7 and products["verified"].all()
    flutiform = load_set("nhs-inhalers:wilkinson-2019").factor(
        "inhaler/ics-laba-hfa227ea/inhaler")
    assert (flutiform.value, flutiform.numerator_unit, flutiform.activity_unit) == \
        (36500, "gCO2e", "inhaler")


@pytest.mark.official_data
def test_sdu_table_reads_every_financial_year(data_dir: Path) -> None:
    read = read_sdu_table(data_dir / "sdu/sdu-nhs-carbon-factors-2007-08-to-2020-21.csv")
    assert list(read.tables) == [f"{y}-{(y + 1) % 100:02d}" for y in range(2007, 2021)]
    assert all(len(t) == 170 for t in read.tables.values())
