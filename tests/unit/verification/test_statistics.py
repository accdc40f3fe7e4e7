"""Order-statistic confidence bounds of percentiles, as the runner judges them.

Oracles: the binomial definition of the order-statistic bound; Wilks' sample sizes for
one-sided non-parametric tolerance limits (Wilks, Ann. Math. Statist. 12, 91-96, 1941),
as used in nuclear safety analyses (59, 93 and 124 runs for the first, second and third
largest to bound the 95th percentile with 95 % confidence). These three numbers are
recalled from the literature that quotes them, not read from Wilks' paper; the tests
check them against the binomial formula too. The coverage of the bound is checked by
simulation against the exact quantile of an exponential distribution.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binom

from okaeri.verification.statistics import (
    order_statistic_lower_rank,
    order_statistic_upper_rank,
    percentile_bound,
    samples_needed,
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


@pytest.mark.parametrize(("p", "confidence", "upper", "needed"), [
    (0.95, 0.95, True, 59), (0.9987, 0.9, True, 1771), (0.01, 0.9, False, 230)])
def test_the_bound_exists_from_the_samples_needed(p: float, confidence: float, upper: bool,
                                                  needed: int) -> None:
    """``samples_needed`` (the closed form ln(1 - c) / ln(p): 59 for 95/95, 1,771 for P99.87
    at 90 %, 230 for a lower bound of P1 at 90 %) and the rank (the binomial definition)
    agree on where a bound starts to exist."""
    assert samples_needed(p, confidence, upper) == needed
    rank = order_statistic_upper_rank if upper else order_statistic_lower_rank
    assert rank(needed, p, confidence) is not None
    assert rank(needed - 1, p, confidence) is None


def test_percentile_bound_reads_the_order_statistic_of_the_rank() -> None:
    rng = np.random.default_rng(11)
    values = rng.normal(size=2000)
    ordered = np.sort(values)
    upper = percentile_bound(values, 99.87, 0.9)
    rank = order_statistic_upper_rank(2000, 0.9987, 0.9)
    assert rank is not None and upper.rank == rank and upper.bound == ordered[rank - 1]
    assert upper.estimate == pytest.approx(np.percentile(values, 99.87), rel=1e-15)
    lower = percentile_bound(values, 1.0, 0.9, upper=False)
    low_rank = order_statistic_lower_rank(2000, 0.01, 0.9)
    assert low_rank is not None and lower.bound == ordered[low_rank - 1]
    too_few = percentile_bound(values[:1000], 99.87, 0.9)
    assert (too_few.bound, too_few.rank, too_few.needed) == (None, None, 1771)


def test_invalid_arguments_say_which() -> None:
    with pytest.raises(ValueError, match="confidence"):
        order_statistic_upper_rank(10, 0.9, 1.0)
    with pytest.raises(ValueError, match="number of samples"):
        order_statistic_upper_rank(0, 0.9, 0.9)
    with pytest.raises(ValueError, match="quantile"):
        order_statistic_lower_rank(10, 1.5, 0.9)
