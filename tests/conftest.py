"""Shared fixtures: where the official publications and samples live (``../shared``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests run derandomized by default, so `make test` and CI are reproducible (a fresh
# clone has no example database). `pytest --hypothesis-profile=explore` searches at random with
# more examples, for hunting new failures.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CARBON_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``../shared`` folder beside the repository; tests that need it skip without it."""
    if not (SHARED / "data" / "MANIFEST.md").is_file():
        pytest.skip(f"official data not found at {SHARED} (set CARBON_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def samples_dir(shared_dir: Path) -> Path:
    """Real-shaped sample input files of the fictional Northfield trust."""
    return shared_dir / "samples"
