"""Streaming statistics: exact tails, pairwise moments, order-statistic bounds.

Oracles: numpy on the whole sample (percentiles, variance, covariance); the binomial
definition of the order-statistic bound; Wilks' sample sizes for one-sided
non-parametric tolerance limits (Wilks, Ann. Math. Statist. 12, 91-96, 1941), as used in
nuclear safety analyses (59, 93 and 124 runs for the first, second and third largest to
bound the 95th percentile with 95 % confidence). These three numbers are recalled from
the literature that quotes them, not read from Wilks' paper; the test checks them
against the binomial formula too.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binom

from okaeri.verification.campaigns.streaming import (
    PlaneMoments,
    TailSummary,
    order_statistic_lower_rank,
    order_statistic_upper_rank,
    tail_size,
)


@pytest.mark.parametrize(("n", "rank"), [(59, 59), (93, 92), (124, 122)])
def test_wilks_sample_sizes_for_95_95_upper_tolerance_limits(n: int, rank: int) -> None:
    assert order_statistic_upper_rank(n, 0.95, 0.95) == rank
    # one sample fewer and that order statistic no longer bounds at 95 %
    assert binom.cdf(rank - 2, n - 1, 0.95) < 0.95


def test_too_few_samples_give_no_bound() -> None:
    assert order_statistic_upper_rank(58, 0.95, 0.95) is None  # 1 - 0.95**58 = 0.949
    assert order_statistic_lower_rank(58, 0.05, 0.95) is None


@pytest.mark.parametrize(("n", "p", "confidence"), [(10, 0.5, 0.9), (200, 0.99, 0.9),
                                                     (2000, 0.9987, 0.9), (500, 0.01, 0.95)])
def test_upper_rank_is_the_smallest_satisfying_the_binomial_definition(
        n: int, p: float, confidence: float) -> None:
    r = order_statistic_upper_rank(n, p, confidence)
    coverage = [binom.cdf(k - 1, n, p) for k in range(1, n + 1)]
    expected = next((k for k in range(1, n + 1) if coverage[k - 1] >= confidence), None)
    assert r == expected


def test_lower_rank_mirrors_the_upper_rank() -> None:
    n = 1000
    for p in (0.01, 0.1, 0.5):
        s = order_statistic_lower_rank(n, p, 0.9)
        assert s is not None
        assert 1.0 - binom.cdf(s - 1, n, p) >= 0.9  # P(B(n, p) >= s)
        assert 1.0 - binom.cdf(s, n, p) < 0.9  # s + 1 would not bound


def test_bound_coverage_matches_its_confidence() -> None:
    """Draw many samples of an exponential distribution (quantile -ln(1 - p)) and count
    how often the bound lies above the true quantile: the binomial probability, within
    four standard errors of the repetitions."""
    rng = np.random.default_rng(7)
    n, p, confidence, repetitions = 300, 0.95, 0.9, 4000
    rank = order_statistic_upper_rank(n, p, confidence)
    assert rank is not None
    samples = np.sort(rng.exponential(size=(repetitions, n)), axis=1)
    covered = np.mean(samples[:, rank - 1] >= -math.log(1.0 - p))
    expected = binom.cdf(rank - 1, n, p)
    assert expected >= confidence
    assert covered == pytest.approx(expected, abs=4 * math.sqrt(expected * (1 - expected)
                                                                   / repetitions))


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
        rank = order_statistic_upper_rank(values.size, percentile / 100.0, 0.9)
        assert rank is not None
        assert merged.upper_bound(percentile, 0.9) == ordered[rank - 1]
    else:
        rank = order_statistic_lower_rank(values.size, percentile / 100.0, 0.9)
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
    rank = order_statistic_upper_rank(n, p, 0.9)
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


def test_invalid_arguments_say_which() -> None:
    with pytest.raises(ValueError, match="confidence"):
        order_statistic_upper_rank(10, 0.9, 1.0)
    with pytest.raises(ValueError, match="number of samples"):
        order_statistic_upper_rank(0, 0.9, 0.9)
    with pytest.raises(ValueError, match="percentile"):
        tail_size(100, (100.0,), 0.9)
