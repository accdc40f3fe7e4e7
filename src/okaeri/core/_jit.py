"""numba's ``njit`` for okaeri's kernels, imported only once numba has a writable cache
folder (:func:`okaeri.core._numba_cache.ensure_numba_cache`: a read-only install caches
in the temporary directory). Every kernel module takes ``njit`` from here."""

from __future__ import annotations

from okaeri.core._numba_cache import ensure_numba_cache

ensure_numba_cache()  # before numba decorates anything

from numba import njit  # noqa: E402

__all__ = ["njit"]
