"""``carbon factors``: list, show, search, compare and import emission-factor sets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .output import echo_pairs, emit, format_option, out_option

SET_OPTION_HELP = "Factor set (desnz:2024, sdu:2019-20, gwp:ar5 ...; default: latest DESNZ)."


def _workspace(ctx: click.Context) -> str:
    return str((ctx.obj or {}).get("workspace", "carbon-workspace"))


@click.group()
def factors() -> None:
    """Emission-factor sets: UK Government 2016-2026, NHS SDU, GWP tables, your own."""


@factors.command("list")
@click.option("--family", default=None, help="Only sets of this family (desnz, sdu, gwp ...).")
@format_option
@out_option
@click.pass_context
def list_command(ctx: click.Context, family: str | None, fmt: str, out: str | None) -> None:
    """List the factor sets: built-in and imported into the workspace."""
    import pandas as pd

    from carbon.factorsets.registry import BUILTIN, library_entries

    entries = library_entries(_workspace(ctx)).values()
    rows = [{"set": e.info.id, "publisher": e.info.publisher,
             "applies to": e.info.applies_to_year or e.info.applies_to_period or "",
             "version": e.info.version, "gwp": e.info.gwp_basis, "factors": e.info.factors,
             "library": "built-in" if e.location == BUILTIN else "workspace"}
            for e in entries if family is None or e.info.family == family]
    frame = pd.DataFrame(rows, columns=["set", "publisher", "applies to", "version", "gwp",
                                        "factors", "library"])
    emit(frame, fmt, out)


@factors.command("show")
@click.argument("factor_id")
@click.option("--set", "set_name", default="latest", show_default=True, help=SET_OPTION_HELP)
@click.pass_context
def show(ctx: click.Context, factor_id: str, set_name: str) -> None:
    """Show one factor with its full provenance."""
    from carbon.factorsets.registry import load_set

    factor = load_set(set_name, _workspace(ctx)).factor(factor_id)
    info = factor.info

    def number(value: float | None) -> str:
        return "not published (blank in the source)" if value is None else f"{value:.10g}"

    pairs: list[tuple[str, Any]] = [
        ("factor", factor.factor_id), ("label", factor.label),
        ("value", f"{number(factor.value)} {factor.numerator_unit} per {factor.activity_unit}"),
        ("per-gas parts", ", ".join(f"{g} {number(v)}" for g, v in
                                    (("CO2", factor.co2), ("CH4", factor.ch4),
                                     ("N2O", factor.n2o)))),
        ("scope", factor.scope or "-"),
        ("flags", ", ".join(n for n, on in (("well-to-tank", factor.wtt),
                                            ("T&D", factor.td),
                                            ("outside of scopes", factor.outside_of_scopes))
                            if on) or "-"),
        ("unit as published", factor.uom),
        ("set", f"{info.id} ({info.title}, version {info.version or '-'})"),
        ("publisher", info.publisher), ("GWP basis", f"{factor.gwp_basis} ("
         f"{'verified' if info.gwp_basis_verified else 'not verified'}: "
         f"{info.gwp_basis_evidence or '-'})"),
        ("source", f"{info.source_title} {info.source_url}".strip()),
        ("source file", f"{info.source_file or '-'} sha256 {info.source_sha256 or '-'}"),
        ("cell", factor.source_ref or "-"), ("DESNZ id", factor.desnz_id or "-"),
        ("licence", info.licence or "-"),
    ]
    if info.currency_basis is not None:
        pairs.append(("price basis", f"{info.currency_basis}; prices of "
                      f"{info.price_year or 'an unknown year'} ("
                      f"{'verified' if info.price_basis_verified else 'not verified'}: "
                      f"{info.price_basis_evidence or '-'})"))
    if factor.description:
        pairs.insert(2, ("description", factor.description))
    if factor.source:
        pairs.append(("factor source", factor.source))
    if factor.note:
        pairs.append(("note", factor.note))
    if not factor.verified:
        pairs.append(("verified", "no: check against the primary source before relying on it"))
    echo_pairs(pairs)


@factors.command("search")
@click.argument("text")
@click.option("--set", "set_name", default="latest", show_default=True, help=SET_OPTION_HELP)
@format_option
@out_option
@click.pass_context
def search(ctx: click.Context, text: str, set_name: str, fmt: str, out: str | None) -> None:
    """Find factors whose id or labels contain every word of TEXT."""
    from carbon.factorsets.registry import search_factors

    emit(search_factors(text, set_name, _workspace(ctx)), fmt, out)


@factors.command("diff")
@click.argument("set_a")
@click.argument("set_b")
@click.option("--all", "include_unchanged", is_flag=True, help="Also list unchanged factors.")
@format_option
@out_option
@click.pass_context
def diff(ctx: click.Context, set_a: str, set_b: str, include_unchanged: bool, fmt: str,
         out: str | None) -> None:
    """List factors changed, added and removed from SET_A to SET_B, with % change."""
    from carbon.factorsets.diff import diff_sets
    from carbon.factorsets.registry import load_set

    workspace = _workspace(ctx)
    frame = diff_sets(load_set(set_a, workspace), load_set(set_b, workspace),
                      include_unchanged=include_unchanged)
    if fmt == "table":
        counts = frame["change"].value_counts()
        click.echo(", ".join(f"{counts.get(c, 0)} {c}" for c in ("changed", "added", "removed"))
                   + f" ({set_a} -> {set_b})", err=True)
        frame = frame.assign(change_pct=frame["change_pct"].round(2))
    emit(frame, fmt, out)


@factors.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", default=None,
              help="Set id (default desnz:<year> for DESNZ files; required for a custom CSV).")
@click.option("--replace", is_flag=True, help="Replace a set of the same id in the workspace.")
@click.option("--publisher", default=None, help="Publisher of a custom set.")
@click.option("--year", type=int, default=None,
              help="Calendar year a custom set applies to.")
@click.pass_context
def import_command(ctx: click.Context, file: Path, name: str | None, replace: bool,
                   publisher: str | None, year: int | None) -> None:
    """Import FILE (a DESNZ full set or flat file, the SDU table, or a custom factor CSV) into
    the workspace's factor library; the installed package is not changed."""
    from carbon.factorsets.importer import import_file

    metadata: dict[str, Any] = {}
    if publisher:
        metadata["publisher"] = publisher
    if year:
        metadata["applies_to_year"] = year
    for info in import_file(file, _workspace(ctx), name=name, replace=replace,
                            metadata=metadata):
        click.echo(f"imported {info.id}: {info.factors} factors, GWP {info.gwp_basis}, "
                   f"sha256 {info.source_sha256[:12]} -> {_workspace(ctx)}/factors")


@factors.command("build")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def build(data_dir: Path) -> None:
    """Regenerate the built-in tables (factors/*.parquet, index.toml) from the official
    publications in DATA_DIR (../shared/data). Developers only: writes into the source tree."""
    from carbon.factorsets.build import build_library

    for info in build_library(data_dir):
        click.echo(f"{info.id:34s} {info.factors:5d} factors")
