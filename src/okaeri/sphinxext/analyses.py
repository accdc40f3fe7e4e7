"""The analyses reference, generated from the registry at build time.

``.. okaeri-analyses::`` writes one section per analysis okaeri registers itself
(:data:`okaeri.analysis.builtins.BUILTINS` and the available system margin): its name,
version, whether it runs on demand, how its inputs are bound, its input ports and outputs
with their units, and its settings model (each field with its unit family and range). With
``:origin: mission`` it lists instead the analyses the build's mission adds (its
``analyses/*.py`` modules) and those installed packages publish under the
``okaeri.analyses`` entry point.

Where the build's mission (``okaeri_mission``, default the reference mission) runs an
analysis, each input port also shows the graph key that feeds it there, and an analysis
whose ports follow the mission (the propellant walk) lists the outputs it has there.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from okaeri.report.environment import rst_escape
from okaeri.sphinxext.rst import kv_table, note_module_dependencies, parse_rst, table

if TYPE_CHECKING:
    from okaeri.analysis.registry import Analysis, Port, Registry
    from okaeri.graph import DependencyGraph

__all__ = [
    "AnalysesDirective",
    "Instance",
    "analyses_rst",
    "analysis_label",
    "instances",
    "okaeri_analyses",
]

_ORIGINS = ("okaeri", "mission")
_SHOWN_INPUTS = 12
"""Inputs of an analysis wired from the mission's phases listed by key; beyond, a count."""


@dataclass(frozen=True)
class Instance:
    """Where a mission runs an analysis: its key, the graph key feeding each input, its
    output keys."""

    key: str
    inputs: tuple[tuple[str, str], ...]
    """``(port name, graph key)`` pairs."""
    outputs: tuple[str, ...]


def okaeri_analyses() -> list[Analysis]:
    """okaeri's own analyses, in the order the registry holds them."""
    from okaeri.analysis.builtins import BUILTINS
    from okaeri.budgets.available_margin import AVAILABLE_MARGIN

    return [*BUILTINS, AVAILABLE_MARGIN]


def instances(graph: DependencyGraph, name: str) -> list[Instance]:
    """The analysis nodes of ``graph`` that run the analysis registered as ``name``."""
    from okaeri.graph import NodeKind

    found = []
    for node in graph.nodes():
        if node.kind is NodeKind.ANALYSIS and node.outputs and node.identity is not None \
                and node.identity.name == name:
            found.append(Instance(node.key, tuple(zip(node.ports, node.inputs, strict=True)),
                                  node.outputs))
    return found


def analysis_label(name: str) -> str:
    """The reference label of an analysis's section (``analysis-entry-monte-carlo``)."""
    return "analysis-" + name.replace(".", "-").replace("_", "-")


def _unit(port: Port) -> str:
    from okaeri.units import describe_kind

    if not port.unit:
        return "no unit (a number)"
    return f"``{port.unit}`` ({describe_kind(port.kind())})"


def _facts(analysis: Analysis, origin: str, own: bool, mission: str, where: list[Instance]
           ) -> list[tuple[str, str]]:
    rows = [("version", f"``{analysis.version}``"),
            ("runs", "on demand: when a requirement, a budget or a report reads one of its "
             "outputs" if analysis.lazy else "with every evaluation of the mission's graph "
             "(a cached result is reused while its inputs do not change)")]
    if own:
        rows.append(("inputs", "wired by okaeri from the mission model; an activity names "
                     "the analysis without ``inputs``"))
    else:
        rows.append(("inputs", "bound by the activity that names it: its ``inputs`` give a "
                     "graph key or a constant for each port"))
    settings = analysis.settings
    rows.append(("settings", f":ref:`{settings.__name__} <{_settings_label(settings)}>`"
                 if settings is not None else "none"))
    if analysis.budget:
        rows.append(("budget", f"computes the ``{analysis.budget}`` budget: an activity "
                     f"with ``budgets: [{analysis.budget}]`` verifies with it"))
    rows.append(("defined in", origin))
    if mission:
        keys = ", ".join(f"``{i.key}``" for i in where) or "not run"
        rows.append((f"in {mission}", keys))
    return rows


def _settings_label(settings: type) -> str:
    from okaeri.sphinxext.reference import label

    return label("analysis-settings", settings)


def _inputs_rst(analysis: Analysis, mission: str, where: list[Instance]) -> list[str]:
    bound = {port: key for instance in where[:1] for port, key in instance.inputs}
    if analysis.inputs:
        headers = ["input", "unit", "what", *([f"{mission} key"] if mission else [])]
        rows = [[f"``{name}``", _unit(port), rst_escape(port.description) or "",
                 *([f"``{bound[name]}``" if name in bound else ""] if mission else [])]
                for name, port in analysis.inputs.items()]
        return table(headers, rows, css_class="okaeri-analysis-ports", title="Inputs")
    if not bound:
        return ["Its inputs follow the mission (the values its wiring reads).", ""]
    shown = sorted(bound.values())
    listed = ", ".join(f"``{k}``" for k in shown[:_SHOWN_INPUTS])
    more = f" and {len(shown) - _SHOWN_INPUTS} more" if len(shown) > _SHOWN_INPUTS else ""
    return [f"Its inputs follow the mission; in {mission} it reads {len(shown)} values: "
            f"{listed}{more}.", ""]


