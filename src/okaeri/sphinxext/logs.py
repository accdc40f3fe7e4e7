"""Warnings of the okaeri Sphinx extension: one type, ``okaeri``, and a subtype each.

Every warning goes through :mod:`sphinx.util.logging` with ``type="okaeri"``, a subtype
from :data:`SUBTYPES` and a location (the directive's line, or the requirement's
``file:line``), so that a project silences a kind it has accepted::

    suppress_warnings = ["okaeri.inconclusive"]
"""

from __future__ import annotations

from typing import Any, Literal

from sphinx.util import logging

WarningSubtype = Literal[
    "analysis_error",
    "failing_requirement",
    "inconclusive",
    "low_margin",
    "math",
    "model",
    "stale_evidence",
    "unknown_id",
    "unknown_option",
    "validation_failed",
]
"""The subtypes of ``okaeri`` warnings, sorted."""

SUBTYPES: dict[str, str] = {
    "analysis_error": "a requirement's analysis failed (verdict ``error``, never a pass)",
    "failing_requirement": "a requirement fails its criterion or its evidence record",
    "inconclusive": "a requirement has no automated evidence yet (pending record, no "
    "criterion, or an inconclusive derived requirement)",
    "low_margin": "a requirement passes below its required margin",
    "math": "a formula cannot be rendered as MathML (okaeri.sphinxext.mathml); the page "
    "shows its LaTeX",
    "model": "the mission folder cannot be loaded: findings in its files",
    "stale_evidence": "an evidence record no longer matches its artefact or requirement",
    "unknown_id": "a directive names a requirement, budget or plot that does not exist",
    "unknown_option": "a directive's argument is not one of the accepted values",
    "validation_failed": "a validation case is outside its tolerance: the code no longer "
    "reproduces its published or analytic reference",
}
"""What each subtype means (documented on the Sphinx extension page)."""

logger = logging.getLogger(__name__)


def warn(subtype: WarningSubtype, message: str, location: Any = None) -> None:
    """Log an ``okaeri.<subtype>`` warning at ``location``.

    ``location`` is what Sphinx accepts: a node, a ``(docname, line)`` pair, or a
    ``"path:line"`` string.
    """
    logger.warning(message, type="okaeri", subtype=subtype, location=location)
