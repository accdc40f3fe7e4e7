"""Dispersion samplers: their moments and correlations against their definitions.

Oracles: the sample mean and covariance of the entry state against the covariance given
(standard errors of the sample moments); the autocorrelation of the Gauss-Markov density
process against exp(-|dh| / L) (A. Gelb, *Applied Optimal Estimation*, 1974, sec. 3.8) and
the log-normal factor's mean 1 and standard deviation sigma; the jet stream's profile
against its formula and the meteorological direction convention.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from okaeri.core.dispersions import (
    DEFAULT_DENSITY_SIGMA,
    ENTRY_STATE_AXES,
    density_perturbations,
    entry_state_samples,
    jet_stream_winds,
)

NOMINAL = np.array([math.radians(-7.7), 11000.0, math.radians(120.0), math.radians(-31.0),
                    math.radians(136.5)])


def test_entry_state_samples_have_the_covariance_given() -> None:
    sd = np.array([math.radians(0.1), 3.3, math.radians(0.05), 1e-4, 2e-4])
    corr = np.eye(5)
    corr[0, 1] = corr[1, 0] = -0.6  # flight path angle and speed anticorrelated
    cov = corr * np.outer(sd, sd)
    n = 200_000
    draws = entry_state_samples(np.random.default_rng(1), n, NOMINAL, covariance=cov)
    x = np.column_stack([draws[a] for a in ENTRY_STATE_AXES])
    # standard error of a mean: sd / sqrt(n); 5 of them
    assert np.all(np.abs(x.mean(axis=0) - NOMINAL) < 5 * sd / math.sqrt(n))
    sample = np.cov(x.T)
    assert np.allclose(np.sqrt(np.diag(sample)), sd, rtol=0.01)
    assert sample[0, 1] / (sd[0] * sd[1]) == pytest.approx(-0.6, abs=0.01)


def test_entry_state_from_three_sigma_and_zero_variance_axes() -> None:
    sigma3 = [math.radians(0.3), 10.0, 0.0, 0.0, 0.0]
    draws = entry_state_samples(np.random.default_rng(2), 50_000, NOMINAL, sigma3=sigma3)
    assert np.std(draws["speed"]) == pytest.approx(10.0 / 3.0, rel=0.02)
    assert np.all(draws["heading"] == NOMINAL[2])
    with pytest.raises(ValueError, match="exactly one of covariance"):
        entry_state_samples(np.random.default_rng(2), 5, NOMINAL)
    with pytest.raises(ValueError, match="positive semi-definite"):
        entry_state_samples(np.random.default_rng(2), 5, NOMINAL, covariance=-np.eye(5))


def test_density_process_has_exponential_autocorrelation_and_stated_sigma() -> None:
    h = np.arange(0.0, 100e3 + 1.0, 1000.0)
    length = 6000.0
    f = density_perturbations(np.random.default_rng(3), 40_000, h, correlation_length=length,
                              sigma=0.1)
    assert np.all(f > 0.0)
    assert np.mean(f) == pytest.approx(1.0, abs=0.002)
    assert np.std(f[:, 50]) == pytest.approx(0.1, rel=0.02)
    x = np.log(f)  # the Gaussian process, up to its constant mean
    for lag_km in (1, 3, 6, 12):
        r = np.corrcoef(x[:, 40], x[:, 40 + lag_km])[0, 1]
        assert r == pytest.approx(math.exp(-lag_km * 1000.0 / length), abs=0.015), lag_km


def test_density_sigma_follows_its_altitude_table() -> None:
    h = np.array([0.0, 8e3, 60e3, 120e3])
    f = density_perturbations(np.random.default_rng(4), 100_000, h)
    expected = np.interp(h, *DEFAULT_DENSITY_SIGMA)
    assert np.allclose(np.std(f, axis=0), expected, rtol=0.02)
    with pytest.raises(ValueError, match="correlation_length"):
        density_perturbations(np.random.default_rng(4), 3, h, correlation_length=0.0)
    with pytest.raises(ValueError, match="strictly increasing"):
        density_perturbations(np.random.default_rng(4), 3, h[::-1])


def test_jet_stream_profile_and_direction_convention() -> None:
    h = np.array([0.0, 12e3, 15.5e3, 40e3])
    east, north = jet_stream_winds(h, [50.0, 30.0], [math.radians(270.0), 0.0],
                                   core_altitude=12e3, half_width=3.5e3, background=0.1)
    # a westerly (from 270 deg) blows east; a northerly (from 0 deg) blows south
    assert east[0, 1] == pytest.approx(50.0)
    assert north[0, 1] == pytest.approx(0.0, abs=1e-12)
    assert north[1, 1] == pytest.approx(-30.0)
    assert east[0, 2] == pytest.approx(50.0 * (0.1 + 0.9 * math.exp(-0.5)))
    assert east[0, 0] == pytest.approx(50.0 * (0.1 + 0.9 * math.exp(-0.5 * (12 / 3.5) ** 2)))
    with pytest.raises(ValueError, match="speed must be finite"):
        jet_stream_winds(h, [-1.0], [0.0])
