"""One verification of a copy of the reference mission, shared by the report tests.

The copy lives outside any git repository (the provenance has no revision, whatever
state the checkout is in) and the run's timestamp comes from ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from okaeri.model import reference_mission_path
from okaeri.verification import AnalysisCache, VerificationRun, load_project, run_verification

EPOCH = "1704067200"
"""2024-01-01T00:00:00Z."""


@pytest.fixture(scope="session")
def source_date_epoch() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield EPOCH


@pytest.fixture(scope="session")
def report_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("okaeri-cache")


@pytest.fixture(scope="session")
def mission(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("report") / "mission"
    shutil.copytree(reference_mission_path(), target)
    return target


def verify(folder: Path, cache_dir: Path | None, select: tuple[str, ...] = ()
           ) -> VerificationRun:
    """A full run with histories, as ``okaeri report`` does it."""
    cache = AnalysisCache(cache_dir)
    project = load_project(folder)
    return run_verification(project, select=select, cache=cache, with_histories=True)


@pytest.fixture(scope="session")
def verifier() -> Callable[[Path, Path | None], VerificationRun]:
    """:func:`verify`, for tests that run the verification again."""
    return verify


@pytest.fixture(scope="session")
def run(mission: Path, report_cache_dir: Path, source_date_epoch: str) -> VerificationRun:
    return verify(mission, report_cache_dir)
