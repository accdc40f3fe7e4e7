"""Writing files atomically: a reader sees the old file or the new one, never a part."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from okaeri.errors import ReportError

_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    with _UMASK_LOCK:  # os.umask reads the mask by setting it: one thread at a time
        mask = os.umask(0)
        os.umask(mask)
    return mask


def write_bytes_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    ``durable=False`` skips flushing the file to the disk before the rename: for cache
    entries, which check their own integrity when read (a crash can leave a damaged
    entry, never a damaged output).

    Raises :class:`~okaeri.errors.ReportError` (with the reason) if it cannot be written;
    the previous file, if any, is left intact.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; use the user's umask
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc.strerror or exc}") from exc


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))
