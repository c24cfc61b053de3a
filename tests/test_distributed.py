"""The dask engine on a LocalCluster of two workers gives the single-process engine's bits."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import carbon
from carbon.errors import ConfigurationError
from carbon.parquet import ParquetActivity
from carbon.periods import parse_period
from carbon.store import Store, export_parquet

distributed_module = importlib.import_module("carbon.distributed")
PERIODS = [parse_period("2023/24"), parse_period("2024/25")]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """Address of a two-worker LocalCluster, shared by the tests of this module."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_dask_engine_equals_the_single_process_engine(mixed_store: Store, mixed_export: Path,
                                                      scheduler: str) -> None:
    # Two exports, so the partitions spread over both workers.
    export_parquet(mixed_store, mixed_export.parent / "RYY")
    local = carbon.inventory(ParquetActivity(mixed_export.parent), PERIODS, grain="month")
    on_dask = carbon.inventory(ParquetActivity(mixed_export.parent, engine="dask",
                                               scheduler=scheduler), PERIODS, grain="month")
    assert on_dask.to_frame().to_csv() == local.to_frame().to_csv()
    assert on_dask.run_record == local.run_record
    assert len(on_dask.run_record["inputs"]) == 6


def test_without_dask_the_engine_says_what_to_install(mixed_export: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(ConfigurationError, match=r"pip install 'carbon-nhs\[distributed\]'"):
        carbon.inventory(ParquetActivity(mixed_export, engine="dask"), "2024/25")


def test_an_unreachable_scheduler_is_a_clear_error(mixed_export: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(distributed_module, "CONNECT_TIMEOUT", 1)
    source = ParquetActivity(mixed_export, engine="dask", scheduler="tcp://127.0.0.1:9")
    with pytest.raises(ConfigurationError, match="cannot reach the dask scheduler"):
        carbon.inventory(source, "2024/25")
