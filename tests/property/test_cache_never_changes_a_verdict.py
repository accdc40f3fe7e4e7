"""The analysis cache never changes a verdict (issue 10, item 2).

Random edits of a copy of the reference mission (model values scaled, a derived-value
expression scaled, two neighbouring phases swapped, a requirement's limit changed) are
verified three times: without a cache, with a cache shared by every example (filled by
the earlier, differently edited missions: a key that forgot something the analysis reads
answers with another mission's result), and again with it (a hit of its own entries).
The three runs give the same verdict, value, limit, margin and estimate for every
requirement. Before the budgets keyed the available system margin on its ports, editing
the tank mass expression gave a cached SYS-020 pass at 0.2089 against an uncached fail
at 0.1947; phase order changed it too.

The Monte Carlo runs 20 samples (``samples: 20`` in the verification file) so that a
run takes about a second; examples are derandomized, so CI runs the same ones.
"""

from __future__ import annotations

import copy
import math
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from okaeri.errors import ModelError
from okaeri.model import reference_mission_path
from okaeri.verification.cache import AnalysisCache
from okaeri.verification.project import load_project
from okaeri.verification.results import VerificationRun
from okaeri.verification.runner import run_verification

REFERENCE = reference_mission_path()
SAMPLES = 20
_QUANTITY = re.compile(r"^([-+]?\d+\.?\d*(?:[eE][-+]?\d+)?)(\s+\S.*)$")


def _documents() -> dict[str, Any]:
    return {f"{sub}/{p.name}": yaml.safe_load(p.read_text())
            for sub in ("model", "requirements", "verification")
            for p in sorted((REFERENCE / sub).glob("*.yaml"))}


DOCUMENTS = _documents()


def _walk(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _walk(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _walk(value, (*prefix, index))
    else:
        found.append((prefix, node))
    return found


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _leaves(folder: str, keep: Any) -> list[tuple[str, tuple[Any, ...]]]:
    return [(name, path) for name, document in sorted(DOCUMENTS.items())
            if name.startswith(folder) for path, value in _walk(document)
            if keep(path, value)]


VALUES = _leaves("model/", lambda path, value: isinstance(value, str) and bool(
    _QUANTITY.match(value)) and "source" not in path)
"""Quantities of the model files (``"45.8 kg"``)."""
EXPRESSIONS = _leaves("model/", lambda path, value: isinstance(value, str)
                      and value.lstrip().startswith("="))
"""Derived values of the model files (``"= otv.propulsion.tank_mass_fraction * ..."``)."""
LIMITS = _leaves("requirements/", lambda path, value: path[-1] == "limit"
                 and isinstance(value, str) and bool(_QUANTITY.match(value)))
"""Requirement limits written as quantities (``"50 g0"``)."""
PHASES = len(DOCUMENTS["model/mission.yaml"]["phases"])
TANKS = next(where for where in EXPRESSIONS if where[1][-1] == "basic_mass"
             and "tank_mass_fraction" in _get(DOCUMENTS[where[0]], where[1]))
"""The tank mass expression (``= otv.propulsion.tank_mass_fraction * ...``)."""


@dataclass(frozen=True)
class Edit:
    """Scale the quantity or expression at ``path`` of ``file`` by ``factor``; or, with
    ``file == "phases"``, swap phase ``factor`` with the next one."""

    file: str
    path: tuple[Any, ...]
    factor: float


def _scaled(value: str, factor: float) -> str:
    if value.lstrip().startswith("="):
        return f"= {factor!r} * ({value.lstrip()[1:].strip()})"
    match = _QUANTITY.match(value)
    assert match is not None
    return f"{float(match.group(1)) * factor!r}{match.group(2)}"


def edited_mission(target: Path, edits: list[Edit]) -> Path:
    """A copy of the reference mission with ``edits`` applied, its Monte Carlo cut to
    :data:`SAMPLES` samples."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(REFERENCE, target)
    documents = copy.deepcopy(DOCUMENTS)
    for edit in edits:
        if edit.file == "phases":
            phases = documents["model/mission.yaml"]["phases"]
            i = int(edit.factor)
            phases[i], phases[i + 1] = phases[i + 1], phases[i]
            continue
        parent = _get(documents[edit.file], edit.path[:-1])
        parent[edit.path[-1]] = _scaled(parent[edit.path[-1]], edit.factor)
    for activity in documents["verification/entry.yaml"]["activities"]:
        if activity.get("analysis") == "entry.monte_carlo":
            activity["settings"]["samples"] = SAMPLES
    for name, document in documents.items():
        if document != DOCUMENTS[name] or name == "verification/entry.yaml":
            (target / name).write_text(yaml.safe_dump(document, sort_keys=False))
    return target


factors = st.sampled_from([0.5, 0.8, 0.9, 0.97, 1.03, 1.1, 1.25, 2.0])
edits = st.lists(st.one_of(
    st.builds(lambda where, f: Edit(*where, f), st.sampled_from(VALUES), factors),
    st.builds(lambda where, f: Edit(*where, f), st.sampled_from(EXPRESSIONS), factors),
    st.builds(lambda where, f: Edit(*where, f), st.sampled_from(LIMITS), factors),
    st.builds(lambda i: Edit("phases", (), float(i)), st.integers(0, PHASES - 2)),
), min_size=1, max_size=3)


def _fields(run: VerificationRun) -> dict[str, tuple[Any, ...]]:
    def same(value: Any) -> Any:
        return "nan" if isinstance(value, float) and math.isnan(value) else value

    return {r.id: (r.verdict, same(r.value_si), same(r.limit_si), same(r.margin),
                   same(r.estimate_si), r.samples) for r in run.requirements}


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> AnalysisCache:
    return AnalysisCache(tmp_path_factory.mktemp("shared-cache"))


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@example(changes=[Edit(*TANKS, 0.5)])  # the case: a cached SYS-020 pass
@example(changes=[Edit(*TANKS, 2.0)])
@example(changes=[Edit("phases", (), 3.0)])  # TLI before the GTO alignment
@given(changes=edits)
def test_cache_never_changes_a_verdict_or_a_value(
        tmp_path: Path, shared_cache: AnalysisCache, changes: list[Edit]) -> None:
    folder = edited_mission(tmp_path / "mission", changes)
    try:
        load_project(folder)
    except ModelError:
        assume(False)  # an edit the model refuses has nothing to verify
    fresh = _fields(run_verification(load_project(folder), cache=AnalysisCache(None)))
    filled = _fields(run_verification(load_project(folder), cache=shared_cache))
    hits_before = shared_cache.hits
    again = _fields(run_verification(load_project(folder), cache=shared_cache))
    assert shared_cache.hits > hits_before  # the third run answered from the cache
    assert filled == fresh
    assert again == fresh
