"""Formulas rendered at build time as MathML: pages that need no network and no script.

Sphinx's default math renderer, MathJax, loads a script from a CDN and typesets the
formulas in the reader's browser; without internet the page shows raw LaTeX. This
extension registers the HTML math renderer ``okaeri_mathml``: every ``:math:`` role and
``.. math::`` block is converted while the page is built by docutils' own LaTeX to
MathML translator (:mod:`docutils.utils.math.latex2mathml`, pure Python, installed with
Sphinx) and written as MathML Core, which Chromium (109 and later), Firefox and Safari
display natively, on screen and in print. No LaTeX installation, no image files, no
script.

Why not the alternatives: ``sphinx.ext.imgmath`` needs a LaTeX installation and dvisvgm
on every machine that builds the docs (CI included) and turns each formula into an
image (no text selection, no zoom without blur in PNG); MathJax needs the network or a
vendored copy of about 2 MB of JavaScript and still runs in the reader's browser.

In ``conf.py``::

    extensions = [..., "okaeri.sphinxext.mathml"]
    html_math_renderer = "okaeri_mathml"

A formula the translator cannot read is a build warning (``okaeri.math``) at its page
and line, and the page shows the LaTeX source in its place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from okaeri import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

RENDERER = "okaeri_mathml"
"""The name of the renderer for ``html_math_renderer``."""


def to_mathml(latex: str, block: bool) -> str:
    """``latex`` as a ``<math>`` element (``display="block"`` for a block).

    Raises :class:`SyntaxError` (docutils' translator) for LaTeX it cannot read.
    """
    from docutils.utils.math import latex2mathml

    return str(latex2mathml.tex2mathml(latex, as_block=block))


def _failed(translator: HTML5Translator, node: nodes.Element, error: Exception) -> str:
    from okaeri.sphinxext.logs import warn

    warn("math", f"cannot render the formula {node.astext()!r} as MathML: {error}",
         node)
    return f'<code class="math-source">{translator.encode(node.astext())}</code>'


def _visit_inline(translator: HTML5Translator, node: nodes.math) -> None:
    try:
        html = to_mathml(node.astext(), block=False)
    except Exception as exc:  # docutils raises SyntaxError and others on bad LaTeX
        html = _failed(translator, node, exc)
    translator.body.append(translator.starttag(node, "span", "", CLASS="math") + html
                           + "</span>")
    raise nodes.SkipNode


def _block_latex(node: nodes.math_block) -> str:
    """The LaTeX of a block as Sphinx writes it for MathJax: equations separated by a
    blank line are aligned rows; an equation with ``\\\\`` is split over rows."""
    parts = [p.strip() for p in node.astext().split("\n\n") if p.strip()]
    rows = [rf"\begin{{aligned}}{p}\end{{aligned}}" if r"\\" in p else p for p in parts]
    if len(rows) == 1:
        return rows[0]
    return r"\begin{aligned}" + r"\\".join(rows) + r"\end{aligned}"


def _visit_block(translator: HTML5Translator, node: nodes.math_block) -> None:
    from sphinx.util.math import get_node_equation_number

    translator.body.append(translator.starttag(node, "div", CLASS="math"))
    if node.get("number"):
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})')
        translator.add_permalink_ref(node, "Link to this equation")
        translator.body.append("</span>")
    try:
        latex = node.astext() if node.get("nowrap") else _block_latex(node)
        html = to_mathml(latex, block=True)
    except Exception as exc:  # docutils raises SyntaxError and others on bad LaTeX
        html = _failed(translator, node, exc)
    translator.body.append(html + "</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``okaeri_mathml`` HTML math renderer."""
    app.add_html_math_renderer(RENDERER, (_visit_inline, None), (_visit_block, None))
    return {"version": __version__, "parallel_read_safe": True,
            "parallel_write_safe": True}


__all__ = ["RENDERER", "setup", "to_mathml"]
