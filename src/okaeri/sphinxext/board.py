"""What a review board reads, as directives, and tables rendered as HTML.

HTML builds inline the report's HTML fragments (:func:`okaeri.report.render.render_fragment`)
through one node, :class:`~okaeri.sphinxext.nodes.okaeri_html`: a table of 10,000
requirements is then rendered once by jinja2 rather than written as reStructuredText,
parsed by docutils into a tree of some million nodes, transformed and written again
(the design review package at 10,000 requirements spent most of its time there). Other
builders (text, LaTeX) get the reStructuredText tables of
:mod:`okaeri.sphinxext.directives`, or a note.

- ``.. okaeri-cover::``: document number, issue, date, review, the baseline reviewed,
  the verification status and the approval block (``review.yaml``,
  :mod:`okaeri.report.package`);
- ``.. okaeri-documents::``: applicable and reference documents;
- ``.. okaeri-compliance-matrix::``: each requirement's compliance status with its
  methods' verdicts, by level;
- ``.. okaeri-tbd-list::``: every TBD/TBC of the mission's files with file and line;
- ``.. okaeri-actions::``: the actions of the review, open first;
- ``.. okaeri-mass-summary::``: dry mass by subsystem, per vehicle.

Option ``:link-to: DOCNAME`` (compliance matrix, TBD list, actions, and the trace matrix
and open items of :mod:`~okaeri.sphinxext.directives`): the page holding the verification
matrix, whose rows carry the requirement anchors (default: this page).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform

from okaeri.report.environment import rst_escape
from okaeri.sphinxext.directives import LiveDirective
from okaeri.sphinxext.nodes import fragment, is_html, requirement_link

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from okaeri.report.package import PackageFile


QUANTITY_CELL = re.compile(
    r"^[-+−]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?"
    r"(?:\s?%|\s[^\s]{1,12}(?:\s[^\s\d]{1,6})?)?$")
"""A table cell that is a number with its unit (``4.327 MW/m^2``, ``-30.89 deg``,
``57.4 %``, ``1,186.3 kg``, ``380.2 W h``)."""


class NumericCells(SphinxPostTransform):  # type: ignore[misc,unused-ignore]
    """In HTML, a table cell that holds a number with its unit gets the class ``num``:
    the package's style keeps it on one line (a number is never separated from its
    unit, on screen or in the PDF) and aligns it right."""

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for entry in self.document.findall(nodes.entry):
            if QUANTITY_CELL.match(" ".join(entry.astext().split())):
                entry["classes"].append("num")


class _BoardDirective(LiveDirective):
    """A board directive: HTML builds only (other builders get a note)."""

    option_spec: ClassVar[dict[str, Any]] = {"link-to": directives.unchanged}

    def html_only(self) -> list[nodes.Node]:
        """A note for builders that do not write HTML."""
        return [nodes.paragraph(text="(This table is part of the HTML edition.)")]

    def package(self) -> PackageFile:
        """The mission's review.yaml, or the defaults."""
        from okaeri.report.package import PackageFile

        return self.data().package or PackageFile()


class CoverDirective(_BoardDirective):
    """``.. okaeri-cover::``: the cover page with the approval block."""

    def run(self) -> list[nodes.Node]:
        from okaeri.report.package import cover_view
        from okaeri.sphinxext.baselines import change_log_data as change_log

        view = self.view()
        data = self.data()
        if view is None or data.run is None:
            return self.unavailable()
        found = change_log(data, str(self.config.okaeri_baseline_pattern),
                           bool(self.config.okaeri_cache))
        baseline = found if isinstance(found, str) else found.statement
        status = f"{view.summary.status}: {view.summary.sentence}"
        cover = cover_view(self.package(), view.mission, baseline,
                           data.run.provenance.timestamp[:10], status)
        if is_html(self):
            return [fragment("cover", view=cover)]
        lines = [f"**{rst_escape(cover.title)}**", ""]
        lines += [f"- {rst_escape(r.label)}: {rst_escape(r.value)}" for r in cover.rows]
        return self.parse("\n".join(lines))


class DocumentsDirective(_BoardDirective):
    """``.. okaeri-documents::``: applicable and reference documents."""

    def run(self) -> list[nodes.Node]:
        from okaeri.report.package import documents_view

        if not is_html(self):
            return self.html_only()
        return [fragment("documents", view=documents_view(self.package()))]


class ComplianceMatrixDirective(_BoardDirective):
    """``.. okaeri-compliance-matrix::``: compliance status and methods, by level."""

    def run(self) -> list[nodes.Node]:
        view = self.view()
        if view is None or view.compliance is None:
            return self.unavailable()
        if not is_html(self):
            return self.html_only()
        return [fragment("compliance_matrix", view=view.compliance,
                         link=requirement_link(self))]


class TbdListDirective(_BoardDirective):
    """``.. okaeri-tbd-list::``: the TBD/TBC markers with file and line."""

    def run(self) -> list[nodes.Node]:
        view = self.view()
        if view is None or view.markers is None:
            return self.unavailable()
        if not is_html(self):
            return self.html_only()
        return [fragment("markers", view=view.markers, link=requirement_link(self))]


class ActionsDirective(_BoardDirective):
    """``.. okaeri-actions::``: the actions of the review (review.yaml)."""

    def run(self) -> list[nodes.Node]:
        from okaeri.report.package import open_actions

        data = self.data()
        if data.run is None:
            return self.unavailable()
        if not is_html(self):
            return self.html_only()
        actions = open_actions(self.package(), data.run.provenance.timestamp[:10])
        return [fragment("actions", actions=actions, link=requirement_link(self))]


class MassSummaryDirective(_BoardDirective):
    """``.. okaeri-mass-summary::``: dry mass by subsystem, per vehicle."""

    def run(self) -> list[nodes.Node]:
        view = self.view()
        if view is None:
            return self.unavailable()
        if view.budgets is None:
            return [nodes.paragraph(text="No mass budget: the budgets could not be "
                                    "evaluated (see the open items).")]
        if not is_html(self):
            return self.html_only()
        return [fragment("mass_summary", view=view.budgets.mass)]


def register(app: Sphinx) -> None:
    """Add the directives to ``app``."""
    app.add_post_transform(NumericCells)
    app.add_directive("okaeri-cover", CoverDirective)
    app.add_directive("okaeri-documents", DocumentsDirective)
    app.add_directive("okaeri-compliance-matrix", ComplianceMatrixDirective)
    app.add_directive("okaeri-tbd-list", TbdListDirective)
    app.add_directive("okaeri-actions", ActionsDirective)
    app.add_directive("okaeri-mass-summary", MassSummaryDirective)


__all__ = [
    "QUANTITY_CELL",
    "ActionsDirective",
    "ComplianceMatrixDirective",
    "CoverDirective",
    "DocumentsDirective",
    "MassSummaryDirective",
    "NumericCells",
    "TbdListDirective",
    "register",
]
