"""Directives that put the mission's live results into a page.

Each directive takes the build's :class:`~okaeri.verification.results.VerificationRun`
(:mod:`okaeri.sphinxext.data`), asks :mod:`okaeri.report.views` for the view object of
what it shows, renders the report's reStructuredText template of that view
(:func:`okaeri.report.render.render_rst`) and parses the result into the page; plots are
the report's SVG figures (:mod:`okaeri.report.plots`), inlined in HTML. The report and
the docs therefore never compute or format anything differently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from okaeri.report.environment import rst_escape
from okaeri.sphinxext.data import MissionData, mission_data
from okaeri.sphinxext.logs import warn
from okaeri.sphinxext.nodes import okaeri_plot
from okaeri.sphinxext.rst import kv_table, parse_rst

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from okaeri.report.plot_style import Plot
    from okaeri.report.views import ReportView

BUDGETS: dict[str, tuple[str, str]] = {
    "mass": ("budget_mass", "mass"),
    "delta-v": ("budget_delta_v", "delta_v"),
    "propellant": ("budget_propellant", "propellant"),
    "heat": ("budget_heat", "heat"),
}
"""``okaeri-budget`` argument -> (template name, attribute of the budgets view)."""

PLOTS: dict[str, str] = {
    "altitude-speed": "entry_altitude_speed",
    "heat-flux": "entry_heat_flux",
    "deceleration": "entry_deceleration",
    "heat-flux-histogram": "mc_peak_heat_flux_total",
    "deceleration-histogram": "mc_peak_deceleration",
    "landing-miss-histogram": "mc_landing_miss_distance",
    "landing-footprint": "mc_landing_footprint",
    "corridor": "entry_corridor",
    "heat-flux-fpa": "mc_heat_flux_fpa",
    "percentile-convergence": "mc_convergence",
}
"""``okaeri-entry-plot`` argument -> name of the report's plot (``percentile-convergence``:
every plot named ``mc_convergence_<output>``, one per percentile criterion)."""




def _report_view(data: MissionData) -> ReportView | None:
    """The run's report view with its plots, drawn once per build (and per process)."""
    if data.run is None:
        return None
    cached: ReportView | None = data.cache.get("report_view")
    if cached is None:
        from okaeri.report.views import report_view

        cached = data.cache["report_view"] = report_view(data.run,
                                                         plot_cache=data.cache_dir)
    return cached


def _corridor_plot(data: MissionData) -> Plot | None:
    """The entry corridor figure (:mod:`okaeri.report.corridor`), drawn once per build."""
    if "corridor_plot" not in data.cache:
        from okaeri.report.corridor import corridor_data, corridor_plot
        from okaeri.report.plot_cache import cached_plots

        found = (corridor_data(data.project, data.run)
                 if data.project is not None and data.run is not None else None)
        data.cache["corridor_plot"] = None if found is None else cached_plots(
            data.cache_dir, "corridor_plot", found, lambda: [corridor_plot(found)])[0]
    plot: Plot | None = data.cache["corridor_plot"]
    return plot


def _render_rst(name: str, view: Any) -> str:
    from okaeri.report.render import render_rst

    return render_rst(name, view)


# ---------------------------------------------------------------------------------------
# Directives
# ---------------------------------------------------------------------------------------


class LiveDirective(SphinxDirective):  # type: ignore[misc,unused-ignore]
    """A directive that reads the build's verification run."""

    def data(self) -> MissionData:
        """The build's mission, noting its files as dependencies of this page."""
        data = mission_data(self.env)
        for path in data.files:
            self.env.note_dependency(str(path))
        return data

    def view(self) -> ReportView | None:
        """The report view, or ``None`` (with a note in the page) without a run."""
        return _report_view(self.data())

    def unavailable(self) -> list[nodes.Node]:
        """A note in place of the results when the mission could not be loaded."""
        text = self.data().problem or "the mission could not be verified"
        return [nodes.warning("", nodes.paragraph(text=f"No results: {text}."))]

    def parse(self, text: str) -> list[nodes.Node]:
        """Parse rendered reStructuredText into the page."""
        return parse_rst(self, text, allow_section_headings=True)


