"""A requirement verified by analysis and test needs both: each method is closed by its
own means and the requirement is the worst of them; its compliance follows."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from okaeri.model import reference_mission_path
from okaeri.verification import AnalysisCache, Project, Verdict, load_project, run_verification
from okaeri.verification.results import Compliance


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    target = tmp_path_factory.mktemp("methods") / "mission"
    shutil.copytree(reference_mission_path(), target,
                    ignore=shutil.ignore_patterns("__pycache__"))
    path = target / "requirements" / "capsule.yaml"
    text = path.read_text(encoding="utf-8")
    block = "    allocated_to: [capsule]\n    method: analysis\n    phases: [entry]\n" \
            "    criterion:\n      quantity: entry.nominal.peak_deceleration"
    assert text.count(block) == 1
    path.write_text(text.replace(block, block.replace("method: analysis",
                                                      "methods: [analysis, test]")))
    yield load_project(target)


def _close(project: Project, tests: dict[str, list[tuple[str, bool]]] | None = None):
    run = run_verification(project, select=["CAP-030"], test_outcomes=tests,
                           cache=AnalysisCache(None))
    return run.result("CAP-030")


def test_analysis_alone_leaves_a_requirement_also_verified_by_test_open(
        project: Project) -> None:
    result = _close(project)
    assert result.methods == ("analysis", "test") and result.method == "analysis, test"
    assert [(m.method, m.verdict) for m in result.method_results] == [
        ("analysis", Verdict.PASS), ("test", Verdict.INCONCLUSIVE)]
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.compliance is Compliance.PARTIALLY_COMPLIANT
    assert result.methods_closed == (1, 2)
    assert result.reason.startswith("verified by test: needs its own evidence")
    assert result.value_si is not None and result.margin is not None  # the analysis's


def test_a_passing_marked_test_closes_the_test_method(project: Project) -> None:
    result = _close(project, {"CAP-030": [("tests/test_drop.py::test_50g", True)]})
    assert result.verdict is Verdict.PASS and result.compliance is Compliance.COMPLIANT
    assert [m.verdict for m in result.method_results] == [Verdict.PASS, Verdict.PASS]
    assert {e.kind for e in result.evidence} == {"analysis", "test"}


def test_a_failing_test_fails_the_requirement_whatever_the_analysis(
        project: Project) -> None:
    result = _close(project, {"CAP-030": [("tests/test_drop.py::test_50g", False)]})
    assert result.verdict is Verdict.FAIL
    assert result.compliance is Compliance.NON_COMPLIANT
    assert result.method_results[0].verdict is Verdict.PASS
    assert "test: failed tests: tests/test_drop.py::test_50g" in result.reason


def test_the_run_json_carries_each_method_and_the_compliance(project: Project) -> None:
    from okaeri.report.vcrm import results_from_json

    run = run_verification(project, select=["CAP-030"], cache=AnalysisCache(None))
    data = run.as_dict()
    item = next(r for r in data["requirements"] if r["id"] == "CAP-030")
    assert item["compliance"] == "partially compliant"
    assert [m["method"] for m in item["method_results"]] == ["analysis", "test"]
    assert results_from_json(data) == run.requirements


def test_mission_requirement_needs_its_inspection_besides_its_children() -> None:
    run = run_verification(load_project(reference_mission_path()), select=["MIS-001"],
                           cache=AnalysisCache(None))
    result = run.result("MIS-001")
    assert [(m.method, m.verdict) for m in result.method_results] == [
        ("analysis", Verdict.PASS), ("inspection", Verdict.INCONCLUSIVE)]
    assert result.verdict is Verdict.INCONCLUSIVE
