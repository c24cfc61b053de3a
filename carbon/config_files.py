"""Reading configuration files (TOML) into pydantic models, with errors a user can act on.

Every configuration the engine reads from a user or from reference data (target presets,
social value frameworks, procurement models, proxy mappings, report settings) goes through
:func:`validated`, so a bad entry always raises :class:`~carbon.errors.ConfigurationError`
naming the file, the key (``column``), the value and the fix.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from carbon.errors import ConfigurationError

Model = TypeVar("Model", bound=BaseModel)


def read_toml(path: str | Path) -> dict[str, Any]:
    """Parse a TOML file.

    Raises
    ------
    ConfigurationError
        Naming the file, when it is not valid TOML or not UTF-8.
    """
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"not valid UTF-8 TOML: {exc}", file=str(path),
                                 fix="save the file as UTF-8 and check quotes, brackets and "
                                 "'=' signs") from None


def validated(model: type[Model], data: Any, *, file: str, what: str, fix: str = "",
              key_prefix: str = "") -> Model:
    """Validate ``data`` as ``model``, or raise naming the first problem.

    Parameters
    ----------
    model : type
        The pydantic model.
    data : Any
        Parsed file content (a table of a TOML file).
    file : str
        Where the data came from.
    what : str
        What the data is, for the message (``framework``, ``report settings`` ...).
    fix : str
        How to fix it (typically the document describing the format).
    key_prefix : str
        Prefix of the key path (``map[3].``) when ``data`` is part of a file.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # A misspelt key explains a "missing" one: name it first.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        first = errors[0]
        more = f" ({len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        key = key_prefix + ".".join(str(p) for p in first["loc"])
        action = {"missing": "add the key",
                  "extra_forbidden": "remove or rename the key; a misspelt key is never "
                                     "ignored"}.get(first["type"], "correct the value")
        keys = ", ".join(model.model_fields)
        raise ConfigurationError(
            f"invalid {what}: {first['msg'].removeprefix('Value error, ')}{more}", file=file,
            column=key or None, value=None if first["type"] == "missing" else first.get("input"),
            fix=f"{action} (keys: {keys})" + (f"; {fix}" if fix else "")) from None
