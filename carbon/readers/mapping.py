"""Column-mapping files: tell the loader how to read a layout it cannot recognise on its own.

A mapping file is TOML::

    # my-collector.toml: half-hourly readings exported by Acme Data Ltd
    layout = "hh_long"          # which reader (carbon load --list-layouts)
    header_row = 3              # optional: 1-based line holding the column names
    sheet = "Readings"          # optional: workbook sheet

    [columns]                   # layout column = the header text in your file
    meter_id = "Meter Ref"
    timestamp = "Read Date/Time"
    kwh = "Consumption"

    [options]                   # any load option (same names as the CLI flags)
    timezone = "Europe/London"
    timestamp_marks = "end"
    unit = "Wh"

Header texts are compared ignoring case, spaces, ``_``, ``-`` and ``.``. Options given on the
command line win over the mapping file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from carbon.errors import ConfigurationError
from carbon.readers.options import LoadOptions

_TOP_KEYS = {"layout", "header_row", "sheet", "columns", "options", "description"}


def read_mapping(path: str | Path) -> LoadOptions:
    """Read a mapping file into load options.

    Raises
    ------
    ConfigurationError
        If the file is not valid TOML or names unknown keys or options.
    """
    target = Path(path)
    try:
        data: dict[str, Any] = tomllib.loads(target.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"cannot read the mapping file: {exc}", file=str(path),
                                 fix="see docs/loading.md, 'Mapping files'") from None
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ConfigurationError(f"unknown keys {unknown} in the mapping file", file=str(path),
                                 expected=", ".join(sorted(_TOP_KEYS)))
    columns = data.get("columns", {})
    options = data.get("options", {})
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise ConfigurationError("[columns] must map layout column names to header texts",
                                 file=str(path), fix='write e.g. meter_id = "Meter Ref"')
    if not isinstance(options, dict):
        raise ConfigurationError("[options] must be a table", file=str(path))
    given = {k: data[k] for k in ("layout", "header_row", "sheet") if k in data}
    try:
        return LoadOptions.model_validate({**options, **given, "columns": columns})
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise ConfigurationError(
            f"invalid mapping file: {first['msg']}", file=str(path),
            column=key if key in given else f"options.{key}", value=first.get("input"),
            fix="see docs/loading.md, 'Mapping files' (the options are those of carbon load)"
        ) from None
