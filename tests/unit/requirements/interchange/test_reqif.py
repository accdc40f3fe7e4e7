"""ReqIF: StrictDoc's export imported completely; okaeri's export read by the reqif package
and valid against the OMG ReqIF schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from okaeri.model import reference_mission_path
from okaeri.requirements import Level, load_requirements
from okaeri.requirements.interchange.fields import documents_of
from okaeri.requirements.interchange.imported import ImportOptions
from okaeri.requirements.interchange.reqif_format import read_reqif, reqif_text

from .conftest import DATA, STRICTDOC_IDS, WHEN

OPTIONS = ImportOptions(id_pattern=STRICTDOC_IDS)


def strictdoc_requirements() -> dict[str, dict[str, Any]]:
    """The oracle: StrictDoc's own JSON export of the same project, by UID."""
    data = json.loads((DATA / "lsr-synthetic.json").read_text(encoding="utf-8"))
    found: dict[str, dict[str, Any]] = {}

    def visit(nodes: list[dict[str, Any]], document: str) -> None:
        for node in nodes:
            if node.get("_NODE_TYPE") == "REQUIREMENT":
                found[node["UID"]] = node | {"document": document}
            visit(node.get("NODES", []), document)

    for document in data["DOCUMENTS"]:
        visit(document["NODES"], document["TITLE"])
    return found


def multiline(value: str) -> str:
    """A StrictDoc multi-line field as its ReqIF export holds it (no final line break)."""
    return value.removesuffix("\n")


def test_strictdoc_reqif_import_keeps_every_id_title_statement_rationale_and_parent() -> None:
    oracle = strictdoc_requirements()
    result = read_reqif(DATA / "lsr-synthetic.reqif", "lsr-synthetic.reqif", OPTIONS)
    assert result.ok
    imported = {r.id: r for r in result.requirements}
    assert len(oracle) == 38 and set(imported) == set(oracle)
    for uid, node in oracle.items():
        requirement = imported[uid]
        assert requirement.title == node["TITLE"]
        assert requirement.text == multiline(node["STATEMENT"])
        assert requirement.rationale == multiline(node.get("RATIONALE", ""))
        assert requirement.parents == tuple(
            r["VALUE"] for r in node.get("RELATIONS", []) if r["TYPE"] == "Parent")
    links = sum(len(r.parents) for r in imported.values())
    assert links == 38  # 35 generated + 3 in the hand-written document
    documents = {d.name: [r.id for r in d.requirements] for d in result.documents}
    assert documents == {title: [u for u, n in oracle.items() if n["document"] == title]
                         for title in dict.fromkeys(n["document"] for n in oracle.values())}


def test_strictdoc_escapes_are_undone() -> None:
    """StrictDoc writes strings with Python escapes (\\u2265, \\n, \\\\): read as text."""
    result = read_reqif(DATA / "lsr-synthetic.reqif", "x", OPTIONS)
    special = {r.id: r for r in result.requirements}["SYS-00037"]
    assert special.title == "Heat shield peak heat flux ≥ 20 % margin"
    assert "10 MW/m², for entry speeds < 11.5 km/s.\n\nThe \"peak\"" in special.text
    assert "C:\\okaeri\\runs" in special.text


def test_strictdoc_fields_without_an_okaeri_field_are_kept_as_attributes() -> None:
    result = read_reqif(DATA / "lsr-synthetic.reqif", "x", OPTIONS)
    by_id = {r.id: r for r in result.requirements}
    assert by_id["SYS-00037"].attributes == {
        "STATUS": "Draft", "TAGS": "thermal, entry", "section": "Thermal protection"}
    assert by_id["SYS-00038"].attributes == {"STATUS": "Approved",
                                             "section": "Recovery / Beacon"}
    assert by_id["SYS-00038"].notes == "Battery sizing: 5 W for 24 h is 120 Wh."  # COMMENT
    assert dict(result.kept) == {"STATUS": 2, "TAGS": 1, "section": 2}


def test_what_is_not_read_is_listed_with_where() -> None:
    result = read_reqif(DATA / "lsr-synthetic.reqif", "lsr-synthetic.reqif", OPTIONS)
    skipped = [f for f in result.findings if f.code == "okaeri.not_a_requirement"]
    assert len(skipped) == 1  # the free-text node of the hand-written document
    assert skipped[0].location.line > 0 and skipped[0].severity == "warning"
    assert "This document holds" in skipped[0].message
    levels = [f for f in result.findings if f.code == "okaeri.level_assumed"]
    assert len(levels) == 1 and "38 requirements" in levels[0].message


