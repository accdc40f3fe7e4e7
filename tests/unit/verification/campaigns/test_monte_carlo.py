"""The chunked entry Monte Carlo: seeded streams, the analysis's model, streaming merge.

Oracles: numpy's ``SeedSequence.spawn`` (the chunk streams); the graph's own entry Monte
Carlo (``entry.monte_carlo``: the same samples for the analysis's stream, and the same
confidence bound as the verification runner); numpy on the concatenated samples of every
chunk (the streaming reduction); the great-circle distance (the footprint's local plane).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from okaeri.analysis.entry_runs import ENTRY_MONTE_CARLO, sample_stream
from okaeri.core.entry import great_circle_distance
from okaeri.model import reference_mission_path
from okaeri.verification import Project, load_project, run_verification
from okaeri.verification.campaigns.execution import Execution
from okaeri.verification.campaigns.monte_carlo import (
    MonteCarloCase,
    activity_chunk,
    chunk_tasks,
    footprint_offsets,
    run_monte_carlo,
    simulate_chunk,
    summarise_chunk,
)


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project()


@pytest.fixture(scope="module")
def case(project: Project) -> MonteCarloCase:
    return MonteCarloCase.of(project)


@pytest.fixture(scope="module")
def small_mission(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference mission with a 300-sample Monte Carlo (a faster test)."""
    folder = tmp_path_factory.mktemp("monte_carlo") / "mission"
    shutil.copytree(reference_mission_path(), folder)
    entry = folder / "verification" / "entry.yaml"
    text = entry.read_text()
    assert text.count("seed: 20261124") == 1 and "samples:" not in text
    entry.write_text(text.replace("seed: 20261124", "seed: 20261124\n      samples: 300"))
    return folder


def test_chunk_streams_are_the_spawned_children_of_the_seed() -> None:
    children = np.random.SeedSequence(20261124).spawn(5)
    for index in (0, 4):
        expected = np.random.Generator(np.random.PCG64(children[index])).normal(size=8)
        assert np.array_equal(sample_stream(20261124, index).normal(size=8), expected)
    assert not np.array_equal(sample_stream(1, 0).normal(size=8),
                              sample_stream(1, 1).normal(size=8))
    # the analysis's own stream: PCG64 seeded with the seed itself
    assert np.array_equal(sample_stream(7).normal(size=8),
                          np.random.Generator(np.random.PCG64(7)).normal(size=8))


def test_one_chunk_seeded_like_the_activity_is_the_analysis(small_mission: Path) -> None:
    """The graph's Monte Carlo and a chunk on the analysis's stream: the same samples, bit
    for bit, and the same P99.87 upper bound as the verification runner's."""
    project = load_project(small_mission)
    case = MonteCarloCase.of(project)
    assert (case.samples, case.seed) == (300, 20261124)
    found = simulate_chunk(case, case.seed, None, case.samples)
    for name in ENTRY_MONTE_CARLO.outputs:
        assert np.array_equal(found.outputs[name],
                              project.graph.samples(f"entry.monte_carlo.{name}")), name
    task = activity_chunk(case)
    stats = summarise_chunk(task)
    run = run_verification(project, select=["CAP-060"])
    result = run.result("CAP-060")  # P99 landing miss distance, 90 % confidence
    assert result.value_si is not None
    assert stats.outputs["landing_miss_distance"].upper_bound(99.0, 0.9) == result.value_si


def test_the_case_is_the_activity_at_the_graph_values(project: Project,
                                                      case: MonteCarloCase) -> None:
    settings = project.uses[[u.key for u in project.uses].index("entry.monte_carlo")].settings
    assert case.dispersions == settings.dispersions.model_dump(mode="json", exclude_none=True)
    assert case.dispersions["mass"] == {"distribution": "normal", "three_sigma": "2 %",
                                        "source": "reference-mission.md (assumption)"}
    assert case.model == project.graph.node("entry.monte_carlo").identity.settings["model"]
    assert case.model["trigger"] == "g_switch" and case.samples == 4093
    node = project.graph.node("entry.monte_carlo")
    for port, key in zip(node.ports, node.inputs, strict=True):
        assert case.nominal[port] == project.graph.value(key)


def test_streaming_statistics_equal_numpy_on_all_samples(case: MonteCarloCase) -> None:
    samples, seed, chunk = 900, 11, 250
    run = run_monte_carlo(case, samples, seed, chunk_size=chunk,
                          percentiles=(1.0, 99.0, 99.87), execution=Execution(workers=1))
    parts = [simulate_chunk(case, seed, t.index, t.size).outputs
             for t in chunk_tasks(case, samples, seed, chunk, 1)]
    assert [t.size for t in chunk_tasks(case, samples, seed, chunk, 1)] == [
        250, 250, 250, 150]
    for name in ("peak_heat_flux_total", "peak_deceleration", "landing_miss_distance"):
        values = np.concatenate([p[name] for p in parts])
        tails = run.statistics.outputs[name]
        assert tails.count == samples
        for percentile in (1.0, 99.0, 99.87):
            assert tails.percentile(percentile) == pytest.approx(
                np.percentile(values, percentile), rel=1e-13)
        finite = values[np.isfinite(values)]
        assert tails.mean == pytest.approx(finite.mean(), rel=1e-12)
        assert tails.std == pytest.approx(finite.std(ddof=1), rel=1e-9)
    summary = run.summary()
    assert summary["end_events"] == {"ground": samples}  # every one lands under its parachutes
    heat = summary["outputs"]["peak_heat_flux_total"]["percentiles"]
    assert heat["P99"]["bound"] >= heat["P99"]["value"]  # an upper bound lies above
    # 900 samples cannot bound P99.87 at 90 %: that needs 1 - 0.9987**n >= 0.9, n >= 1771
    assert heat["P99.87"]["bound"] is None


def test_statistics_do_not_depend_on_the_number_of_processes(
        case: MonteCarloCase) -> None:
    one = run_monte_carlo(case, 600, 3, chunk_size=100, execution=Execution(workers=1))
    two = run_monte_carlo(case, 600, 3, chunk_size=100, execution=Execution(workers=2))
    assert one.summary() == two.summary()


def test_footprint_plane_matches_great_circle_distance(case: MonteCarloCase) -> None:
    """Equirectangular offsets within 0.1 % of the great-circle distance at 50 km."""
    lat0, lon0 = case.nominal["target_latitude"], case.nominal["target_longitude"]
    bearings = np.linspace(0.0, 2 * math.pi, 12, endpoint=False)
    delta = 50e3 / 6378137.0
    lat = np.arcsin(np.sin(lat0) * np.cos(delta) + np.cos(lat0) * np.sin(delta)
                    * np.cos(bearings))
    lon = lon0 + np.arctan2(np.sin(bearings) * np.sin(delta) * np.cos(lat0),
                            np.cos(delta) - np.sin(lat0) * np.sin(lat))
    east, north = footprint_offsets(lat, lon, lat0, lon0)
    exact = great_circle_distance(lat, lon, lat0, lon0)
    assert np.hypot(east, north) == pytest.approx(exact, rel=1e-3)


def test_a_chunk_summary_is_bounded(case: MonteCarloCase) -> None:
    task = chunk_tasks(case, 300, 5, 300, 7)[0]
    stats = summarise_chunk(task)
    assert all(len(s.largest) == 7 and len(s.smallest) == 7 for s in stats.outputs.values())
    assert stats.footprint.count == 300


def test_invalid_sizes_are_refused(case: MonteCarloCase) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        chunk_tasks(case, 10, 1, 0, 1)
