"""The one jinja2 environment: strict, autoescaping HTML only, and its escaping filters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from jinja2 import UndefinedError

import okaeri
from okaeri.report.environment import environment, md_code, md_escape, rst_escape

PACKAGE = Path(okaeri.__file__).parent


def test_one_environment() -> None:
    assert environment() is environment()


def test_no_other_module_builds_an_environment() -> None:
    builders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(
                    node.func, "attr", None)) in ("Environment", "SandboxedEnvironment"):
                builders.append(path.relative_to(PACKAGE).as_posix())
    assert builders == ["report/environment.py"]


def test_autoescape_for_html_templates_only() -> None:
    autoescape = environment().autoescape
    assert callable(autoescape)
    assert autoescape("report.html.j2") and autoescape("_macros.html.j2")
    assert not autoescape("report.md.j2") and not autoescape("requirement.rst.j2")


def test_strict_undefined() -> None:
    template = environment().get_template("requirement.rst.j2")
    with pytest.raises(UndefinedError):
        template.render(view=object())


def test_every_template_compiles() -> None:
    env = environment()
    names = env.list_templates()
    assert {"report.html.j2", "report.md.j2", "verification_matrix.rst.j2",
            "trace_matrix.rst.j2", "budget_mass.rst.j2", "budget_delta_v.rst.j2",
            "budget_propellant.rst.j2", "budget_heat.rst.j2", "requirement.rst.j2",
            "open_items.rst.j2"} <= set(names)
    for name in names:
        env.get_template(name)


def test_markdown_escaping() -> None:
    assert md_escape("<script>alert(1)</script> & *x* | `y` [z]") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\*x\\* \\| \\`y\\` \\[z\\]")
    assert md_escape("two\nlines") == "two lines"
    assert md_code("a|b") == "`a\\|b`" and md_code("a`b") == "`` a`b ``" and md_code("") == ""


@pytest.mark.parametrize(("text", "expected"), [
    ("heat_flux *max* `x` |y|", "heat\\_flux \\*max\\* \\`x\\` \\|y\\|"),
    ("- not a list", "\\- not a list"),
    (".. comment", "\\.. comment"),
    ("1. not enumerated", "\\1. not enumerated"),
    (":field: no", "\\:field: no"),
    ("ends with::", "ends with:\\:"),
    ("-7.745 deg", "\\-7.745 deg"),
    ("plain, text", "plain, text"),
    ("back\\slash", "back\\\\slash"),
])
def test_rst_escaping(text: str, expected: str) -> None:
    assert rst_escape(text) == expected
