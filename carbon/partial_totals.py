"""Partial totals of an in-memory activity table: integer codes and ``numpy.bincount``.

The rows are read in blocks of :data:`BLOCK` (the temporaries stay in cache): each block is
placed on the reporting slices (:meth:`carbon.aggregate.Slices.locate`), each row gets one
integer *slot* (group x slice x status, the group being a mixed-radix number of the rows'
category codes) and three ``bincount`` calls add its count, quantity and absolute quantity.
No frame is copied per slice and no long text column is converted. Sums run in row order, so
the same table always gives the same bits.

=================  ==========================================================================
column             sum over the rows (and straddling parts) of a slice and group
=================  ==========================================================================
quantity           quantity x share of the row in the slice [unit]; missing rows count 0
abs_actual         absolute quantity of rows with status ``actual`` [unit]
abs_estimated      absolute quantity of rows with status ``estimated`` [unit]
abs_filled         absolute quantity of rows with status ``filled`` [unit]
rows               rows (or parts of rows) contributing
missing_rows       rows with status ``missing``
=================  ==========================================================================
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from carbon.activity import STATUSES
from carbon.aggregate import Slices, check_intervals, utc_ns
from carbon.errors import ActivityValidationError

#: Summed columns of a partial totals table, in order.
SUMS = ("quantity", "abs_actual", "abs_estimated", "abs_filled", "rows", "missing_rows")
#: Rows handled at a time.
BLOCK = 1 << 18
#: Largest slot space summed densely (else over the slots present).
DENSE = 1 << 24
_WIDTH = len(STATUSES)


def group_columns(keys: Sequence[str]) -> list[str]:
    """Columns a partial totals table is grouped by: the keys, the activity type (units are
    converted per type) and the unit."""
    return list(dict.fromkeys([*keys, "activity_type", "unit"]))
_MISSING = STATUSES.index("missing")


def partial_totals(frame: pd.DataFrame, cut: Slices, keys: Sequence[str]) -> pd.DataFrame:
    """Partial totals of a canonical activity table (or one piece of it).

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical activity rows: ``period_start``, ``period_end``, ``quantity``, ``status``,
        ``unit`` and the ``keys`` columns at least.
    cut : Slices
        Reporting slices (:func:`carbon.aggregate.slices`).
    keys : sequence of str
        Grouping columns (``activity_type`` and ``unit`` are added).

    Returns
    -------
    pandas.DataFrame
        ``slice`` (position in ``cut``), the :func:`group_columns`, then :data:`SUMS` in the
        rows' own units; one row per slice and group that has rows, in slice and group order.
    """
    names = group_columns(keys)
    start, end = utc_ns(frame["period_start"]), utc_ns(frame["period_end"])
    groups = _Groups(frame, names, len(cut))
    status, lookup = _status_codes(frame["status"])
    quantity = frame["quantity"].to_numpy(dtype="float64", na_value=np.nan)
    blanks = bool(np.isnan(quantity).any())
    sums = _SlotSums(groups.count, len(cut))
    for lo in range(0, len(frame), BLOCK):
        part = slice(lo, lo + BLOCK)
        check_intervals(start[part], end[part])
        inside, pieces = cut.locate(start[part], end[part])
        group = groups.codes(part)
        state = status[part] if lookup is None else lookup[status[part]]
        amount = np.nan_to_num(quantity[part], nan=0.0) if blanks else quantity[part]
        if len(pieces.rows):
            rows = pieces.rows
            sums.add(group[rows], pieces.slices, state[rows], amount[rows] * pieces.fraction)
        whole = inside >= 0
        if not whole.all():
            keep = np.flatnonzero(whole)
            group, inside, state, amount = group[keep], inside[keep], state[keep], amount[keep]
        sums.add(group, inside, state, amount)
    used, count, signed, magnitude = sums.result()
    cell, state = np.divmod(used, _WIDTH)
    new = np.r_[True, cell[1:] != cell[:-1]] if len(cell) else np.zeros(0, dtype=bool)
    starts, position = np.flatnonzero(new), np.cumsum(new) - 1
    cells = cell[starts]
    out = groups.values(cells // len(cut))
    out.insert(0, "slice", cells % len(cut))
    out["quantity"] = np.bincount(position, weights=signed, minlength=len(cells))
    for k, name in enumerate(STATUSES[:3]):
        out[f"abs_{name}"] = np.bincount(position, weights=np.where(state == k, magnitude, 0.0),
                                         minlength=len(cells))
    out["rows"] = np.bincount(position, weights=count, minlength=len(cells)).astype("int64")
    out["missing_rows"] = np.bincount(position, weights=np.where(state == _MISSING, count, 0),
                                      minlength=len(cells)).astype("int64")
    return out


class _SlotSums:
    """Row count, sum and absolute sum per slot (group x slice x status), added in order."""

    def __init__(self, groups: int, slices: int) -> None:
        self.slices = slices
        size = groups * slices * _WIDTH
        self.dense = size <= DENSE
        self.count = np.zeros(size if self.dense else 0, dtype="int64")
        self.signed = np.zeros(size if self.dense else 0)
        self.magnitude = np.zeros(size if self.dense else 0)
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(self, group: np.ndarray, where: np.ndarray, state: np.ndarray,
            amount: np.ndarray) -> None:
        """Add rows of groups ``group`` in slices ``where`` with statuses ``state``."""
        if len(group) == 0:
            return
        slot = (group * self.slices + where) * _WIDTH + state
        if self.dense:
            size = len(self.count)
            self.count += np.bincount(slot, minlength=size)
            self.signed += np.bincount(slot, weights=amount, minlength=size)
            self.magnitude += np.bincount(slot, weights=np.abs(amount), minlength=size)
            return
        used, inverse = np.unique(slot, return_inverse=True)
        self.parts.append((used, np.bincount(inverse, minlength=len(used)),
                           np.bincount(inverse, weights=amount, minlength=len(used)),
                           np.bincount(inverse, weights=np.abs(amount), minlength=len(used))))

    def result(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Slots present (sorted), and per slot: rows, sum and absolute sum."""
        if self.dense:
            used = np.flatnonzero(self.count)
            return used, self.count[used], self.signed[used], self.magnitude[used]
        if not self.parts:
            empty = np.empty(0, dtype="int64")
            return empty, empty, np.empty(0), np.empty(0)
        used_all, count, signed, magnitude = (np.concatenate(p) for p in zip(*self.parts,
                                                                             strict=True))
        used, inverse = np.unique(used_all, return_inverse=True)
        return (used, np.bincount(inverse, weights=count, minlength=len(used)).astype("int64"),
                np.bincount(inverse, weights=signed, minlength=len(used)),
                np.bincount(inverse, weights=magnitude, minlength=len(used)))


