"""The mission of a Sphinx build: loaded and verified once, at ``builder-inited``.

:func:`load_for_build` loads the folder named by the ``okaeri_mission`` setting, runs
the verification (with the entry histories and Monte Carlo samples the plots need) and
keeps the result for the build's environment; every directive then reads
:func:`mission_data`. Nothing is computed a second time: the directives hand the run to
:mod:`okaeri.report`, the same code that writes the compliance report.

A mission that cannot be loaded is not fatal for the build: its findings become
``okaeri.model`` warnings at their file and line, and the directives show a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from okaeri.sphinxext.logs import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from okaeri.errors import Finding
    from okaeri.report.package import PackageFile
    from okaeri.verification.project import Project
    from okaeri.verification.results import RequirementResult, VerificationRun


@dataclass(frozen=True)
class MissionData:
    """A mission folder and what the build knows about it."""

    folder: Path
    """The mission folder (absolute)."""
    project: Project | None
    """The loaded project; ``None`` when the folder has findings that are errors."""
    run: VerificationRun | None
    """The verification run; ``None`` when the project could not be loaded."""
    files: tuple[Path, ...]
    """The mission's YAML files and evidence artefacts: a page showing live data is
    read again when one of them changes."""
    problem: str = ""
    """Why there is no run (the loader's findings), for the directives' notes."""
    cache_dir: Path | None = None
    """The analysis cache folder (``okaeri_cache``), where figures are kept too; ``None``
    with the cache off."""
    package: PackageFile | None = None
    """The mission's ``review.yaml`` (:mod:`okaeri.report.package`; defaults without
    one, ``None`` when it is not valid: its findings are warnings)."""
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """What the directives draw once per build and process (the report view)."""


_BY_ENV: WeakKeyDictionary[Any, MissionData] = WeakKeyDictionary()
_PRELOADED: dict[Path, tuple[Project, VerificationRun | None]] = {}


@contextmanager
def preloaded(project: Project, run: VerificationRun | None = None) -> Iterator[None]:
    """Builds inside this block take ``project`` (and ``run``, when given) for its
    folder instead of loading and verifying it again: ``okaeri review`` has loaded it to
    report the findings before building, and the PDF's second build shows the same
    run."""
    folder = project.folder.resolve()
    _PRELOADED[folder] = (project, run)
    try:
        yield
    finally:
        _PRELOADED.pop(folder, None)


def mission_folder(app: Sphinx) -> Path:
    """The folder ``okaeri_mission`` names (relative to the conf.py folder), or the
    reference mission shipped with okaeri."""
    setting = app.config.okaeri_mission
    if not setting:
        from okaeri.model import reference_mission_path

        return reference_mission_path().resolve()
    return (Path(app.confdir) / str(setting)).resolve()


def mission_files(folder: Path) -> tuple[Path, ...]:
    """Files whose change changes the run: YAML of model/, requirements/,
    verification/, and everything under evidence/."""
    from okaeri.model.load import MODEL_DIR, REQUIREMENTS_DIR, VERIFICATION_DIR, yaml_files
    from okaeri.verification.evidence import EVIDENCE_DIR

    files = [f for name in (MODEL_DIR, REQUIREMENTS_DIR, VERIFICATION_DIR)
             for f in yaml_files(folder / name)]
    evidence = folder / EVIDENCE_DIR
    if evidence.is_dir():
        files += sorted(p for p in evidence.rglob("*") if p.is_file())
    from okaeri.report.package import PACKAGE_FILE

    if (folder / PACKAGE_FILE).is_file():
        files.append(folder / PACKAGE_FILE)
    return tuple(files)


def load_for_build(app: Sphinx) -> None:
    """``builder-inited``: load and verify the mission once for this build."""
    from okaeri.errors import ModelError
    from okaeri.verification.cache import AnalysisCache, default_cache_dir
    from okaeri.verification.project import load_project
    from okaeri.verification.runner import run_verification

    folder = mission_folder(app)
    files = mission_files(folder)
    cache = AnalysisCache(default_cache_dir() if app.config.okaeri_cache else None)
    project, run = _PRELOADED.get(folder, (None, None))
    try:
        project = project or load_project(folder)
    except ModelError as exc:
        for finding in exc.findings:
            if finding.severity == "error":
                where = f" ({finding.location.path})" if finding.location.path else ""
                warn("model", f"{finding.message}{where} [{finding.code}]",
                     _finding_location(finding, folder))
        _BY_ENV[app.env] = MissionData(folder, None, None, files,
                                       problem=f"{folder}: the mission has "
                                       f"{len(exc.findings)} finding(s); see the warnings")
        return
    run = run or run_verification(project, cache=cache, with_histories=True)
    _BY_ENV[app.env] = MissionData(folder, project, run, files, cache_dir=cache.folder,
                                   package=_package(folder))
    if app.config.okaeri_verdict_warnings:
        for result in run.requirements:
            _warn_verdict(result, folder)


def _package(folder: Path) -> PackageFile | None:
    """The mission's review.yaml; its findings become ``okaeri.model`` warnings."""
    from okaeri.errors import ModelError
    from okaeri.report.package import load_package

    try:
        return load_package(folder)
    except ModelError as exc:
        for finding in exc.findings:
            where = f" ({finding.location.path})" if finding.location.path else ""
            warn("model", f"{finding.message}{where} [{finding.code}]",
                 _finding_location(finding, folder))
        return None


def mission_data(env: BuildEnvironment) -> MissionData:
    """What :func:`load_for_build` found for this build's environment."""
    try:
        return _BY_ENV[env]
    except KeyError:
        from okaeri.errors import OkaeriError

        raise OkaeriError("okaeri.sphinxext: the mission was not loaded; is "
                          "'okaeri.sphinxext' in the extensions of conf.py?") from None


def verdict_subtype(result: RequirementResult) -> str | None:
    """The warning subtype a result calls for, or ``None`` for a clean pass."""
    verdict = str(result.verdict)
    if verdict == "error":
        return "analysis_error"
    if verdict == "fail":
        return "failing_requirement"
    if verdict == "inconclusive":
        return "stale_evidence" if result.evidence_stale else "inconclusive"
    if result.below_required_margin:
        return "low_margin"
    return None


def _warn_verdict(result: RequirementResult, folder: Path) -> None:
    subtype = verdict_subtype(result)
    if subtype is None:
        return
    detail = result.reason or "below its required margin"
    location = _requirement_location(result.location, folder)
    warn(subtype, f"{result.id} {result.verdict}: {detail}", location)  # type: ignore[arg-type]


def _requirement_location(location: str, folder: Path) -> str | None:
    """``requirements/capsule.yaml:4`` as an absolute ``path:line``."""
    if not location:
        return None
    path, _, line = location.rpartition(":")
    if not path:
        return f"{folder / location}:"
    return f"{folder / path}:{line}"


def _finding_location(finding: Finding, folder: Path) -> str | None:
    """``file:line`` of a finding (absolute when the file is in the mission folder)."""
    where = finding.location
    if not where.file:
        return None
    path = Path(where.file)
    if not path.is_absolute() and (folder / path).exists():
        path = folder / path
    return f"{path}:{where.line or ''}"
