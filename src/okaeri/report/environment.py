"""The one jinja2 environment of okaeri, and the escaping filters of its formats.

Every template of :mod:`okaeri.report` (HTML, Markdown, reStructuredText) is loaded from
``okaeri/report/templates`` through :func:`environment`; no other module builds a
jinja2 environment.

- ``StrictUndefined``: a misspelt attribute in a template is an error, never an empty
  string.
- Autoescaping only for ``*.html.j2`` templates: every string from a view object is
  HTML-escaped unless a view marks it as safe (the inline SVG of a plot). ``*.md.j2`` and
  ``*.rst.j2`` templates escape user text explicitly with the ``md`` and ``rst`` filters
  below; the ``md_code`` filter writes a Markdown code span, and ``anchor`` turns a
  requirement id into its HTML anchor (``CAP-010`` -> ``req-cap-010``); ``breakable``
  lets a long key wrap between its parts (``<wbr>``), never inside a word;
  ``verification_rows``, ``tree_rows`` and ``trace_rows`` write the rows of the
  requirement-scaled HTML tables (:mod:`okaeri.report.html_rows`).
- ``keep_trailing_newline``: a template's final newline is kept.

jinja2 is imported when the environment is first built, not when this module is imported
(importing :mod:`okaeri` or :mod:`okaeri.cli` must stay light).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

_MD_SPECIAL = re.compile(r"([\\`*\[\]|])")
_RST_SPECIAL = re.compile(r"([\\`*_|])")
_RST_ENUMERATOR = re.compile(r"^(?:[0-9]+|[A-Za-z]|[ivxlcdmIVXLCDM]+|#)[.)](?:\s|$)")


def _text(value: object) -> str:
    return " ".join(str(value).split())


def md_escape(value: object) -> str:
    """Text for a Markdown paragraph or table cell.

    Whitespace is collapsed to single spaces (a table cell is one line); ``&``, ``<``
    and ``>`` become entities (no raw HTML gets through); Markdown's inline markup
    characters and the table separator ``|`` are backslash-escaped.
    """
    text = _text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(value: object) -> str:
    """A Markdown code span (``value`` shown literally; ``|`` escaped for tables)."""
    text = _text(value).replace("|", "\\|")
    if not text:
        return ""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def rst_escape(value: object) -> str:
    """Text for a reStructuredText paragraph or ``list-table`` cell.

    Whitespace is collapsed; inline markup characters are backslash-escaped; a leading
    character that would start a list, a comment, a field or a line block, and a final
    ``::`` (literal block) are escaped too, so that user text is shown as written.
    """
    text = _RST_SPECIAL.sub(r"\\\1", _text(value))
    if text and (text[0] in "-+#.:>(=" or _RST_ENUMERATOR.match(text)):
        text = "\\" + text
    if text.endswith("::"):
        text = text[:-1] + "\\:"
    return text


_BREAK_AFTER = re.compile(r"([._])(?=[A-Za-z])")
_QUANTITY = re.compile(
    r"(?<![\w.\-])([-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?) "
    r"(%|[A-Za-zµ°][A-Za-z0-9µ°/^·*]*)")
_NOT_UNITS = frozenset({"a", "an", "at", "in", "of", "or", "to", "and", "as", "by", "on"})
"""Words that pint reads as units (``in`` is the inch) but a sentence uses as words."""


def _nowrap(match: re.Match[str]) -> str:
    number, word = match.groups()
    if word != "%" and (word in _NOT_UNITS or not _is_unit(word)):
        return match.group(0)
    return f'<span class="nw">{number} {word}</span>'


@lru_cache(maxsize=512)
def _is_unit(word: str) -> bool:
    from okaeri.units import parse_quantity

    try:
        parse_quantity(f"1 {word}")
    except ValueError:
        return False
    return True


def breakable(value: object) -> Markup:
    """HTML of a text for a table cell: a number stays on one line with its unit
    (``4.327 MW/m^2``, ``30 %``: one unbreakable span), and a long key
    (``entry.monte_carlo.peak_heat_flux_total``) may wrap after a ``.`` or ``_`` that
    precedes a letter (``<wbr>``): a narrow column wraps a text between words and keys
    between their parts, never inside a word, a number or a unit."""
    from markupsafe import Markup, escape

    text = str(escape(_text(value)))
    text = _QUANTITY.sub(_nowrap, text)
    return Markup(_BREAK_AFTER.sub(r"\1<wbr>", text))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The jinja2 environment of every okaeri template (built once)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("okaeri", "report/templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False,
                                     default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from okaeri.report import html_rows
    from okaeri.report.view_basics import anchor

    env.filters["anchor"] = anchor
    env.filters["verification_rows"] = html_rows.verification_rows
    env.filters["tree_rows"] = html_rows.tree_rows
    env.filters["trace_rows"] = html_rows.trace_rows
    env.filters["md"] = md_escape
    env.filters["md_code"] = md_code
    env.filters["rst"] = rst_escape
    env.filters["breakable"] = breakable
    return env


__all__ = ["breakable", "environment", "md_code", "md_escape", "rst_escape"]
