"""The grid electricity factor table: published anchors, the stated projection, replacement."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from carbon.errors import TableContractError
from carbon.grid_factors import load_grid_factors

# DESNZ UK electricity (Scope 2, kWh) factors as read from the official files
# (../shared/data/MANIFEST.md, sanity values).
PUBLISHED = {2019: 0.2556, 2020: 0.23314, 2021: 0.21233, 2022: 0.19338, 2023: 0.20707,
             2024: 0.20705, 2025: 0.177, 2026: 0.13096}


def test_shipped_table_holds_the_published_factors() -> None:
    grid = load_grid_factors()
    assert grid.factor(list(PUBLISHED)).tolist() == list(PUBLISHED.values())
    assert grid.last_published == 2026
    assert len(grid.sha256) == 64 and grid.name.endswith("grid_electricity.csv")


def test_projection_follows_its_stated_method() -> None:
    grid = load_grid_factors()
    rate = (PUBLISHED[2026] / PUBLISHED[2019]) ** (1 / 7)
    years = np.arange(2027, 2051)
    expected = PUBLISHED[2026] * rate ** (years - 2026)
    np.testing.assert_allclose(grid.factor(years), expected, rtol=1e-5)
    assert not grid.published[grid.years >= 2027].any()


def test_projected_rows_are_marked_unverified() -> None:
    text = (Path(__file__).parents[1] / "scenarios" / "grid_electricity.csv").read_text()
    for line in text.splitlines()[1:]:
        status, verified = line.split(",")[2:4]
        assert (status, verified) in {("published", "true"), ("projected", "false")}
        if status == "projected":
            assert "not a publication" in line


def test_trend_and_range() -> None:
    grid = load_grid_factors()
    assert grid.trend([2024, 2026], 2024) == pytest.approx([1.0, 0.13096 / 0.20705])
    with pytest.raises(TableContractError, match="covers 2019-2050"):
        grid.factor([2051])


def test_replacement_table(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    path.write_text("year,kgco2e_per_kwh\n2024,0.2\n2025,0.1\n")
    grid = load_grid_factors(path)
    assert grid.trend([2025], 2024)[0] == pytest.approx(0.5)
    assert grid.last_published == 2024  # no published row: the first year
    path.write_text("year,kgco2e_per_kwh\n2024,0.2\n2026,0.1\n")
    with pytest.raises(TableContractError, match="consecutive"):
        load_grid_factors(path)
    path.write_text("year,factor\n2024,0.2\n")
    with pytest.raises(TableContractError, match="kgco2e_per_kwh"):
        load_grid_factors(path)