class RequirementDirective(LiveDirective):
    """``.. okaeri-requirement:: CAP-010``: one requirement and its verdict."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        view = self.view()
        if view is None:
            return self.unavailable()
        requirement_id = self.arguments[0].strip()
        try:
            row = view.requirement(requirement_id)
        except KeyError:
            from okaeri.errors import did_you_mean

            known = [r.id for r in view.verification.rows]
            hint = did_you_mean(requirement_id, known)
            warn("unknown_id", f"okaeri-requirement: no requirement {requirement_id!r} in "
                 f"{view.mission}" + (f"; {hint}" if hint else ""), self.get_location())
            return []
        return self.parse(_render_rst("requirement", row))


class VerificationMatrixDirective(LiveDirective):
    """``.. okaeri-verification-matrix::``: every requirement with verdict and margin
    (its rows carry the requirement anchors, ``req-cap-010``)."""

    def run(self) -> list[nodes.Node]:
        from okaeri.sphinxext.nodes import fragment, is_html

        view = self.view()
        if view is None:
            return self.unavailable()
        if is_html(self):
            return [fragment("verification_matrix", view=view.verification)]
        return self.parse(_render_rst("verification_matrix", view.verification))


_LINK_OPTION: dict[str, Any] = {"link-to": directives.unchanged}


def _linked_table(directive: LiveDirective, fragment_name: str, template: str,
                  view: Any) -> list[nodes.Node]:
    """A table whose requirement ids link to ``:link-to:``: the HTML fragment in HTML
    builds, the reStructuredText of ``template`` elsewhere."""
    from okaeri.sphinxext.nodes import fragment, is_html, requirement_link

    if is_html(directive):
        return [fragment(fragment_name, view=view, link=requirement_link(directive))]
    return directive.parse(_render_rst(template, view))


class TraceMatrixDirective(LiveDirective):
    """``.. okaeri-trace-matrix::``: parents, children, allocation and activities
    (``:link-to:`` the page of the verification matrix)."""

    option_spec: ClassVar[dict[str, Any]] = _LINK_OPTION

    def run(self) -> list[nodes.Node]:
        view = self.view()
        if view is None:
            return self.unavailable()
        return _linked_table(self, "trace", "trace_matrix", view.trace)


class OpenItemsDirective(LiveDirective):
    """``.. okaeri-open-items::``: failures, errors, low margins, inconclusive items
    (``:link-to:`` the page of the verification matrix)."""

    option_spec: ClassVar[dict[str, Any]] = _LINK_OPTION

    def run(self) -> list[nodes.Node]:
        view = self.view()
        if view is None:
            return self.unavailable()
        return _linked_table(self, "open_items", "open_items", view.open_items)


class BudgetDirective(LiveDirective):
    """``.. okaeri-budget:: mass`` (``mass``, ``delta-v``, ``propellant``, ``heat``)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0].strip()
        if kind not in BUDGETS:
            warn("unknown_option", f"okaeri-budget: unknown budget {kind!r}; expected one of "
                 f"{', '.join(BUDGETS)}", self.get_location())
            return []
        view = self.view()
        if view is None:
            return self.unavailable()
        template, attribute = BUDGETS[kind]
        budget = getattr(view.budgets, attribute, None) if view.budgets is not None else None
        if budget is None:
            warn("unknown_id", f"okaeri-budget: {view.mission} has no {kind} budget (its "
                 "budgets could not be evaluated)", self.get_location())
            return []
        return self.parse(_render_rst(template, budget))


