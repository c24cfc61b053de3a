"""The run record written beside every inventory: what went in, so the figures can be redone.

It holds the activity digest (and the sha256 of input files when known), every factor set used
with its version and source checksum, the policies, warnings, and the package version. It holds
no clock time: the same inputs, factor versions and options give the same record, byte for byte,
and its ``run_id`` is a hash of its own content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from carbon._version import __version__


def file_digest(path: str | Path) -> str:
    """sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_run_record(*, activity: str, inputs: Mapping[str, str], factor_sets: Mapping[str, Any],
                     selections: list[dict[str, Any]], options: Mapping[str, Any],
                     warnings: list[str]) -> dict[str, Any]:
    """Assemble a run record and give it a content-derived ``run_id``.

    Parameters
    ----------
    activity : str
        :func:`carbon.totals.activity_digest` of the activity table (or the digest a
        source gives for the activity it aggregated).
    inputs : mapping
        Input file name -> sha256 (store batches or files), when known.
    factor_sets : mapping
        Set id -> its metadata (version, source file and sha256, GWP basis, licence).
    selections : list of dict
        The period selections (:class:`carbon.factorsets.FactorSelection` dumps).
    options : mapping
        Every option of the run (family, policy, GWP basis, radiative forcing, contracts ...).
    warnings : list of str
        Anything the reader of the figures must know (skipped biogenic lines, mixed GWP
        bases, market-based residual rule).
    """
    record: dict[str, Any] = {
        "carbon_version": __version__,
        "activity_sha256": activity,
        "inputs": dict(sorted(inputs.items())),
        "factor_sets": {k: factor_sets[k] for k in sorted(factor_sets)},
        "selections": selections,
        "options": dict(sorted(options.items())),
        "warnings": sorted(set(warnings)),
    }
    record["run_id"] = hashlib.sha256(canonical_json(record).encode()).hexdigest()[:16]
    return record


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no insignificant whitespace (stable across runs)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
