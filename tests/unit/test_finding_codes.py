"""Finding codes are one registry (okaeri.errors.FINDING_CODES), each with a meaning."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import okaeri
from okaeri.errors import FINDING_CODES, Finding, Location

PACKAGE = Path(okaeri.__file__).parent
CODE = re.compile(r"okaeri\.[a-z][a-z_]*")
NOT_FINDING_CODES = {
    "okaeri.sphinxext", "okaeri.analyses", "okaeri.version", "okaeri.units", "okaeri.study",
    "okaeri.provenance", "okaeri.requirement_id_pattern",
    # the Sphinx extension's warning subtypes (okaeri.sphinxext.logs.SUBTYPES)
    "okaeri.analysis_error", "okaeri.failing_requirement", "okaeri.inconclusive",
    "okaeri.low_margin",
}
"""Strings of the form ``okaeri.x`` that are not finding codes: package and entry point
names, table metadata keys, a validation context key, Sphinx warning types."""


def _code_literals() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and CODE.fullmatch(node.value)):
                found.setdefault(node.value, f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_code_in_the_source_is_registered() -> None:
    unregistered = {code: where for code, where in _code_literals().items()
                    if code not in FINDING_CODES and code not in NOT_FINDING_CODES}
    assert unregistered == {}


def test_every_registered_code_is_used_and_described() -> None:
    used = _code_literals()
    assert sorted(set(FINDING_CODES) - set(used)) == []
    assert all(text and not text.endswith(".")
               for text in FINDING_CODES.values())


def test_a_finding_with_an_unregistered_code_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="FINDING_CODES"):
        Finding(Location("model/otv.yaml", 3), "okaeri.no_such_code", "message")
    assert Finding(Location("model/otv.yaml", 3), "okaeri.cycle", "message").code == "okaeri.cycle"


def test_the_findings_page_lists_every_code() -> None:
    pytest.importorskip("sphinx")
    from okaeri.sphinxext.reference import finding_codes_rst

    text = finding_codes_rst()
    assert all(f"``{code}``" in text for code in FINDING_CODES)
