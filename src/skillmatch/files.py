"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from skillmatch.errors import OutputError


@contextlib.contextmanager
def atomic_output(target: str, binary_newline: str | None = "") -> Iterator[TextIO]:
    """Write to a temporary file beside `target`, renamed over it only on success: an
    interrupted run leaves the previous file intact and no partial output."""
    if target == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(target)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError("batch.output_dir_missing", path=str(directory))
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                             dir=directory)
    except OSError as exc:
        raise OutputError("batch.cannot_write", path=target, reason=exc.strerror) from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        with os.fdopen(handle, "w", encoding="utf-8", newline=binary_newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError("batch.cannot_write", path=target, reason=exc.strerror) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
