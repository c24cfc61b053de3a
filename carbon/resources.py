"""The one module that opens files shipped inside the installed package.

Reference data lives in the data packages ``carbon.factors``, ``carbon.scopes`` and
``carbon.scenarios`` (folders ``factors/``, ``scopes/`` and ``scenarios/`` of the repository) and
in ``carbon`` itself (the unit definitions). Everything is read through
:mod:`importlib.resources`, never through ``__file__`` or paths relative to the repository, so the
same code works from a wheel, an editable install or a zip.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from carbon.errors import ReferenceDataError

DATA_PACKAGES = ("carbon", "carbon.factors", "carbon.scopes", "carbon.scenarios")


def resource(package: str, name: str) -> Traversable:
    """Return a handle on a shipped file.

    Parameters
    ----------
    package : str
        One of ``carbon``, ``carbon.factors``, ``carbon.scopes``, ``carbon.scenarios``.
    name : str
        File name inside that package, ``/``-separated for sub-folders.

    Raises
    ------
    ReferenceDataError
        If the file is not part of the installed package.
    """
    if package not in DATA_PACKAGES:
        raise ReferenceDataError(
            f"unknown data package {package!r}", expected=", ".join(DATA_PACKAGES)
        )
    handle = resources.files(package)
    for part in name.split("/"):
        handle = handle.joinpath(part)
    if not handle.is_file():
        raise ReferenceDataError(
            f"shipped data file {package}/{name} is missing from the installation",
            fix="reinstall the package; if you built it yourself, check [tool.setuptools."
            "package-data] in pyproject.toml lists the file",
        )
    return handle


def read_text(package: str, name: str) -> str:
    """Return the text of a shipped file (UTF-8)."""
    return resource(package, name).read_text(encoding="utf-8")


def read_bytes(package: str, name: str) -> bytes:
    """Return the bytes of a shipped file."""
    return resource(package, name).read_bytes()


def read_toml(package: str, name: str) -> dict[str, Any]:
    """Parse a shipped TOML file."""
    try:
        return tomllib.loads(read_text(package, name))
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceDataError(
            f"shipped file {package}/{name} is not valid TOML: {exc}"
        ) from None


def list_files(package: str, suffix: str = "") -> list[str]:
    """Names of the shipped files in a data package (top level), sorted."""
    if package not in DATA_PACKAGES:
        raise ReferenceDataError(
            f"unknown data package {package!r}", expected=", ".join(DATA_PACKAGES)
        )
    return sorted(
        entry.name
        for entry in resources.files(package).iterdir()
        if entry.is_file() and entry.name.endswith(suffix) and not entry.name.startswith("_")
    )


def read_csv_table(package: str, name: str, columns: tuple[str, ...]) -> Any:
    """A shipped CSV table as text (no NA conversion), checked to have exactly ``columns``.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ReferenceDataError
        If the header differs from ``columns``.
    """
    import io

    import pandas as pd

    table = pd.read_csv(io.StringIO(read_text(package, name)), dtype=str, keep_default_na=False)
    if tuple(table.columns) != columns:
        raise ReferenceDataError("unexpected columns", file=f"{package}/{name}",
                                 value=list(table.columns), expected=", ".join(columns))
    return table