def _outputs_rst(analysis: Analysis, mission: str, where: list[Instance],
                 graph: DependencyGraph | None) -> list[str]:
    if analysis.outputs:
        rows = [[f"``{name}``", _unit(port),
                 rst_escape(port.description) + (" (one value per sample)" if port.samples
                                                 else "")]
                for name, port in analysis.outputs.items()]
        key = where[0].key if where else analysis.name
        return [f"Outputs, graph keys ``{key}.<output>``:", "",
                *table(["output", "unit", "what"], rows, css_class="okaeri-analysis-ports")]
    if not where or graph is None:
        return ["Its outputs follow the mission.", ""]
    rows = [[f"``{k}``", f"``{graph.node(k).unit}``" if graph.node(k).unit else "no unit"]
            for instance in where for k in instance.outputs]
    return [f"Its outputs follow the mission; in {mission}:", "",
            *table(["output", "unit"], rows, css_class="okaeri-analysis-ports")]


def _analysis_rst(analysis: Analysis, origin: str, own: bool, mission: str,
                  graph: DependencyGraph | None, title_char: str, done: set[type]
                  ) -> list[str]:
    from okaeri.sphinxext.reference import model_reference_rst

    where = instances(graph, analysis.name) if graph is not None else []
    title = f"``{analysis.name}``"
    out = [f".. _{analysis_label(analysis.name)}:", "", title,
           title_char * len(title), ""]
    if analysis.description:
        out += [rst_escape(" ".join(analysis.description.split())), ""]
    out += kv_table("", _facts(analysis, origin, own, mission, where),
                    css_class="okaeri-analysis")
    out += _inputs_rst(analysis, mission, where)
    out += _outputs_rst(analysis, mission, where, graph)
    settings = analysis.settings
    if settings is not None and settings not in done:
        done.add(settings)
        sub = "~" if title_char == "-" else "^"
        out += [model_reference_rst(settings, "analysis-settings", sub)]
    return out


def analyses_rst(analyses: Iterable[tuple[Analysis, str]], own: bool, mission: str = "",
                 graph: DependencyGraph | None = None, title_char: str = "-") -> str:
    """The reference of ``(analysis, where it is defined)`` pairs, as reStructuredText:
    okaeri's ``own`` analyses (wired from the model) or others (bound by an activity); with
    a mission's name and graph, the keys the mission binds."""
    out: list[str] = []
    done: set[type] = set()
    for analysis, origin in analyses:
        out += _analysis_rst(analysis, origin, own, mission, graph, title_char, done)
    return "\n".join(out) + "\n"


def _defined_in(analysis: Analysis) -> str:
    return f"``{analysis.compute.__module__}``"


def mission_analyses(registry: Registry) -> list[tuple[Analysis, str]]:
    """The analyses a mission's modules and the installed packages added to ``registry``,
    each with its origin."""
    return [(a, f"``{registry.origins[a.name]}``") for a in registry
            if a.name in registry.origins]


class AnalysesDirective(SphinxDirective):  # type: ignore[misc,unused-ignore]
    """``.. okaeri-analyses::`` (``:origin: okaeri`` or ``mission``)."""

    option_spec: ClassVar[dict[str, Any]] = {
        "origin": directives.unchanged,
        "title-char": directives.single_char_or_unicode,
    }

    def run(self) -> list[nodes.Node]:
        from okaeri.sphinxext.data import mission_data
        from okaeri.sphinxext.logs import warn

        origin = self.options.get("origin", "okaeri")
        if origin not in _ORIGINS:
            warn("unknown_option", f"okaeri-analyses: :origin: {origin!r} is not one of "
                 f"{', '.join(_ORIGINS)}", self.get_location())
            return []
        data = mission_data(self.env)
        for path in self._mission_sources(data.folder, data.files):
            self.env.note_dependency(str(path))
        project = data.project
        mission = project.mission.name if project is not None else ""
        graph = project.graph if project is not None else None
        if origin == "okaeri":
            found = [(a, _defined_in(a)) for a in okaeri_analyses()]
            note_module_dependencies(self, *{importlib.import_module(a.compute.__module__)
                                             for a, _ in found})
        elif project is None:
            return [nodes.warning("", nodes.paragraph(
                text=f"No analyses: {data.problem or 'the mission could not be loaded'}."))]
        else:
            found = mission_analyses(project.registry)
            if not found:
                return [nodes.paragraph(text=f"{mission} adds no analysis of its own.")]
        text = analyses_rst(found, origin == "okaeri", mission, graph,
                            self.options.get("title-char", "-"))
        return parse_rst(self, text, allow_section_headings=True)

    @staticmethod
    def _mission_sources(folder: Any, files: Sequence[Any]) -> list[Any]:
        from okaeri.analysis.registry import MISSION_ANALYSES_DIR

        modules = sorted((folder / MISSION_ANALYSES_DIR).glob("*.py"))
        return [*files, *modules]
