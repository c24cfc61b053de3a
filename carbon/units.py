"""Units at the edges: one pint registry, a safe parser for UK unit strings, column conversion.

The registry is built once (cached) from ``carbon/units.txt``, a pint definitions file that lists
every unit the engine accepts. Its dimensions keep apart what must never be added together:
mass of CO2e and mass of waste, energy on gross and on net calorific value, reactive and active
energy (see the header of ``units.txt``).

Inside the engine numbers are plain float64 arrays; a column carries one unit string. Units are
parsed and checked once per column (or per distinct unit string of a column), never per value.

References
----------
.. [1] UK gas bill conversion: kWh = m3 x 1.02264 x CV[MJ/m3] / 3.6; imperial meters first
   x 2.83. ``../shared/domain/nhs-carbon-domain.md`` section 0.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from carbon import resources
from carbon.errors import DimensionError, UnitError
from carbon.lean_imports import without_dask

with without_dask():
    import pint

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

CalorificBasis = Literal["gross", "net"]

#: Longest unit string the parser looks at; anything longer is rejected unread.
MAX_UNIT_LENGTH = 64
#: Largest absolute exponent allowed in a unit string (``m^3`` is fine, ``m^99`` is not).
MAX_EXPONENT = 4

_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z_£µ²³][A-Za-z0-9_£µ²³]*)|(?P<op>\*\*|[*/.^()])"
                    r"|(?P<num>-?\d+))")
_DIMENSION_LINE = re.compile(r"^\[(?P<name>[a-z_]+)\]\s*=", re.MULTILINE)
_BASE_DIMENSION = re.compile(r"=\s*\[(?P<name>[a-z_0-9]+)\]")


@cache
def registry() -> pint.UnitRegistry:
    """Return the engine's pint registry (built once per process from ``units.txt``)."""
    ureg: pint.UnitRegistry = pint.UnitRegistry(
        None, autoconvert_offset_to_baseunit=False, cache_folder=None
    )
    ureg.load_definitions(resources.read_text("carbon", "units.txt").splitlines())
    return ureg


@cache
def _aliases() -> tuple[dict[str, str], dict[str, str]]:
    """UK unit text to pint expression, from ``unit_aliases.csv``: (exact, casefolded) tables."""
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    reader = csv.DictReader(io.StringIO(resources.read_text("carbon", "unit_aliases.csv")))
    for row in reader:
        exact[row["text"].strip()] = row["unit"]
        folded.setdefault(_normalise(row["text"]), row["unit"])
    return exact, folded


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


@cache
def named_dimensions() -> dict[str, pint.util.UnitsContainer]:
    """Named dimensions the taxonomy may use, from the ``[name]`` lines of ``units.txt``.

    Returns
    -------
    dict
        Name (``energy``, ``energy_gross``, ``volume``, ``mass``, ``passenger_distance`` ...) to
        pint dimensionality, derived names first, in the order of ``units.txt``.
    """
    ureg = registry()
    text = resources.read_text("carbon", "units.txt")
    # Derived names (``[distance] = [length]``) come first so they win over base names when
    # two names share a dimensionality; both keep file order.
    names = dict.fromkeys([*_DIMENSION_LINE.findall(text), *_BASE_DIMENSION.findall(text)])
    return {name: ureg.get_dimensionality(f"[{name}]") for name in names}


def _unit_vocabulary() -> list[str]:
    ureg = registry()
    return sorted({*_aliases()[0], *(str(u) for u in ureg._units)})


def _close_matches(text: str) -> list[str]:
    return difflib.get_close_matches(text, _unit_vocabulary(), n=5, cutoff=0.6)


