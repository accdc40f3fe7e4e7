"""The okaeri Sphinx extension: its directives render the report's views, and its
warnings carry the type ``okaeri``, a subtype and a location."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("matplotlib")

from okaeri.sphinxext.directives import PLOTS

if TYPE_CHECKING:
    from tests.sphinx.conftest import Built

REFERENCE_IDS = ["CAP-010", "CAP-020", "CAP-030", "CAP-031", "CAP-040", "CAP-041", "CAP-042",
                 "CAP-050", "CAP-051", "CAP-052", "CAP-060", "CAP-070", "CAP-080", "MIS-001",
                 "MIS-002", "MIS-003", "OTV-010", "OTV-020", "OTV-030", "OTV-031", "OTV-032",
                 "OTV-033", "OTV-034", "OTV-035", "OTV-040", "SYS-010", "SYS-020", "SYS-030",
                 "SYS-040", "SYS-050"]


def _has_class(html: str, css_class: str) -> bool:
    """Whether an element has ``css_class`` among its classes."""
    return re.search(rf'class="(?:[^"]* )?{re.escape(css_class)}[ "]', html) is not None


def _rows(html: str, table_class: str) -> list[str]:
    """The body rows of the first table with ``table_class``."""
    found = re.search(rf'<table class="(?:[^"]* )?{re.escape(table_class)}[ "]', html)
    assert found is not None, table_class
    start = found.start()
    table = html[start:html.index("</table>", start)]
    body = table[table.index("<tbody>"):]
    return re.findall(r"<tr.*?</tr>", body, flags=re.S)


def test_setup_declares_version_and_parallel_safety() -> None:
    from okaeri import __version__
    from okaeri.sphinxext import setup

    class _App:
        def __init__(self) -> None:
            self.calls: list[str] = []

        def __getattr__(self, name: str) -> Callable[..., None]:
            return lambda *args, **kwargs: self.calls.append(name)

    app = _App()
    metadata = setup(app)  # type: ignore[arg-type]
    assert metadata["version"] == __version__
    assert metadata["parallel_read_safe"] is True
    assert metadata["parallel_write_safe"] is True
    assert app.calls.count("add_config_value") == 4  # mission, cache, warnings, baselines
    assert "connect" in app.calls


def test_live_directives_render_the_reference_mission(build_root: Callable[..., Built]) -> None:
    built = build_root("basic")
    html = built.html()
    # the verification matrix lists every requirement of the run, once
    rows = _rows(html, "okaeri-verification-matrix")
    assert [re.search(r'<span class="id">([A-Z]+-\d+)</span>', r).group(1)  # type: ignore[union-attr]
            for r in rows] == REFERENCE_IDS
    # one requirement, budgets, trace, open items, provenance, model tables
    assert "CAP-010 Peak heat flux over the dispersions" in html
    for table_class in ("okaeri-budget-mass", "okaeri-budget-delta-v",
                        "okaeri-budget-propellant", "okaeri-budget-heat", "okaeri-trace",
                        "okaeri-open-items", "okaeri-provenance", "okaeri-phases",
                        "okaeri-breakdown", "okaeri-statistics", "okaeri-coverage"):
        assert _has_class(html, table_class), table_class
    assert "LSR-1: INCOMPLETE" in html
    # six plots, inline SVG with their own ids, and the caption option
    plots = re.findall(r'<div class="okaeri-plot" id="plot-([\w]+)"[^>]*><svg', html)
    assert sorted(plots) == sorted(PLOTS[k] for k in (
        "altitude-speed", "heat-flux", "deceleration", "heat-flux-histogram",
        "deceleration-histogram", "landing-footprint"))
    assert "Our own caption." in html


def test_inconclusive_requirements_warn_at_their_requirement_file(
        build_root: Callable[..., Built]) -> None:
    built = build_root("basic")
    inconclusive = built.of_type("okaeri.inconclusive")
    assert sorted(w["message"].split()[0] for w in inconclusive) == [
        "CAP-070", "MIS-001", "MIS-002", "SYS-050"]
    cap070 = next(w for w in inconclusive if w["message"].startswith("CAP-070"))
    assert re.search(r"mission/requirements/capsule\.yaml:\d+$", cap070["location"])
    assert "pending" in cap070["message"]
    # nothing else: the reference mission passes everything else
    assert {w["type"] for w in built.warning_lines()} == {"okaeri.inconclusive"}


def test_suppress_warnings_silences_one_subtype(build_root: Callable[..., Built]) -> None:
    built = build_root("basic", suppress_warnings=["okaeri.inconclusive"])
    assert built.warning_lines() == []


def test_unknown_ids_and_options_warn_at_the_directive(
        build_root: Callable[..., Built]) -> None:
    built = build_root("unknown")
    unknown_id = built.of_type("okaeri.unknown_id")
    unknown_option = built.of_type("okaeri.unknown_option")
    assert len(unknown_id) == 2 and len(unknown_option) == 3, built.warnings
    requirement = next(w for w in unknown_id if "CAP-011" in w["message"])
    assert requirement["location"].endswith("index.rst:4")
    assert "did you mean" in requirement["message"] and "CAP-010" in requirement["message"]
    budget = next(w for w in unknown_option if "volume" in w["message"])
    assert budget["location"].endswith("index.rst:6")
    assert "mass, delta-v, propellant, heat" in budget["message"]
    assert any("trajectory-3d" in w["message"] for w in unknown_option)
    assert any("astrology" in w["message"] for w in unknown_option)
    assert any("NoSuchModel" in w["message"] for w in unknown_id)


def test_a_failing_requirement_and_stale_evidence_warn_with_their_subtypes(
        build_root: Callable[..., Built],
        mission_copy: Callable[[dict[str, tuple[str, str]]], Path]) -> None:
    mission = mission_copy({
        "model/otv.yaml": ('basic_mass: "120 kg"', 'basic_mass: "135 kg"'),
        "evidence/arcjet-qualification-report.md": ("", "\nEdited after the record.\n"),
    })
    built = build_root("mission", okaeri_mission=str(mission))
    failing = built.of_type("okaeri.failing_requirement")
    assert {w["message"].split()[0] for w in failing} == {
        "SYS-010", "SYS-020", "SYS-040", "OTV-010", "OTV-020", "MIS-001", "MIS-002",
        "MIS-003"}
    sys010 = next(w for w in failing if w["message"].startswith("SYS-010"))
    assert re.search(r"mission/requirements/system\.yaml:\d+$", sys010["location"])
    stale = built.of_type("okaeri.stale_evidence")
    assert [w["message"].split()[0] for w in stale] == ["CAP-070"]
    assert "changed since the evidence was recorded" in stale[0]["message"]
    # the page shows the failure: the requirement and the open items
    html = built.html()
    assert "LSR-1: FAILED" in html
    assert "SYS-010 Launch mass" in html and "FAIL" in html
    assert _has_class(html, "okaeri-open-items")


def test_a_mission_with_findings_warns_at_the_file_and_still_builds(
        build_root: Callable[..., Built],
        mission_copy: Callable[[dict[str, tuple[str, str]]], Path]) -> None:
    mission = mission_copy({"model/capsule.yaml": ('diameter: "0.80 m"', 'diameter: "0.80 kg"')})
    built = build_root("mission", okaeri_mission=str(mission))
    findings = built.of_type("okaeri.model")
    assert len(findings) == 1, built.warnings
    assert re.search(r"mission/model/capsule\.yaml:\d+$", findings[0]["location"])
    assert "expected a length" in findings[0]["message"]
    assert "No results" in built.html()


def test_generated_references_list_every_key_and_command(
        build_root: Callable[..., Built]) -> None:
    from okaeri.cli import build_parser
    from okaeri.cli.reference import subcommands
    from okaeri.model import ModelFile
    from okaeri.requirements import RequirementsFile
    from okaeri.sphinxext.reference import model_types
    from okaeri.verification import VerificationFile

    built = build_root("reference")
    assert built.warning_lines() == [], built.warnings
    html = built.html()
    for root, prefix in ((ModelFile, "model"), (RequirementsFile, "requirements"),
                         (VerificationFile, "verification")):
        for model in model_types(root):
            assert f'id="{prefix}-{model.__name__.lower()}"' in html, model.__name__
            for name in model.model_fields:
                assert f'<span class="pre">{name}</span>' in html, (model.__name__, name)
    # unit families with their SI unit and an example
    assert "<strong>a length</strong> [m], e.g." in html
    assert "<strong>a heat flux</strong> [W/m^2], e.g." in html
    for name, _help, _parser in subcommands(build_parser()):
        assert f"okaeri {name}" in html
    assert "okaeri.validation_failed" in html  # the warning types table
    assert "Vallado 4th ed. Ex. 6-1" in html


def test_validation_cases_are_within_their_tolerance() -> None:
    from okaeri.sphinxext.validation import GROUPS, evaluate

    outside = [(g, o.case.name, o.value, o.case.reference)
               for g in GROUPS for o in evaluate(g) if not o.ok]
    assert outside == []


def test_validation_case_outside_its_tolerance_is_reported() -> None:
    from okaeri.sphinxext.validation import Case

    case = Case("x", "x", "source", "m", 100.0, lambda: 100.2, rtol=1e-3)
    assert case.within(100.09) and not case.within(100.2)
    assert Case("x", "x", "s", "m", 1.0, lambda: 1.0, atol=0.5).within(1.5)
    assert not case.within(float("nan"))
