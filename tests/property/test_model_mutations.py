"""Random mutations of a valid model file end in findings, never in a traceback."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okaeri.errors import ModelError
from okaeri.model import load_mission, reference_mission_path

REFERENCE = reference_mission_path()
CAPSULE = yaml.safe_load((REFERENCE / "model" / "capsule.yaml").read_text())
FIXTURES = [HealthCheck.function_scoped_fixture]
UNITS = ["kg", "m", "km/s", "deg", "MW/m^2", "s", "N", "%", "kPa", "g0", "J", "furlong"]


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


ALL_PATHS = paths(CAPSULE)
def get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


garbage = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=12), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.builds(lambda x, u: f"{x} {u}", st.floats(-1e3, 1e3), st.sampled_from(UNITS)),
)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(CAPSULE)
    for _ in range(draw(st.integers(1, 3))):
        candidates = paths(data)
        if not candidates:
            break
        path = draw(st.sampled_from(candidates))
        parent = get(data, path[:-1]) if len(path) > 1 else data
        action = draw(st.sampled_from(["delete", "replace", "rename"]))
        key = path[-1]
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(garbage)
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = parent.pop(key)
    return data


def load_with(tmp: Path, capsule_text: str) -> None:
    target = tmp / "m"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(REFERENCE, target)
    (target / "model" / "capsule.yaml").write_text(capsule_text)
    load_mission(target)


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURES)
@given(data=mutated())
def test_mutated_model_file_gives_findings_not_tracebacks(tmp_path: Path, data: Any) -> None:
    try:
        load_with(tmp_path, yaml.safe_dump(data))
    except ModelError as exc:
        assert exc.findings
        for finding in exc.findings:
            assert finding.location.file
            assert finding.code.startswith("okaeri.")


QUANTITIES = [p for p in ALL_PATHS if p[-1] in {"diameter", "nose_radius", "max_heat_flux",
                                                "max_heat_load", "basic_mass", "sample_mass"}]


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(path=st.sampled_from(QUANTITIES), unit=st.sampled_from(["s", "N", "deg", "%", "J"]))
def test_swapped_unit_is_always_a_finding(tmp_path: Path, path: tuple[Any, ...], unit: str) -> None:
    data = copy.deepcopy(CAPSULE)
    get(data, path[:-1])[path[-1]] = f"1.0 {unit}"
    try:
        load_with(tmp_path, yaml.safe_dump(data))
    except ModelError as exc:
        assert {f.code for f in exc.findings} == {"okaeri.unit_mismatch"}
    else:
        raise AssertionError(f"{path} = '1.0 {unit}' was accepted")


@settings(max_examples=100, deadline=None, suppress_health_check=FIXTURES)
@given(text=st.text(max_size=200))
def test_arbitrary_text_gives_findings_not_tracebacks(tmp_path: Path, text: str) -> None:
    try:
        load_with(tmp_path, text)
    except ModelError as exc:
        assert exc.findings
