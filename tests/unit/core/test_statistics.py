"""Order-statistics confidence bounds of percentiles.

Oracles: Wilks (1941) one-sided tolerance limits as tabulated for the nuclear-safety
95/95 criterion (59, 93, 124 samples for the first, second and third largest; 45 for
95 % coverage at 90 % confidence) and the closed form n = ceil(ln(1 - c) / ln(p)) of the
largest sample; the binomial distribution (its CDF against a direct sum); and the
coverage of the bound simulated on a normal distribution of known quantiles. This is the
one implementation of the bounds: the verification runner and the campaigns' streaming
tails read the same ranks (``tests/unit/verification/campaigns/test_streaming.py``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binom, norm

from okaeri.core.statistics import (
    binomial_cdf,
    bound_convergence,
    bound_coverage,
    bound_order,
    percentile_bound,
    required_samples,
)


def test_binomial_cdf_matches_a_direct_sum() -> None:
    n, p = 40, 0.93
    direct = np.cumsum([math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(n + 1)])
    assert np.allclose(binomial_cdf(np.arange(n + 1), n, p), direct, rtol=1e-12)
    assert binomial_cdf(-1, n, p) == 0.0
    assert binomial_cdf(n + 3, n, p) == 1.0


@pytest.mark.parametrize(("percentile", "confidence", "order", "n"), [
    (95.0, 0.95, 1, 59),   # Wilks 1941: the largest of 59
    (95.0, 0.95, 2, 93),   # the second largest of 93
    (95.0, 0.95, 3, 124),  # the third largest of 124
    (95.0, 0.90, 1, 45),   # 95 % coverage at 90 % confidence
    (90.0, 0.90, 1, 22),
])
def test_wilks_one_sided_tolerance_limit_sample_sizes(percentile: float, confidence: float,
                                                      order: int, n: int) -> None:
    assert required_samples(percentile, confidence, order) == n


@pytest.mark.parametrize(("percentile", "n"), [(99.87, 1771), (99.0, 230)])
def test_largest_sample_bound_needs_ln_one_minus_c_over_ln_p(percentile: float, n: int) -> None:
    p = percentile / 100.0
    assert math.ceil(math.log(0.1) / math.log(p)) == n
    assert required_samples(percentile, 0.9) == n
    assert bound_order(n, percentile, 0.9) == n
    assert bound_order(n - 1, percentile, 0.9) is None
    assert 1 - p**n >= 0.9 > 1 - p ** (n - 1)


def test_too_few_samples_give_no_bound_and_say_how_many_are_needed() -> None:
    samples = np.random.default_rng(0).normal(size=2000)
    few = percentile_bound(samples[:1000], 99.87, 0.9)
    assert not few.exists
    assert math.isnan(few.bound)
    assert few.required_samples == 1771
    enough = percentile_bound(samples, 99.87, 0.9)
    assert enough.exists and enough.order == 2000
    assert enough.bound == samples.max()
    assert enough.achieved_confidence == pytest.approx(1 - 0.9987**2000, rel=1e-9)


def test_bound_coverage_is_at_least_the_confidence_by_simulation() -> None:
    """5,000 Monte Carlos of 400 normal samples: the upper bound of P99 lies above the true
    quantile in at least 90 % of them (exactly bound_coverage, within the binomial error)."""
    rng = np.random.default_rng(42)
    runs, n, pct = 5000, 400, 99.0
    true = norm.ppf(pct / 100.0)
    k = bound_order(n, pct, 0.9)
    assert k is not None
    x = np.sort(rng.standard_normal((runs, n)), axis=1)
    covered = np.mean(x[:, k - 1] >= true)
    exact = bound_coverage(n, k, pct)
    assert exact >= 0.9
    assert covered == pytest.approx(exact, abs=4 * math.sqrt(exact * (1 - exact) / runs))
    lower_k = bound_order(n, 1.0, 0.9, side="lower")
    assert lower_k is not None
    below = np.mean(x[:, lower_k - 1] <= norm.ppf(0.01))
    assert below >= 0.9 - 4 * math.sqrt(0.09 / runs)


def test_infinite_samples_and_convergence_data() -> None:
    x = np.concatenate([np.random.default_rng(5).normal(size=999), [np.inf]])
    assert math.isfinite(percentile_bound(x, 99.0, 0.9).bound)  # one failure: rank 995
    failures = np.concatenate([x[:980], np.full(20, np.inf)])
    assert percentile_bound(failures, 99.0, 0.9).bound == math.inf  # 2 % failed: unbounded
    with pytest.raises(ValueError, match="NaN"):
        percentile_bound([1.0, math.nan], 50.0)
    data = bound_convergence(x[:-1], 99.0, 0.9)
    assert data["samples"][-1] == 999
    assert np.all(np.isnan(data["bound"][data["samples"] < 230]))
    assert np.all(data["bound"][data["samples"] >= 230] >= data["estimate"][
        data["samples"] >= 230])
    with pytest.raises(ValueError, match="percentile"):
        required_samples(100.0)


# --- the ranks against the binomial definition (the runner's and the campaigns' bound) ---


@pytest.mark.parametrize(("n", "rank"), [(59, 59), (93, 92), (124, 122)])
def test_wilks_sample_sizes_for_95_95_upper_tolerance_limits(n: int, rank: int) -> None:
    """Wilks (1941) as quoted for the nuclear-safety 95/95 criterion (recalled from the
    literature that quotes it; checked here against the binomial formula): the largest of
    59, the second largest of 93, the third largest of 124."""
    assert bound_order(n, 95.0, 0.95) == rank
    # one sample fewer and that order statistic no longer bounds at 95 %
    assert binom.cdf(rank - 2, n - 1, 0.95) < 0.95


def test_too_few_samples_give_no_rank_on_either_side() -> None:
    assert bound_order(58, 95.0, 0.95) is None  # 1 - 0.95**58 = 0.949
    assert bound_order(58, 5.0, 0.95, "lower") is None


@pytest.mark.parametrize(("n", "percentile", "confidence"), [
    (10, 50.0, 0.9), (200, 99.0, 0.9), (2000, 99.87, 0.9), (500, 1.0, 0.95),
    (1, 50.0, 0.4), (3000, 99.9, 0.99)])
def test_upper_rank_is_the_smallest_satisfying_the_binomial_definition(
        n: int, percentile: float, confidence: float) -> None:
    """The bisection finds what an exhaustive scan of scipy's binomial CDF finds."""
    p = percentile / 100.0
    coverage = binom.cdf(np.arange(n), n, p)  # P(B <= k - 1) for k = 1..n
    expected = next((k for k in range(1, n + 1) if coverage[k - 1] >= confidence), None)
    assert bound_order(n, percentile, confidence) == expected


