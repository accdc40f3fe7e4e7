"""The extension's two nodes: :class:`okaeri_html` (HTML rendered by a report template,
inlined in HTML builds) and :class:`okaeri_plot` (an SVG figure, inlined in HTML builds;
other builders keep the caption), and what a directive asks about the build (is it HTML,
where do requirement links point)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class okaeri_html(nodes.General, nodes.Element):  # type: ignore[misc,unused-ignore]  # noqa: N801
    """HTML rendered by a report template (``html`` attribute), inlined in HTML builds."""


def _visit_html(translator: HTML5Translator, node: okaeri_html) -> None:
    translator.body.append(node["html"])
    raise nodes.SkipNode


def _visit_other(translator: Any, node: okaeri_html) -> None:
    raise nodes.SkipNode


def _builder(directive: Any) -> Any:
    """The class of the build's builder (its ``name`` and ``format``)."""
    found = getattr(directive.env, "_builder_cls", None)  # Sphinx >= 9
    return found if found is not None else type(directive.env.app.builder)


def is_html(directive: Any) -> bool:
    """Whether the build writes HTML (``html``, ``dirhtml``, ``singlehtml``)."""
    return getattr(_builder(directive), "format", "") == "html"


def requirement_link(directive: Any) -> str:
    """URL prefix of the requirement anchors for this page: ``""`` on the same page (and
    in a single-page build), else the relative URL of the ``:link-to:`` page."""
    from sphinx.util.osutil import relative_uri

    target = directive.options.get("link-to")
    name = getattr(_builder(directive), "name", "")
    docname = directive.env.docname
    if not target or target == docname or name == "singlehtml":
        return ""
    if name == "dirhtml":
        return relative_uri(f"{docname}/", f"{target}/")
    suffix = getattr(directive.config, "html_link_suffix", None) or ".html"
    return relative_uri(docname + suffix, target + suffix)


def html_node(html: str) -> okaeri_html:
    """The node that inlines ``html``."""
    return okaeri_html(html=html)


def fragment(name: str, **context: Any) -> okaeri_html:
    """A rendered HTML fragment of :data:`okaeri.report.render.FRAGMENTS`."""
    from okaeri.report.render import render_fragment

    return html_node(render_fragment(name, **context))


class okaeri_plot(nodes.General, nodes.Element):  # type: ignore[misc,unused-ignore]  # noqa: N801
    """An SVG figure of the report (``svg``, ``name``, ``title`` attributes)."""


def _visit_plot_html(translator: HTML5Translator, node: okaeri_plot) -> None:
    translator.body.append(
        f'<div class="okaeri-plot" id="plot-{escape(node["name"])}" '
        f'role="img" aria-label="{escape(node["title"])}">{node["svg"]}</div>\n')
    raise nodes.SkipNode


def _visit_plot_other(translator: Any, node: okaeri_plot) -> None:
    # Text, LaTeX, man...: the figure exists only as inline SVG; the caption stays.
    raise nodes.SkipNode


def register(app: Sphinx) -> None:
    """Add both nodes to ``app`` (skipped by the builders that do not write HTML)."""
    builders = ("latex", "text", "man", "texinfo")
    others: dict[str, Any] = {name: (_visit_other, None) for name in builders}
    app.add_node(okaeri_html, html=(_visit_html, None), **others)
    others = {name: (_visit_plot_other, None) for name in builders}
    app.add_node(okaeri_plot, html=(_visit_plot_html, None), **others)


__all__ = ["fragment", "html_node", "is_html", "okaeri_html", "okaeri_plot", "register",
           "requirement_link"]