def _to_pint_expression(text: str) -> str:
    """Check ``text`` against the unit grammar and return a pint expression.

    The grammar is: names joined by ``*``, ``/`` or ``.`` (DESNZ writes ``passenger.km``), with
    optional integer exponents (``^2`` or ``**2``) and parentheses. Nothing else: no numbers as
    multipliers, no function calls, no attribute access. The string is never evaluated.
    """
    out: list[str] = []
    pos = 0
    depth = 0
    expect_exponent = False
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(f"unexpected character {text[pos:pos + 1]!r}")
        pos = match.end()
        if match.group("name"):
            if expect_exponent:
                raise ValueError("an exponent must be a whole number")
            out.append(match.group("name"))
        elif match.group("num"):
            if not expect_exponent:
                raise ValueError("numbers are only allowed as exponents")
            if abs(int(match.group("num"))) > MAX_EXPONENT:
                raise ValueError(f"exponent {match.group('num')} is out of range")
            out.append(match.group("num"))
            expect_exponent = False
        else:
            op = match.group("op")
            if op in ("^", "**"):
                expect_exponent = True
                out.append("**")
            elif op == ".":
                out.append("*")
            elif op == "(":
                depth += 1
                out.append(op)
            elif op == ")":
                depth -= 1
                if depth < 0:
                    raise ValueError("unbalanced parentheses")
                out.append(op)
            else:
                out.append(op)
    if depth or expect_exponent:
        raise ValueError("incomplete expression")
    return " ".join(out)


@cache
def _parse_cached(text: str) -> pint.Unit:
    # Order matters: exact alias, then the registry's case-sensitive names, and only then the
    # case-insensitive alias. Otherwise 'mWh' (milliwatt hour) or 'ml' (millilitre) would be read
    # as MWh or megalitres, a factor of 1e9.
    stripped = text.strip()
    exact, folded = _aliases()
    if stripped in exact:
        return registry().parse_units(exact[stripped])
    expression = None
    try:
        expression = _to_pint_expression(stripped)
        return registry().parse_units(expression)
    except (ValueError, pint.UndefinedUnitError):
        if _normalise(stripped) in folded:
            return registry().parse_units(folded[_normalise(stripped)])
        if expression is None:
            raise
        raise pint.UndefinedUnitError(stripped) from None


def parse_unit(
    text: Any,
    *,
    file: str | None = None,
    row: int | None = None,
    column: str | None = None,
) -> pint.Unit:
    """Parse a unit string found in UK data into a registry unit.

    Accepts the spellings of DESNZ conversion-factor files, bills and meter exports (``kWh``,
    ``kWh (Gross CV)``, ``therms``, ``litres``, ``cubic metres``, ``hundreds of cubic feet``,
    ``passenger.km``, ``Room per night``, ``million litres``, ``kVArh`` ...; the list is
    ``carbon/unit_aliases.csv``) and plain expressions of registry units (``kgCO2e/kWh``).

    Parameters
    ----------
    text : str
        The unit as written.
    file, row, column : optional
        Where the text came from, for the error message.

    Returns
    -------
    pint.Unit

    Raises
    ------
    UnitError
        If the text is not a string, is longer than ``MAX_UNIT_LENGTH``, breaks the unit grammar
        (the parser never evaluates anything) or names an unknown unit; the message lists close
        matches.
    """
    where: dict[str, Any] = {"file": file, "row": row, "column": column}
    if not isinstance(text, str) or not text.strip():
        raise UnitError("missing or non-text unit", value=text, expected="a unit such as 'kWh'",
                        **where)
    if len(text) > MAX_UNIT_LENGTH:
        raise UnitError(f"unit text longer than {MAX_UNIT_LENGTH} characters",
                        value=text[:MAX_UNIT_LENGTH], fix="give a unit such as 'kWh'", **where)
    try:
        return _parse_cached(text)
    except ValueError as exc:  # grammar violations
        raise UnitError(f"unit text is not a unit expression: {exc}", value=text,
                        fix="write a unit such as 'kWh', 'litres' or 'kgCO2e/kWh'",
                        **where) from None
    except (pint.UndefinedUnitError, pint.DefinitionSyntaxError, AttributeError, TypeError,
            AssertionError):  # pint's tokenizer asserts on some malformed text ('()', '/')
        close = _close_matches(text.strip())
        hint = ("did you mean " + ", ".join(repr(c) for c in close)) if close else (
            "see carbon/unit_aliases.csv for the accepted spellings")
        raise UnitError("unknown unit", value=text, fix=hint, **where) from None


