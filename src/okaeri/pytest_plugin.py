"""pytest plugin: a mission's requirements as test items, closed after the ordinary tests.

Installed with okaeri (entry point ``pytest11``); it does nothing unless asked:

``pytest --okaeri PATH``
    collects every requirement of the mission folder ``PATH`` as a test item named by
    its id (``requirements/capsule.yaml::CAP-010``, the title in the failure headline
    and for ``-k``). The items run after every other test; the first one runs the
    verification (analysis cache as in ``okaeri verify``; ``--okaeri-no-cache``), and each
    reports its requirement's verdict: ``pass`` passes (a pass below its required margin
    also emits a warning), ``fail`` and ``error`` fail with the value, limit, margin and
    reason, ``inconclusive`` is skipped with the reason.
``--okaeri-require ID`` (repeatable)
    only these requirements and those derived from them.
``@pytest.mark.verifies("CAP-070", ...)``
    marks an ordinary test as evidence for test-method requirements: with ``--okaeri``,
    the outcomes of marked tests (passed unless a phase failed; skipped tests do not
    count) are handed to :func:`~okaeri.verification.runner.run_verification`, so that a
    requirement verified by test passes when all its marked tests pass and fails when
    one fails. A marker naming an unknown requirement is a usage error.

Invalid mission files are reported as a collection error with okaeri's findings. Without
``--okaeri`` only the marker is registered: no hook runs per test, nothing of okaeri
beyond this module is imported.
"""

from __future__ import annotations

import warnings
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from okaeri.verification.project import Project
    from okaeri.verification.results import RequirementResult, VerificationRun

MARKER = "verifies"


