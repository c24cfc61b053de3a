"""Projected grid electricity emission factors: a versioned table the user can replace.

The shipped table ``scenarios/grid_electricity.csv`` holds the published DESNZ UK electricity
(generation, Scope 2) factors for 2019-2026 and, from 2027, a projection made by this project
(``verified = false``): the 2019-2026 average decline continued (see the table's ``source``
column and docs/decisions/0019-grid-projection.md). A replacement table needs the columns
``year`` and ``kgco2e_per_kwh``; ``status`` (``published``/``projected``), ``verified`` and
``source`` are optional. The table's identity is its file name and SHA-256, recorded on every
result.

Financial year Y/Y+1 uses the factor of calendar year Y (domain spec 4.3). A line whose
``factor_driver`` is ``grid_electricity`` (generation, T&D and WTT of grid electricity) scales
its base-year intensity by ``factor(year) / factor(base year)``.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from carbon import resources
from carbon.errors import TableContractError

GRID_FILE = "grid_electricity.csv"


@dataclass(frozen=True)
class GridFactors:
    """A grid electricity factor table.

    Attributes
    ----------
    years : numpy.ndarray
        Consecutive calendar years (int).
    kgco2e_per_kwh : numpy.ndarray
        Factor per year [kgCO2e/kWh].
    published : numpy.ndarray
        True where the factor is a published figure, False where it is projected.
    name, sha256 : str
        File name and content hash (the table's version).
    """

    years: NDArray[np.int64]
    kgco2e_per_kwh: NDArray[np.float64]
    published: NDArray[np.bool_]
    name: str
    sha256: str

    @property
    def last_published(self) -> int:
        """Last year holding a published factor (the first year if none is published)."""
        pub = self.years[self.published]
        return int(pub.max()) if pub.size else int(self.years.min())

    def factor(self, years: ArrayLike) -> NDArray[np.float64]:
        """Factors for financial start years [kgCO2e/kWh].

        Raises
        ------
        TableContractError
            If a year is outside the table.
        """
        y = np.asarray(years, dtype=np.int64)
        lo, hi = int(self.years.min()), int(self.years.max())
        outside = (y < lo) | (y > hi)
        if outside.any():
            raise TableContractError(
                f"the grid factor table covers {lo}-{hi} but year {int(y[outside][0])} is needed",
                file=self.name, fix="extend the table, or shorten the projection (end year)")
        return self.kgco2e_per_kwh[y - lo]

    def trend(self, years: ArrayLike, base_year: int) -> NDArray[np.float64]:
        """``factor(years) / factor(base_year)``: the multiplier of a grid-driven intensity."""
        return self.factor(years) / self.factor([base_year])[0]


def load_grid_factors(path: str | Path | None = None) -> GridFactors:
    """Read a grid factor table (the shipped one when ``path`` is None).

    Raises
    ------
    TableContractError
        Missing columns, gaps between years, or factors that are negative or not numbers.
    """
    if path is None:
        raw, name = resources.read_bytes("carbon.scenarios", GRID_FILE), f"scenarios/{GRID_FILE}"
    else:
        raw, name = Path(path).read_bytes(), str(path)
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise TableContractError(f"cannot read the grid factor table: {exc}", file=name,
                                 fix="save it as UTF-8 CSV with the header "
                                     "year,kgco2e_per_kwh") from None
    for column in ("year", "kgco2e_per_kwh"):
        if column not in frame.columns:
            raise TableContractError(f"the grid factor table lacks column {column!r}", file=name,
                                     expected="year, kgco2e_per_kwh[, status, verified, source]")
    years = pd.to_numeric(frame["year"], errors="coerce")
    values = pd.to_numeric(frame["kgco2e_per_kwh"], errors="coerce")
    bad = years.isna() | values.isna() | (values < 0)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise TableContractError("year or factor is not a number >= 0", file=name, row=row + 2,
                                 value=frame.iloc[row].to_dict())
    order = np.argsort(years.to_numpy())
    y = years.to_numpy()[order].astype(np.int64)
    if np.any(np.diff(y) != 1):
        raise TableContractError("grid factor years must be consecutive, one row each",
                                 file=name, value=y.tolist())
    status = frame.get("status", pd.Series("projected", index=frame.index))
    return GridFactors(
        years=y, kgco2e_per_kwh=values.to_numpy(dtype=np.float64)[order],
        published=(status.str.strip().str.lower() == "published").to_numpy()[order],
        name=name, sha256=hashlib.sha256(raw).hexdigest())
