"""One pass over a file's bytes: its SHA-256 (the batch identity) and its line count.

Loading a file needs both: the hash decides whether the batch is already in the store, and the
line count tells the fast CSV path that every data row is one line (so line numbers are
exact). Reading a large file once instead of twice is worth the small cache: the result is
kept for the last few files, keyed by path, size and modification time.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

#: Bytes read at a time.
_BLOCK = 1 << 22


class FileScan(NamedTuple):
    """What one pass over a file found."""

    sha256: str
    lines: int


def scan(path: str | Path) -> FileScan:
    """SHA-256 (hex) and number of lines of a file (a last line without a newline counts)."""
    target = Path(path).resolve()
    stat = target.stat()
    return _scan(str(target), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _scan(path: str, size: int, mtime_ns: int) -> FileScan:
    digest = hashlib.sha256()
    lines, last = 0, b"\n"
    with Path(path).open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
            lines += block.count(b"\n")
            last = block[-1:]
    del size, mtime_ns  # part of the cache key only
    return FileScan(digest.hexdigest(), lines + (0 if last == b"\n" else 1))
