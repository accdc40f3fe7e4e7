"""Rendering verification runs: terminal tables, JUnit XML, JSON, HTML and Markdown reports.

One jinja2 environment (:mod:`okaeri.report.environment`), view objects prepared in
Python (:mod:`okaeri.report.views`), templates that only display them.

The face: :func:`report_view` (a run prepared for display), :func:`render_report` and
:func:`write_report` (HTML or Markdown), :func:`junit_xml`, :func:`verification_table`
and :func:`summary_line` (the terminal). They are imported on first use, so that
``import okaeri.report`` stays light (no jinja2, no matplotlib).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "junit_xml",
    "render_report",
    "report_view",
    "summary_line",
    "verification_table",
    "write_report",
]

_HOME = {
    "junit_xml": "okaeri.report.junit",
    "render_report": "okaeri.report.render",
    "report_view": "okaeri.report.views",
    "summary_line": "okaeri.report.terminal",
    "verification_table": "okaeri.report.terminal",
    "write_report": "okaeri.report.render",
}


def __getattr__(name: str) -> Any:
    """The face's names, imported from their module on first use (PEP 562)."""
    if name not in _HOME:
        raise AttributeError(f"module 'okaeri.report' has no attribute '{name}'")
    return getattr(importlib.import_module(_HOME[name]), name)
