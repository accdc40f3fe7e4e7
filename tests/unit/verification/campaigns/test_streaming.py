"""Streaming statistics: exact tails, pairwise moments, the runner's bounds.

Oracles: numpy on the whole sample (percentiles, variance, covariance); the order
statistics of :mod:`okaeri.core.statistics` on the whole sample (the bounds the
verification runner reports).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from okaeri.core.statistics import bound_order, percentile_bound
from okaeri.verification.campaigns.streaming import PlaneMoments, TailSummary, tail_size


def _chunks(values: np.ndarray, rng: np.random.Generator) -> list[np.ndarray]:
    cuts = np.sort(rng.choice(np.arange(1, values.size), size=7, replace=False))
    return np.split(values, cuts)


def _merged(values: np.ndarray, k: int, rng: np.random.Generator) -> TailSummary:
    parts = [TailSummary.of(chunk, k) for chunk in _chunks(values, rng)]
    merged = parts[0]
    for part in parts[1:]:
        merged = merged.merge(part)
    return merged


@pytest.mark.parametrize("percentile", [0.13, 1.0, 99.0, 99.87, 99.9])
def test_percentiles_from_merged_tails_equal_numpy_on_the_whole_sample(
        percentile: float) -> None:
    rng = np.random.default_rng(1)
    values = rng.lognormal(size=20_000)
    k = tail_size(values.size, (percentile,), 0.9)
    merged = _merged(values, k, rng)
    assert merged.percentile(percentile) == pytest.approx(np.percentile(values, percentile),
                                                          rel=1e-14)
    ordered = np.sort(values)
    if percentile > 50.0:
        rank = bound_order(values.size, percentile, 0.9)
        assert rank is not None
        assert merged.upper_bound(percentile, 0.9) == ordered[rank - 1]
    else:
        rank = bound_order(values.size, percentile, 0.9, "lower")
        assert rank is not None
        assert merged.lower_bound(percentile, 0.9) == ordered[rank - 1]


def test_a_tail_too_short_is_an_error_not_a_wrong_number() -> None:
    rng = np.random.default_rng(2)
    values = rng.normal(size=5000)
    k = tail_size(values.size, (99.0,), 0.9)
    short = _merged(values, k - 1, rng)
    with pytest.raises(ValueError, match="outside the"):
        short.percentile(99.0)
    assert _merged(values, k, rng).percentile(99.0) == pytest.approx(
        np.percentile(values, 99.0), rel=1e-14)


def test_million_sample_tail_is_small() -> None:
    """P99.87 of a million samples reads order statistic (n - 1) p = 998,699.0013 from the
    bottom (0-based), so the top 1,301; its 90 % upper bound lies about 1.28 standard
    deviations of the binomial count higher (sqrt(n p (1 - p)) = 36.0)."""
    n, p = 1_000_000, 0.9987
    assert tail_size(n, (99.87,), 0.9) == n - math.floor((n - 1) * p) == 1301
    rank = bound_order(n, 99.87, 0.9)
    assert rank is not None
    assert rank - n * p == pytest.approx(1.2816 * math.sqrt(n * p * (1 - p)), abs=2.0)


def test_moments_merge_like_numpy() -> None:
    """Chan, Golub and LeVeque's pairwise update against numpy on the whole sample."""
    rng = np.random.default_rng(3)
    values = 1e6 + rng.normal(scale=3.0, size=50_000)  # large mean: a naive sum loses digits
    merged = _merged(values, 10, rng)
    assert merged.mean == pytest.approx(np.mean(values), rel=1e-14)
    assert merged.std == pytest.approx(np.std(values, ddof=1), rel=1e-10)
    assert (merged.minimum, merged.maximum) == (values.min(), values.max())


def test_infinite_samples_rank_last_and_stay_out_of_the_moments() -> None:
    values = np.array([3.0, 1.0, np.inf, 2.0, np.inf, np.nan])
    summary = TailSummary.of(values[:3], 6).merge(TailSummary.of(values[3:], 6))
    assert (summary.count, summary.nan, summary.finite) == (6, 1, 3)
    assert summary.mean == 2.0
    assert summary.percentile(100.0) == math.inf
    # type 7 on the ranked samples (1, 2, 3, inf, inf): h = (5 - 1) 0.5 = 2, so x[2] = 3
    # (numpy answers NaN here: its interpolation multiplies inf by a zero weight)
    assert summary.percentile(50.0) == 3.0
    assert summary.percentile(80.0) == math.inf


def test_plane_moments_merge_like_numpy_covariance() -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(500.0, 12_000.0, 30_000)
    y = 0.3 * x + rng.normal(-100.0, 4_000.0, 30_000)
    merged = PlaneMoments.of(x[:7000], y[:7000]).merge(PlaneMoments.of(x[7000:], y[7000:]))
    cov = np.cov(x, y)
    assert merged.covariance() == pytest.approx((cov[0, 0], cov[0, 1], cov[1, 1]), rel=1e-10)
    major, minor, angle = merged.ellipse(3.0)
    values, vectors = np.linalg.eigh(cov)
    assert (major, minor) == pytest.approx((3 * math.sqrt(values[1]), 3 * math.sqrt(values[0])),
                                           rel=1e-9)
    assert math.tan(angle) == pytest.approx(vectors[1, 1] / vectors[0, 1], rel=1e-9)


def test_merged_tails_give_the_runners_bound() -> None:
    """The campaign's bound from merged tails is the runner's
    (:func:`okaeri.core.statistics.percentile_bound`) on the whole sample."""
    rng = np.random.default_rng(5)
    values = np.concatenate([rng.gamma(2.0, size=5000), [np.inf, np.inf]])
    for percentile, upper in ((99.0, True), (99.87, True), (1.0, False)):
        merged = _merged(values, tail_size(values.size, (percentile,), 0.9), rng)
        found = (merged.upper_bound(percentile, 0.9) if upper
                 else merged.lower_bound(percentile, 0.9))
        assert found == percentile_bound(values, percentile, 0.9,
                                         "upper" if upper else "lower").bound


def test_invalid_tail_size_arguments_say_which() -> None:
    with pytest.raises(ValueError, match="number of samples"):
        tail_size(0, (99.0,), 0.9)
    with pytest.raises(ValueError, match="percentile"):
        tail_size(100, (100.0,), 0.9)