class _Groups:
    """Group code of each row over some columns: their category codes in mixed radix.

    When the radix space times the slices is too large to sum densely, the combinations
    present are numbered first (one hash pass over all rows).
    """

    def __init__(self, frame: pd.DataFrame, names: Sequence[str], slices: int) -> None:
        self.names = list(names)
        self.columns: list[np.ndarray] = []
        self.uniques: list[np.ndarray] = []
        for name in names:
            column = frame[name]
            codes = (column.array.codes
                     if isinstance(column.dtype, pd.CategoricalDtype) else None)
            if codes is not None and (len(codes) == 0 or codes.min() >= 0):
                self.columns.append(codes)
                self.uniques.append(np.asarray(column.cat.categories.astype(str), dtype=object))
            else:
                code, unique = pd.factorize(column.astype(str).to_numpy(dtype=object))
                self.columns.append(code)
                self.uniques.append(np.asarray(unique, dtype=object))
        self.sizes = [max(len(u), 1) for u in self.uniques]
        radix = 1
        for size in self.sizes:
            if radix * size * slices * _WIDTH >= 1 << 62:
                raise ActivityValidationError("too many distinct grouping values to aggregate",
                                              value=dict(zip(names, self.sizes, strict=True)))
            radix *= size
        self.count = radix
        self.numbered: np.ndarray | None = None
        self.present: np.ndarray | None = None
        if radix * slices * _WIDTH > DENSE:
            self.numbered, self.present = pd.factorize(self._radix(slice(None)), sort=True)
            self.count = len(self.present)

    def _radix(self, part: slice) -> np.ndarray:
        combined = np.zeros(len(self.columns[0][part]) if self.columns else 0, dtype="int64")
        for code, size in zip(self.columns, self.sizes, strict=True):
            if size > 1:
                combined *= size
                combined += code[part]
        return combined

    def codes(self, part: slice) -> np.ndarray:
        """Group code of the rows in ``part``. [int64]"""
        return self._radix(part) if self.numbered is None else self.numbered[part]

    def values(self, codes: np.ndarray) -> pd.DataFrame:
        """The column values of groups, one row per code."""
        rest = np.asarray(codes if self.present is None else self.present[codes], dtype="int64")
        values: dict[str, np.ndarray] = {}
        for name, unique, size in reversed(list(zip(self.names, self.uniques, self.sizes,
                                                    strict=True))):
            rest, code = np.divmod(rest, size)
            values[name] = unique[code] if len(unique) else np.full(len(code), "", dtype=object)
        return pd.DataFrame({name: values[name] for name in self.names})


def _status_codes(status: pd.Series) -> tuple[np.ndarray, np.ndarray | None]:
    """Codes of the rows' statuses, and the lookup from them to positions in
    :data:`carbon.activity.STATUSES` (``None`` when they are those positions already)."""
    if isinstance(status.dtype, pd.CategoricalDtype):
        codes, names = status.array.codes, [str(c) for c in status.cat.categories]
    else:
        codes, unique = pd.factorize(status.astype(str).to_numpy(dtype=object))
        names = [str(u) for u in unique]
    unknown = sorted(set(names) - set(STATUSES))
    if unknown or (len(codes) and codes.min() < 0):
        raise ActivityValidationError("unknown activity status", value=unknown or "missing",
                                      expected=", ".join(STATUSES),
                                      fix="validate the table with carbon.activity first")
    lookup = np.array([STATUSES.index(n) for n in names], dtype="int8")
    identity = (lookup == np.arange(len(lookup))).all()
    return codes, None if identity else lookup
