"""Keep optional heavy packages out of the normal path.

pint imports ``dask.base`` when it finds dask installed (the ``distributed`` extra installs
it): about 0.2 s on every command, for pint's support of dask arrays, which carbon never hands
it. :func:`without_dask` hides dask while such a package is imported (decision 0031); the dask
engine (:mod:`carbon.distributed`) imports dask itself, only when asked for.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_dask() -> Iterator[None]:
    """Imports inside see no dask (unless dask is loaded already, which is then kept)."""
    if "dask" in sys.modules:
        yield
        return
    sys.modules["dask"] = None  # type: ignore[assignment]  # find_spec('dask') -> None
    try:
        yield
    finally:
        del sys.modules["dask"]
