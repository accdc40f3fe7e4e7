"""Eclipse of a circular orbit: the cylindrical-shadow geometry against a numerical
shadow test, and Lunar Prospector's reported night passes."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from okaeri.core.constants import MU_MOON, R_MOON
from okaeri.core.eclipse import eclipse_duration, longest_eclipse


def shadow_fraction(orbit_radius: float, beta: float, samples: int = 400_000) -> float:
    """Fraction of a circular orbit inside the shadow cylinder, by testing points: the
    Sun along +x rotated by beta out of the orbit plane (x-y)."""
    angle = np.linspace(0.0, 2.0 * np.pi, samples, endpoint=False)
    position = orbit_radius * np.stack([np.cos(angle), np.sin(angle), np.zeros(samples)])
    sun = np.array([math.cos(beta), 0.0, math.sin(beta)])
    along = sun @ position
    off_axis = np.linalg.norm(position - np.outer(sun, along), axis=0)
    return float(np.mean((along < 0.0) & (off_axis < R_MOON)))


@pytest.mark.parametrize("beta_deg", [0.0, 30.0, 60.0])
def test_eclipse_matches_a_numerical_shadow_test(beta_deg: float) -> None:
    """Oracle: points of the orbit tested against the shadow cylinder (400,000 samples,
    a resolution of 2.5e-6 of the orbit)."""
    radius = R_MOON + 100e3
    beta = math.radians(beta_deg)
    period = 2.0 * math.pi * math.sqrt(radius**3 / MU_MOON)
    expected = shadow_fraction(radius, beta) * period
    assert eclipse_duration(MU_MOON, R_MOON, radius, beta) == pytest.approx(expected, abs=0.05)


def test_longest_eclipse_is_at_beta_zero_and_none_beyond_the_limit() -> None:
    radius = R_MOON + 100e3
    longest = longest_eclipse(MU_MOON, R_MOON, radius)
    assert longest.duration == pytest.approx(eclipse_duration(MU_MOON, R_MOON, radius),
                                             rel=1e-12)
    limit = math.asin(R_MOON / radius)
    assert eclipse_duration(MU_MOON, R_MOON, radius, 0.999 * limit) > 0.0
    assert eclipse_duration(MU_MOON, R_MOON, radius, 1.001 * limit) == 0.0
    assert eclipse_duration(MU_MOON, R_MOON, radius, -0.5) == eclipse_duration(
        MU_MOON, R_MOON, radius, 0.5)


def test_lunar_prospector_100_km_mapping_orbit() -> None:
    """Lunar Prospector, NASA Ames status report #48 (11 Sep 1998), 100 km polar mapping
    orbit (99.45 x 101.2 km, period 117.9 min): "45 minute lunar night passes" (night
    from 09:03 to 09:48 and from 11:00 to 11:45). The report gives minutes and not the
    beta angle, so the beta-0 longest eclipse must be at least 45 min and within a
    couple of minutes of it (5 %); the period must match to 0.1 min."""
    eclipse = longest_eclipse(MU_MOON, R_MOON, R_MOON + 100e3)
    assert eclipse.period / 60.0 == pytest.approx(117.9, abs=0.1)
    assert 45.0 <= eclipse.duration / 60.0 <= 45.0 * 1.05


def test_lunar_prospector_extended_mission_orbit() -> None:
    """Lunar Prospector status report #74 (19 Mar 1999): 14.8 x 45.2 km orbit, period
    111 min, "Eclipses: 48 minutes", as eclipses lengthened towards their seasonal
    maximum (early April). A circular orbit at the mean altitude, 30 km, is the model:
    period within 0.5 min, longest eclipse at least 48 min and within 5 %."""
    eclipse = longest_eclipse(MU_MOON, R_MOON, R_MOON + 30e3)
    assert eclipse.period / 60.0 == pytest.approx(111.0, abs=0.5)
    assert 48.0 <= eclipse.duration / 60.0 <= 48.0 * 1.05


@pytest.mark.parametrize(
    ("call", "message"),
    [(lambda: longest_eclipse(MU_MOON, R_MOON, R_MOON), "orbit_radius must be > body_radius"),
     (lambda: eclipse_duration(MU_MOON, R_MOON, 2e6, 2.0), r"beta_angle must lie in"),
     (lambda: longest_eclipse(-1.0, R_MOON, 2e6), "mu must be a finite number > 0")],
)
def test_invalid_inputs_raise_value_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
