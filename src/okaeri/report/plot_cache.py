"""Figures kept by what they are drawn from: a figure is drawn again only when its data
changes.

matplotlib takes about a third of a second per figure; the design review package draws
eight, from data that the analysis cache already keeps. :func:`cached_plots` keys the
figures of one drawing function by the sha256 of the ``repr`` of its arguments (frozen
dataclasses of floats and strings, whose ``repr`` is exact and stable), okaeri's source
fingerprint (:func:`okaeri.fingerprint.code_fingerprint`) and matplotlib's
version, and keeps them as JSON in ``<cache folder>/plots/``. Without a folder, nothing
is kept. A file that cannot be read is drawn again; one that cannot be written is not
kept: the cache never makes a figure wrong or a build fail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from okaeri.report.plot_style import Plot

__all__ = ["PLOTS_DIR", "cached_plots"]

PLOTS_DIR = "plots"
"""Folder of the kept figures inside the cache folder."""


def _key(name: str, arguments: Any) -> str:
    from importlib.metadata import version

    from okaeri.fingerprint import code_fingerprint

    digest = hashlib.sha256()
    for part in (name, code_fingerprint(), version("matplotlib"), repr(arguments)):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def cached_plots(folder: Path | None, name: str, arguments: Any,
                 draw: Callable[[], Sequence[Plot]]) -> list[Plot]:
    """The figures ``draw()`` makes from ``arguments``, kept under ``folder``."""
    if folder is None:
        return list(draw())
    path = folder / PLOTS_DIR / f"{_key(name, arguments)}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return [Plot(p["name"], p["title"], p["caption"], p["svg"]) for p in kept]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    plots = list(draw())
    try:
        from okaeri.fileio import write_text_atomic

        write_text_atomic(path, json.dumps([{"name": p.name, "title": p.title,
                                             "caption": p.caption, "svg": p.svg}
                                            for p in plots]))
    except OSError:
        pass
    return plots
