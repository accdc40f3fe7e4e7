"""A disk cache of analysis results, keyed by everything that can change them.

An entry is a JSON file named by the sha256 of the analysis's identity (its registered
name, version, settings and, for a mission's own analysis, its module's source hash), its
input values (``repr`` of each float, so equal inputs give equal keys bit for bit),
okaeri's version and the fingerprint of okaeri's own source code, and
:data:`CACHE_FORMAT`. The inputs are exactly the analysis's ports: nothing else can change
its result, so a cached result is never stale. Entries are written atomically; an
unreadable entry is a miss, never an error. A long list of floats (a Monte Carlo output:
4,093 samples) is kept as the base64 text of its little-endian float64 bytes
(:func:`pack`): bit for bit the same numbers, and reading the reference Monte Carlo's
entry back takes 5 ms instead of 25 ms.

The folder is ``$OKAERI_CACHE_DIR``, else ``$XDG_CACHE_HOME/okaeri``, else
``~/.cache/okaeri``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import sys
import threading
from array import array
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from okaeri import __version__
from okaeri.fingerprint import code_fingerprint
from okaeri.graph import AnalysisIdentity

__all__ = ["CACHE_FORMAT", "PACKED", "AnalysisCache", "default_cache_dir", "pack", "unpack"]

CACHE_FORMAT = 4
"""Part of every key: raise it when the layout of entries changes."""


def default_cache_dir() -> Path:
    """Where cache entries go (see the module docstring)."""
    if os.environ.get("OKAERI_CACHE_DIR"):
        return Path(os.environ["OKAERI_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "okaeri"


PACKED = "__float64_le_base64__"
"""The one key of the object that holds a packed list of floats in an entry."""
_PACK_FROM = 64
"""Shortest list of floats that is packed (shorter ones stay readable JSON numbers)."""


def pack(value: Any) -> Any:
    """``value`` (JSON-ready) with each list of at least :data:`_PACK_FROM` floats, at any
    depth, replaced by ``{PACKED: <base64 of its little-endian float64 bytes>}``."""
    if isinstance(value, dict):
        return {key: pack(item) for key, item in value.items()}
    if isinstance(value, list):
        if len(value) >= _PACK_FROM and all(type(x) is float for x in value):
            numbers = array("d", value)
            if sys.byteorder == "big":  # pragma: no cover - the entries are little-endian
                numbers.byteswap()
            return {PACKED: base64.b64encode(numbers.tobytes()).decode("ascii")}
        return [pack(item) for item in value]
    return value


def unpack(value: Any) -> Any:
    """The inverse of :func:`pack` (``ValueError`` for a damaged packed list)."""
    if isinstance(value, dict):
        if len(value) == 1 and PACKED in value:
            numbers = array("d")
            numbers.frombytes(base64.b64decode(value[PACKED], validate=True))
            if sys.byteorder == "big":  # pragma: no cover
                numbers.byteswap()
            return numbers.tolist()
        return {key: unpack(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unpack(item) if isinstance(item, dict | list) else item for item in value]
    return value


def _json_ready(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    return value


class AnalysisCache:
    """Results of analyses by the hash of their identity and inputs; ``folder=None``
    caches nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._counting = threading.Lock()  # a concurrent analysis asks from its thread

    def key(self, identity: AnalysisIdentity, inputs: Mapping[str, float]) -> str:
        """The entry's key (see the module docstring)."""
        text = json.dumps({"name": identity.name, "version": identity.version,
                           "settings": identity.settings, "code": identity.code,
                           "okaeri": __version__, "okaeri_code": code_fingerprint(),
                           "format": CACHE_FORMAT,
                           "inputs": {k: repr(float(v)) for k, v in sorted(inputs.items())}},
                          sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def memo(self, identity: AnalysisIdentity, inputs: Mapping[str, float],
             compute: Callable[[], Any]) -> Any:
        """The cached result for this identity and these inputs, or ``compute()`` stored
        for next time (see :meth:`okaeri.graph.DependencyGraph.use_memo`)."""
        if self.folder is None:
            return compute()
        path = self.folder / f"{self.key(identity, inputs)}.json"
        try:
            result = unpack(json.loads(path.read_text()))
            with self._counting:
                self.hits += 1
            return result
        except (OSError, ValueError):
            pass
        with self._counting:
            self.misses += 1
        result = _json_ready(compute())
        from okaeri.errors import ReportError
        from okaeri.fileio import write_text_atomic

        with contextlib.suppress(ReportError, TypeError, ValueError):
            # a read-only cache folder, or a result JSON cannot hold, only costs speed
            write_text_atomic(path, json.dumps(pack(result), allow_nan=True))
        return result
