"""Activity totals from any source, and the digest that names the activity in a run record."""

from __future__ import annotations

import pandas as pd

from carbon.periods import parse_period
from carbon.totals import activity_digest, activity_totals

KEYS = ("organisation", "site", "meter_id", "activity_type")


def test_digest_depends_on_values_not_on_how_text_is_held(mixed_activity: pd.DataFrame
                                                          ) -> None:
    plain = mixed_activity.copy()
    for column in ("site", "meter_id", "status", "unit"):
        plain[column] = plain[column].astype(str)
    extra = mixed_activity.copy()
    extra["meter_id"] = extra["meter_id"].cat.add_categories(["unused"])
    reordered = mixed_activity.copy()
    reordered["site"] = reordered["site"].cat.reorder_categories(["S02", "S01"])
    digest = activity_digest(mixed_activity)
    assert activity_digest(plain) == activity_digest(extra) == activity_digest(reordered) \
        == digest
    changed = mixed_activity.copy()
    changed.loc[5, "quantity"] += 0.001
    swapped = mixed_activity.iloc[[1, 0, *range(2, len(mixed_activity))]]
    assert activity_digest(changed) != digest and activity_digest(swapped) != digest


def test_frame_totals_carry_the_digest(mixed_activity: pd.DataFrame) -> None:
    totals = activity_totals(mixed_activity, [parse_period("2024/25")], keys=KEYS,
                             grain="month")
    assert totals.digest == activity_digest(mixed_activity) and totals.inputs == {}
    assert set(totals.frame["month"]) == {f"2024-{m:02d}" for m in range(4, 13)} | {
        "2025-01", "2025-02", "2025-03"}
