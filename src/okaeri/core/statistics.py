"""Distribution-free confidence bounds of percentiles from order statistics.

For n independent samples of a continuous distribution sorted as
X_(1) <= ... <= X_(n), and its p-quantile x_p, the number of samples below x_p is
binomial B(n, p), so

    P(X_(k) >= x_p) = P(B(n, p) <= k - 1) = F_B(k - 1; n, p).

The one-sided **upper** confidence bound of x_p at confidence c is X_(k) with the smallest
k for which F_B(k - 1; n, p) >= c; it exists when k <= n, i.e. when 1 - p^n >= c (even
the largest sample is a valid bound only from n >= ln(1 - c) / ln(p) on). The **lower**
bound is X_(k) with the largest k for which 1 - F_B(k - 1; n, p) >= c. These are the
tolerance limits of S. S. Wilks, "Determination of sample sizes for setting tolerance
limits", Ann. Math. Statist. 12(1):91-96, 1941 (one-sided, coverage p, confidence c):
59 samples for 95 % / 95 % with the largest sample, 93 with the second largest; the
textbook account is H. A. David, H. N. Nagaraja, *Order Statistics*, 3rd ed., Wiley,
2003, sec. 7.2. The bound is distribution-free: it needs no assumption on the shape of
the distribution, only independent samples.

All functions take and return plain floats and numpy arrays; percentiles are in percent
(99.87 for P99.87), confidences are fractions (0.9).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "SUMMARY",
    "PercentileBound",
    "binomial_cdf",
    "bound_convergence",
    "bound_coverage",
    "bound_order",
    "percentile_bound",
    "required_samples",
    "sample_statistic",
    "summary",
]

FloatArray = NDArray[np.float64]
Side = Literal["upper", "lower"]


def _check(percentile: float, confidence: float) -> float:
    if not (0.0 < percentile < 100.0):
        raise ValueError(f"percentile must lie in (0, 100) (percent), got {percentile!r}")
    if not (0.0 < confidence < 1.0):
        raise ValueError(f"confidence must lie in (0, 1) (a fraction), got {confidence!r}")
    return percentile / 100.0


def binomial_cdf(k: ArrayLike, n: int, p: float) -> FloatArray:
    """P(B(n, p) <= k) for integer k (an array), through the regularized incomplete beta
    function: F(k; n, p) = I_{1-p}(n - k, k + 1) (Abramowitz and Stegun 26.5.24); 0 for
    k < 0 and 1 for k >= n."""
    from scipy.special import betainc

    kk = np.asarray(k, dtype=float)
    inside = (kk >= 0) & (kk < n)
    safe = np.where(inside, kk, 0.0)
    value = betainc(n - safe, safe + 1.0, 1.0 - p)
    return np.asarray(np.where(kk < 0, 0.0, np.where(kk >= n, 1.0, value)), dtype=float)


def bound_order(n: int, percentile: float, confidence: float = 0.9,
                side: Side = "upper") -> int | None:
    """Rank k (1-based, ascending) of the order statistic X_(k) that bounds the
    percentile at ``confidence`` among n samples; None if no order statistic does
    (too few samples).

    Upper: the smallest k with F_B(k - 1; n, p) >= c; lower: the largest k with
    1 - F_B(k - 1; n, p) >= c. F_B grows with k, so the rank is found by bisection in
    about log2(n) evaluations of :func:`binomial_cdf` (a million samples: 20).
    """
    p = _check(percentile, confidence)
    if side not in ("upper", "lower"):
        raise ValueError(f"side must be 'upper' or 'lower', got {side!r}")
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise ValueError(f"n (number of samples) must be a whole number, got {n!r}")
    if n < 1:
        return None

    def covers(k: int) -> bool:  # X_(k) bounds the percentile at the confidence
        below = float(binomial_cdf(k - 1, int(n), p))
        return below >= confidence if side == "upper" else 1.0 - below >= confidence

    if side == "upper":  # covers(k) is false then true as k grows: the first true
        if not covers(int(n)):
            return None
        lo, hi = 1, int(n)
        while lo < hi:
            mid = (lo + hi) // 2
            if covers(mid):
                hi = mid
            else:
                lo = mid + 1
        return lo
    if not covers(1):  # lower: true then false as k grows: the last true
        return None
    lo, hi = 1, int(n)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if covers(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def bound_coverage(n: int, k: int, percentile: float, side: Side = "upper") -> float:
    """Exact confidence of X_(k) as a bound of the percentile with n samples:
    F_B(k - 1; n, p) for an upper bound, 1 - F_B(k - 1; n, p) for a lower one."""
    p = _check(percentile, 0.5)
    if not 1 <= k <= n:
        raise ValueError(f"k must lie in [1, n={n}], got {k}")
    below = float(binomial_cdf(k - 1, n, p))
    return below if side == "upper" else 1.0 - below


def required_samples(percentile: float, confidence: float = 0.9, order: int = 1,
                     side: Side = "upper") -> int:
    """Smallest n for which the ``order``-th most extreme sample (1: the largest for an
    upper bound, the smallest for a lower one) bounds the percentile at ``confidence``.

    For order 1 and an upper bound: n = ceil(ln(1 - c) / ln(p)) (1 - p^n >= c); in
    general the smallest n with P(B(n, p) <= n - order) >= c, found by bisection.
    """
    p = _check(percentile, confidence)
    if order < 1:
        raise ValueError(f"order must be at least 1, got {order}")
    q = p if side == "upper" else 1.0 - p
    if side not in ("upper", "lower"):
        raise ValueError(f"side must be 'upper' or 'lower', got {side!r}")

    def enough(n: int) -> bool:  # P(at most n - order samples below the quantile) >= c
        return bool(binomial_cdf(n - order, n, q) >= confidence)

    lo = order
    hi = max(order, math.ceil(math.log(1.0 - confidence) / math.log(q))) * (order + 1)
    for _ in range(64):
        if enough(hi):
            break
        hi *= 2
    else:
        raise ValueError("required_samples did not converge")  # pragma: no cover
    while lo < hi:
        mid = (lo + hi) // 2
        if enough(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


@dataclass(frozen=True)
class PercentileBound:
    """A percentile's sample estimate and its one-sided confidence bound."""

    percentile: float
    """The percentile (percent)."""
    confidence: float
    """The confidence of the bound (fraction)."""
    side: Side
    """``upper`` or ``lower``."""
    samples: int
    """Number of (finite) samples."""
    estimate: float
    """Sample percentile (linear interpolation, Hyndman and Fan type 7)."""
    bound: float
    """The order statistic that bounds the percentile; NaN without enough samples."""
    order: int | None
    """Its rank k (1-based, ascending), None without enough samples."""
    achieved_confidence: float
    """The exact confidence of that order statistic (>= confidence); NaN without one."""
    required_samples: int
    """Samples needed for the most extreme order statistic to be a valid bound."""

    @property
    def exists(self) -> bool:
        """Whether the samples were enough for a bound."""
        return self.order is not None


