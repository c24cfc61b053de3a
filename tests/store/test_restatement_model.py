"""Property: two overlapping exports leave the store as the restatement rules say.

For every half hour held by both files: the same value is unchanged, a missing value never
erases a reading, anything else restates (the old row goes to history). Half hours in one file
only are simply stored. The counts of the second load must match.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carbon.readers import LoadOptions
from carbon.store import Store, current_activity, load_file

values = st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=1, max_size=12)


def export(path: Path, cells: list[int | None], offset: int) -> Path:
    times = pd.date_range("2024-06-01T00:00Z", periods=offset + len(cells), freq="30min")
    path.write_text("meter_id,timestamp_utc,kwh\n" + "".join(
        f"M1,{t:%Y-%m-%dT%H:%M:%SZ},{'' if v is None else v}\n"
        for t, v in zip(times[offset:], cells, strict=True)))
    return path


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values, values, st.integers(0, 12))
def test_second_export_follows_the_rules(first: list[int | None], second: list[int | None],
                                         offset: int) -> None:
    expected: dict[int, int | None] = dict(enumerate(first))
    unchanged = restated = 0
    same_file = offset == 0 and first == second  # same bytes: the same batch, already loaded
    for slot, new in enumerate([] if same_file else second, start=offset):
        if slot not in expected:
            expected[slot] = new
        elif new == expected[slot] or (new is None and expected[slot] is not None):
            unchanged += 1
        else:
            restated += 1
            expected[slot] = new
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "ws")
        options = LoadOptions(site="S1")
        load_file(store, export(Path(folder) / "a.csv", first, 0), options)
        report = load_file(store, export(Path(folder) / "b.csv", second, offset), options).report
        current = current_activity(store)
        everything = current_activity(store, include_superseded=True)
    assert report.status == ("already loaded" if same_file else "loaded")
    assert (report.rows_unchanged, report.rows_superseded) == (unchanged, restated)
    assert report.rows_stored == (0 if same_file else len(second) - unchanged)
    start = pd.Timestamp("2024-06-01T00:00Z")
    slots = ((current["period_start"] - start) // pd.Timedelta(minutes=30)).tolist()
    assert slots == sorted(expected)
    got = [None if np.isnan(q) else int(q) for q in current["quantity"]]
    assert got == [expected[s] for s in sorted(expected)]
    assert len(everything) == len(current) + restated
