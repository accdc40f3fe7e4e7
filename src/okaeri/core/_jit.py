"""numba's ``njit`` for okaeri's kernels, imported only once numba has a writable cache
folder (:func:`okaeri.core._numba_cache.ensure_numba_cache`: a read-only install caches
in the temporary directory). Every kernel module takes ``njit`` from here.

The kernels compile with ``error_model="numpy"``: a division by zero gives an infinity
or a NaN, as in NumPy, instead of raising ``ZeroDivisionError``, which costs a test before
every division. The kernels check their states for finiteness (a failed step ends a
trajectory with a failure event) and their inputs are range-checked before the call;
the results are bit-identical otherwise, and the entry batch runs about 15 % faster."""

from __future__ import annotations

from functools import partial

from okaeri.core._numba_cache import ensure_numba_cache

ensure_numba_cache()  # before numba decorates anything

import numba  # noqa: E402

njit = partial(numba.njit, error_model="numpy")

__all__ = ["njit"]