def percentile_bound(samples: ArrayLike, percentile: float, confidence: float = 0.9,
                     side: Side = "upper") -> PercentileBound:
    """One-sided confidence bound of the ``percentile`` of ``samples`` (module docstring).

    Non-finite samples are an error: a failed trajectory must be mapped to a value (for
    instance +inf miss distance is legitimate for an upper bound) before calling. +inf and
    -inf are accepted and sort as usual.
    """
    x = np.sort(np.asarray(samples, dtype=float).ravel())
    if np.any(np.isnan(x)):
        raise ValueError("samples must not contain NaN; map failed samples to a value first")
    n = int(x.size)
    need = required_samples(percentile, confidence, 1, side)
    if n == 0:
        return PercentileBound(percentile, confidence, side, 0, math.nan, math.nan, None,
                               math.nan, need)
    finite = x[np.isfinite(x)]
    estimate = float(np.percentile(x, percentile)) if finite.size == n else _type7(x, percentile)
    k = bound_order(n, percentile, confidence, side)
    if k is None:
        return PercentileBound(percentile, confidence, side, n, estimate, math.nan, None,
                               math.nan, need)
    return PercentileBound(percentile, confidence, side, n, estimate, float(x[k - 1]), k,
                           bound_coverage(n, k, percentile, side), need)


def sample_statistic(samples: ArrayLike, kind: str) -> float:
    """``"max"``, ``"min"``, ``"mean"`` or ``"P<p>"`` (``"P99.87"``: the type-7 sample
    percentile, the estimate of :func:`percentile_bound`) of ``samples``; infinities are
    allowed, NaN is not."""
    x = np.sort(np.asarray(samples, dtype=float).ravel())
    if np.any(np.isnan(x)):
        raise ValueError("samples must not contain NaN; map failed samples to a value first")
    if kind.startswith("P"):
        return _type7(x, float(kind[1:]))
    if kind == "mean":
        return float(np.mean(x))
    return float(x[-1] if kind == "max" else x[0])


SUMMARY = ("mean", "standard deviation", "min", "P50", "P99", "P99.87", "max")
"""The statistics of :func:`summary`, in the order a table shows them."""


def summary(samples: ArrayLike) -> dict[str, float]:
    """The :data:`SUMMARY` statistics of the finite ``samples`` (standard deviation with
    n - 1; NaN for all when none is finite)."""
    x = np.asarray(samples, dtype=float).ravel()
    x = x[np.isfinite(x)]
    if x.size == 0:
        return dict.fromkeys(SUMMARY, math.nan)
    found = {kind: sample_statistic(x, kind) for kind in SUMMARY if kind != "standard deviation"}
    found["standard deviation"] = float(x.std(ddof=1)) if x.size > 1 else 0.0
    return {kind: found[kind] for kind in SUMMARY}


def _type7(x: FloatArray, percentile: float) -> float:
    """Type-7 sample percentile of sorted x that may hold infinities (no inf - inf)."""
    h = (x.size - 1) * percentile / 100.0
    lo = math.floor(h)
    hi = min(lo + 1, x.size - 1)
    if x[lo] == x[hi] or h == lo:
        return float(x[lo])
    return float(x[lo] + (h - lo) * (x[hi] - x[lo]))


def bound_convergence(samples: ArrayLike, percentile: float, confidence: float = 0.9,
                      side: Side = "upper", counts: ArrayLike | None = None,
                      ) -> dict[str, FloatArray]:
    """Estimate and bound against the sample count, for a convergence plot.

    Uses the first n samples (in the order given, so a Monte Carlo's own order) for each n
    in ``counts`` (default: about 30 counts spaced geometrically from 10 to the total).

    Returns
    -------
    dict
        ``samples`` (n), ``estimate`` (sample percentile) and ``bound`` (NaN where the
        first n samples are too few), arrays of the same length.
    """
    x = np.asarray(samples, dtype=float).ravel()
    if counts is None:
        top = max(int(x.size), 1)
        counts = np.unique(np.geomspace(min(10, top), top, 30).astype(int))
    ns = np.asarray(counts, dtype=int).ravel()
    if np.any(ns < 1) or np.any(ns > x.size):
        raise ValueError(f"counts must lie in [1, {x.size}]")
    results = [percentile_bound(x[:n], percentile, confidence, side) for n in ns]
    return {
        "samples": ns.astype(float),
        "estimate": np.array([r.estimate for r in results]),
        "bound": np.array([r.bound for r in results]),
    }
