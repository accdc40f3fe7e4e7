"""A disk cache of analysis results, keyed by a hash of their inputs and okaeri's version.

An entry is a JSON file named by the sha256 of the analysis name, its input values
(``repr`` of each float, so equal inputs give equal keys bit for bit), its settings, the
package version and :data:`CACHE_FORMAT`: any change of input, setting or code version
misses the cache.
Entries are written atomically; an unreadable entry is a miss, never an error.

The folder is ``$OKAERI_CACHE_DIR``, else ``$XDG_CACHE_HOME/okaeri``, else
``~/.cache/okaeri``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from okaeri import __version__

CACHE_FORMAT = 2
"""Part of every key: raise it when an analysis's outputs change shape within a release."""


def default_cache_dir() -> Path:
    """Where cache entries go (see the module docstring)."""
    if os.environ.get("OKAERI_CACHE_DIR"):
        return Path(os.environ["OKAERI_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "okaeri"


class AnalysisCache:
    """Results of analyses by the hash of their inputs; ``folder=None`` caches nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def key(self, name: str, inputs: Mapping[str, float], settings: Any = None) -> str:
        """The entry's key: sha256 of name, inputs, settings and package version."""
        text = json.dumps({"name": name, "version": __version__, "format": CACHE_FORMAT,
                           "settings": settings,
                           "inputs": {k: repr(float(v)) for k, v in sorted(inputs.items())}},
                          sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def get_or_compute(self, name: str, inputs: Mapping[str, float],
                       compute: Callable[[], dict[str, Any]], settings: Any = None
                       ) -> dict[str, Any]:
        """The cached result for these inputs, or ``compute()`` stored for next time."""
        if self.folder is None:
            return compute()
        path = self.folder / f"{self.key(name, inputs, settings)}.json"
        try:
            result: dict[str, Any] = json.loads(path.read_text())
            self.hits += 1
            return result
        except (OSError, ValueError):
            pass
        self.misses += 1
        result = compute()
        from okaeri.errors import ReportError
        from okaeri.fileio import write_text_atomic

        with contextlib.suppress(ReportError):  # a read-only cache folder only costs speed
            write_text_atomic(path, json.dumps(result))
        return result

    def wrap(self, name: str, function: Callable[[Mapping[str, float]], Mapping[str, float]]
             ) -> Callable[[Mapping[str, float]], Mapping[str, float]]:
        """``function`` (an analysis of the graph) answered from the cache when it can."""
        if self.folder is None:
            return function

        def cached(values: Mapping[str, float]) -> Mapping[str, float]:
            return self.get_or_compute(name, values, lambda: dict(function(values)))

        return cached
