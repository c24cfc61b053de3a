"""Fixtures for the factor-set tests: the official publications re-imported once per session."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbon.factorsets.build import build_sets
from carbon.factorsets.schema import FactorSetInfo

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def data_dir(shared_dir: Path) -> Path:
    """``../shared/data`` (skips without it)."""
    return shared_dir / "data"


@pytest.fixture(scope="session")
def rebuilt(data_dir: Path) -> dict[str, tuple[FactorSetInfo, pd.DataFrame, str]]:
    """Every built-in set imported afresh from the official files, by set id."""
    return {info.id: (info, table, file) for info, table, file in build_sets(data_dir)}
