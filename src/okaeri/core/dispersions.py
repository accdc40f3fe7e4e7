"""Samplers of entry dispersions (SI units): entry-interface state, density, winds.

Each sampler draws from a numpy :class:`numpy.random.Generator` given by the caller, so
a Monte Carlo is reproducible from its seed, and returns arrays that
:func:`okaeri.core.entry.simulate_batch` takes as they are.

Entry-interface state
    A multivariate normal over (flight path angle rad, speed m/s, heading rad, latitude
    rad, longitude rad), from a navigation covariance or from per-axis 3-sigma values
    (:func:`entry_state_samples`).

Density
    Altitude-correlated multiplicative perturbations: a first-order Gauss-Markov process in
    altitude (:func:`density_perturbations`). On a grid h_0 < h_1 < ..., a unit normal
    x_0 ~ N(0, 1) and

        x_{k+1} = phi_k x_k + sqrt(1 - phi_k^2) xi_k,   phi_k = exp(-(h_{k+1} - h_k) / L),

    xi_k ~ N(0, 1), so corr(x(h), x(h')) = exp(-abs(h - h') / L) (the discrete form of the
    Ornstein-Uhlenbeck process; A. Gelb (ed.), *Applied Optimal Estimation*, MIT Press,
    1974, sec. 3.8). The factor on density is log-normal with mean 1 and standard
    deviation sigma(h): f = exp(s x - s^2 / 2), s^2 = ln(1 + sigma^2), positive for any
    draw. Earth-GRAM builds its perturbations the same way, as a first-order
    autoregressive process along the path with altitude-dependent standard deviations and
    correlation scales (C. G. Justus, F. W. Leslie, *The NASA MSFC Earth Global Reference
    Atmospheric Model - 2007 Version*, NASA/TM-2008-215581, section on the perturbation
    model).

Winds
    A jet stream: a Gaussian profile of speed in altitude around a core, on a background,
    blowing from a direction (meteorological convention, clockwise from north), each
    sample with its own speed and direction (:func:`jet_stream_winds`).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "DEFAULT_DENSITY_SIGMA",
    "ENTRY_STATE_AXES",
    "density_perturbations",
    "entry_state_samples",
    "jet_stream_winds",
]

FloatArray = NDArray[np.float64]

ENTRY_STATE_AXES = ("flight_path_angle", "speed", "heading", "latitude", "longitude")
"""Order of the entry-state axes of a covariance (rad, m/s, rad, rad, rad)."""

DEFAULT_DENSITY_SIGMA = (
    np.array([0.0, 8.0e3, 20.0e3, 40.0e3, 60.0e3, 80.0e3, 100.0e3, 120.0e3]),
    np.array([0.02, 0.01, 0.03, 0.05, 0.08, 0.12, 0.20, 0.25]),
)
"""Altitude (m) and 1-sigma relative density variability (dimensionless) used when none is
given: smallest near 8 km (the isopycnic level, where seasonal and latitudinal density
variations cancel), growing with altitude. An engineering assumption of the order of the
standard deviations that Earth-GRAM prints (NASA/TM-2008-215581); the values were not
checked against its tables and should be replaced by a GRAM run for the site and season."""


def entry_state_samples(
    rng: np.random.Generator,
    n: int,
    nominal: ArrayLike,
    *,
    covariance: ArrayLike | None = None,
    sigma3: ArrayLike | None = None,
) -> dict[str, FloatArray]:
    """N entry-interface states from a multivariate normal distribution.

    x ~ N(nominal, C), C = ``covariance`` or diag((sigma3 / 3)^2), axes
    :data:`ENTRY_STATE_AXES`: flight path angle (rad), speed (m/s), heading (rad),
    latitude (rad), longitude (rad). Drawn as nominal + L z with C = L L^T (Cholesky) and
    z ~ N(0, I).

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the draws.
    n : int
        Number of samples, >= 1.
    nominal : array_like, shape (5,)
        Nominal state (rad, m/s, rad, rad, rad).
    covariance : array_like, shape (5, 5), optional
        Navigation covariance (units squared), symmetric positive semi-definite.
    sigma3 : array_like, shape (5,), optional
        Per-axis 3-sigma values instead (rad, m/s, rad, rad, rad), >= 0.

    Returns
    -------
    dict
        One array of length n per axis name.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    mean = np.asarray(nominal, dtype=float).ravel()
    if mean.size != 5 or not np.all(np.isfinite(mean)):
        raise ValueError(f"nominal needs 5 finite values {ENTRY_STATE_AXES}, got {mean!r}")
    if (covariance is None) == (sigma3 is None):
        raise ValueError("give exactly one of covariance (5 x 5) or sigma3 (5 values)")
    if sigma3 is not None:
        s = np.asarray(sigma3, dtype=float).ravel()
        if s.size != 5 or not np.all((s >= 0.0) & np.isfinite(s)):
            raise ValueError(f"sigma3 needs 5 finite values >= 0, got {s!r}")
        c = np.diag((s / 3.0) ** 2)
    else:
        c = np.asarray(covariance, dtype=float)
        if c.shape != (5, 5) or not np.all(np.isfinite(c)) or not np.allclose(c, c.T):
            raise ValueError("covariance must be a finite, symmetric 5 x 5 matrix "
                             f"(axes {ENTRY_STATE_AXES}), got shape {c.shape}")
    factor = _cholesky(c)
    draws = mean + rng.standard_normal((n, 5)) @ factor.T
    return {name: np.ascontiguousarray(draws[:, i]) for i, name in enumerate(ENTRY_STATE_AXES)}


