"""The embedded activity store: one DuckDB file per workspace.

Library use (what the inventory calls)::

    from carbon.store import Store, current_activity
    store = Store("carbon-workspace")
    frame = current_activity(store, period="2024/25", activity_types=["electricity.*"])

``current_activity`` returns the canonical activity table of :mod:`carbon.activity` (rows not
superseded by a restatement), filtered by period overlap, site, meter and type.
"""

from carbon.store.current import activity_for_periods, current_activity
from carbon.store.database import Store
from carbon.store.ingest import IngestReport, ingest
from carbon.store.load import LoadSummary, load_file
from carbon.store.queries import (
    batches,
    export_parquet,
    history,
    meter_sites,
    meters,
    period_bounds,
    quarantine,
    warnings,
)

__all__ = ["IngestReport", "LoadSummary", "Store", "activity_for_periods", "batches",
           "current_activity", "export_parquet", "history", "ingest", "load_file",
           "meter_sites", "meters", "period_bounds", "quarantine", "warnings"]
