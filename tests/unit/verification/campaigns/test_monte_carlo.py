"""The chunked entry Monte Carlo: seeded streams, the activity's model, streaming merge.

Oracles: numpy's ``SeedSequence.spawn`` (the chunk streams); the verification activity's
own Monte Carlo (:func:`okaeri.verification.analyses.monte_carlo`: same dispersion model,
same samples for the same generator); numpy on the concatenated samples of every chunk
(the streaming reduction); the great-circle distance (the footprint's local plane).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from okaeri.verification.analyses import MONTE_CARLO_OUTPUTS, monte_carlo

from okaeri.core.entry import great_circle_distance
from okaeri.verification.activities import ActivityKind, EntryMonteCarloActivity
from okaeri.verification.campaigns.execution import Execution
from okaeri.verification.campaigns.monte_carlo import (
    EntryDispersions,
    chunk_generator,
    chunk_tasks,
    footprint_offsets,
    run_monte_carlo,
    simulate_samples,
    summarise_chunk,
)
from okaeri.verification.project import Project, load_project


@pytest.fixture(scope="module")
def project() -> Project:
    loaded = load_project()
    loaded.graph.evaluate()
    return loaded


@pytest.fixture(scope="module")
def dispersions(project: Project) -> EntryDispersions:
    return EntryDispersions.of(project)


def test_chunk_streams_are_the_spawned_children_of_the_seed() -> None:
    children = np.random.SeedSequence(20261124).spawn(5)
    for index in (0, 4):
        expected = np.random.Generator(np.random.PCG64(children[index])).normal(size=8)
        assert np.array_equal(chunk_generator(20261124, index).normal(size=8), expected)
    assert not np.array_equal(chunk_generator(1, 0).normal(size=8),
                              chunk_generator(1, 1).normal(size=8))


def test_one_stream_reproduces_the_verification_activity(project: Project,
                                                         dispersions: EntryDispersions) -> None:
    activity = project.plan.of_kind(ActivityKind.ENTRY_MONTE_CARLO)[0]
    assert isinstance(activity, EntryMonteCarloActivity)
    small = activity.model_copy(update={"samples": 64})
    expected = monte_carlo(project.graph, project.mission, small)
    found = simulate_samples(dispersions, np.random.Generator(np.random.PCG64(small.seed)), 64)
    for name in (*MONTE_CARLO_OUTPUTS, "deploy_latitude", "deploy_longitude"):
        assert np.array_equal(np.asarray(found[name], dtype=float),
                              np.asarray(expected[name], dtype=float)), name


def test_dispersions_are_the_activity_three_sigma_over_three(
        dispersions: EntryDispersions) -> None:
    assert dispersions.sigma_flight_path_angle == pytest.approx(math.radians(0.3) / 3)
    assert dispersions.sigma_speed == pytest.approx(10.0 / 3)
    assert (dispersions.sigma_mass, dispersions.sigma_drag_coefficient,
            dispersions.sigma_density) == pytest.approx((0.02 / 3, 0.05 / 3, 0.15 / 3))


def test_streaming_statistics_equal_numpy_on_all_samples(dispersions: EntryDispersions) -> None:
    samples, seed, chunk = 900, 11, 250
    run = run_monte_carlo(dispersions, samples, seed, chunk_size=chunk,
                          percentiles=(1.0, 99.0, 99.87), execution=Execution(workers=1))
    parts = [simulate_samples(dispersions, chunk_generator(seed, t.index), t.size)
             for t in chunk_tasks(dispersions, samples, seed, chunk, 1)]
    assert [t.size for t in chunk_tasks(dispersions, samples, seed, chunk, 1)] == [
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
    assert summary["end_events"] == {"deploy": samples}
    heat = summary["outputs"]["peak_heat_flux_total"]["percentiles"]
    assert heat["P99"]["bound"] >= heat["P99"]["value"]  # an upper bound lies above
    # 900 samples cannot bound P99.87 at 90 %: that needs 1 - 0.9987**n >= 0.9, n >= 1771
    assert heat["P99.87"]["bound"] is None


def test_statistics_do_not_depend_on_the_number_of_processes(
        dispersions: EntryDispersions) -> None:
    one = run_monte_carlo(dispersions, 600, 3, chunk_size=100, execution=Execution(workers=1))
    two = run_monte_carlo(dispersions, 600, 3, chunk_size=100, execution=Execution(workers=2))
    assert one.summary() == two.summary()


def test_footprint_plane_matches_great_circle_distance(dispersions: EntryDispersions) -> None:
    """Equirectangular offsets within 0.1 % of the great-circle distance at 50 km."""
    lat0, lon0 = dispersions.nominal["target_latitude"], dispersions.nominal["target_longitude"]
    bearings = np.linspace(0.0, 2 * math.pi, 12, endpoint=False)
    delta = 50e3 / 6378137.0
    lat = np.arcsin(np.sin(lat0) * np.cos(delta) + np.cos(lat0) * np.sin(delta)
                    * np.cos(bearings))
    lon = lon0 + np.arctan2(np.sin(bearings) * np.sin(delta) * np.cos(lat0),
                            np.cos(delta) - np.sin(lat0) * np.sin(lat))
    east, north = footprint_offsets(lat, lon, lat0, lon0)
    exact = great_circle_distance(lat, lon, lat0, lon0)
    assert np.hypot(east, north) == pytest.approx(exact, rel=1e-3)


def test_a_chunk_summary_is_bounded(dispersions: EntryDispersions) -> None:
    task = chunk_tasks(dispersions, 300, 5, 300, 7)[0]
    stats = summarise_chunk(task)
    assert all(len(s.largest) == 7 and len(s.smallest) == 7 for s in stats.outputs.values())
    assert stats.footprint.count == 300


def test_invalid_sizes_are_refused(dispersions: EntryDispersions) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        chunk_tasks(dispersions, 10, 1, 0, 1)
