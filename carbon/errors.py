"""The exception hierarchy of the carbon engine.

Every error raised on purpose by the engine is a :class:`CarbonError`. Each concrete error also
inherits the built-in exception that matches it (``ValueError``, ``KeyError``, ``TypeError`` ...),
so callers that catch built-ins keep working (the model is pint's ``errors.py``).

Errors keep their data as attributes (``file``, ``row``, ``column``, ``value``, ``expected``,
``fix``) and build their text in ``__str__``; the command line prints that text on one line and
exits non-zero.
"""

from __future__ import annotations

from typing import Any


class CarbonError(Exception):
    """Base class of every error the engine raises on purpose.

    Parameters
    ----------
    message : str
        What went wrong, in one sentence.
    file, row, column, value : optional
        Where the problem is. ``row`` is the 1-based line or row number as a user sees it in the
        file (header included).
    expected : str, optional
        What would have been accepted.
    fix : str, optional
        How to fix it.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
        expected: str | None = None,
        fix: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        self.expected = expected
        self.fix = fix

    def location(self) -> str:
        """Return ``file, row N, column 'c'`` for the parts that are known."""
        parts = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message
        where = self.location()
        if where:
            text = f"{where}: {text}"
        if self.value is not None:
            text += f" (got {_short(self.value)})"
        if self.expected:
            text += f"; expected {self.expected}"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep errors picklable (they cross process boundaries in dask and subprocess runs).
        return (
            _rebuild,
            (type(self), self.message, self.file, self.row, self.column, self.value,
             self.expected, self.fix),
        )


def _rebuild(cls: type[CarbonError], message: str, file: Any, row: Any, column: Any,
             value: Any, expected: Any, fix: Any) -> CarbonError:
    err = cls.__new__(cls)
    CarbonError.__init__(err, message, file=file, row=row, column=column, value=value,
                         expected=expected, fix=fix)
    return err


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class UnitError(CarbonError, ValueError):
    """A unit string could not be parsed or is not allowed here."""


class DimensionError(CarbonError, TypeError):
    """A quantity has the wrong physical dimension (kWh given where litres are needed)."""


class PeriodError(CarbonError, ValueError):
    """A reporting period label or date range is not valid."""


class ActivityValidationError(CarbonError, ValueError):
    """An activity table breaks the canonical contract (missing column, bad value ...)."""


class UnknownActivityTypeError(CarbonError, KeyError):
    """An activity type key is not in the taxonomy (scopes/activity_types.csv)."""

    __str__ = CarbonError.__str__  # KeyError would wrap the message in quotes


class InputFileError(CarbonError, ValueError):
    """An input file cannot be read or its layout is not recognised."""


class ConfigurationError(CarbonError, ValueError):
    """A configuration, mapping, scenario or target file is invalid."""


class ReferenceDataError(CarbonError, RuntimeError):
    """Shipped reference data (factor tables, scope maps, presets) is missing or corrupt."""


class TableContractError(CarbonError, ValueError):
    """A table handed to the engine breaks its documented column contract (annual actuals,
    projection baseline, denominators: see docs/trajectories.md)."""


class UnknownFactorError(CarbonError, KeyError):
    """A factor id is not in the factor set (or layers) asked for, or its value is blank there.

    The engine never falls back to another year or set: the message names the nearest ids and
    how to choose one explicitly.
    """

    __str__ = CarbonError.__str__  # KeyError would wrap the message in quotes


class UnknownFactorSetError(CarbonError, KeyError):
    """A factor set name (``desnz:2024``, ``sdu:2019-20`` ...) is not in any factor library."""

    __str__ = CarbonError.__str__


class GwpConversionError(CarbonError, ValueError):
    """A factor cannot be restated on another GWP basis (no per-gas parts were published)."""


class ExternalToolError(CarbonError, RuntimeError):
    """An external program the engine drives (headless Chromium for PDFs) is missing or failed."""


class StoreBusyError(CarbonError, RuntimeError):
    """The workspace store is in use by another process (one writer at a time)."""


class OutputFileError(CarbonError, OSError):
    """An output cannot be written (full disk, read-only or missing folder); nothing was
    half-written and a previous file of the same name is unchanged."""
