"""The pytest plugin: requirements as test items, closed after the tests marked verifies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okaeri.model import reference_mission_path

pytest_plugins = ["pytester"]

# Subprocess runs: an in-process run would unload the modules it imported (numpy and
# scipy extensions cannot be loaded twice in one process).

OPTIONS = ("-p", "no:cacheprovider", "-p", "no:randomly")


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("okaeri-cache")


@pytest.fixture
def mission(pytester: pytest.Pytester, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
            ) -> Path:
    monkeypatch.setenv("OKAERI_CACHE_DIR", str(cache_dir))
    target = pytester.path / "mission"
    shutil.copytree(reference_mission_path(), target)
    return target


def _line_of(requirement_id: str) -> int:
    """Line of ``- id: <requirement_id>`` in the reference mission's capsule requirements."""
    text = (reference_mission_path() / "requirements" / "capsule.yaml").read_text("utf-8")
    return next(number for number, line in enumerate(text.splitlines(), start=1)
                if line.strip() == f"- id: {requirement_id}")


def test_each_requirement_is_an_item_with_its_verdict(pytester: pytest.Pytester,
                                                      mission: Path) -> None:
    result = pytester.runpytest_subprocess("--okaeri", "mission", "-v", "-rs", *OPTIONS)
    result.assert_outcomes(passed=26, skipped=4)
    result.stdout.fnmatch_lines([
        "okaeri: requirements of */mission",
        "collecting ... collected 30 items",
        "mission/requirements/capsule.yaml::CAP-010 PASSED*",
        "*okaeri LSR-1*",
        "INCOMPLETE: 26 pass, 0 fail, 4 inconclusive, 0 error; 0 below required margin",
        f"SKIPPED [[]1[]] mission/requirements/capsule.yaml:{_line_of('CAP-070')}: "
        "CAP-070 inconclusive: *pending",
    ])


def test_a_passing_marked_test_closes_a_test_requirement(pytester: pytest.Pytester,
                                                         mission: Path) -> None:
    pytester.makepyfile(test_arcjet="""
        import pytest

        @pytest.mark.verifies("CAP-070")
        def test_arcjet_qualification():
            assert True
    """)
    result = pytester.runpytest_subprocess("--okaeri", "mission", "-v", *OPTIONS)
    # CAP-070, and with it SYS-050, pass; MIS-001 waits for its post-landing inspection,
    # MIS-002's review has no evidence
    result.assert_outcomes(passed=29, skipped=2)
    result.stdout.fnmatch_lines(["test_arcjet.py::test_arcjet_qualification PASSED*",
                                 "*::CAP-070 PASSED*"])


def test_a_failing_marked_test_fails_its_requirement(pytester: pytest.Pytester,
                                                     mission: Path) -> None:
    pytester.makepyfile(test_arcjet="""
        import pytest

        @pytest.mark.verifies("CAP-070")
        def test_arcjet_qualification():
            assert 1 == 2
    """)
    result = pytester.runpytest_subprocess("--okaeri", "mission", *OPTIONS)
    # the test, CAP-070, SYS-050, MIS-001 fail; MIS-002's review has no evidence
    result.assert_outcomes(passed=26, failed=4, skipped=1)
    result.stdout.fnmatch_lines([
        "*_ CAP-070 Heat shield qualified by arc-jet test _*",
        "CAP-070 Heat shield qualified by arc-jet test: FAIL",
        "  reason:    failed tests: test_arcjet.py::test_arcjet_qualification",
        "*_ SYS-050 Safe entry, descent and recovery _*",
        "  reason:    derived requirement CAP-070 fail",
    ])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_requirements_run_after_every_other_test(pytester: pytest.Pytester,
                                                 mission: Path) -> None:
    pytester.makeconftest("""
        import pytest

        @pytest.hookimpl(trylast=True)
        def pytest_collection_modifyitems(items):
            items.reverse()  # another plugin reordering the tests
    """)
    pytester.makepyfile(test_zz_last="def test_z():\n    pass\n")
    result = pytester.runpytest_subprocess("--okaeri", "mission", "-v", *OPTIONS)
    lines = [line for line in result.outlines if " PASSED" in line or " SKIPPED" in line]
    assert lines[0].startswith("test_zz_last.py::test_z PASSED")
    assert len(lines) == 31


def test_a_failing_criterion_reports_value_limit_and_margin(pytester: pytest.Pytester,
                                                            mission: Path) -> None:
    system = mission / "requirements" / "system.yaml"
    system.write_text(system.read_text().replace('limit: "= launch.mass_allowance"',
                                                 'limit: "1500 kg"', 1))
    result = pytester.runpytest_subprocess("--okaeri", "mission", "--okaeri-require", "SYS-010",
                                *OPTIONS)
    result.assert_outcomes(failed=1)
    # (patterns, not values: pytester's module snapshot forbids importing numpy here)
    result.stdout.fnmatch_lines([
        "SYS-010 Launch mass: FAIL",
        "  criterion: budget.mass.launch <= 1500 kg",
        "  value:     1,9?? kg",
        "  limit:     1,500 kg",
        "  margin:    -??.? %, required 0.0 %",
        "  reason:    the value does not meet the limit",
    ])


def test_invalid_missions_and_markers_are_reported(pytester: pytest.Pytester,
                                                   mission: Path) -> None:
    pytester.makepyfile(test_typo="""
        import pytest

        @pytest.mark.verifies("CAP-07")
        def test_arcjet():
            pass
    """)
    result = pytester.runpytest_subprocess("--okaeri", "mission", *OPTIONS)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*verifies('CAP-07') names no requirement*CAP-070*"])

    capsule = mission / "requirements" / "capsule.yaml"
    capsule.write_text(capsule.read_text().replace('limit: "50 g0"', 'limit: "50 kg"', 1))
    (pytester.path / "test_typo.py").unlink()
    result = pytester.runpytest_subprocess("--okaeri", "mission", *OPTIONS)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*ERROR collecting mission*",
                                 "*cannot be verified*", "*okaeri.unit_mismatch*"])


def test_without_the_option_the_plugin_does_nothing(pytester: pytest.Pytester,
                                                    mission: Path) -> None:
    pytester.makepyfile(test_arcjet="""
        import pytest

        @pytest.mark.verifies("CAP-070")
        def test_arcjet_qualification():
            pass
    """)
    result = pytester.runpytest_subprocess("--strict-markers", *OPTIONS)
    result.assert_outcomes(passed=1)
    assert "okaeri" not in result.stdout.str().replace("okaeri-", "")
