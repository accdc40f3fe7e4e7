# ruff: noqa: E501  (the oracle below is template markup, kept line for line)
"""The report's requirement-scaled rows written in Python (okaeri.report.html_rows) are
byte for byte what the jinja2 markup they replace gives, for any text (escaping
included): the oracle below is that markup, with the report's own environment options
(autoescape, trim_blocks, lstrip_blocks)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, select_autoescape
from markupsafe import Markup, escape

from okaeri.report import html_rows
from okaeri.report.requirement_views import RequirementRow
from okaeri.report.trace_views import TraceRow, TreeRow
from okaeri.report.view_basics import anchor

_MACROS = """{% macro html_list(items) %}
{% if items %}<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>{% endif %}
{% endmacro %}

{% macro html_links(ids) %}
{% for i in ids %}<a href="#{{ i|anchor }}">{{ i }}</a>{% if not loop.last %}, {% endif %}{% endfor %}
{% endmacro %}

{% macro html_ids(ids) %}
{% for i in ids %}<span class="nw">{{ i }}</span>{% if not loop.last %}, {% endif %}{% endfor %}
{% endmacro %}
"""

_VERIFICATION = """{% import "m.html.j2" as m %}
{% for row in rows %}
<tr id="{{ row.anchor }}" class="row-{{ row.css }}">
<td class="id">{{ row.id }}</td>
<td class="requirement"><b>{{ row.title }}</b><span class="text">{{ row.text }}</span></td>
<td>{{ row.level }}</td>
<td>{{ row.method }}</td>
<td>{{ row.stage }}</td>
<td class="criterion">{{ row.criterion }}</td>
<td class="num">{{ row.value }}</td>
<td class="num">{{ row.limit }}</td>
<td class="num">{{ row.margin }}</td>
<td class="num">{{ row.required_margin }}</td>
<td><span class="badge {{ row.css }}">{{ row.verdict_label }}</span></td>
<td class="small evidence">{{ m.html_list(row.evidence) }}{% if row.reason %}<span class="text">{{ row.reason }}</span>{% endif %}</td>
<td class="small">{{ m.html_ids(row.verified_by) }}</td>
</tr>
{% endfor %}
"""

_TREE = """{% for row in rows %}
<tr><td class="id">{{ row.indent }}<a href="#{{ row.anchor }}">{{ row.id }}</a></td>
<td>{{ row.title }}{% if row.repeated %} <span class="muted">(also listed above)</span>{% endif %}</td>
<td><span class="badge {{ row.css }}">{{ row.verdict_label }}</span></td></tr>
{% endfor %}
"""

_TRACE = """{% import "m.html.j2" as m %}
{% for row in rows %}
<tr><td class="id"><a href="#{{ row.anchor }}">{{ row.id }}</a></td><td>{{ row.title }}</td>
<td>{{ row.level }}</td><td>{{ m.html_links(row.parents) }}</td>
<td>{{ m.html_links(row.children) }}</td><td class="small">{{ row.allocated_to|join(", ") }}</td>
<td class="small">{{ m.html_ids(row.verified_by) }}</td>
<td><span class="badge {{ row.css }}">{{ row.verdict_label }}</span></td></tr>
{% endfor %}
"""


def _oracle() -> Environment:
    env = Environment(loader=DictLoader({"m.html.j2": _MACROS, "verification.html.j2":
                                         _VERIFICATION, "tree.html.j2": _TREE,
                                         "trace.html.j2": _TRACE}),
                      autoescape=select_autoescape(enabled_extensions=("html.j2",)),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["anchor"] = anchor
    return env


_text = st.text(alphabet=st.sampled_from("aZ9 .-_&<>'\"é%"), max_size=12)
_texts = st.lists(_text, max_size=3).map(tuple)


@st.composite
def _requirement(draw: st.DrawFn) -> RequirementRow:
    t = draw(_text)
    return RequirementRow(
        id=t, anchor=anchor(t), title=draw(_text), text=draw(_text), level=draw(_text),
        method=draw(_text), stage=draw(_text), criterion=draw(_text), value=draw(_text),
        limit=draw(_text), margin=draw(_text), required_margin=draw(_text), verdict="pass",
        verdict_label=draw(_text), css=draw(_text), low_margin=False, open=False,
        evidence=draw(_texts), verified_by=draw(_texts), parents=(), children=(),
        allocated_to=(), marked_by=(), reason=draw(_text), location="x.yaml:1")


@st.composite
def _tree(draw: st.DrawFn) -> TreeRow:
    t = draw(_text)
    return TreeRow(id=t, anchor=anchor(t), title=draw(_text), depth=1,
                   indent=draw(st.sampled_from(["", Markup("&nbsp;&nbsp;"), "<b>"])),
                   verdict_label=draw(_text), css=draw(_text), repeated=draw(st.booleans()))


@st.composite
def _trace(draw: st.DrawFn) -> TraceRow:
    t = draw(_text)
    return TraceRow(id=t, anchor=anchor(t), title=draw(_text), level=draw(_text),
                    parents=draw(_texts), children=draw(_texts), allocated_to=draw(_texts),
                    verified_by=draw(_texts), verdict_label=draw(_text), css=draw(_text))


@settings(max_examples=200, deadline=None)
@given(st.lists(_requirement(), max_size=3), st.lists(_tree(), max_size=3),
       st.lists(_trace(), max_size=3))
def test_rows_are_the_templates_bytes(verification: list[RequirementRow],
                                      tree: list[TreeRow], trace: list[TraceRow]) -> None:
    oracle = _oracle()
    for name, rows, write in (("verification", verification, html_rows.verification_rows),
                              ("tree", tree, html_rows.tree_rows),
                              ("trace", trace, html_rows.trace_rows)):
        expected = oracle.get_template(f"{name}.html.j2").render(rows=rows)
        assert write(rows) == expected, name


@given(st.one_of(st.text(), st.text(alphabet="&<>'\"a é;#"), st.integers(),
                 st.floats(allow_nan=False), st.none(), st.text().map(Markup)))
def test_escape_html_is_markupsafes(value: object) -> None:
    assert html_rows.escape_html(value) == str(escape(value))
