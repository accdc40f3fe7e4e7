"""Sphinx extension: live verification results, budgets and plots of a mission in any page.

In ``conf.py``::

    extensions = ["okaeri.sphinxext"]
    okaeri_mission = "../my-mission"     # relative to conf.py; default: the reference mission

The mission is loaded and verified once per build (``builder-inited``); the directives
render what :mod:`okaeri.report` prepares, so that the report and the docs never show
different numbers:

- ``.. okaeri-requirement:: CAP-010``: one requirement with its verdict, value and margin;
- ``.. okaeri-verification-matrix::``: every requirement with verdict and margin;
- ``.. okaeri-trace-matrix::``: parents, derived requirements, allocation, activities;
- ``.. okaeri-budget:: mass`` (``mass``, ``delta-v``, ``propellant``, ``heat``);
- ``.. okaeri-entry-plot:: altitude-speed``: a figure of the entry analysis (SVG);
- ``.. okaeri-open-items::``: failures, errors, low margins, inconclusive items;
- ``.. okaeri-summary::`` and ``.. okaeri-provenance::``: status, coverage, provenance;
- ``.. okaeri-baseline::`` and ``.. okaeri-change-log::``: the baseline reviewed (a git
  tag matching ``okaeri_baseline_pattern``, default ``baseline/*``) and what changed
  since the previous one;
- ``.. okaeri-mission-overview::``, ``.. okaeri-phases::``, ``.. okaeri-configuration::``,
  ``.. okaeri-monte-carlo::``: the mission model and the entry Monte Carlo;
- ``.. okaeri-model-reference:: X``: the file format of the pydantic model ``X``;
- ``.. okaeri-analyses::``: okaeri's own analyses (``:origin: mission``: the mission's and
  the installed packages'), with their ports, units and settings;
- ``.. okaeri-warning-types::``: the table of the extension's warning subtypes;
- ``.. okaeri-finding-codes::``: the table of the codes of findings in user input;
- ``.. okaeri-validation:: atmosphere``: okaeri's core against published values;
- ``.. okaeri-cover::``, ``.. okaeri-documents::``, ``.. okaeri-compliance-matrix::``,
  ``.. okaeri-tbd-list::``, ``.. okaeri-actions::``, ``.. okaeri-mass-summary::``: what a
  review board reads (:mod:`okaeri.sphinxext.board`; the cover, documents and actions
  from the mission's ``review.yaml``).

In HTML builds the large tables (verification, compliance and trace matrices, open
items) are rendered by the report's HTML templates and inlined, not parsed as
reStructuredText; other builders get reStructuredText tables or a note.

Settings: ``okaeri_mission`` (path), ``okaeri_cache`` (use the analysis cache, default
true), ``okaeri_verdict_warnings`` (warn about failing, erroring, inconclusive and
low-margin requirements, default true).

Warnings have type ``okaeri`` and a subtype of :data:`okaeri.sphinxext.logs.SUBTYPES`
(``suppress_warnings = ["okaeri.inconclusive"]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from okaeri import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the settings, the directives and the loading of the mission."""
    from okaeri.sphinxext import baselines, board, directives, mission, nodes
    from okaeri.sphinxext.analyses import AnalysesDirective
    from okaeri.sphinxext.data import load_for_build
    from okaeri.sphinxext.reference import (
        FindingCodesDirective,
        ModelReferenceDirective,
        WarningTypesDirective,
    )
    from okaeri.sphinxext.validation import ValidationDirective

    app.add_config_value("okaeri_mission", None, "env", types=[str, type(None)])
    app.add_config_value("okaeri_cache", True, "env", types=[bool])
    app.add_config_value("okaeri_verdict_warnings", True, "env", types=[bool])
    app.connect("builder-inited", load_for_build)
    nodes.register(app)
    directives.register(app)
    mission.register(app)
    baselines.register(app)
    board.register(app)
    app.add_directive("okaeri-model-reference", ModelReferenceDirective)
    app.add_directive("okaeri-analyses", AnalysesDirective)
    app.add_directive("okaeri-warning-types", WarningTypesDirective)
    app.add_directive("okaeri-finding-codes", FindingCodesDirective)
    app.add_directive("okaeri-validation", ValidationDirective)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


__all__ = ["setup"]
