"""The dask engine: partitions of Parquet exports reduced on a dask.distributed cluster.

The partitions planned by :func:`carbon.parquet.plan` become a dask DataFrame of activity
(``dask.dataframe.from_map`` over :func:`carbon.parquet.read_partition`); partial totals are
mapped over it (``map_partitions``), which dask fuses into one task per partition, so each
partition is read and reduced on the worker that holds it. The client receives only the small
partial tables, in partition order, and finishes them as the single-process engine does
(decision 0032). The files' sha256 for the run
record are computed on the workers too.

dask is optional (``pip install 'carbon-nhs[distributed]'``); it is imported here only, and only
when the dask engine is asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from carbon.errors import ConfigurationError
from carbon.parquet import DETAILS, TEXT, TIMES, Partition, empty_partial, read_partition
from carbon.partial_totals import partial_totals
from carbon.totals import detail_rows

if TYPE_CHECKING:
    from carbon.aggregate import Slices

#: Seconds to wait for a scheduler named by address. [s]
CONNECT_TIMEOUT = 10


def run_partitions(parts: Sequence[Partition], files: Sequence[str], cut: Slices,
                   keys: Sequence[str], *, scheduler: str | None = None,
                   workers: int | None = None
                   ) -> tuple[list[pd.DataFrame], list[pd.DataFrame], list[str]]:
    """Partial totals and detail rows of every partition, and each file's sha256, on dask.

    Parameters
    ----------
    parts : sequence of Partition
        From :func:`carbon.parquet.plan`.
    files : sequence of str
        The files to checksum (paths the workers can read).
    cut : Slices
        Reporting slices.
    keys : sequence of str
        Grouping columns besides ``unit``.
    scheduler : str, optional
        Address of a running scheduler; without one a local cluster is started for the run.
    workers : int, optional
        Workers of the local cluster (one thread each) [default: one per core].

    Returns
    -------
    (list of pandas.DataFrame, list of pandas.DataFrame, list of str)
        The partial totals (one table, in partition order), the rows that are not half-hour
        readings or carry details (:func:`carbon.totals.detail_rows`, one table) and the
        files' sha256.

    Raises
    ------
    ConfigurationError
        If dask is not installed, or the scheduler cannot be reached.
    """
    dd = _dask_dataframe()
    from carbon.accounting.run_record import file_digest

    activity = dd.from_map(read_partition, list(parts), meta=_activity_meta(),
                           label="carbon-activity", enforce_metadata=False)
    frame = activity.map_partitions(partial_totals, cut, list(keys), meta=empty_partial(keys),
                                    enforce_metadata=False, align_dataframes=False)
    details = activity.map_partitions(detail_rows, meta=_activity_meta(),
                                      enforce_metadata=False, align_dataframes=False)
    with cluster_client(scheduler, workers) as client:
        hashes = client.map(file_digest, list(files), pure=True)
        partials, rows = client.compute([frame, details], sync=True)
        digests = client.gather(hashes)
    return [partials], [rows], [str(d) for d in digests]


@contextmanager
def cluster_client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """A dask.distributed client of the scheduler at ``scheduler``, or of a local cluster.

    Raises
    ------
    ConfigurationError
        If dask.distributed is not installed or the scheduler cannot be reached.
    """
    _dask_dataframe()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except OSError as exc:
            raise ConfigurationError(
                "cannot reach the dask scheduler", value=scheduler,
                fix="check the address (tcp://host:8786) and that the scheduler runs, or leave "
                    "out --scheduler to start a local cluster") from exc
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster, set_as_default=False) as client:
        yield client


def _activity_meta() -> pd.DataFrame:
    """Columns and dtypes of :func:`carbon.parquet.read_partition` (no rows)."""
    data: dict[str, Any] = {name: pd.Categorical([]) for name in TEXT}
    data |= {name: pd.array([], dtype="datetime64[ns, UTC]") for name in TIMES}
    data["quantity"] = pd.array([], dtype="float64")
    data[DETAILS] = pd.array([], dtype=pd.ArrowDtype(pa.string()))
    return pd.DataFrame(data)


def _dask_dataframe() -> Any:
    """``dask.dataframe``, or a clear error naming the extra to install."""
    try:
        import dask.dataframe as dd
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ConfigurationError(
            "the dask engine needs dask and dask.distributed, which are not installed",
            fix="pip install 'carbon-nhs[distributed]' (or run without --engine dask)") from exc
    return dd
