"""Streaming statistics of Monte Carlo samples in bounded memory, mergeable across chunks.

A :class:`TailSummary` holds, for one output, what a chunk of samples contributes:

- the count, the count of non-finite samples, and the mean and sum of squared deviations
  of the finite ones (combined across chunks by the pairwise update of Chan, Golub and
  LeVeque, "Updating formulae and a pairwise algorithm for computing sample variances",
  Stanford CS report STAN-CS-79-773, 1979);
- the ``k`` largest and the ``k`` smallest samples, exactly.

A tail percentile and its one-sided confidence bound need only order statistics in the
tail: with ``n`` samples, the type-7 estimate of P99.87 reads the order statistics at
``(n - 1) 0.9987`` from the bottom, that is among the top ``n (1 - 0.9987) + 1`` samples
(1,301 of a million), and its 90 % upper bound lies above it, about
``1.28 sqrt(n 0.9987 (1 - 0.9987))`` ranks higher (the 1,254th largest of a million).
:func:`tail_size` computes how many to keep before the run, so percentiles
are exact (not approximated, as a t-digest would), and memory is ``O(k)`` per output,
independent of the number of chunks. Merging keeps the ``k`` extremes of the union, so
the result does not depend on how samples were split into chunks.

The confidence bounds are the runner's: the order statistics of
:func:`okaeri.core.statistics.bound_order` (Wilks, "Determination of sample sizes for
setting tolerance limits", Ann. Math. Statist. 12, 91-96, 1941), so a campaign and a
verification give the same bound for the same samples.

Percentiles use the linear interpolation between order statistics of
:func:`numpy.percentile`'s default (Hyndman and Fan's type 7), as the runner does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from okaeri.core.statistics import bound_order

Array = Any
"""A 1-D ``numpy`` array of floats."""


def _type7(n: int, p: float) -> tuple[int, int, float]:
    """0-based ascending indices (low, high) and weight of the type-7 percentile."""
    h = (n - 1) * p
    low = math.floor(h)
    return low, min(low + 1, n - 1), h - low


def tail_size(n: int, percentiles: tuple[float, ...], confidence: float) -> int:
    """How many extreme samples on each side give every percentile and its bound exactly.

    Parameters
    ----------
    n : int
        Total number of samples of the run.
    percentiles : tuple of float
        Percentiles, 0 to 100 exclusive (``99.87``, ``1``): upper ones (above 50) are
        read from the largest samples, the others from the smallest.
    confidence : float
        Confidence level of the bounds, strictly between 0 and 1.

    Returns
    -------
    int
        ``k``: keeping the ``k`` largest and ``k`` smallest samples is enough (at least 1,
        at most ``n``) when no sample is NaN.
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n (number of samples) must be a whole number of 1 or more, got {n}")
    k = 1
    for percentile in percentiles:
        p = percentile / 100.0
        if not 0.0 < p < 1.0:
            raise ValueError(f"a percentile must lie strictly between 0 and 100, got {percentile}")
        low, high, weight = _type7(n, p)
        if p >= 0.5:
            rank = bound_order(n, percentile, confidence, "upper")
            k = max(k, n - low, n - rank + 1 if rank is not None else 1)
        else:
            rank = bound_order(n, percentile, confidence, "lower")
            k = max(k, (high if weight > 0.0 else low) + 1, rank or 1)
    return min(k, n)


