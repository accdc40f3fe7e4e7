"""XHTML text values: okaeri's own come back unchanged, other tools' read as laid out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from okaeri.requirements.interchange.xhtml import text_to_xhtml, xhtml_to_text

line = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                             blacklist_characters="\ufeff") | st.just("\t"),
               max_size=40).map(str.strip)


@given(st.lists(line, min_size=1, max_size=6))
def test_lines_without_edge_spaces_come_back_unchanged(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert xhtml_to_text(text_to_xhtml(text)) == (text, False)


def test_tool_line_wrapping_is_a_space_and_paragraphs_are_lines() -> None:
    value = ("\n<xhtml:div>\n  <xhtml:p>The unit shall log\n  every command.</xhtml:p>\n"
             "  <xhtml:p>Second &amp; last.</xhtml:p>\n</xhtml:div>")
    assert xhtml_to_text(value) == ("The unit shall log every command.\nSecond & last.", False)


def test_formatting_is_flattened_and_reported() -> None:
    value = ("<div><ul><li>one</li><li>two <b>bold</b></li></ul>"
             "<table><tr><td>a</td><td>b</td></tr></table>tail<br/>next</div>")
    assert xhtml_to_text(value) == ("one\ntwo bold\na | b\ntail\nnext", True)


def test_plain_text_and_entities() -> None:
    assert xhtml_to_text("5 &lt; 6 &#8805; x&nbsp;y") == ("5 < 6 ≥ x\xa0y", False)
