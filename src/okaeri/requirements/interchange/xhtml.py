"""ReqIF's XHTML text values to plain text, and plain text to XHTML.

Tools write prose attributes (``ReqIF.Text``) as XHTML. okaeri's texts are plain:
:func:`text_to_xhtml` writes one ``<xhtml:p>`` per line, and :func:`xhtml_to_text`
reads XHTML as a browser lays it out: each paragraph, list item, heading or table row
is a line, ``<br/>`` breaks a line, a run of white space that holds a line break (the
tool's own line wrapping) is one space, and white space at the ends of a line is not
kept. A text whose lines have no white space at their ends (all of okaeri's prose)
comes back unchanged. Markup beyond paragraphs and line breaks (bold, lists, tables,
objects) is reported, so that an import can say that it flattened the formatting.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["XHTML_NAMESPACE", "text_to_xhtml", "xhtml_to_text"]

XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

_LINE_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd",
                          "caption", "pre"})
_CONTAINERS = frozenset({"div", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot",
                         "blockquote", "section", "body", "html"})
_PLAIN = frozenset({"div", "p", "br", "span"})
_WRAPPED_SPACE = re.compile(r"[ \t\r\f\v]*\n\s*")


def text_to_xhtml(text: str) -> str:
    """``"a\\nb"`` → ``<xhtml:div><xhtml:p>a</xhtml:p><xhtml:p>b</xhtml:p></xhtml:div>``."""
    paragraphs = "".join(f"<xhtml:p>{html.escape(line, quote=False)}</xhtml:p>"
                         for line in text.split("\n"))
    return f"<xhtml:div>{paragraphs}</xhtml:div>"


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.preformatted = 0
        self.rich = False

    def _flush(self, keep_empty: bool) -> None:
        line = "".join(self.current).strip()
        if line or keep_empty:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = tag.rsplit(":", 1)[-1].lower()
        if name not in _PLAIN:
            self.rich = True
        if name == "br":
            self.current.append("\n")
        elif name in _LINE_BLOCKS or name in _CONTAINERS:
            self._flush(keep_empty=False)
            if name == "pre":
                self.preformatted += 1
        elif name in ("td", "th") and "".join(self.current).strip():
            self.current.append(" | ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = tag.rsplit(":", 1)[-1].lower()
        if name == "br":
            self.current.append("\n")
        elif name in _LINE_BLOCKS:
            self._flush(keep_empty=False)
            self.lines.append("")
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        name = tag.rsplit(":", 1)[-1].lower()
        if name in _LINE_BLOCKS:
            self._flush(keep_empty=True)
            if name == "pre":
                self.preformatted = max(0, self.preformatted - 1)
        elif name in _CONTAINERS:
            self._flush(keep_empty=False)

    def handle_data(self, data: str) -> None:
        self.current.append(data if self.preformatted else _WRAPPED_SPACE.sub(" ", data))


def xhtml_to_text(value: str) -> tuple[str, bool]:
    """The plain text of an XHTML value, and whether markup beyond paragraphs and line
    breaks was flattened. Namespace prefixes (``xhtml:p``) are ignored."""
    reader = _Reader()
    reader.feed(value)
    reader.close()
    reader._flush(keep_empty=False)
    lines = [line for chunk in reader.lines for line in chunk.split("\n")]
    return "\n".join(part.strip() for part in lines), reader.rich
