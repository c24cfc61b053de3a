"""Run records beside outputs, and ``carbon rerun``: make an output again and compare bytes.

Every file a command writes with ``--out`` (or ``--outputs DIR``) gets a run record beside it
(``FILE.run.json``, or ``DIR/run.json``): the inventory's record when there is one (activity
digest, input files, factor sets and versions, options, carbon version) and an ``output``
section saying how the file was made: the command, every option as given, the workspace, and
the sha256 of each file written. ``carbon rerun RECORD`` runs the command again into a
temporary folder and compares the bytes; when they differ it says which part of the record
changed (the activity in the store, a factor set, the carbon version ...).

Options that name files (``--custom``, ``--actuals`` ...) are recorded as given: rerun from the
folder the command was first run in.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

#: Parts of a record that explain why a rerun differs.
EXPLAINS = {"activity_sha256": "the activity read from the store or file changed",
            "inputs": "the input files or store batches changed",
            "factor_sets": "a factor set or its version changed",
            "options": "the inventory options changed",
            "carbon_version": "another version of carbon made it"}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def write_run_record(files: list[Path], *, target: str,
                     record: dict[str, Any] | None = None, folder: Path | None = None,
                     cleared: tuple[str, ...] = ()) -> Path:
    """Write the run record of the current command's output(s).

    Parameters
    ----------
    files : list of Path
        The files written.
    target : str
        Name of the option that says where they go (``out`` or ``folder``).
    record : dict, optional
        The inventory run record behind the output.
    folder : Path, optional
        For a folder of outputs: the record goes to ``folder/run.json``.
    cleared : tuple of str
        Options recorded as not given (another output of the same run, with its own record).
    """
    from carbon.accounting.run_record import canonical_json
    from carbon.spreadsheet import write_text

    ctx = click.get_current_context()
    root = folder if folder is not None else files[0].parent
    output = {
        "command": command_names(ctx),
        "params": {k: None if k in cleared else _plain(v)
                   for k, v in sorted(ctx.params.items()) if k != target},
        "target": target,
        "workspace": str(ctx.find_root().obj["workspace"]),
        "files": {str(p.relative_to(root)): _sha256(p) for p in sorted(files)},
    }
    path = folder / "run.json" if folder is not None else files[0].with_name(
        files[0].name + ".run.json")
    write_text(path, canonical_json({**(record or {}), "output": output}) + "\n")
    return path


def command_names(ctx: click.Context) -> list[str]:
    """The sub-command names of a context (``['scenario', 'run']``), as typed after carbon
    (a command run again by :func:`rerun` keeps its own names)."""
    names = []
    while ctx.parent is not None:
        if ctx.command is not rerun:
            names.append(str(ctx.info_name))
        ctx = ctx.parent
    return names[::-1]


@click.command()
@click.argument("record_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--keep", type=click.Path(file_okay=False), default=None,
              help="Keep the new outputs in this folder (default: a temporary folder).")
@click.pass_context
def rerun(ctx: click.Context, record_file: str, keep: str | None) -> None:
    """Make the output of RECORD_FILE (a .run.json) again and compare it byte for byte."""
    from carbon.errors import ConfigurationError

    old = json.loads(Path(record_file).read_text(encoding="utf-8"))
    output = old.get("output")
    if not isinstance(output, dict) or "command" not in output:
        raise ConfigurationError("this run record says nothing about how its output was made",
                                 file=record_file, fix="rerun the command that wrote it")
    with tempfile.TemporaryDirectory(prefix="carbon-rerun-") as scratch:
        folder = Path(keep) if keep else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        files = dict(output["files"])
        where = folder if output["target"] == "folder" else folder / next(iter(files))
        command: Any = ctx.find_root().command
        for name in output["command"]:
            command = command.get_command(ctx, name)
        ctx.find_root().obj["workspace"] = output["workspace"]
        ctx.invoke(command, **output["params"], **{output["target"]: str(where)})
        again = {name: _sha256(folder / name) for name in files}
        record = folder / ("run.json" if output["target"] == "folder" else f"{where.name}.run.json")
        new = json.loads(record.read_text(encoding="utf-8"))
    changed = [name for name in files if again[name] != files[name]]
    for name in files:
        click.echo(f"{'differs' if name in changed else 'identical':<9}  {name}  {again[name]}")
    if changed:
        reasons = [text for key, text in EXPLAINS.items() if old.get(key) != new.get(key)]
        click.echo("carbon: the output differs: " + ("; ".join(reasons) or
                   "same inputs and options: please report this as a bug"), err=True)
        sys.exit(1)
