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

__all__ = ["PercentileBound", "percentile_bound", "samples_needed"]


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


def percentile_bound(samples: ArrayLike, percentile: float, confidence: float,
                     upper: bool = True) -> PercentileBound:
    """Estimate and one-sided confidence bound of a percentile (0-100) of ``samples``.

    Infinite samples are ordinary order statistics (a sample that failed counts at the
    worst end); NaN samples are refused with :class:`ValueError`.
    """
    from scipy.stats import binom

    values = np.sort(np.asarray(samples, dtype=float).ravel())
    if np.isnan(values).any():
        raise ValueError("the samples hold NaN values")
    n = len(values)
    p = percentile / 100.0
    needed = samples_needed(p, confidence, upper)
    with np.errstate(invalid="ignore"):  # infinite samples: inf - inf between them
        estimate = float(np.percentile(values, percentile)) if n else math.nan
    if n < needed:
        return PercentileBound(estimate, None, None, n, needed, confidence, upper)
    if upper:
        rank = int(binom.ppf(confidence, n, p)) + 1
        while rank > 1 and binom.cdf(rank - 2, n, p) >= confidence:
            rank -= 1
        while binom.cdf(rank - 1, n, p) < confidence:
            rank += 1
    else:
        rank = int(binom.ppf(1.0 - confidence, n, p))
        while rank < n and binom.sf(rank, n, p) >= confidence:
            rank += 1
        while rank > 1 and binom.sf(rank - 1, n, p) < confidence:
            rank -= 1
    rank = min(max(rank, 1), n)
    return PercentileBound(estimate, float(values[rank - 1]), rank, n, needed, confidence,
                           upper)