@pytest.mark.parametrize("percentile", [1.0, 10.0, 50.0, 0.5])
def test_lower_rank_is_the_largest_satisfying_the_binomial_definition(
        percentile: float) -> None:
    n, p = 1000, percentile / 100.0
    s = bound_order(n, percentile, 0.9, "lower")
    assert s is not None
    assert 1.0 - binom.cdf(s - 1, n, p) >= 0.9  # P(B(n, p) >= s)
    assert 1.0 - binom.cdf(s, n, p) < 0.9  # s + 1 would not bound
    # the mirror of the upper rank of the complementary percentile
    mirror = bound_order(n, 100.0 - percentile, 0.9, "upper")
    assert mirror is not None and s == n + 1 - mirror


def test_a_million_samples_need_few_cdf_evaluations() -> None:
    """P99.87 of a million samples: the 90 % upper bound lies about 1.28 binomial
    standard deviations above n p (normal approximation of the binomial)."""
    n, p = 1_000_000, 0.9987
    rank = bound_order(n, 99.87, 0.9)
    assert rank is not None
    assert rank - n * p == pytest.approx(1.2816 * math.sqrt(n * p * (1 - p)), abs=2.0)


def test_percentile_bound_reads_the_order_statistic_of_the_rank() -> None:
    rng = np.random.default_rng(11)
    values = rng.normal(size=2000)
    ordered = np.sort(values)
    upper = percentile_bound(values, 99.87, 0.9)
    rank = bound_order(2000, 99.87, 0.9)
    assert rank is not None and upper.order == rank and upper.bound == ordered[rank - 1]
    assert upper.estimate == pytest.approx(np.percentile(values, 99.87), rel=1e-15)
    lower = percentile_bound(values, 1.0, 0.9, side="lower")
    low_rank = bound_order(2000, 1.0, 0.9, "lower")
    assert low_rank is not None and lower.bound == ordered[low_rank - 1]


def test_invalid_arguments_say_which() -> None:
    with pytest.raises(ValueError, match="confidence"):
        bound_order(10, 90.0, 1.0)
    with pytest.raises(ValueError, match="percentile"):
        bound_order(10, 150.0, 0.9)
    with pytest.raises(ValueError, match="side"):
        bound_order(10, 90.0, 0.9, "both")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="number of samples"):
        bound_order(2.5, 90.0, 0.9)  # type: ignore[arg-type]


def test_sample_statistic_is_numpy_type7_percentile_and_handles_infinities() -> None:
    """Oracle: numpy's default percentile ("linear", Hyndman & Fan 1996 type 7)."""
    from okaeri.core.statistics import sample_statistic

    x = np.random.default_rng(7).normal(size=1001)
    for kind, expected in (("P99.87", np.percentile(x, 99.87)), ("P50", np.median(x)),
                           ("max", x.max()), ("min", x.min()), ("mean", x.mean())):
        assert sample_statistic(x, kind) == pytest.approx(expected, rel=1e-12)
    with_inf = np.append(x, [np.inf, np.inf])
    assert sample_statistic(with_inf, "P99.99") == np.inf
    assert math.isfinite(sample_statistic(with_inf, "P50"))
    with pytest.raises(ValueError):
        sample_statistic(np.append(x, np.nan), "max")


def test_summary_uses_finite_samples_only() -> None:
    from okaeri.core.statistics import SUMMARY, summary

    stats = summary([1.0, 2.0, 3.0, math.inf, math.nan])
    assert list(stats) == list(SUMMARY)
    assert stats["mean"] == 2.0 and stats["standard deviation"] == 1.0
    assert stats["max"] == 3.0 and stats["P50"] == 2.0
    assert all(math.isnan(v) for v in summary([math.nan]).values())
