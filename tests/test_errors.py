from __future__ import annotations

import pickle

import pytest

from carbon import errors


def test_message_names_file_row_column_value_expected_and_fix() -> None:
    exc = errors.InputFileError("not a number", file="gas.csv", row=12, column="units_used",
                                value="12a", expected="a number of m3", fix="correct the cell")
    assert str(exc) == ("gas.csv, row 12, column 'units_used': not a number (got '12a'); "
                        "expected a number of m3. Fix: correct the cell")


@pytest.mark.parametrize(("cls", "builtin"), [
    (errors.UnitError, ValueError), (errors.DimensionError, TypeError),
    (errors.PeriodError, ValueError), (errors.ActivityValidationError, ValueError),
    (errors.UnknownActivityTypeError, KeyError), (errors.InputFileError, ValueError),
    (errors.ConfigurationError, ValueError), (errors.ReferenceDataError, RuntimeError),
])
def test_each_error_is_also_a_builtin(cls: type[errors.CarbonError], builtin: type) -> None:
    exc = cls("boom")
    assert isinstance(exc, errors.CarbonError)
    assert isinstance(exc, builtin)


def test_long_values_are_shortened() -> None:
    text = str(errors.CarbonError("bad", value="x" * 500))
    assert len(text) < 120


def test_pickle_round_trip_keeps_attributes() -> None:
    exc = errors.UnknownActivityTypeError("unknown activity type", value="fuel.x", fix="see list")
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is errors.UnknownActivityTypeError
    assert (again.value, again.fix, str(again)) == (exc.value, exc.fix, str(exc))
