"""Small helpers to write reStructuredText and parse it inside a directive."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docutils import nodes


def table(headers: Sequence[str], rows: Sequence[Sequence[str]],
          widths: Sequence[int] | None = None, css_class: str = "", title: str = "") -> list[str]:
    """A ``list-table`` directive; cells are reStructuredText (one line each)."""
    out = [f".. list-table:: {title}".rstrip(), "   :header-rows: 1"]
    if widths:
        out.append(f"   :widths: {' '.join(str(w) for w in widths)}")
    if css_class:
        out.append(f"   :class: {css_class}")
    out.append("")
    for row in [list(headers), *[list(r) for r in rows]]:
        for i, cell in enumerate(row):
            text = " ".join(str(cell).split()) or r"\ "
            out.append(f"   {'* -' if i == 0 else '  -'} {text}")
    out.append("")
    return out


def parse_rst(directive: Any, text: str, allow_section_headings: bool = False) -> list[nodes.Node]:
    """Parse ``text`` in the directive's context (Sphinx >= 7.4, else the older helper)."""
    parse = getattr(directive, "parse_text_to_nodes", None)
    if parse is not None:
        result: list[nodes.Node] = parse(text, allow_section_headings=allow_section_headings)
        return result
    from docutils.statemachine import StringList
    from sphinx.util.nodes import nested_parse_with_titles

    container = nodes.container()
    source = directive.get_source_info()[0]
    content = StringList(text.splitlines(), source=source)
    if allow_section_headings:
        nested_parse_with_titles(directive.state, content, container)
    else:
        directive.state.nested_parse(content, directive.content_offset, container)
    return list(container.children)


def kv_table(title: str, rows: Sequence[Sequence[str]], css_class: str = "") -> list[str]:
    """A two-column ``list-table`` with a title and the labels as stub column."""
    out = [f".. list-table:: {title}".rstrip(), "   :stub-columns: 1"]
    if css_class:
        out.append(f"   :class: {css_class}")
    out.append("")
    for label, value in rows:
        out += [f"   * - {' '.join(label.split()) or chr(92) + ' '}",
                f"     - {' '.join(value.split()) or chr(92) + ' '}"]
    out.append("")
    return out


def note_module_dependencies(directive: Any, *modules: Any) -> None:
    """Make the page depend on the source files of ``modules`` (module objects or
    classes): an incremental build reads the page again when the code changes."""
    import inspect

    for item in modules:
        try:
            path = inspect.getsourcefile(item)
        except TypeError:
            path = None
        if path:
            directive.env.note_dependency(path)
