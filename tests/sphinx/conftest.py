"""Sphinx fixture roots (``roots/test-<name>/conf.py + index.rst``) and a builder.

Each test builds a copy of a root in its own temporary folder with Sphinx's Python API,
inside ``docutils_namespace()`` as ``sphinx-build`` does, so that the directives
registered by one build do not leak into the next. Warnings are kept as text; the
roots set ``show_warning_types = True``, so every okaeri warning ends with its
``[okaeri.<subtype>]``.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOTS = Path(__file__).parent / "roots"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
WARNING_LINE = re.compile(r"^(?P<location>.*?): WARNING: (?P<message>.*?)"
                          r"(?: \[(?P<type>[\w.]+)\])?$")


@dataclass
class Built:
    """A finished build: the HTML output, the warnings and the application."""

    outdir: Path
    warnings: str
    app: Any

    def html(self, page: str = "index") -> str:
        """The text of an output page."""
        return (self.outdir / f"{page}.html").read_text(encoding="utf-8")

    def warning_lines(self) -> list[dict[str, str]]:
        """Every warning as ``{location, message, type}`` (type ``okaeri.x`` or '')."""
        found = []
        for line in self.warnings.splitlines():
            match = WARNING_LINE.match(line.strip())
            if match:
                found.append({k: v or "" for k, v in match.groupdict().items()})
        return found

    def of_type(self, kind: str) -> list[dict[str, str]]:
        """The warnings of one type (``okaeri.unknown_id``)."""
        return [w for w in self.warning_lines() if w["type"] == kind]


@pytest.fixture
def build_root(tmp_path: Path) -> Callable[..., Built]:
    """``build_root("basic", okaeri_mission=...)``: build a copy of ``roots/test-basic``."""
    pytest.importorskip("sphinx")

    def build(name: str, builder: str = "html", **overrides: Any) -> Built:
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        source = tmp_path / f"test-{name}"
        shutil.copytree(ROOTS / f"test-{name}", source)
        outdir = tmp_path / "_build" / builder
        warnings = io.StringIO()
        with patch_docutils(str(source)), docutils_namespace():
            app = Sphinx(str(source), str(source), str(outdir),
                         str(tmp_path / "_build" / "doctrees"), builder,
                         confoverrides=overrides, status=None, warning=warnings,
                         freshenv=True)
            app.build()
        return Built(outdir, ANSI.sub("", warnings.getvalue()), app)

    return build


@pytest.fixture
def mission_copy(tmp_path: Path) -> Callable[[dict[str, tuple[str, str]]], Path]:
    """A copy of the reference mission with text edits: ``{file: (old, new)}``; each
    ``old`` must occur exactly once (an empty ``old`` appends ``new``)."""

    def copy(edits: dict[str, tuple[str, str]]) -> Path:
        from okaeri.model import reference_mission_path

        target = tmp_path / "mission"
        shutil.copytree(reference_mission_path(), target,
                        ignore=shutil.ignore_patterns("__pycache__"))
        for name, (old, new) in edits.items():
            path = target / name
            text = path.read_text(encoding="utf-8")
            if not old:
                path.write_text(text + new, encoding="utf-8")
                continue
            if text.count(old) != 1:
                raise AssertionError(f"{name}: {old!r} occurs {text.count(old)} times")
            path.write_text(text.replace(old, new), encoding="utf-8")
        return target

    return copy