def dimension_name(unit: str | pint.Unit) -> str | None:
    """Name of the taxonomy dimension of a unit (``energy_gross``, ``volume`` ...), or None."""
    dims = (parse_unit(unit) if isinstance(unit, str) else unit).dimensionality
    for name, value in named_dimensions().items():
        if value == dims:
            return name
    return None


def conversion_factor(from_unit: str | pint.Unit, to_unit: str | pint.Unit,
                      *, context: str | None = None) -> float:
    """Multiplier that turns values in ``from_unit`` into values in ``to_unit``.

    Parameters
    ----------
    from_unit, to_unit : str or pint.Unit
    context : str, optional
        Named for the error message (for example the activity type or factor id).

    Raises
    ------
    DimensionError
        If the two units do not have the same dimension (kWh to litres, kWh (Gross CV) to
        kWh (Net CV), kVArh to kWh, kg to kgCO2e ...).
    """
    src = parse_unit(from_unit) if isinstance(from_unit, str) else from_unit
    dst = parse_unit(to_unit) if isinstance(to_unit, str) else to_unit
    try:
        return float(registry().Quantity(1.0, src).to(dst).magnitude)
    except pint.DimensionalityError:
        what = f"{context}: " if context else ""
        raise DimensionError(
            f"{what}cannot convert {src} ({dimension_name(src) or src.dimensionality}) to "
            f"{dst} ({dimension_name(dst) or dst.dimensionality})",
            fix="check the unit of the data and the activity type it was loaded as",
        ) from None


def convert(values: ArrayLike, from_unit: str | pint.Unit, to_unit: str | pint.Unit,
            *, context: str | None = None) -> NDArray[np.float64]:
    """Convert a whole column of magnitudes with one multiplication.

    Parameters
    ----------
    values : array_like
        Magnitudes in ``from_unit``.
    from_unit, to_unit : str or pint.Unit
    context : str, optional
        Named in the error message.

    Returns
    -------
    numpy.ndarray
        float64 magnitudes in ``to_unit``.
    """
    factor = conversion_factor(from_unit, to_unit, context=context)
    return np.asarray(values, dtype=np.float64) * factor


def calorific_basis(unit: str | pint.Unit) -> CalorificBasis | None:
    """``gross`` or ``net`` when the unit is energy on that calorific basis, else None."""
    dims = (parse_unit(unit) if isinstance(unit, str) else unit).dimensionality
    if dims.get("[gross_cv]"):
        return "gross"
    if dims.get("[net_cv]"):
        return "net"
    return None


def with_calorific_basis(unit: str | pint.Unit, basis: CalorificBasis) -> pint.Unit:
    """Declare the calorific basis of plain energy: ``therm`` -> ``therm * gross_cv``.

    Used when the source says the basis in words (a UK gas bill is gross) rather than in the
    unit text.

    Raises
    ------
    DimensionError
        If the unit is not plain energy (it already has a basis, or is not energy).
    """
    parsed = parse_unit(unit) if isinstance(unit, str) else unit
    ureg = registry()
    if parsed.dimensionality != ureg.get_dimensionality("[energy]"):
        raise DimensionError(
            f"only plain energy can be given a calorific basis, not {parsed}",
            fix="the unit already states its basis, or is not an energy unit",
        )
    tag = ureg.parse_units("gross_cv" if basis == "gross" else "net_cv")
    return parsed * tag


