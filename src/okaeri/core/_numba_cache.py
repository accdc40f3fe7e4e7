"""Where numba keeps okaeri's compiled kernels, with a fallback for read-only installs.

numba caches a ``cache=True`` function in the first writable place among
``$NUMBA_CACHE_DIR``, the ``__pycache__`` folder beside the source file, and the user's
cache folder (``$XDG_CACHE_HOME/numba`` or ``~/.cache/numba``). When none is writable (a
package installed read-only for a user whose home is read-only, as in some containers
and CI sandboxes), numba refuses to decorate the function at all: importing the kernels
fails with ``RuntimeError: cannot cache function ...: no locator available``.

:func:`ensure_numba_cache` runs before the kernel modules decorate anything: when no
place is writable, it points numba at a folder in the system's temporary directory
(``$TMPDIR/okaeri-numba-<uid>``), so the kernels compile once per machine boot instead
of failing, and sets ``NUMBA_CACHE_DIR`` for child processes too.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["ensure_numba_cache", "fallback_cache_dir", "writable"]

_PACKAGE_CACHE = Path(__file__).resolve().parent / "__pycache__"
"""numba's in-tree cache folder for the kernels of this package."""


def writable(folder: Path) -> bool:
    """True when ``folder`` exists or can be made, and a file can be created in it (the
    test numba itself makes)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError:
        return False
    return True


def _user_cache_dir() -> Path:
    """numba's per-user cache folder on this platform (its own ``AppDirs`` rule)."""
    from numba.misc.appdirs import AppDirs

    return Path(AppDirs(appname="numba", appauthor=False).user_cache_dir)  # type: ignore[no-untyped-call]


def fallback_cache_dir() -> Path:
    """The temporary cache folder used when no other place is writable."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"okaeri-numba-{uid}"


def ensure_numba_cache(package_cache: Path | None = None) -> Path | None:
    """Make sure numba has a writable cache folder for okaeri's kernels.

    Returns the fallback folder when one was set, else None: ``$NUMBA_CACHE_DIR`` is
    set, or ``package_cache`` (default: this package's ``__pycache__``) or the user's
    cache folder is writable. When even the temporary directory is not writable, returns
    None and numba's own error stands."""
    import numba

    if os.environ.get("NUMBA_CACHE_DIR") or getattr(numba.config, "CACHE_DIR", ""):
        return None
    if writable(package_cache or _PACKAGE_CACHE) or writable(_user_cache_dir()):
        return None
    fallback = fallback_cache_dir()
    if not writable(fallback):
        return None
    os.environ["NUMBA_CACHE_DIR"] = str(fallback)
    setattr(numba.config, "CACHE_DIR", str(fallback))  # noqa: B010 (untyped module)
    return fallback