def test_levels_follow_the_parent_trace_unless_chosen() -> None:
    result = read_reqif(DATA / "lsr-synthetic.reqif", "x", OPTIONS)
    levels = {r.id: r.level for r in result.requirements}
    assert levels["SYS-00001"] == Level.MISSION  # stakeholder (no parent)
    assert levels["SYS-00002"] == Level.SYSTEM
    assert levels["SYS-00006"] == Level.SEGMENT  # component, two levels down
    chosen = read_reqif(DATA / "lsr-synthetic.reqif", "x",
                        ImportOptions(id_pattern=STRICTDOC_IDS, level=Level.COMPONENT))
    assert {r.level for r in chosen.requirements} == {Level.COMPONENT}


def test_strictdoc_xhtml_export_reads_as_the_same_text() -> None:
    """StrictDoc's --reqif-multiline-is-xhtml variant: statements are XHTML paragraphs,
    whose line wrapping is white space (compared with runs of white space as one)."""
    oracle = strictdoc_requirements()
    result = read_reqif(DATA / "lsr-synthetic-xhtml.reqif", "x", OPTIONS)
    assert result.ok and len(result.requirements) == 36
    for requirement in result.requirements:
        node = oracle[requirement.id]
        assert requirement.text.split() == node["STATEMENT"].split()
        assert requirement.rationale.split() == node["RATIONALE"].split()
        assert requirement.title == node["TITLE"]
        assert list(requirement.parents) == [r["VALUE"] for r in node.get("RELATIONS", [])]


def test_unreadable_file_is_one_finding(tmp_path: Path) -> None:
    # StrictDoc 0.30.4's XHTML export writes '&' and '<' unescaped: not XML
    broken = tmp_path / "broken.reqif"
    text = (DATA / "lsr-synthetic-xhtml.reqif").read_text(encoding="utf-8")
    broken.write_text(text.replace("log every received command", "log < & >", 1))
    result = read_reqif(broken, "broken.reqif", OPTIONS)
    assert not result.ok and result.requirements == ()
    assert [f.code for f in result.findings] == ["okaeri.unreadable_file"]


def reference_reqif(tmp_path: Path) -> Path:
    path = tmp_path / "lsr-1.reqif"
    documents = documents_of(load_requirements(reference_mission_path()))
    path.write_text(reqif_text(documents, "LSR-1", WHEN), encoding="utf-8")
    return path


def test_export_is_read_by_the_reqif_package(tmp_path: Path) -> None:
    from reqif.parser import ReqIFParser

    requirements = load_requirements(reference_mission_path())
    bundle = ReqIFParser.parse(str(reference_reqif(tmp_path)))
    assert bundle.exceptions == []
    content = bundle.core_content.req_if_content
    assert len(content.spec_objects) == len(requirements)
    assert [s.long_name for s in content.specifications] == [
        "capsule", "mission", "otv", "system"]
    parent_links = sum(len(r.parents) for r in requirements)
    assert len(content.spec_relations) == parent_links > 0
    assert bundle.req_if_header.creation_time == "2026-01-01T00:00:00Z"


def reqif_validate(path: Path) -> int:
    """Exit code of the reqif package's validator with the OMG schema (0: valid)."""
    code = "import sys; from reqif.cli.main import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, "validate", "--use-reqif-schema",
                           str(path)], capture_output=True, timeout=120).returncode


def test_export_is_valid_against_the_reqif_schema(tmp_path: Path) -> None:
    path = reference_reqif(tmp_path)
    assert reqif_validate(path) == 0
    # the check can fail: an element without its required LAST-CHANGE is refused
    broken = tmp_path / "broken.reqif"
    text = path.read_text(encoding="utf-8")
    broken.write_text(text.replace(' LAST-CHANGE="2026-01-01T00:00:00Z"', "", 1))
    assert reqif_validate(broken) != 0


def test_export_is_reproducible(tmp_path: Path) -> None:
    assert reference_reqif(tmp_path).read_bytes() == reference_reqif(tmp_path).read_bytes()


@pytest.mark.parametrize("kind", ["Child"])
def test_child_relations_are_read_as_parents_reversed(tmp_path: Path, kind: str) -> None:
    path = reference_reqif(tmp_path)
    text = path.read_text(encoding="utf-8").replace('LONG-NAME="Parent"', f'LONG-NAME="{kind}"')
    path.write_text(text, encoding="utf-8")
    result = read_reqif(path, "x")
    assert result.ok
    by_id = {r.id: r for r in result.requirements}
    assert "CAP-010" in by_id["SYS-050"].parents  # CAP-010's parent SYS-050, reversed


def test_other_relations_are_kept_as_attributes(tmp_path: Path) -> None:
    path = reference_reqif(tmp_path)
    text = path.read_text(encoding="utf-8").replace('LONG-NAME="Parent"',
                                                     'LONG-NAME="Satisfies"')
    path.write_text(text, encoding="utf-8")
    result = read_reqif(path, "x")
    by_id = {r.id: r for r in result.requirements}
    assert by_id["CAP-010"].parents == ()
    assert by_id["CAP-010"].attributes == {"relation: Satisfies": "SYS-050"}
