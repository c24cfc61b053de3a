"""The shipped hybrid rules (scopes/spend_exclusions.csv) and what they match."""

from __future__ import annotations

import pandas as pd

from carbon.spend.exclusions import excluded, exclusion_rules
from carbon.taxonomy import activity_types


def test_rules_cover_water_waste_and_travel_and_energy_is_memo() -> None:
    rules = exclusion_rules().set_index("spend_type")
    assert rules.loc["spend.water_and_sanitation", "covered_by"] == ("water.",)
    assert rules.loc["spend.business_travel", "covered_by"] == ("travel.", "fleet.")
    assert all(rules["reason"].str.len() > 20) and all(rules["source"] != "")
    assert not activity_types()["spend.energy"].emitting  # never converted from spend


def test_excluded_needs_non_zero_activity_of_the_same_organisation_and_period() -> None:
    spend = pd.DataFrame({"period": ["2024/25", "2024/25", "2023/24"],
                          "organisation": ["RZZ", "RYY", "RZZ"],
                          "activity_type": ["spend.waste_services"] * 3})
    activity = pd.DataFrame({"period": ["2024/25", "2024/25", "2023/24"],
                             "organisation": ["RZZ", "RYY", "RZZ"],
                             "activity_type": ["waste.clinical.hti", "waste.general.landfill",
                                               "water.supply"],
                             "quantity": [1.5, 0.0, 10.0]})
    reasons = excluded(spend, activity)
    assert reasons[0].startswith("excluded: waste contracts")
    assert reasons[1] == "" and reasons[2] == ""  # zero tonnes; water covers no waste spend