class EntryPlotDirective(LiveDirective):
    """``.. okaeri-entry-plot:: altitude-speed``: a figure of the entry analysis.

    Arguments: ``altitude-speed``, ``heat-flux``, ``deceleration`` (nominal entry),
    ``heat-flux-histogram``, ``deceleration-histogram``, ``landing-miss-histogram``,
    ``landing-footprint``, ``heat-flux-fpa``, ``percentile-convergence`` (entry Monte
    Carlo; the last gives one figure per percentile criterion), ``corridor`` (the entry
    corridor, :mod:`okaeri.report.corridor`). Option ``:caption:`` replaces the report's
    caption.
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0].strip()
        if kind not in PLOTS:
            warn("unknown_option", f"okaeri-entry-plot: unknown plot {kind!r}; expected one "
                 f"of {', '.join(PLOTS)}", self.get_location())
            return []
        view = self.view()
        if view is None:
            return self.unavailable()
        if kind == "corridor":
            corridor = _corridor_plot(self.data())
            found = [corridor] if corridor is not None else []
        else:
            name = PLOTS[kind]
            found = [p for p in view.plots if p.name == name or p.name.startswith(f"{name}_")]
        if not found:
            warn("unknown_id", f"okaeri-entry-plot: {view.mission} has no data for the "
                 f"{kind} plot (no nominal entry, entry corridor or entry Monte Carlo)",
                 self.get_location())
            return []
        return [self._figure(plot) for plot in found]

    def _figure(self, plot: Any) -> nodes.Node:
        figure = nodes.figure(classes=["okaeri-figure"])
        figure += okaeri_plot(svg=plot.svg, name=plot.name, title=plot.title)
        caption_text = self.options.get("caption") or plot.caption
        caption = nodes.caption(caption_text, "", nodes.strong(text=plot.title + ". "),
                                nodes.Text(caption_text))
        self.set_source_info(caption)
        figure += caption
        self.set_source_info(figure)
        return figure


class ProvenanceDirective(LiveDirective):
    """``.. okaeri-provenance::``: what the results were computed from."""

    def run(self) -> list[nodes.Node]:
        view = self.view()
        if view is None:
            return self.unavailable()
        rows = [[rst_escape(r.label), rst_escape(r.value) if r.value else "—"]
                for r in view.provenance.rows]
        text = "\n".join(kv_table("Provenance", rows, css_class="okaeri-provenance"))
        return self.parse(text)


class SummaryDirective(LiveDirective):
    """``.. okaeri-summary::``: the overall status and the counts by verdict."""

    def run(self) -> list[nodes.Node]:
        view = self.view()
        if view is None:
            return self.unavailable()
        s = view.summary
        lines = [f"**{rst_escape(s.mission)}: {rst_escape(s.status)}** — "
                 f"{s.total} requirements: {rst_escape(s.sentence)}.", ""]
        if s.coverage:
            lines += kv_table("Coverage", [[rst_escape(c.label), rst_escape(c.value)]
                                           for c in s.coverage], css_class="okaeri-coverage")
        return self.parse("\n".join(lines))


def register(app: Sphinx) -> None:
    """Add the directives to ``app``."""
    app.add_directive("okaeri-requirement", RequirementDirective)
    app.add_directive("okaeri-verification-matrix", VerificationMatrixDirective)
    app.add_directive("okaeri-trace-matrix", TraceMatrixDirective)
    app.add_directive("okaeri-open-items", OpenItemsDirective)
    app.add_directive("okaeri-budget", BudgetDirective)
    app.add_directive("okaeri-entry-plot", EntryPlotDirective)
    app.add_directive("okaeri-provenance", ProvenanceDirective)
    app.add_directive("okaeri-summary", SummaryDirective)


__all__ = [
    "BUDGETS",
    "PLOTS",
    "BudgetDirective",
    "EntryPlotDirective",
    "OpenItemsDirective",
    "ProvenanceDirective",
    "RequirementDirective",
    "SummaryDirective",
    "TraceMatrixDirective",
    "VerificationMatrixDirective",
    "register",
]
