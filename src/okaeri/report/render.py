"""Rendering a verification run: the HTML or Markdown report, and reStructuredText pieces.

:func:`render_report` renders a whole report in memory; :func:`write_report` renders it
and then writes it with one atomic replace (:mod:`okaeri.fileio`), so that a failure
while rendering or writing leaves the previous report as it was.

- ``html``: ``report.html``, one self-contained file (inline CSS, the figures as inline
  SVG, no script, no external URL).
- ``md``: ``report.md`` (GitHub-flavoured Markdown tables) and its figures as separate
  files ``figures/<name>.svg`` next to it (stable names, see
  :class:`okaeri.report.plot_style.Plot`), linked from the report. Each figure is written
  atomically before the report itself, so the report never links a figure that is not
  there; a run interrupted between the figures and the report leaves the previous
  ``report.md`` with some figures already updated.

:func:`render_rst` renders one reStructuredText fragment for the Sphinx extension;
:data:`RST_TEMPLATES` lists the fragments and the view each one takes.

Output is deterministic: views are sorted, the timestamp is the run's (from
``SOURCE_DATE_EPOCH`` when set) and the figures are drawn deterministically.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from okaeri.errors import ReportError

if TYPE_CHECKING:
    from okaeri.report.views import ReportView
    from okaeri.verification.results import VerificationRun

Format = Literal["html", "md"]

REPORT_FILES: dict[str, str] = {"html": "report.html", "md": "report.md"}
"""File name of the report of each format."""

FIGURES_DIR = "figures"
"""Folder (next to ``report.md``) of the Markdown report's figures."""

RST_TEMPLATES: dict[str, tuple[str, str]] = {
    "verification_matrix": ("verification", "VerificationMatrixView"),
    "trace_matrix": ("trace", "TraceView"),
    "budget_mass": ("budgets.mass", "MassBudgetView"),
    "budget_delta_v": ("budgets.delta_v", "DeltaVBudgetView"),
    "budget_propellant": ("budgets.propellant", "PropellantBudgetView"),
    "budget_heat": ("budgets.heat", "HeatBudgetView"),
    "requirement": ("", "RequirementRow"),
    "open_items": ("open_items", "OpenItemsView"),
}
"""reStructuredText fragments: name -> (attribute path of the section in a
:class:`~okaeri.report.views.ReportView`, class of the view the template takes).
``requirement`` takes one :class:`~okaeri.report.views.RequirementRow`
(``ReportView.requirement("CAP-010")``)."""


def render_view(view: ReportView, fmt: Format = "html") -> str:
    """A prepared :class:`~okaeri.report.views.ReportView` as an HTML or Markdown report."""
    from okaeri.report.environment import environment

    if fmt not in REPORT_FILES:
        raise ReportError(f"unknown report format '{fmt}': expected one of "
                          f"{', '.join(sorted(REPORT_FILES))}")
    template = environment().get_template(f"report.{fmt}.j2")
    return template.render(view=view, figures_dir=FIGURES_DIR)


def render_report(run: VerificationRun, fmt: Format = "html") -> str:
    """The report of ``run`` as text (``html`` or ``md``); nothing is written."""
    from okaeri.report.views import report_view

    if fmt not in REPORT_FILES:
        raise ReportError(f"unknown report format '{fmt}': expected one of "
                          f"{', '.join(sorted(REPORT_FILES))}")
    return render_view(report_view(run), fmt)


def write_report(run: VerificationRun, out_dir: Path | str, fmt: Format = "html") -> Path:
    """Render the report of ``run`` and write it to ``out_dir``; returns its path.

    The report is rendered completely in memory first, then written with one atomic
    replace: an error while rendering or writing leaves a previous report unchanged.
    Raises :class:`~okaeri.errors.ReportError` when a file cannot be written.
    """
    from okaeri.fileio import write_text_atomic
    from okaeri.report.views import report_view

    if fmt not in REPORT_FILES:
        raise ReportError(f"unknown report format '{fmt}': expected one of "
                          f"{', '.join(sorted(REPORT_FILES))}")
    out = Path(out_dir)
    view = report_view(run)
    text = render_view(view, fmt)
    if fmt == "md":
        for plot in view.plots:
            write_text_atomic(out / FIGURES_DIR / plot.filename, plot.svg)
    path = out / REPORT_FILES[fmt]
    write_text_atomic(path, text)
    return path


def _section(view: Any, attributes: str) -> Any:
    for attribute in filter(None, attributes.split(".")):
        view = getattr(view, attribute)
        if view is None:
            raise ReportError(f"the run has no {attributes.replace('.', ' ')} to render "
                              "(the budgets could not be evaluated, or there is no entry)")
    return view


FRAGMENTS: dict[str, str] = {
    "verification_matrix": "view: VerificationMatrixView",
    "compliance_matrix": "view: ComplianceView; link",
    "trace": "view: TraceView; link",
    "open_items": "view: OpenItemsView; link",
    "markers": "view: MarkersView; link",
    "actions": "actions: tuple of ActionRow; link",
    "documents": "view: DocumentsView",
    "cover": "view: CoverView",
    "mass_summary": "view: MassBudgetView",
}
"""HTML fragments (``fragments/<name>.html.j2``): name -> what the template takes.
``link`` is the URL of the page holding the requirement anchors (``""``: this page).
The Sphinx extension inlines them in HTML builds; the large tables then cost no
reStructuredText parsing."""


def render_fragment(name: str, **context: Any) -> str:
    """One HTML fragment (autoescaped): a table of a view, ready to inline.

    Raises :class:`~okaeri.errors.ReportError` for an unknown name.
    """
    from okaeri.report.environment import environment

    if name not in FRAGMENTS:
        raise ReportError(f"unknown HTML fragment '{name}': expected one of "
                          f"{', '.join(sorted(FRAGMENTS))}")
    context.setdefault("link", "")
    return environment().get_template(f"fragments/{name}.html.j2").render(**context)


def render_rst(name: str, view: Any) -> str:
    """One reStructuredText fragment (``verification_matrix``, ``budget_mass``, ...).

    Parameters
    ----------
    name : str
        A key of :data:`RST_TEMPLATES` (the template is ``<name>.rst.j2``).
    view : ReportView or the section's view
        Either the whole :class:`~okaeri.report.views.ReportView` (the section is taken
        from it; not for ``requirement``) or the section's own view object.

    Returns
    -------
    str
        reStructuredText without section titles (it can be parsed inside a directive),
        every user string escaped, ending with a newline.

    Raises
    ------
    ReportError
        For an unknown name, a view of the wrong class, or a section the run lacks.
    """
    from okaeri.report.environment import environment
    from okaeri.report.views import ReportView

    if name not in RST_TEMPLATES:
        raise ReportError(f"unknown reStructuredText template '{name}': expected one of "
                          f"{', '.join(sorted(RST_TEMPLATES))}")
    attributes, expected = RST_TEMPLATES[name]
    if isinstance(view, ReportView) and attributes:
        view = _section(view, attributes)
    if type(view).__name__ != expected:
        raise ReportError(f"the '{name}' template takes a {expected} (or, except for "
                          f"'requirement', a ReportView), not {type(view).__name__}")
    return environment().get_template(f"{name}.rst.j2").render(view=view)


__all__ = [
    "FIGURES_DIR",
    "FRAGMENTS",
    "REPORT_FILES",
    "RST_TEMPLATES",
    "Format",
    "render_fragment",
    "render_report",
    "render_rst",
    "render_view",
    "write_report",
]