class OkaeriMarginWarning(pytest.PytestWarning):
    """A requirement passes below its required margin."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--okaeri PATH``, ``--okaeri-require ID``, ``--okaeri-no-cache``."""
    group = parser.getgroup("okaeri", "okaeri requirements")
    group.addoption("--okaeri", metavar="PATH", default=None,
                    help="collect the requirements of the mission folder PATH as test items")
    group.addoption("--okaeri-require", metavar="ID", action="append", default=[],
                    help="only this requirement and those derived from it (repeatable)")
    group.addoption("--okaeri-no-cache", action="store_true", default=False,
                    help="do not read or write okaeri's analysis cache")


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``verifies`` marker; activate the plugin when ``--okaeri`` is given."""
    config.addinivalue_line(
        "markers", f"{MARKER}(*ids): this test is evidence for the requirements ids "
        "(closed with --okaeri)")
    folder = config.getoption("okaeri")
    if folder is not None:
        config.pluginmanager.register(
            OkaeriSession(config, Path(folder), config.getoption("okaeri_require"),
                          not config.getoption("okaeri_no_cache")),
            "okaeri-session")


class RequirementFile(pytest.File):
    """A requirements file of the mission: the parent of its requirement items."""

    def collect(self) -> Iterable[pytest.Item]:  # pragma: no cover - built directly
        """Items are created by :class:`OkaeriSession`, not by collection."""
        return []


class RequirementItem(pytest.Item):
    """One requirement: passes, fails or is skipped with its verdict."""

    def __init__(self, *, requirement_id: str, title: str, line: int, state: OkaeriSession,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.requirement_id = requirement_id
        self.title = title
        self.line = line
        self.state = state
        self.extra_keyword_matches.add(title)
        self.user_properties.append(("title", title))

    def runtest(self) -> None:
        """Close the requirement (the first item runs the verification)."""
        result = self.state.result(self.requirement_id)
        verdict = str(result.verdict)
        self.user_properties.append(("verdict", verdict))
        if verdict in ("fail", "error"):
            raise RequirementFailedError(result)
        if verdict == "inconclusive":
            # reported at the requirement's file and line, not at this module's
            raise pytest.skip.Exception(
                f"{result.id} inconclusive: {result.reason or 'no evidence yet'}",
                _use_item_location=True)
        if result.below_required_margin:
            warnings.warn(OkaeriMarginWarning(f"{result.id}: {result.reason}"), stacklevel=1)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | Any:
        """The requirement's verdict, value, limit, margin and reason; no traceback."""
        if isinstance(excinfo.value, RequirementFailedError | VerificationFailedError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        """The requirement's file and line, and ``"CAP-010 Peak heat flux"``."""
        return self.path, max(self.line - 1, 0), f"{self.requirement_id} {self.title}"


class RequirementFailedError(Exception):
    """A requirement failed or its analysis errored."""

    def __init__(self, result: RequirementResult) -> None:
        super().__init__(describe(result))


class VerificationFailedError(Exception):
    """The verification could not run (invalid model, analysis crash)."""


def describe(result: RequirementResult) -> str:
    """A readable account of a verdict: criterion, value, limit, margin, reason."""
    from okaeri.report.format import result_details

    lines = [f"{result.id} {result.title}: {str(result.verdict).upper()}"]
    lines += [f"  {label + ':':<10} {text}" for label, text in result_details(result)]
    if result.location:
        lines.append(f"  defined at {result.location}")
    return "\n".join(lines)


class OkaeriSession:
    """The plugin's state for one ``pytest --okaeri`` session."""

    def __init__(self, config: pytest.Config, folder: Path, select: list[str],
                 use_cache: bool) -> None:
        self.config = config
        self.folder = folder if folder.is_absolute() else config.invocation_params.dir / folder
        self.select = list(select)
        self.use_cache = use_cache
        self.project: Project | None = None
        self.outcomes: dict[str, dict[str, bool]] = {}
        self._run: VerificationRun | None = None
        self._error: str | None = None

    # --- collection ---------------------------------------------------------------------

    def _load(self) -> Project:
        from okaeri.verification.cache import AnalysisCache, default_cache_dir
        from okaeri.verification.project import load_project

        self.cache = AnalysisCache(default_cache_dir() if self.use_cache else None)
        return load_project(self.folder)

    def _targets(self, project: Project) -> set[str]:
        requirements = project.requirements
        if not self.select:
            return set(requirements.ids)
        unknown = [i for i in self.select if i not in requirements]
        if unknown:
            from okaeri.errors import did_you_mean

            hints = [did_you_mean(i, requirements.ids) for i in unknown]
            raise pytest.UsageError(
                f"--okaeri-require: unknown requirement {', '.join(unknown)} in "
                f"{self.folder}" + "".join(f" ({h})" for h in hints if h))
        targets = set(self.select)
        for requirement_id in self.select:
            targets.update(r.id for r in requirements.descendants(requirement_id))
        return targets

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, session: pytest.Session, config: pytest.Config,
                                      items: list[pytest.Item]) -> None:
        """Add the requirement items (before -k and deselection apply to them)."""
        from okaeri.errors import OkaeriError

        try:
            project = self._load()
        except OkaeriError as exc:
            try:
                where = self.folder.relative_to(config.rootpath).as_posix()
            except ValueError:
                where = str(self.folder)
            report = pytest.CollectReport(
                where, "failed", f"okaeri: the mission in {self.folder} cannot "
                f"be verified:\n{exc}", [])
            config.hook.pytest_collectreport(report=report)
            return
        self.project = project
        self._check_markers(project, items)
        targets = self._targets(project)
        files: dict[str, RequirementFile] = {}
        added: list[pytest.Item] = []
        located = []
        for requirement in project.requirements:
            if requirement.id not in targets:
                continue
            location = project.requirements.location(requirement.id)
            located.append((location.file, location.line, requirement.id, requirement.title))
        for file, line, requirement_id, title in sorted(located):
            if file not in files:
                files[file] = RequirementFile.from_parent(session, path=self.folder / file)
            added.append(RequirementItem.from_parent(
                files[file], name=requirement_id, requirement_id=requirement_id,
                title=title, line=line, state=self))
        for collector in files.values():  # counted in "collected N items"
            config.hook.pytest_collectreport(report=pytest.CollectReport(
                collector.nodeid, "passed", None, [i for i in added if i.parent is collector]))
        items.extend(added)

    def _check_markers(self, project: Project, items: list[pytest.Item]) -> None:
        from okaeri.errors import did_you_mean

        problems = []
        for item in items:
            for mark in item.iter_markers(MARKER):
                for requirement_id in mark.args:
                    if requirement_id not in project.requirements:
                        hint = did_you_mean(str(requirement_id), project.requirements.ids)
                        problems.append(f"{item.nodeid}: @pytest.mark.{MARKER}("
                                        f"{requirement_id!r}) names no requirement of "
                                        f"{self.folder}" + (f" ({hint})" if hint else ""))
        if problems:
            raise pytest.UsageError("\n".join(problems))

    # --- running ------------------------------------------------------------------------

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]
                                  ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """Record the outcome of tests marked ``verifies``."""
        report = yield
        ids = [str(i) for mark in item.iter_markers(MARKER) for i in mark.args]
        if ids and not isinstance(item, RequirementItem):
            for requirement_id in ids:
                outcomes = self.outcomes.setdefault(requirement_id, {})
                if report.failed:
                    outcomes[item.nodeid] = False
                elif report.when == "call" and report.passed:
                    outcomes.setdefault(item.nodeid, True)
        return report

    def result(self, requirement_id: str) -> RequirementResult:
        """The verdict of one requirement (the verification runs on the first call)."""
        if self._run is None and self._error is None:
            self._verify()
        if self._run is None:
            raise VerificationFailedError(f"{requirement_id}: the verification could not run: "
                                     f"{self._error}")
        return self._run.result(requirement_id)

    def _verify(self) -> None:
        from okaeri.errors import OkaeriError
        from okaeri.verification.runner import run_verification

        if self.project is None:  # pragma: no cover - items exist only after loading
            self._error = "the mission was not loaded"
            return
        tests = {k: sorted(v.items()) for k, v in sorted(self.outcomes.items())}
        try:
            self._run = run_verification(self.project, select=self.select, cache=self.cache,
                                         test_outcomes=tests)
        except OkaeriError as exc:
            self._error = str(exc)

    def pytest_report_header(self, config: pytest.Config) -> str:
        """``okaeri: requirements of <folder>``."""
        selected = f" (only {', '.join(self.select)})" if self.select else ""
        return f"okaeri: requirements of {self.folder}{selected}"

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """The verification's summary line."""
        if self._run is not None:
            from okaeri.report.terminal import summary_line

            terminalreporter.write_sep("-", f"okaeri {self._run.provenance.mission}")
            terminalreporter.write_line(summary_line(self._run))


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> Generator[None, None, None]:
    """Run requirement items after every other test, whatever the other plugins did."""
    result = yield
    if config.getoption("okaeri", None) is not None:
        items.sort(key=lambda item: isinstance(item, RequirementItem))
    return result


__all__ = [
    "MARKER",
    "OkaeriMarginWarning",
    "OkaeriSession",
    "RequirementFailedError",
    "RequirementItem",
    "describe",
]
