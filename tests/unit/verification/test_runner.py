"""The verification runner: verdicts, margins, roll-up, errors, evidence, selection, cache."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from okaeri.errors import ModelError
from okaeri.model import reference_mission_path
from okaeri.verification import (
    AnalysisCache,
    Verdict,
    VerificationRun,
    load_project,
    run_verification,
)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> AnalysisCache:
    return AnalysisCache(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def reference_run(cache: AnalysisCache) -> VerificationRun:
    return run_verification(load_project(), cache=cache)


def mission_copy(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    target = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), target)
    for file, (old, new) in edits.items():
        path = target / file
        text = path.read_text()
        assert text.count(old) == 1, (file, old)
        path.write_text(text.replace(old, new))
    return target


def test_reference_mission_closes(reference_run: VerificationRun) -> None:
    """CI fails when the reference mission stops closing."""
    counts = reference_run.counts
    assert (counts.failed, counts.errors, counts.below_required_margin) == (0, 0, 0)
    assert reference_run.exit_code() == 0
    inconclusive = {r.id for r in reference_run.requirements if r.verdict is Verdict.INCONCLUSIVE}
    # the arc-jet test is pending; MIS-002's design review has no evidence record yet
    assert inconclusive == {"CAP-070", "SYS-050", "MIS-001", "MIS-002"}


def test_every_criterion_result_carries_value_limit_margin_and_evidence(
        reference_run: VerificationRun) -> None:
    for result in reference_run.requirements:
        if result.criterion:
            assert result.value_si is not None and result.limit_si is not None
            assert result.margin is not None and result.evidence


def test_margin_definition(reference_run: VerificationRun) -> None:
    cap010 = reference_run.result("CAP-010")
    assert cap010.margin == pytest.approx((cap010.limit_si - cap010.value_si) / cap010.limit_si)
    sys020 = reference_run.result("SYS-020")  # a lower bound: (value - limit) / limit
    assert sys020.margin == pytest.approx((sys020.value_si - 0.2) / 0.2)


def test_broken_limit_fails_and_marks_parents(tmp_path: Path, cache: AnalysisCache) -> None:
    folder = mission_copy(tmp_path, {"model/capsule.yaml": (
        'max_heat_flux: "10 MW/m^2"', 'max_heat_flux: "4 MW/m^2"')})
    run = run_verification(load_project(folder), cache=cache)
    assert run.result("CAP-010").verdict is Verdict.FAIL
    assert run.result("SYS-050").verdict is Verdict.FAIL
    assert "CAP-010" in run.result("SYS-050").marked_by
    assert run.result("MIS-001").verdict is Verdict.FAIL
    assert run.exit_code() == 1


def test_a_margin_below_the_required_one_fails_the_requirement(
        tmp_path: Path, cache: AnalysisCache) -> None:
    # CAP-010 asks for 20 % below the qualification limit: the margin is part of it
    folder = mission_copy(tmp_path, {"model/capsule.yaml": (
        'max_heat_flux: "10 MW/m^2"', 'max_heat_flux: "5 MW/m^2"')})
    run = run_verification(load_project(folder), cache=cache)
    cap010 = run.result("CAP-010")
    assert cap010.value_si is not None and cap010.limit_si is not None
    assert cap010.value_si < cap010.limit_si  # inside the limit ...
    assert cap010.verdict is Verdict.FAIL and cap010.below_required_margin  # ... not enough
    assert cap010.reason.endswith("is below the required 20.0 %")
    assert run.exit_code() == 1 and run.exit_code(strict=True) == 1


def test_failing_analysis_is_an_error_never_a_pass(tmp_path: Path, cache: AnalysisCache) -> None:
    # a grazing return (vacuum perigee at 90 km): the capsule skips out, no deployment
    folder = mission_copy(tmp_path, {"model/mission.yaml": (
        'vacuum_perigee_altitude: "0 km"', 'vacuum_perigee_altitude: "90 km"')})
    run = run_verification(load_project(folder), cache=cache)
    cap020 = run.result("CAP-020")
    assert cap020.verdict is Verdict.ERROR and cap020.error_root == "entry.nominal"
    cause, = [c for c in run.errors if c.key == "entry.nominal"]  # named once
    assert "skip_out" in cause.message and "CAP-020" in cause.requirements
    assert "skip_out" not in cap020.reason  # the rows refer to it, they do not repeat it
    nominal = [r for r in run.requirements if r.quantity.startswith("entry.nominal.")]
    assert {r.id for r in nominal} == set(cause.requirements)
    assert all(r.verdict is Verdict.ERROR for r in nominal)
    assert run.result("CAP-060").verdict is Verdict.FAIL  # skip-outs miss the zone
    assert run.result("SYS-010").verdict is Verdict.PASS  # the budgets still close
    assert run.exit_code() == 1


def test_changed_artefact_makes_evidence_stale(tmp_path: Path, cache: AnalysisCache) -> None:
    folder = mission_copy(tmp_path, {})
    report = folder / "evidence" / "arcjet-qualification-report.md"
    report.write_text(report.read_text() + "\nedited\n")
    run = run_verification(load_project(folder), select=["CAP-070"])
    cap070 = run.result("CAP-070")
    assert cap070.verdict is Verdict.INCONCLUSIVE and "stale" in cap070.reason
    assert cap070.evidence_stale


def test_marked_tests_close_a_test_requirement(reference_run: VerificationRun,
                                               cache: AnalysisCache) -> None:
    project = load_project()
    passed = run_verification(project, select=["CAP-070"],
                              test_outcomes={"CAP-070": [("tests/test_arcjet.py::t", True)]})
    assert passed.result("CAP-070").verdict is Verdict.PASS
    failed = run_verification(project, select=["CAP-070"],
                              test_outcomes={"CAP-070": [("tests/test_arcjet.py::t", False)]})
    assert failed.result("CAP-070").verdict is Verdict.FAIL


def test_selection_runs_only_what_is_needed(cache: AnalysisCache) -> None:
    run = run_verification(load_project(), select=["CAP-040"], cache=cache)
    assert {r.id for r in run.requirements} == {"CAP-040", "CAP-041", "CAP-042"}
    assert run.monte_carlo is None  # the corridor was needed, the Monte Carlo was not


def test_the_monte_carlo_runs_on_a_worker_beside_the_budgets() -> None:
    """The runner asks for what the criteria read in the budgets' pass, so the concurrent
    Monte Carlo starts once its inputs are computed, on a worker thread."""
    threads: dict[str, str] = {}

    def progress(message: str) -> None:
        threads.setdefault(message, threading.current_thread().name)

    run_verification(load_project(), select=["CAP-010"], progress=progress)
    assert threads["entry.monte_carlo: computing"].startswith("okaeri-analysis")
    assert threads["entry.nominal: computing"] == threading.main_thread().name


def test_unknown_selection_is_invalid_input() -> None:
    with pytest.raises(ModelError, match="unknown requirement 'CAP-999'"):
        run_verification(load_project(), select=["CAP-999"])


def test_monte_carlo_is_reproducible_from_its_seed(tmp_path: Path) -> None:
    first = run_verification(load_project(), select=["CAP-060"])
    second = run_verification(load_project(), select=["CAP-060"])
    assert first.result("CAP-060").value_si == second.result("CAP-060").value_si
    folder = mission_copy(tmp_path, {"verification/entry.yaml": (
        "seed: 20261124", "seed: 7")})
    other = run_verification(load_project(folder), select=["CAP-060"])
    assert other.result("CAP-060").value_si != first.result("CAP-060").value_si


def test_cache_hits_on_a_second_run(tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path / "cache")
    run_verification(load_project(), cache=cache)
    misses = cache.misses
    again = AnalysisCache(tmp_path / "cache")
    run_verification(load_project(), cache=again)
    assert misses > 0 and again.misses == 0 and again.hits >= 3
    for entry in (tmp_path / "cache").iterdir():
        entry.write_text("{not json")
    broken = AnalysisCache(tmp_path / "cache")
    run = run_verification(load_project(), cache=broken)
    assert run.counts.failed == 0 and broken.misses >= misses  # unreadable entries: recomputed


def _passed_record(folder: Path, approval: str) -> None:
    evidence = folder / "verification" / "evidence.yaml"
    text = evidence.read_text()
    text = text.replace("    result: pending ", "    result: pass ")
    evidence.write_text(text.replace('    approved_by: ""', approval))


def test_evidence_counts_only_when_approved(tmp_path: Path, cache: AnalysisCache) -> None:
    """A record with result pass and no approval is inconclusive; approved, it passes."""
    folder = mission_copy(tmp_path, {})
    _passed_record(folder, '    approved_by: ""')
    cap070 = run_verification(load_project(folder), select=["CAP-070"]).result("CAP-070")
    assert cap070.verdict is Verdict.INCONCLUSIVE and "not approved" in cap070.reason
    _passed_record(folder, "    approved_by: Heat-shield review board\n"
                           "    approved_on: 2026-07-15")
    cap070 = run_verification(load_project(folder), select=["CAP-070"]).result("CAP-070")
    assert cap070.verdict is Verdict.PASS, cap070.reason


def test_evidence_is_stale_when_the_model_asks_more_than_it_covers(
        tmp_path: Path, cache: AnalysisCache) -> None:
    """The arc-jet test ran to 10 MW/m^2: qualifying the shield to 12 MW/m^2 on paper
    leaves CAP-070 without evidence (and CAP-010 now compares with the higher limit)."""
    folder = mission_copy(tmp_path, {"model/capsule.yaml": (
        'max_heat_flux: "10 MW/m^2"', 'max_heat_flux: "12 MW/m^2"')})
    _passed_record(folder, "    approved_by: Heat-shield review board\n"
                           "    approved_on: 2026-07-15")
    cap070 = run_verification(load_project(folder), select=["CAP-070"]).result("CAP-070")
    assert cap070.verdict is Verdict.INCONCLUSIVE and cap070.evidence_stale
    assert "capsule.heat_shield.max_heat_flux is 12 MW/m^2 now, above the 10 MW/m^2" \
        in cap070.reason


def test_a_review_requirement_needs_its_own_evidence(reference_run: VerificationRun) -> None:
    """MIS-002 is verified by review of design: its children passing is not enough."""
    mis002 = reference_run.result("MIS-002")
    assert mis002.verdict is Verdict.INCONCLUSIVE and "its own evidence" in mis002.reason


def test_a_percentile_needs_its_samples(tmp_path: Path, cache: AnalysisCache) -> None:
    """One sample cannot bound a 99.87th percentile: inconclusive, with the count needed
    (1 - 0.9987^n >= 0.9 from n = 1,771; Wilks 1941)."""
    folder = mission_copy(tmp_path, {"verification/entry.yaml": (
        "      seed: 20261124\n", "      seed: 20261124\n      samples: 1\n")})
    cap010 = run_verification(load_project(folder), select=["CAP-010"],
                              cache=cache).result("CAP-010")
    assert cap010.verdict is Verdict.INCONCLUSIVE
    assert (cap010.samples, cap010.samples_needed) == (1, 1771)
    assert "needs at least 1771 samples; 1 ran" in cap010.reason


def test_samples_without_a_value_are_an_error_not_a_traceback(
        tmp_path: Path, cache: AnalysisCache) -> None:
    """A percentile of the drift of a capsule without a parachute descent: every sample is
    NaN, so the requirement is an error that says so."""
    folder = mission_copy(tmp_path, {"model/capsule.yaml": (
        '      drogue_drag_area: "0.6 m^2"\n      main_drag_area: "20 m^2"\n'
        '      main_deploy_altitude: "3 km"\n', "")})
    entry = folder / "verification" / "entry.yaml"
    text = entry.read_text()
    entry.write_text(text[:text.index("        jet_stream:")]
                     + text[text.index("        g_switch_level:"):text.index(
                         "        drogue_drag_area:")])
    (folder / "requirements" / "drift.yaml").write_text(
        "requirements:\n  - id: CAP-061\n    title: Drift\n    text: The drift shall be "
        "small.\n    rationale: a test\n    source: a test\n    level: segment\n"
        "    parents: [CAP-060]\n    method: analysis\n"
        "    criterion:\n      quantity: entry.monte_carlo.drift\n"
        "      statistic: {percentile: 99}\n      comparator: \"<=\"\n      limit: \"20 km\"\n")
    verification = folder / "verification" / "entry.yaml"
    verification.write_text(verification.read_text().replace(
        "verifies: [CAP-010, CAP-031, CAP-051, CAP-052, CAP-060]",
        "verifies: [CAP-010, CAP-031, CAP-051, CAP-052, CAP-060, CAP-061]"))
    run = run_verification(load_project(folder), select=["CAP-061"], cache=cache)
    result = run.result("CAP-061")
    assert result.verdict is Verdict.ERROR
    assert "samples of entry.monte_carlo.drift have no value (NaN)" in result.reason
