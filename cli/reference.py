"""Reference commands: the activity taxonomy, units, and checking a canonical activity file."""

from __future__ import annotations

import click

from .output import echo_pairs, emit, format_option, out_option


@click.command()
@click.argument("text", required=False)
@format_option
@out_option
def taxonomy(text: str | None, fmt: str, out: str | None) -> None:
    """List the activity types (keys of scopes/activity_types.csv), optionally those whose key
    or description contains TEXT."""
    import pandas as pd

    from carbon.taxonomy import activity_types

    rows = [
        {"key": t.key, "dimensions": ", ".join(t.allowed_dimensions),
         "default_unit": t.default_unit, "emitting": "yes" if t.emitting else "no (memo)",
         "description": t.description}
        for t in activity_types().values()
        if not text or text.lower() in t.key or text.lower() in t.description.lower()
    ]
    emit(pd.DataFrame(rows, columns=["key", "dimensions", "default_unit", "emitting",
                                     "description"]), fmt, out)


@click.group()
def units() -> None:
    """Parse and convert units exactly as the engine does."""


@units.command("parse")
@click.argument("text")
def units_parse(text: str) -> None:
    """Show how TEXT (e.g. 'kWh (Gross CV)', 'hundreds of cubic feet') is understood."""
    from carbon import units as u

    unit = u.parse_unit(text)
    echo_pairs([("text", text), ("unit", f"{unit}"),
                ("dimension", u.dimension_name(unit) or str(unit.dimensionality)),
                ("calorific basis", u.calorific_basis(unit) or "-")])


@units.command("convert")
@click.argument("value", type=float)
@click.argument("from_unit")
@click.argument("to_unit")
def units_convert(value: float, from_unit: str, to_unit: str) -> None:
    """Convert VALUE from FROM_UNIT to TO_UNIT (a wrong dimension is an error)."""
    from carbon import units as u

    result = float(u.convert([value], from_unit, to_unit)[0])
    click.echo(f"{value:g} {from_unit} = {result:.10g} {to_unit}")


@units.command("gas")
@click.argument("volume", type=float)
@click.argument("unit")
@click.option("--cv", "calorific_value", type=float, required=True,
              help="Calorific value from the bill [MJ/m3].")
def units_gas(volume: float, unit: str, calorific_value: float) -> None:
    """Convert a metered gas VOLUME in UNIT to kWh (gross CV) as UK bills do."""
    from carbon import units as u

    kwh = float(u.gas_volume_to_energy([volume], unit, [calorific_value])[0])
    click.echo(f"{volume:g} {unit} at CV {calorific_value:g} MJ/m3 = {kwh:.2f} kWh (Gross CV)")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def validate(file: str) -> None:
    """Check FILE, a canonical activity CSV, against the activity contract."""
    from carbon.activity import read_activity_csv

    frame = read_activity_csv(file)
    start = frame["period_start"].min()
    end = frame["period_end"].max()
    echo_pairs([
        ("file", file), ("rows", len(frame)),
        ("activity types", frame["activity_type"].nunique()),
        ("sites", frame["site"].nunique()),
        ("period", f"{start:%Y-%m-%d %H:%M}Z .. {end:%Y-%m-%d %H:%M}Z" if len(frame) else "-"),
        ("result", "valid"),
    ])