@dataclass(frozen=True)
class TailSummary:
    """What a set of samples of one output contributes to its statistics (mergeable).

    Percentiles rank the samples that are not NaN (``+inf`` ranks above every number: a
    trajectory that never deployed its parachute has an infinite landing miss distance);
    the moments are those of the finite samples.
    """

    count: int
    """Samples seen."""
    nan: int
    """Samples that are NaN (not ranked, not in the moments)."""
    finite: int
    """Samples that are finite (in the moments)."""
    mean: float
    """Mean of the finite samples (NaN when there is none)."""
    m2: float
    """Sum of squared deviations of the finite samples from their mean."""
    largest: Array
    """The ``k`` largest ranked samples, in descending order."""
    smallest: Array
    """The ``k`` smallest ranked samples, in ascending order."""
    k: int
    """How many extremes are kept on each side."""

    @classmethod
    def of(cls, values: Array, k: int) -> TailSummary:
        """Summary of one chunk of samples, keeping ``k`` extremes on each side."""
        if k < 1:
            raise ValueError(f"k (extremes kept) must be 1 or more, got {k}")
        x = np.asarray(values, dtype=float).ravel()
        finite = x[np.isfinite(x)]
        ordered = np.sort(x[~np.isnan(x)])
        mean = float(np.mean(finite)) if finite.size else math.nan
        m2 = float(np.sum((finite - mean) ** 2)) if finite.size else 0.0
        return cls(int(x.size), int(x.size - ordered.size), int(finite.size), mean, m2,
                   ordered[::-1][:k].copy(), ordered[:k].copy(), k)

    @property
    def ranked(self) -> int:
        """Number of samples that are not NaN."""
        return self.count - self.nan

    def merge(self, other: TailSummary) -> TailSummary:
        """The summary of both sets of samples (Chan et al. 1979 for the moments)."""
        if other.k != self.k:
            raise ValueError(f"cannot merge summaries keeping {self.k} and {other.k} extremes")
        na, nb = self.finite, other.finite
        if na == 0 or nb == 0:
            mean, m2 = (self.mean, self.m2) if nb == 0 else (other.mean, other.m2)
        else:
            delta = other.mean - self.mean
            n = na + nb
            mean = self.mean + delta * nb / n
            m2 = self.m2 + other.m2 + delta * delta * na * nb / n
        largest = np.sort(np.concatenate([self.largest, other.largest]))[::-1][:self.k]
        smallest = np.sort(np.concatenate([self.smallest, other.smallest]))[:self.k]
        return TailSummary(self.count + other.count, self.nan + other.nan,
                           self.finite + other.finite, mean, m2, largest.copy(),
                           smallest.copy(), self.k)

    @property
    def std(self) -> float:
        """Sample standard deviation of the finite samples (``n - 1``; NaN below 2)."""
        return math.sqrt(self.m2 / (self.finite - 1)) if self.finite > 1 else math.nan

    @property
    def maximum(self) -> float:
        """Largest ranked sample (NaN when there is none)."""
        return float(self.largest[0]) if len(self.largest) else math.nan

    @property
    def minimum(self) -> float:
        """Smallest ranked sample (NaN when there is none)."""
        return float(self.smallest[0]) if len(self.smallest) else math.nan

    def order_statistic(self, index: int) -> float:
        """The ranked sample of 0-based ascending rank ``index``, from a kept tail.

        Raises :class:`ValueError` when it lies between the two tails kept.
        """
        if not 0 <= index < self.ranked:
            raise ValueError(f"rank {index + 1} is outside 1 to {self.ranked} (the samples "
                             "that are not NaN)")
        from_top = self.ranked - 1 - index
        if from_top < len(self.largest):
            return float(self.largest[from_top])
        if index < len(self.smallest):
            return float(self.smallest[index])
        raise ValueError(f"order statistic {index + 1} of {self.ranked} lies outside the "
                         f"{self.k} extremes kept on each side; keep a larger tail "
                         "(tail_size)")

    def percentile(self, percentile: float) -> float:
        """Type-7 percentile (as :func:`numpy.percentile`) of the ranked samples.

        Raises :class:`ValueError` when the order statistics it needs were not kept.
        """
        if self.ranked == 0:
            return math.nan
        low, high, weight = _type7(self.ranked, percentile / 100.0)
        a = self.order_statistic(low)
        if weight == 0.0:
            return a
        b = self.order_statistic(high)
        if a == b:
            return a
        if math.isinf(a) or math.isinf(b):
            return b if math.isinf(b) else a
        return a + (b - a) * weight

    def upper_bound(self, percentile: float, confidence: float) -> float | None:
        """One-sided upper confidence bound of a percentile (``None``: too few samples)."""
        if self.ranked == 0:
            return None
        rank = bound_order(self.ranked, percentile, confidence, "upper")
        return None if rank is None else self.order_statistic(rank - 1)

    def lower_bound(self, percentile: float, confidence: float) -> float | None:
        """One-sided lower confidence bound of a percentile (``None``: too few samples)."""
        if self.ranked == 0:
            return None
        rank = bound_order(self.ranked, percentile, confidence, "lower")
        return None if rank is None else self.order_statistic(rank - 1)


@dataclass(frozen=True)
class PlaneMoments:
    """Mean and covariance of 2-D points (a landing footprint), mergeable across chunks."""

    count: int
    mean: tuple[float, float]
    comoment: tuple[float, float, float]
    """Sums of (dx dx, dx dy, dy dy) about the mean."""

    @classmethod
    def of(cls, x: Array, y: Array) -> PlaneMoments:
        """Moments of the finite points ``(x, y)``."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        keep = np.isfinite(x) & np.isfinite(y)
        x, y = x[keep], y[keep]
        if not x.size:
            return cls(0, (math.nan, math.nan), (0.0, 0.0, 0.0))
        mx, my = float(np.mean(x)), float(np.mean(y))
        dx, dy = x - mx, y - my
        return cls(int(x.size), (mx, my), (float(dx @ dx), float(dx @ dy), float(dy @ dy)))

    def merge(self, other: PlaneMoments) -> PlaneMoments:
        """Moments of both sets of points (Chan et al. 1979, bivariate)."""
        if other.count == 0:
            return self
        if self.count == 0:
            return other
        n = self.count + other.count
        dx = other.mean[0] - self.mean[0]
        dy = other.mean[1] - self.mean[1]
        f = self.count * other.count / n
        mean = (self.mean[0] + dx * other.count / n, self.mean[1] + dy * other.count / n)
        a, b = self.comoment, other.comoment
        return PlaneMoments(n, mean, (a[0] + b[0] + dx * dx * f, a[1] + b[1] + dx * dy * f,
                                      a[2] + b[2] + dy * dy * f))

    def covariance(self) -> tuple[float, float, float]:
        """Sample covariance ``(var x, cov xy, var y)`` (``n - 1``; NaN below 2 points)."""
        if self.count < 2:
            return math.nan, math.nan, math.nan
        d = self.count - 1
        return self.comoment[0] / d, self.comoment[1] / d, self.comoment[2] / d

    def ellipse(self, sigmas: float = 3.0) -> tuple[float, float, float]:
        """Semi-major and semi-minor axes and the major axis's angle from +x (rad) of the
        ``sigmas``-sigma covariance ellipse (eigen-decomposition of the covariance)."""
        sxx, sxy, syy = self.covariance()
        if math.isnan(sxx):
            return math.nan, math.nan, math.nan
        values, vectors = np.linalg.eigh(np.array([[sxx, sxy], [sxy, syy]]))
        major = vectors[:, 1]
        return (sigmas * math.sqrt(max(values[1], 0.0)), sigmas * math.sqrt(max(values[0], 0.0)),
                math.atan2(major[1], major[0]))
