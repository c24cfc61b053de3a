"""Tables of the activity store (DuckDB), created on first use.

=============  ==========================================================================
table          holds
=============  ==========================================================================
meta           schema version and workspace settings (default organisation)
batches        one row per load: file, SHA-256, options fingerprint, layout, counts, time
series         one row per (organisation, site, meter, activity type, unit)
activity       accepted rows; ``superseded_by`` is set (never deleted) when a later batch
               restates a row
quarantine     rejected input units with reason, fix and raw text
warnings       accepted data flagged for a look
restatements   which batch superseded how many rows of which earlier batch
meters         the meter schedule (meter -> site, floor area)
=============  ==========================================================================

Half-hourly rows are stored compactly: text that repeats per row (organisation, site, meter,
type, unit) lives once in ``series``; file name and batch id once in ``batches``; times are
``TIMESTAMP`` holding UTC.
"""

from __future__ import annotations

SCHEMA_VERSION = "1"

#: Columns of ``activity`` besides the keys, that readers may provide as extra columns.
STORED_EXTRAS = ("local_date", "settlement_period", "source_column", "channel", "fill_method",
                 "record_key")

DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS batches (
        batch_no INTEGER PRIMARY KEY, batch_id VARCHAR UNIQUE NOT NULL,
        source_file VARCHAR NOT NULL, source_path VARCHAR, sha256 VARCHAR NOT NULL,
        fingerprint VARCHAR NOT NULL, layout VARCHAR NOT NULL, count_unit VARCHAR NOT NULL,
        rows_in BIGINT NOT NULL, rows_accepted BIGINT NOT NULL, rows_quarantined BIGINT NOT NULL,
        activity_rows BIGINT NOT NULL, rows_stored BIGINT NOT NULL, rows_unchanged BIGINT NOT NULL,
        rows_superseded BIGINT NOT NULL, options VARCHAR NOT NULL, assumptions VARCHAR NOT NULL,
        loaded_at TIMESTAMP NOT NULL, carbon_version VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS series (
        series_id INTEGER PRIMARY KEY, organisation VARCHAR NOT NULL, site VARCHAR NOT NULL,
        meter_id VARCHAR NOT NULL, activity_type VARCHAR NOT NULL, unit VARCHAR NOT NULL,
        UNIQUE (organisation, site, meter_id, activity_type, unit))""",
    """CREATE TABLE IF NOT EXISTS activity (
        batch_no INTEGER NOT NULL, series_id INTEGER NOT NULL,
        period_start TIMESTAMP NOT NULL, period_end TIMESTAMP NOT NULL, quantity DOUBLE,
        status VARCHAR NOT NULL, source_row BIGINT NOT NULL, local_date DATE,
        settlement_period SMALLINT, source_column VARCHAR, channel VARCHAR,
        fill_method VARCHAR, record_key VARCHAR, details VARCHAR, superseded_by INTEGER)""",
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
