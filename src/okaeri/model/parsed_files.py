"""Parsed YAML files kept on disk by their bytes, so that a large file is composed once.

Composing a file's parser events into data and the position of every value costs about
5 us a value in Python (0.6 s for a file of 10,000 requirements); reading the composed
result back costs a fifth of that. A model file's index (where each value is, by its
readable path: 1.5 us a value to compute, a third of that to read back) is kept the same
way, in an entry of its own named by the file's bytes and shown name. An entry is named by
the sha256 of the file's bytes, okaeri's code
(:func:`~okaeri.fingerprint.code_fingerprint`), the YAML parser (PyYAML's version, with
libyaml or not) and :data:`FORMAT`: nothing else changes what composing gives, so an entry
is never stale. An entry starts with the sha256 of its payload, checked when it is read: a
damaged or foreign entry is a miss, as is one that cannot be read; one that cannot be
written is not kept. A file with findings is not kept (it is read afresh until it is
fixed), so findings always come from the parser.

Each edit of a file makes a new entry (a 3 MB requirements file makes an 8 MB one): when
the entries exceed :data:`MAX_BYTES`, those read or written longest ago are removed.

The cache is on only inside :func:`kept_parsed_files`, which the commands that keep
analysis results use (``okaeri verify``, ``report``, ``budget``, ``requirements
--matrix``; ``--no-cache`` turns both off); entries go to ``documents/`` in that folder.
The payload is :mod:`marshal` data (plain dicts, lists, tuples, strings and numbers; a file
with a timestamp is not kept), the format of Python's own ``__pycache__`` files, and like
them it is trusted as the user's own.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import yaml

from okaeri.errors import ReportError
from okaeri.fileio import write_bytes_atomic
from okaeri.fingerprint import code_fingerprint

__all__ = [
    "DOCUMENTS_DIR", "FORMAT", "MAX_BYTES", "Composed", "keep", "keep_index",
    "kept_parsed_files", "read_kept", "read_kept_index",
]

FORMAT = 2
"""Part of every key: raise it when what an entry holds changes."""
DOCUMENTS_DIR = "documents"
"""Folder of the entries inside the cache folder."""
MAX_BYTES = 256 * 2**20
"""Size above which the entries used longest ago are removed (256 MiB)."""

Composed = tuple[Any, dict[Any, tuple[int, int]], dict[Any, tuple[int, int]]]
"""A composed file: its data, the positions of its values and of its keys."""

_FOLDER: ContextVar[Path | None] = ContextVar("okaeri_parsed_files", default=None)


@contextlib.contextmanager
def kept_parsed_files(cache_folder: Path | None) -> Iterator[None]:
    """Read and keep parsed files in ``cache_folder`` (``None``: nothing kept) while the
    ``with`` block runs, in this thread and context."""
    token = _FOLDER.set(None if cache_folder is None else Path(cache_folder) / DOCUMENTS_DIR)
    try:
        yield
    finally:
        _FOLDER.reset(token)


def _entry(folder: Path, raw: bytes, what: str = "") -> Path:
    digest = hashlib.sha256()
    for part in (str(FORMAT), code_fingerprint(), yaml.__version__,
                 str(getattr(yaml, "__with_libyaml__", False)), what):
        digest.update(part.encode() + b"\0")
    digest.update(raw)
    return folder / f"{digest.hexdigest()}.marshal"


def read_kept(raw: bytes) -> Composed | None:
    """The kept composition of a file whose bytes are ``raw``, or ``None``."""
    found = _read(raw, "")
    if (not isinstance(found, tuple) or len(found) != 3
            or not isinstance(found[1], dict) or not isinstance(found[2], dict)):
        return None
    return found


def read_kept_index(raw: bytes, display: str) -> dict[str, Any] | None:
    """The kept :meth:`~okaeri.model.yaml_source.SourceDocument.index` of a file whose
    bytes are ``raw``, shown as ``display``, or ``None``."""
    found = _read(raw, f"index of {display}")
    return found if isinstance(found, dict) else None


def keep_index(raw: bytes, display: str, index: dict[str, Any]) -> None:
    """Keep the index of a file whose bytes are ``raw``, shown as ``display``."""
    _write(raw, index, f"index of {display}")


def _read(raw: bytes, what: str) -> Any:
    folder = _FOLDER.get()
    if folder is None:
        return None
    entry = _entry(folder, raw, what)
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    payload = memoryview(blob)[32:]
    if hashlib.sha256(payload).digest() != blob[:32]:
        return None
    try:
        found = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    with contextlib.suppress(OSError):  # used now: the last to be removed
        os.utime(entry)
    return found


def keep(raw: bytes, composed: Composed) -> None:
    """Keep the composition of a file whose bytes are ``raw`` (when the cache is on)."""
    _write(raw, composed, "")


def _write(raw: bytes, value: Any, what: str) -> None:
    folder = _FOLDER.get()
    if folder is None:
        return
    try:
        payload = marshal.dumps(value)
    except ValueError:  # a timestamp (datetime) is not marshal data: read it afresh
        return
    entry = _entry(folder, raw, what)
    with contextlib.suppress(ReportError):  # a read-only cache folder only costs speed
        write_bytes_atomic(entry, hashlib.sha256(payload).digest() + payload, durable=False)
        _prune(folder, keeping=entry)


def _prune(folder: Path, keeping: Path) -> None:
    """Remove the entries used longest ago while they exceed :data:`MAX_BYTES` (never
    ``keeping``; another process may remove the same ones)."""
    entries = []
    with contextlib.suppress(OSError):
        for path in folder.glob("*.marshal"):
            with contextlib.suppress(OSError):
                status = path.stat()
                entries.append((status.st_mtime, status.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= MAX_BYTES:
            break
        if path != keeping:
            with contextlib.suppress(OSError):
                path.unlink()
            total -= size