def _cholesky(c: FloatArray) -> FloatArray:
    """L with C = L L^T; a semi-definite C (a zero variance) through its eigenvalues."""
    w, v = np.linalg.eigh(c)
    if np.any(w < -1e-12 * max(1.0, float(np.max(np.abs(w))))):
        raise ValueError(f"covariance must be positive semi-definite (eigenvalues {w!r})")
    return np.asarray(v * np.sqrt(np.clip(w, 0.0, None)))


def density_perturbations(
    rng: np.random.Generator,
    n: int,
    altitudes: ArrayLike,
    *,
    correlation_length: float = 5.0e3,
    sigma: tuple[ArrayLike, ArrayLike] | float | None = None,
) -> FloatArray:
    """N multiplicative density profiles on ``altitudes``: a Gauss-Markov process in altitude.

    f(h) = exp(s(h) x(h) - s(h)^2 / 2), s^2 = ln(1 + sigma(h)^2), with x the unit
    first-order Gauss-Markov process of the module docstring:
    corr(x(h), x(h')) = exp(-abs(h - h') / L). Each factor has mean 1 and standard deviation
    sigma(h).

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the draws.
    n : int
        Number of profiles, >= 1.
    altitudes : array_like
        Strictly increasing altitude grid (m). A spacing of about L/2 resolves the
        process: the kernel interpolates it smoothly, and a finer grid makes the
        integrator follow small-scale wiggles (1 km instead of 2.5 km for L = 5 km
        doubles the steps) without changing the statistics of the peaks.
    correlation_length : float, optional
        L (m), > 0. Default 5 km: an assumption of the order of the vertical scales of
        Earth-GRAM's small-scale perturbations, not checked against its documentation.
    sigma : float or (array_like, array_like), optional
        1-sigma relative variability (dimensionless, >= 0): a constant, or a table
        (altitudes m, values) interpolated linearly and held beyond its ends. Default
        :data:`DEFAULT_DENSITY_SIGMA`.

    Returns
    -------
    numpy.ndarray
        Factors, shape (n, len(altitudes)), for ``density_profile=(altitudes, factors)``
        of :func:`okaeri.core.entry.simulate_batch`.
    """
    h = np.asarray(altitudes, dtype=float).ravel()
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if h.size < 1 or not np.all(np.isfinite(h)) or np.any(np.diff(h) <= 0.0):
        raise ValueError("altitudes must be a non-empty, finite, strictly increasing grid (m)")
    if not (correlation_length > 0.0 and math.isfinite(correlation_length)):
        raise ValueError(f"correlation_length must be positive and finite (m), "
                         f"got {correlation_length!r}")
    sig = _sigma_at(h, DEFAULT_DENSITY_SIGMA if sigma is None else sigma)
    phi = np.exp(-np.diff(h) / correlation_length)
    innovation = np.sqrt(1.0 - phi * phi)
    xi = rng.standard_normal((n, h.size))
    x = np.empty((n, h.size))
    x[:, 0] = xi[:, 0]
    for k in range(h.size - 1):
        x[:, k + 1] = phi[k] * x[:, k] + innovation[k] * xi[:, k + 1]
    s2 = np.log1p(sig * sig)
    return np.asarray(np.exp(np.sqrt(s2) * x - 0.5 * s2))


