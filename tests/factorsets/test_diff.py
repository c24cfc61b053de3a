from __future__ import annotations

import pytest

from carbon.factorsets import diff_sets, load_set

ELECTRICITY = "uk-electricity/electricity-generated/electricity-uk/kwh"


def test_diff_2023_2024_lists_changed_added_removed_with_percentages() -> None:
    diff = diff_sets(load_set("desnz:2023"), load_set("desnz:2024"))
    counts = diff["change"].value_counts().to_dict()
    assert counts == {"changed": 1965, "added": 30, "removed": 1}
    row = diff.set_index("factor_id").loc[ELECTRICITY]
    assert row["value_a"] == pytest.approx(0.20707428859060403)
    assert row["value_b"] == 0.20705
    assert row["change_pct"] == pytest.approx(100 * (0.20705 / 0.20707428859060403 - 1))
    assert diff["change"].iloc[0] == "changed"
    changed = diff[diff["change"] == "changed"]["change_pct"].abs()
    assert changed.is_monotonic_decreasing
    added = diff[diff["change"] == "added"]
    assert added["value_a"].isna().all() and added["change_pct"].isna().all()


def test_diff_of_a_set_with_itself_is_empty_unless_asked() -> None:
    factors = load_set("desnz:2024")
    assert diff_sets(factors, factors).empty
    full = diff_sets(factors, factors, include_unchanged=True)
    assert (full["change"] == "unchanged").all() and len(full) == factors.info.factors
