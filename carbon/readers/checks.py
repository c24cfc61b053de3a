"""Validating activity rows once per class of equivalent rows.

:func:`carbon.activity.check_activity` judges a row by its text values, whether its quantity is
finite and whether it is negative, whether its times are missing or out of order, and whether
its source row is a positive number. Rows that agree on all of these get the same verdict, so
:func:`first_problems` puts one representative row of each class through the validator and
spreads its verdict to the class. Ten million half hours of a few hundred meters make a few
thousand classes: the per-row cost is a handful of integer operations on categorical codes.

The equivalence is exact for the checks of :func:`~carbon.activity.check_activity`; the
property test in ``tests/readers/test_checks.py`` compares both on generated tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon.activity import TEXT_COLUMNS, TIME_COLUMNS, check_activity

#: Running key range above which codes are re-numbered densely (keeps the key in int64).
_KEY_LIMIT = 1 << 40


def column_codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Codes of a column (-1 = missing, 0.. = distinct values) and how many values there are.

    A column with a single value and no missing one gets size 1 (it tells rows apart not at
    all, and :func:`dense_classes` skips it). Categorical codes are taken without a copy.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.array.codes
        size = len(values.cat.categories)
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        size = len(uniques)
    if size <= 1 and (len(codes) == 0 or codes.min() >= 0):
        return codes, 1
    return codes, size + 1


def class_runs(parts: list[tuple[np.ndarray, int]], n: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Number the distinct combinations of several code columns, run by run.

    Rows come grouped (by series, then time), so the combinations change at few places: the
    classes are numbered on the first row of each run of equal combinations, and nothing of
    the length of the table is built but one mask of where some column changes.

    Parameters
    ----------
    parts : list of (codes, size)
        Integer codes from -1 to ``size - 2``, one array of length ``n`` each (as
        :func:`column_codes` gives them); parts of size 1 are skipped.
    n : int
        Number of rows.

    Returns
    -------
    starts : numpy.ndarray
        Position of the first row of each run. [int64]
    run_class : numpy.ndarray
        Class of each run, ``0 .. k - 1``, in ascending order of the combined codes (or in
        order of appearance when the combinations are too many to count in a table). [int64]
    representative : numpy.ndarray
        One row position of each class (the first row of its last run). [int64]
    """
    if n == 0:
        empty = np.empty(0, dtype="int64")
        return empty, empty, empty
    change = np.zeros(n - 1, dtype=bool)
    varying = []
    for codes, size in parts:
        if size <= 1:
            continue
        step = codes[1:] != codes[:-1]
        if step.any():  # one value tells nothing
            varying.append((codes, size))
            change |= step
    starts = np.flatnonzero(np.r_[True, change])
    if len(varying) == 1:
        key, span = varying[0][0][starts] + 1, varying[0][1]
    else:
        key = np.zeros(len(starts), dtype="int64")
        span = 1
        for codes, size in varying:
            if span * size > _KEY_LIMIT:
                key, uniques = pd.factorize(key)
                span = len(uniques)
            key = (key * size + 1) + codes[starts]  # in int64: codes may be int8
            span *= size
    if span <= 2 * n + 65_536:  # ascending order of the key
        _, run_class = np.unique(key, return_inverse=True)
        run_class = run_class.reshape(-1).astype("int64")
        count = int(run_class.max()) + 1
    else:
        run_class, uniques = pd.factorize(key)
        run_class = run_class.astype("int64")
        count = len(uniques)
    representative = np.zeros(count, dtype="int64")
    representative[run_class] = starts
    return starts, run_class, representative


def dense_classes(parts: list[tuple[np.ndarray, int]], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct combinations of several code columns.

    Parameters
    ----------
    parts : list of (codes, size)
        Integer codes from -1 to ``size - 2``, one array of length ``n`` each (as
        :func:`column_codes` gives them); parts of size 1 are skipped.
    n : int
        Number of rows.

    Returns
    -------
    classes : numpy.ndarray
        Class of each row, ``0 .. k - 1``. [int64]
    representative : numpy.ndarray
        One row position of each class. [int64]
    """
    starts, run_class, representative = class_runs(parts, n)
    return np.repeat(run_class, np.diff(np.r_[starts, n])), representative


def _row_traits(frame: pd.DataFrame) -> list[tuple[np.ndarray, int]]:
    """Codes of everything :func:`~carbon.activity.check_activity` looks at in a row.

    A trait that every row shares is left out (it tells no rows apart); the checks for that
    are single passes (minimum, maximum, any) rather than codes of the length of the table.
    """
    parts = [column_codes(frame[c]) for c in TEXT_COLUMNS]
    if "calorific_basis" in frame.columns:
        parts.append(column_codes(frame["calorific_basis"]))
    column = frame["quantity"]
    quantity = (column.to_numpy() if column.dtype == "float64" else
                pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64"))
    if len(quantity) and not (quantity.min() >= 0 and quantity.max() < np.inf):
        kind = (~np.isfinite(quantity)).view("int8") * 2 + (quantity < 0).view("int8")
        parts.append((kind - 1, 5))  # else every quantity is finite and not negative
    if all(isinstance(frame[c].dtype, pd.DatetimeTZDtype) for c in TIME_COLUMNS):
        start, end = (pd.DatetimeIndex(frame[c]).asi8 for c in TIME_COLUMNS)
        nat = np.iinfo("int64").min
        if len(start) and (start.min() == nat or end.min() == nat or (end <= start).any()):
            missing = (start == nat).view("int8") + 2 * (end == nat).view("int8")
            order = ((end <= start) & (missing == 0)).view("int8")
            parts.append((missing + 4 * order - 1, 9))
    else:  # every row gets the same verdict on its times
        parts.extend((frame[c].isna().to_numpy().view("int8") - 1, 3) for c in TIME_COLUMNS)
    rows = frame["source_row"]
    number = (rows.to_numpy() if rows.dtype.kind in "iu" else
              pd.to_numeric(rows, errors="coerce").to_numpy(dtype="float64"))
    if len(number) and not number.min() >= 1:
        parts.append(((~(number >= 1)).view("int8") - 1, 3))
    return parts


def first_problems(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """The first problem :func:`~carbon.activity.check_activity` finds in each row.

    Parameters
    ----------
    frame : pandas.DataFrame
        A candidate activity table (text columns preferably ``category``).

    Returns
    -------
    problem : numpy.ndarray
        For each row (by position), the index into ``problems`` of its first problem, or -1.
        [int64; int8 when no row has a problem]
    problems : pandas.DataFrame
        The distinct problems found, columns ``column``, ``reason``, ``fix``.

    Raises
    ------
    ActivityValidationError
        If required columns are missing.
    """
    n = len(frame)
    if n == 0:
        check_activity(frame)  # raises on missing columns
        return np.empty(0, dtype="int64"), pd.DataFrame(columns=["column", "reason", "fix"])
    starts, run_class, representative = class_runs(_row_traits(frame), n)
    sample = frame.iloc[representative].reset_index(drop=True)
    found = check_activity(sample).drop_duplicates("row")
    catalogue = found[["column", "reason", "fix"]].drop_duplicates().reset_index(drop=True)
    if not len(found):
        return np.full(n, -1, dtype="int8"), catalogue
    verdict = np.full(len(representative), -1, dtype="int64")
    ids = found.merge(catalogue.reset_index(), on=["column", "reason", "fix"])
    verdict[ids["row"].to_numpy(dtype="int64")] = ids["index"].to_numpy(dtype="int64")
    return np.repeat(verdict[run_class], np.diff(np.r_[starts, n])), catalogue