def change_calorific_basis(values: ArrayLike, unit: str | pint.Unit, to: CalorificBasis,
                           *, gross_over_net: float) -> tuple[NDArray[np.float64], pint.Unit]:
    """Restate fuel energy on the other calorific basis with an explicit ratio.

    Parameters
    ----------
    values : array_like
        Energy magnitudes in ``unit``.
    unit : str or pint.Unit
        Energy on gross or net calorific value (``kWh_gross``, ``kWh (Net CV)`` ...).
    to : {'gross', 'net'}
        The basis wanted.
    gross_over_net : float
        Ratio of gross to net calorific value of the fuel (about 1.108 for natural gas; take it
        from the factor set or the fuel supplier, never guess). [dimensionless]

    Returns
    -------
    (numpy.ndarray, pint.Unit)
        Magnitudes in kWh on the requested basis, and that unit (``kWh_gross`` / ``kWh_net``).
    """
    parsed = parse_unit(unit) if isinstance(unit, str) else unit
    current = calorific_basis(parsed)
    if current is None:
        raise DimensionError(f"{parsed} is not energy on a stated calorific basis",
                             fix="use kWh (Gross CV) or kWh (Net CV)")
    if not (math.isfinite(gross_over_net) and 1.0 <= gross_over_net < 1.5):
        raise DimensionError("gross_over_net ratio out of the physical range [1, 1.5)",
                             value=gross_over_net)
    target = parse_unit(f"kWh_{to}")
    arr = convert(values, parsed, f"kWh_{current}")
    if current == to:
        return arr, target
    ratio = gross_over_net if to == "gross" else 1.0 / gross_over_net
    return arr * ratio, target


@cache
def _conversions() -> dict[str, Any]:
    return resources.read_toml("carbon.factors", "conversions.toml")


def gas_volume_to_energy(
    volume: ArrayLike,
    unit: str,
    calorific_value: ArrayLike,
    *,
    volume_correction: float | None = None,
) -> NDArray[np.float64]:
    """Convert metered gas volume to energy as UK gas bills do.

    ``kWh = m3 x volume_correction x CV / 3.6``; an imperial meter's hundreds of cubic feet are
    first converted at 2.83 m3 each [1]_.

    Parameters
    ----------
    volume : array_like
        Metered volume, in ``unit``. [m3 or hundreds of cubic feet]
    unit : str
        Unit of ``volume`` (``cubic metres``, ``m3``, ``hundreds of cubic feet`` ...).
    calorific_value : array_like
        Calorific value from the bill. [MJ/m3]
    volume_correction : float, optional
        Defaults to the value in ``factors/conversions.toml`` (1.02264). [dimensionless]

    Returns
    -------
    numpy.ndarray
        Energy on gross calorific value. [kWh_gross]

    Raises
    ------
    DimensionError
        If ``unit`` is not a volume.
    UnitError
        If a calorific value is not finite and positive.
    """
    m3 = convert(volume, unit, "m3", context="gas volume")
    cv = np.asarray(calorific_value, dtype=np.float64)
    if not np.all(np.isfinite(cv) & (cv > 0)):
        raise UnitError("calorific value must be a positive number of MJ/m3",
                        value=cv[~(np.isfinite(cv) & (cv > 0))][:3].tolist())
    vcf = volume_correction if volume_correction is not None else float(
        _conversions()["gas_volume_correction"]["value"])
    mj_to_kwh = conversion_factor("MJ", "kWh")
    return m3 * vcf * cv * mj_to_kwh


def check_dimension(unit: object, allowed: Iterable[str], *, context: str,
                    file: str | None = None, column: str | None = None) -> str:
    """Check that a unit has one of the allowed named dimensions and return that name.

    Parameters
    ----------
    unit : str or pint.Unit
        A missing or unparseable unit raises :class:`UnitError`.
    allowed : iterable of str
        Names from :func:`named_dimensions` (``energy``, ``energy_gross``, ``volume`` ...).
    context : str
        What is being checked, for the message (an activity type key, a factor id).

    Raises
    ------
    DimensionError
        Naming the unit, its dimension and the allowed ones.
    """
    parsed = unit if isinstance(unit, pint.Unit) else parse_unit(unit, file=file, column=column)
    allowed = list(allowed)
    name = dimension_name(parsed)
    if name not in allowed:
        raise DimensionError(
            f"{context}: unit {str(unit)!r} has dimension {name or parsed.dimensionality}",
            expected=" or ".join(allowed), value=str(unit), file=file, column=column,
            fix="use a unit of an allowed dimension or load the data as another activity type",
        )
    return name
