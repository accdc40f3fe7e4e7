"""Order-statistics confidence bounds of percentiles.

Oracles: Wilks (1941) one-sided tolerance limits as tabulated for the nuclear-safety
95/95 criterion (59, 93, 124 samples for the first, second and third largest; 45 for
95 % coverage at 90 % confidence) and the closed form n = ceil(ln(1 - c) / ln(p)) of the
largest sample; the binomial distribution (its CDF against a direct sum); and the
coverage of the bound simulated on a normal distribution of known quantiles.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm

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