def _sigma_at(h: FloatArray, sigma: tuple[ArrayLike, ArrayLike] | float) -> FloatArray:
    if isinstance(sigma, tuple):
        hs = np.asarray(sigma[0], dtype=float).ravel()
        vs = np.asarray(sigma[1], dtype=float).ravel()
        if hs.size != vs.size or hs.size == 0 or np.any(np.diff(hs) <= 0.0):
            raise ValueError("sigma table needs increasing altitudes (m) and as many values")
        values = np.interp(h, hs, vs)
    else:
        values = np.full(h.shape, float(sigma))
    if not np.all((values >= 0.0) & np.isfinite(values)):
        raise ValueError("sigma values must be finite and >= 0 (relative, dimensionless)")
    return np.asarray(values)


def jet_stream_winds(
    altitudes: ArrayLike,
    speed: ArrayLike,
    direction_from: ArrayLike,
    *,
    core_altitude: float = 12.0e3,
    half_width: float = 3.5e3,
    background: float = 0.1,
) -> tuple[FloatArray, FloatArray]:
    """East and north wind (m/s) of jet streams on ``altitudes``, one row per sample.

    w(h) = U [b + (1 - b) exp(-(h - h_c)^2 / (2 W^2))], blowing from the direction
    chi (clockwise from north): east = -w sin(chi), north = -w cos(chi). A westerly jet
    (chi = 270 deg) blows to the east.

    Parameters
    ----------
    altitudes : array_like
        Altitude grid (m), strictly increasing.
    speed : array_like
        Core speed U (m/s), >= 0, one per sample (or a scalar).
    direction_from : array_like
        Direction chi the wind blows from (rad, clockwise from north), one per sample.
    core_altitude : float, optional
        h_c (m): about 12 km for the subtropical jet (200-250 hPa).
    half_width : float, optional
        W (m), > 0: the 1-sigma half thickness of the jet.
    background : float, optional
        b in [0, 1]: the speed away from the core as a fraction of U.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        East and north components, shape (n, len(altitudes)), for
        ``wind_profile=(altitudes, east, north)`` of
        :func:`okaeri.core.entry.simulate_batch`.
    """
    h = np.asarray(altitudes, dtype=float).ravel()
    u = np.atleast_1d(np.asarray(speed, dtype=float)).ravel()
    chi = np.atleast_1d(np.asarray(direction_from, dtype=float)).ravel()
    if h.size < 1 or not np.all(np.isfinite(h)) or np.any(np.diff(h) <= 0.0):
        raise ValueError("altitudes must be a non-empty, finite, strictly increasing grid (m)")
    if not np.all((u >= 0.0) & np.isfinite(u)) or not np.all(np.isfinite(chi)):
        raise ValueError("speed must be finite and >= 0 (m/s), direction_from finite (rad)")
    if not (half_width > 0.0 and 0.0 <= background <= 1.0 and math.isfinite(core_altitude)):
        raise ValueError("half_width must be > 0 (m), background in [0, 1], core_altitude "
                         "finite (m)")
    u, chi = np.broadcast_arrays(u, chi)
    shape = background + (1.0 - background) * np.exp(
        -0.5 * ((h - core_altitude) / half_width) ** 2)
    w = u[:, None] * shape[None, :]
    return (np.ascontiguousarray(-w * np.sin(chi)[:, None]),
            np.ascontiguousarray(-w * np.cos(chi)[:, None]))
