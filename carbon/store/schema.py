"""Tables of the activity store (DuckDB), created on first use.

================  =======================================================================
table             holds
================  =======================================================================
meta              schema version and workspace settings (default organisation)
status_codes      the data-quality status of each one-byte code of ``activity.status``
batches           one row per load: file, SHA-256, options fingerprint, layout, counts,
                  time, and the source column names its rows point to
series            one row per (organisation, site, meter, activity type, unit, channel,
                  record key): a stream of quantities that restate each other
activity          the current rows: accepted and not restated by a later batch
activity_history  rows restated by a later batch, moved here whole with ``superseded_by``
                  (kept, never changed)
activity_notes    text that only some rows carry (fill method, other reader columns as JSON)
quarantine        rejected input units with reason, fix and raw text
warnings          accepted data flagged for a look
restatements      which batch superseded how many rows of which earlier batch
meters            the meter schedule (meter -> site, floor area)
================  =======================================================================

An ``activity`` row is numbers only (decision 0012): the series id, UTC ``TIMESTAMP`` bounds,
the quantity, a one-byte status code (``status_codes`` names them), the batch and its source
line, and the source column as an index into the batch's ``columns`` list. Every column costs
DuckDB time on every row (NULL or not), so text that few rows carry lives in
``activity_notes`` (keyed by the row's batch, source line, series and start), and restated
rows move to ``activity_history`` instead of carrying a ``superseded_by`` column that is
empty for almost every row. The local date and settlement period of a half hour are not
stored: they follow from its UTC start (:func:`carbon.readers.dates.local_day_and_period`) and
are derived when rows are read back.
"""

from __future__ import annotations

from carbon.activity import STATUSES

SCHEMA_VERSION = "2"

#: Identity of a series (the ``series`` table; ``channel`` and ``record_key`` are '' when the
#: data has none).
SERIES = ("organisation", "site", "meter_id", "activity_type", "unit", "channel", "record_key")

DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE IF NOT EXISTS status_codes (code UTINYINT PRIMARY KEY, status VARCHAR)",
    "INSERT INTO status_codes VALUES " + ", ".join(f"({i}, '{s}')" for i, s in enumerate(STATUSES)),
    """CREATE TABLE IF NOT EXISTS batches (
        batch_no INTEGER PRIMARY KEY, batch_id VARCHAR UNIQUE NOT NULL,
        source_file VARCHAR NOT NULL, source_path VARCHAR, sha256 VARCHAR NOT NULL,
        fingerprint VARCHAR NOT NULL, layout VARCHAR NOT NULL, count_unit VARCHAR NOT NULL,
        rows_in BIGINT NOT NULL, rows_accepted BIGINT NOT NULL, rows_quarantined BIGINT NOT NULL,
        activity_rows BIGINT NOT NULL, rows_stored BIGINT NOT NULL, rows_unchanged BIGINT NOT NULL,
        rows_superseded BIGINT NOT NULL, options VARCHAR NOT NULL, assumptions VARCHAR NOT NULL,
        loaded_at TIMESTAMP NOT NULL, carbon_version VARCHAR NOT NULL, columns VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS series (
        series_id INTEGER PRIMARY KEY, organisation VARCHAR NOT NULL, site VARCHAR NOT NULL,
        meter_id VARCHAR NOT NULL, activity_type VARCHAR NOT NULL, unit VARCHAR NOT NULL,
        channel VARCHAR NOT NULL, record_key VARCHAR NOT NULL,
        UNIQUE (organisation, site, meter_id, activity_type, unit, channel, record_key))""",
    """CREATE TABLE IF NOT EXISTS activity (
        batch_no INTEGER NOT NULL, series_id INTEGER NOT NULL,
        period_start TIMESTAMP NOT NULL, period_end TIMESTAMP NOT NULL, quantity DOUBLE,
        status UTINYINT NOT NULL, source_row INTEGER NOT NULL, source_column SMALLINT)""",
    """CREATE TABLE IF NOT EXISTS activity_history (
        batch_no INTEGER NOT NULL, series_id INTEGER NOT NULL,
        period_start TIMESTAMP NOT NULL, period_end TIMESTAMP NOT NULL, quantity DOUBLE,
        status UTINYINT NOT NULL, source_row INTEGER NOT NULL, source_column SMALLINT,
        superseded_by INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS activity_notes (
        batch_no INTEGER NOT NULL, source_row INTEGER NOT NULL, series_id INTEGER NOT NULL,
        period_start TIMESTAMP NOT NULL, fill_method VARCHAR, details VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS quarantine (
        batch_no INTEGER NOT NULL, source_file VARCHAR, source_row BIGINT, "column" VARCHAR,
        value VARCHAR, reason VARCHAR, fix VARCHAR, raw VARCHAR, count BIGINT)""",
    """CREATE TABLE IF NOT EXISTS warnings (
        batch_no INTEGER NOT NULL, source_file VARCHAR, source_row BIGINT, "column" VARCHAR,
        value VARCHAR, message VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS restatements (
        batch_no INTEGER NOT NULL, superseded_batch_no INTEGER NOT NULL, rows BIGINT NOT NULL,
        first_start TIMESTAMP, last_end TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS meters (
        meter_id VARCHAR PRIMARY KEY, site VARCHAR NOT NULL, site_name VARCHAR, gia_m2 DOUBLE,
        utility VARCHAR, description VARCHAR, batch_no INTEGER NOT NULL)""",
)
