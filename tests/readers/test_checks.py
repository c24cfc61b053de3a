"""Validating once per class of rows gives exactly the verdict of ``check_activity`` per row."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.activity import TEXT_COLUMNS, check_activity
from carbon.readers.checks import column_codes, dense_classes, first_problems

TEXT = {
    "organisation": ["RXX", "", " "],
    "site": ["S1", "S2", ""],
    "meter_id": ["M1", "M2", ""],
    "activity_type": ["electricity.grid", "anaesthetic.desflurane", "no.such.type",
                      "fuel.natural_gas"],
    "unit": ["kWh", "kg", "litres", "kWh_gross", "kWh (Net CV)", "furlong", "()"],
    "status": ["actual", "missing", "estimated", "guessed"],
    "source_file": ["f.csv", ""],
    "batch_id": ["b1"],
}
QUANTITIES = [1.0, 0.0, -2.0, np.nan, np.inf, -np.inf]
TIMES = [pd.Timestamp("2024-04-01T00:00Z"), pd.Timestamp("2024-04-01T00:30Z"), pd.NaT]


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 40))
    pick = {c: draw(st.lists(st.sampled_from(v), min_size=n, max_size=n))
            for c, v in TEXT.items()}
    frame = pd.DataFrame(pick)
    for column in TEXT_COLUMNS:
        if draw(st.booleans()):
            frame[column] = frame[column].astype("category")
    frame["quantity"] = draw(st.lists(st.sampled_from(QUANTITIES), min_size=n, max_size=n))
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(
            draw(st.lists(st.sampled_from(TIMES), min_size=n, max_size=n)), utc=True)
    frame["source_row"] = draw(st.lists(st.integers(-1, 3), min_size=n, max_size=n))
    if draw(st.booleans()):
        frame["calorific_basis"] = draw(st.lists(st.sampled_from([None, "gross", "net"]),
                                                 min_size=n, max_size=n))
    frame.index = draw(st.sampled_from([frame.index, frame.index[::-1] * 7]))
    return frame


@settings(max_examples=80, deadline=None)
@given(frames())
def test_class_verdicts_equal_row_verdicts(frame: pd.DataFrame) -> None:
    expected = check_activity(frame).drop_duplicates("row").set_index("row")
    problem, catalogue = first_problems(frame)
    positions = np.flatnonzero(problem >= 0)
    assert sorted(frame.index[positions]) == sorted(expected.index)
    for position in positions:
        got = catalogue.iloc[problem[position]]
        want = expected.loc[frame.index[position]]
        assert (got["column"], got["reason"], got["fix"]) == (
            want["column"], want["reason"], want["fix"])


def test_dense_classes_numbers_combinations() -> None:
    a = np.array([-1, 0, -1, 0, -1])  # codes as column_codes gives them: -1 = missing
    b = np.array([1, 1, 1, -1, 1])
    classes, representative = dense_classes([(a, 2), (b, 3)], 5)
    assert len(representative) == 3
    assert classes[0] == classes[2] == classes[4] != classes[1] != classes[3]
    assert (classes[representative] == np.arange(3)).all()
    wide = [(np.arange(5) * 10**6, 10**7), (np.arange(5), 10**7)]
    classes, representative = dense_classes(wide, 5)  # too many combinations for a table
    assert sorted(classes.tolist()) == [0, 1, 2, 3, 4] and len(representative) == 5


def test_column_codes_skip_constant_columns() -> None:
    assert column_codes(pd.Series(["a", "a"], dtype="category"))[1] == 1
    assert column_codes(pd.Series(["a", None], dtype="category"))[1] == 2
    codes, size = column_codes(pd.Series(["a", "b", None, "a"]))
    assert (codes.tolist(), size) == ([0, 1, -1, 0], 3)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(-1, 2), st.integers(-1, 1)), min_size=1, max_size=60))
def test_classes_are_the_distinct_combinations_in_ascending_order(
        rows: list[tuple[int, int]]) -> None:
    a = np.array([r[0] for r in rows], dtype="int8")
    b = np.array([r[1] for r in rows], dtype="int64")
    classes, representative = dense_classes([(a, 5), (b, 3)], len(rows))
    _, expected = np.unique(np.stack([a.astype("int64"), b], axis=1), axis=0,
                            return_inverse=True)
    assert classes.tolist() == expected.reshape(-1).tolist()
    assert (classes[representative] == np.arange(len(representative))).all()


def test_no_rows_no_classes() -> None:
    classes, representative = dense_classes([(np.empty(0, dtype="int8"), 3)], 0)
    assert len(classes) == len(representative) == 0
