"""Shared fixtures: where the official publications and samples live (``../shared``), and a
small trust's activity (and store) that exercises every apportioning rule."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pytest
from hypothesis import settings

# Property tests run derandomized by default, so `make test` and CI are reproducible (a fresh
# clone has no example database). `pytest --hypothesis-profile=explore` searches at random with
# more examples, for hunting new failures.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile("ci")

if TYPE_CHECKING:
    from carbon.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CARBON_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``../shared`` folder beside the repository; tests that need it skip without it."""
    if not (SHARED / "data" / "MANIFEST.md").is_file():
        pytest.skip(f"official data not found at {SHARED} (set CARBON_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def samples_dir(shared_dir: Path) -> Path:
    """Real-shaped sample input files of the fictional Northfield trust."""
    return shared_dir / "samples"


def _mixed_activity() -> pd.DataFrame:
    """Half-hours across both 2024 clock changes and a year end, read-to-read gas bills and a
    quarterly water bill straddling months and years, every status, two units of one type, a
    memo type and a row outside the periods (FY 2023/24 and 2024/25)."""
    from carbon.activity import validate_activity

    london = "Europe/London"
    rows: list[pd.DataFrame] = []
    rng = np.random.default_rng(7)
    for meter, site, first in (("E1", "S01", "2024-03-30"), ("E2", "S02", "2024-10-26")):
        days = pd.date_range(pd.Timestamp(first).tz_localize(london),
                             pd.Timestamp(first).tz_localize(london) + pd.Timedelta(days=3),
                             freq="30min", inclusive="left")
        status = rng.choice(["actual", "estimated", "filled", "missing"], len(days),
                            p=[0.7, 0.1, 0.1, 0.1])
        quantity = np.round(rng.uniform(5, 50, len(days)), 3)
        rows.append(pd.DataFrame({
            "site": site, "meter_id": meter, "activity_type": "electricity.grid",
            "period_start": days, "period_end": days + pd.Timedelta(minutes=30),
            "quantity": np.where(status == "missing", np.nan, quantity),
            "unit": "kWh", "status": status}))
    reads = pd.date_range("2024-02-15", "2025-05-15", freq="MS") + pd.Timedelta(days=14)
    rows.append(pd.DataFrame({
        "site": "S01", "meter_id": "G1", "activity_type": "fuel.natural_gas",
        "period_start": reads[:-1].tz_localize(london), "period_end": reads[1:].tz_localize(london),
        "quantity": rng.uniform(20, 40, len(reads) - 1).round(4),
        "unit": ["MWh (Gross CV)" if i % 3 == 0 else "kWh (Gross CV)" for i in
                 range(len(reads) - 1)],
        "status": ["estimated" if i % 4 == 1 else "actual" for i in range(len(reads) - 1)]}))
    rows.append(pd.DataFrame({
        "site": "S02", "meter_id": ["W1", "W1", "X1", "OLD"],
        "activity_type": ["water.supply", "water.supply", "electricity.export",
                          "electricity.grid"],
        "period_start": pd.to_datetime(["2024-02-10", "2025-02-20", "2024-06-01",
                                        "2022-05-01"]).tz_localize(london),
        "period_end": pd.to_datetime(["2024-05-10", "2025-05-20", "2024-06-02",
                                      "2022-06-01"]).tz_localize(london),
        "quantity": [900.0, 1100.0, 12.5, 400.0], "unit": ["m3", "m3", "kWh", "kWh"],
        "status": ["actual", "estimated", "actual", "actual"]}))
    frame = pd.concat(rows, ignore_index=True)
    frame["quantity"] = frame["quantity"].astype("float64")
    return validate_activity(frame.assign(
        organisation="RXX", source_file="mixed.csv", source_row=np.arange(2, len(frame) + 2),
        batch_id="mixed"))


@pytest.fixture(scope="session")
def mixed_activity() -> pd.DataFrame:
    """A small trust's activity that exercises every apportioning rule (see _mixed_activity)."""
    return _mixed_activity()


@pytest.fixture
def mixed_store(tmp_path: Path, mixed_activity: pd.DataFrame) -> Store:
    """A store holding :func:`mixed_activity`, then a restatement of six of E1's half-hours."""
    from carbon.activity import write_activity_csv
    from carbon.readers import LoadOptions
    from carbon.store import Store, load_file

    store = Store(tmp_path / "ws")
    first = write_activity_csv(mixed_activity, tmp_path / "mixed.csv")
    load_file(store, first, LoadOptions(layout="canonical"))
    restated = mixed_activity[mixed_activity["meter_id"] == "E1"].iloc[90:96].copy()
    restated["quantity"] = 1.5
    restated["status"] = "actual"
    load_file(store, write_activity_csv(restated, tmp_path / "restated.csv"),
              LoadOptions(layout="canonical"))
    return store


@pytest.fixture
def mixed_export(mixed_store: Store, tmp_path: Path) -> Path:
    """:func:`mixed_store` exported to Parquet (``export/RXX``, as ``carbon export`` writes)."""
    from carbon.store import export_parquet

    export_parquet(mixed_store, tmp_path / "export" / "RXX")
    return tmp_path / "export" / "RXX"
