"""okaeri's own code as one hash: part of the key of everything okaeri keeps on disk
(analysis results, parsed files, snapshots, figures), so that nothing made by other code
is read back, even within one version (an edited development checkout)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from okaeri._version import __version__

__all__ = ["code_fingerprint"]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 of okaeri's version and its Python source files (relative paths and bytes);
    about 10 ms, once a process."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode() + b"\0")
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
