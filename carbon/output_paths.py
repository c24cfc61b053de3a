"""Where outputs may be written, and the one error for an output that cannot be.

Outputs go into the file or folder the user named, and only there: a file's folder must exist
(the engine never invents one), a folder output (``--outputs DIR``, ``--parquet DIR``) is
created inside the nearest folder that exists, and no name taken from the data (a site code, a
sheet name, a batch id) ever becomes part of a path. :func:`check_output_folder` refuses a
missing or read-only destination before any work is done; :func:`output_error` turns an
operating-system error met while writing into one line with its fix.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from carbon.errors import OutputFileError

_FIXES = {errno.ENOSPC: "free disk space or write to another disk",
          errno.EDQUOT: "free space within your quota or write elsewhere",
          errno.EROFS: "the folder is on a read-only disk: choose a writable folder",
          errno.EACCES: "choose a folder you may write to",
          errno.EPERM: "choose a folder you may write to",
          errno.ENOENT: "create the folder first, or choose an existing one",
          errno.EISDIR: "give a file name, not a folder"}


def output_error(target: Path, exc: OSError) -> OutputFileError:
    """A one-line error for an output that could not be written, with the fix for its cause."""
    reason = exc.strerror or str(exc)
    return OutputFileError(
        f"cannot write the output: {reason}; nothing was written", file=str(target),
        fix=_FIXES.get(exc.errno or 0, "check the path and try again")
        + " (an earlier file of that name is unchanged)")


def check_output_folder(target: Path, *, is_folder: bool = False) -> None:
    """Refuse an output whose folder is missing or cannot be written, before any work.

    Parameters
    ----------
    target : Path
        The output file, or with ``is_folder`` the output folder (which may not exist yet: it
        will be created inside its nearest existing parent).

    Raises
    ------
    OutputFileError
    """
    if is_folder:
        probe = target
        while not probe.exists() and probe.parent != probe:
            probe = probe.parent
    else:
        probe = target.parent
        if not probe.is_dir():
            raise output_error(target, OSError(errno.ENOENT, os.strerror(errno.ENOENT)))
    if not os.access(probe, os.W_OK):
        code = errno.EROFS if os.statvfs(probe).f_flag & os.ST_RDONLY else errno.EACCES
        raise output_error(target, OSError(code, os.strerror(code)))
