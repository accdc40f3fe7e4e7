"""Statistics of per-sample quantities: percentiles judged on confidence bounds.

A percentile estimated from N samples is uncertain; a requirement on the 99.87th
percentile is judged on a one-sided confidence bound from order statistics, which needs
no assumption on the distribution. With ``B ~ Binomial(N, p)`` the number of samples below
the true ``p``-quantile ``x_p``:

- the ``k``-th smallest sample ``X_(k)`` is an upper bound of ``x_p`` with confidence
  ``P(B <= k - 1)``; the bound at confidence ``c`` is ``X_(k)`` for the smallest such ``k``,
  which exists when ``1 - p^N >= c`` (the largest sample is a bound), that is when
  ``N >= ln(1 - c) / ln(p)``;
- ``X_(k)`` is a lower bound with confidence ``P(B >= k)``; the bound is ``X_(k)`` for the
  largest such ``k``, which exists when ``N >= ln(1 - c) / ln(1 - p)``.

With too few samples there is no bound: the requirement is inconclusive and the run says
how many samples the bound needs. Source: S. S. Wilks, "Determination of sample sizes for
setting tolerance limits", Ann. Math. Statist. 12(1), 1941 (59 samples for the 95 %
quantile at 95 % confidence with the largest sample); H. A. David and H. N. Nagaraja,
"Order Statistics", 3rd ed., Wiley, 2003, section 7.1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["PercentileBound", "order_statistic_lower_rank", "order_statistic_upper_rank",
           "percentile_bound", "samples_needed"]


@dataclass(frozen=True)
class PercentileBound:
    """A percentile of samples: its estimate and its one-sided confidence bound."""

    estimate: float
    """Sample percentile (linear interpolation between order statistics, Hyndman and Fan
    type 7, numpy's default)."""
    bound: float | None
    """The order statistic that bounds the true percentile at the confidence, or ``None``
    when there are too few samples."""
    rank: int | None
    """1-based rank of the bounding order statistic."""
    samples: int
    """Number of samples."""
    needed: int
    """Smallest number of samples for which the bound exists."""
    confidence: float
    """Confidence of the bound (0.9 for 90 %)."""
    upper: bool
    """An upper bound (for a maximum limit) or a lower one."""


def samples_needed(fraction: float, confidence: float, upper: bool = True) -> int:
    """Smallest sample count for which a one-sided bound of the ``fraction``-quantile
    exists at ``confidence`` (the largest sample for an upper bound, the smallest for a
    lower one): ``ceil(ln(1 - c) / ln(p))`` for an upper bound, ``ln(1 - p)`` for a lower.

    Raises :class:`ValueError` unless 0 < fraction < 1 and 0 < confidence < 1.
    """
    if not (0.0 < fraction < 1.0 and 0.0 < confidence < 1.0):
        raise ValueError(f"fraction and confidence must lie in (0, 1), got {fraction!r}, "
                         f"{confidence!r}")
    tail = fraction if upper else 1.0 - fraction
    needed = math.log1p(-confidence) / math.log(tail)
    rounded = math.ceil(needed - 1e-9)
    return max(1, rounded)


def _check_fraction(name: str, value: float) -> None:
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1 (a fraction), got {value}")


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n (number of samples) must be a whole number of 1 or more, got {n}")


def order_statistic_upper_rank(n: int, p: float, confidence: float) -> int | None:
    """Smallest rank ``r`` (1-based, ascending) with ``P(X_(r) >= x_p) >= confidence``.

    For ``n`` independent samples of a continuous distribution::

        P(X_(r) >= x_p) = P(Binomial(n, p) <= r - 1)

    (Wilks 1941; e.g. ``n = 59, p = 0.95, confidence = 0.95`` gives ``r = 59``: the
    largest of 59 samples bounds the 95th percentile with 95 % confidence.)

    Parameters
    ----------
    n : int
        Number of samples (1 or more).
    p : float
        Quantile as a fraction, strictly between 0 and 1 (0.9987 for P99.87).
    confidence : float
        Confidence level as a fraction, strictly between 0 and 1 (0.9).

    Returns
    -------
    int or None
        The rank, or ``None`` when even the largest sample is not a bound at that
        confidence (too few samples: ``1 - p**n < confidence``).
    """
    from scipy.stats import binom

    _check_count(n)
    _check_fraction("p (the quantile)", p)
    _check_fraction("confidence", confidence)
    r = int(binom.ppf(confidence, n, p)) + 1
    # ppf is the smallest k with cdf(k) >= confidence; guard its floating-point edge.
    while r > 1 and binom.cdf(r - 2, n, p) >= confidence:
        r -= 1
    while r <= n and binom.cdf(r - 1, n, p) < confidence:
        r += 1
    return r if r <= n else None


def order_statistic_lower_rank(n: int, p: float, confidence: float) -> int | None:
    """Largest rank ``s`` (1-based, ascending) with ``P(X_(s) <= x_p) >= confidence``.

    ``P(X_(s) <= x_p) = P(Binomial(n, p) >= s)``; by symmetry the lower bound of the
    ``p`` quantile is the mirror of the upper bound of the ``1 - p`` quantile:
    ``s = n + 1 - r(n, 1 - p)``. Arguments as :func:`order_statistic_upper_rank`;
    ``None`` when even the smallest sample is not a bound.
    """
    _check_fraction("p (the quantile)", p)
    r = order_statistic_upper_rank(n, 1.0 - p, confidence)
    return None if r is None else n + 1 - r


def percentile_bound(samples: ArrayLike, percentile: float, confidence: float,
                     upper: bool = True) -> PercentileBound:
    """Estimate and one-sided confidence bound of a percentile (0-100) of ``samples``.

    The bound is the order statistic of :func:`order_statistic_upper_rank` (or
    :func:`order_statistic_lower_rank`), ``None`` when it does not exist. Infinite
    samples are ordinary order statistics (a sample that failed counts at the worst end);
    NaN samples are refused with :class:`ValueError`.
    """
    values = np.sort(np.asarray(samples, dtype=float).ravel())
    if np.isnan(values).any():
        raise ValueError("the samples hold NaN values")
    n = len(values)
    p = percentile / 100.0
    needed = samples_needed(p, confidence, upper)
    with np.errstate(invalid="ignore"):  # infinite samples: inf - inf between them
        estimate = float(np.percentile(values, percentile)) if n else math.nan
    rank = None
    if n:
        rank = (order_statistic_upper_rank(n, p, confidence) if upper
                else order_statistic_lower_rank(n, p, confidence))
    if rank is None:
        return PercentileBound(estimate, None, None, n, needed, confidence, upper)
    return PercentileBound(estimate, float(values[rank - 1]), rank, n, needed, confidence,
                           upper)
