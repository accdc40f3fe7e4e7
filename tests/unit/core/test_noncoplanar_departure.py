"""Non-coplanar departure from a circular orbit: limits with closed forms, Vallado's
plane-change example, and the single impulse checked by its hyperbola's asymptote
(eccentricity vector, computed independently here)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from okaeri.core import references as ref
from okaeri.core.constants import MU_EARTH, MU_MOON, R_EARTH, R_MOON
from okaeri.core.noncoplanar_departure import non_coplanar_departure
from okaeri.core.orbits import combined_plane_change, plane_change
from okaeri.core.patched_conics import trans_earth_injection

LLO = R_MOON + 100e3
V_INF = 840.8  # m/s, the LSR-1 return's departure excess speed (patched conics)
APOAPSIS = R_MOON + 10_000e3


def asymptote_of(r: np.ndarray, v: np.ndarray, mu: float) -> np.ndarray:
    """Outgoing asymptote direction of a hyperbola from its state: cos(nu_inf) e_hat +
    sin(nu_inf) (h_hat x e_hat), e from the eccentricity vector (Curtis eq. 2.40)."""
    e_vector = ((v @ v - mu / np.linalg.norm(r)) * r - (r @ v) * v) / mu
    ecc = float(np.linalg.norm(e_vector))
    h = np.cross(r, v)
    e_hat = e_vector / ecc
    nu_inf = math.acos(-1.0 / ecc)
    return np.asarray(math.cos(nu_inf) * e_hat
                      + math.sin(nu_inf) * np.cross(h / np.linalg.norm(h), e_hat))


def test_coplanar_limit_costs_nothing_extra() -> None:
    """Asymptote in the plane: the coplanar TEI of the patched conics, no extra; the best
    burn point is nu_inf behind the asymptote, tangential (Curtis ch. 8)."""
    result = non_coplanar_departure(V_INF, LLO, 0.0, APOAPSIS)
    assert result.coplanar == pytest.approx(trans_earth_injection(V_INF, LLO), rel=1e-12)
    assert result.one_impulse == pytest.approx(0.0, abs=1e-6)
    assert result.plane_change_first == 0.0 and result.through_ellipse == 0.0
    ecc = 1.0 + LLO * V_INF**2 / MU_MOON
    assert result.burn_point_angle == pytest.approx(-math.acos(-1.0 / ecc), abs=1e-6)
    assert result.flight_path_angle == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("alpha_deg", [10.0, 30.0, 60.0])
def test_single_impulse_reaches_the_asymptote(alpha_deg: float) -> None:
    """Oracle: rebuild the burn at the returned point and flight path angle, in the plane
    of the burn point and the asymptote; the resulting hyperbola's asymptote, from its
    eccentricity vector, is the required one (1e-9 rad), and the burn's size is the
    coplanar TEI plus the reported extra."""
    alpha = math.radians(alpha_deg)
    result = non_coplanar_departure(V_INF, LLO, alpha, APOAPSIS)
    psi, gamma = result.burn_point_angle, result.flight_path_angle
    target = np.array([math.cos(alpha), 0.0, math.sin(alpha)])
    radial = np.array([math.cos(psi), math.sin(psi), 0.0])
    towards = target - (target @ radial) * radial
    towards /= np.linalg.norm(towards)
    speed = math.sqrt(V_INF**2 + 2.0 * MU_MOON / LLO)
    candidates = [speed * (math.cos(gamma) * sign * towards + math.sin(gamma) * radial)
                  for sign in (1.0, -1.0)]
    circular = math.sqrt(MU_MOON / LLO) * np.array([-math.sin(psi), math.cos(psi), 0.0])
    burns = [float(np.linalg.norm(v - circular)) for v in candidates]
    velocity = candidates[int(np.argmin(burns))]
    direction = asymptote_of(LLO * radial, velocity, MU_MOON)
    assert math.acos(min(1.0, float(direction @ target))) < 1e-9
    assert min(burns) == pytest.approx(result.coplanar + result.one_impulse, rel=1e-9)


def test_single_impulse_beats_the_tangential_combined_plane_change() -> None:
    """A tangential burn at the hyperbola's periapsis with the plane change in it
    (combined_plane_change, Vallado Example 6-7's oracle) is one feasible single impulse,
    turning by sin(beta) = sin(alpha)/sin(nu_inf): the best single impulse is no worse,
    and close to it for small angles."""
    ecc = 1.0 + LLO * V_INF**2 / MU_MOON
    nu_inf = math.acos(-1.0 / ecc)
    for alpha_deg in (2.0, 10.0, 30.0):
        alpha = math.radians(alpha_deg)
        beta = math.asin(math.sin(alpha) / math.sin(nu_inf))
        result = non_coplanar_departure(V_INF, LLO, alpha, APOAPSIS)
        tangential = combined_plane_change(
            math.sqrt(MU_MOON / LLO), math.sqrt(V_INF**2 + 2 * MU_MOON / LLO), beta)
        assert result.coplanar + result.one_impulse <= tangential + 1e-9
        if alpha_deg == 2.0:
            assert result.coplanar + result.one_impulse == pytest.approx(tangential, rel=1e-3)


def test_perpendicular_asymptote_needs_a_right_angle_turn() -> None:
    """Asymptote along the orbit normal: every burn point is 90 deg from it and every
    hyperbola plane is perpendicular to the orbit, so the best single impulse is
    sqrt(v^2 + v_c^2) (a right angle between the velocities)."""
    result = non_coplanar_departure(V_INF, LLO, 0.5 * math.pi, APOAPSIS)
    expected = math.sqrt(V_INF**2 + 3.0 * MU_MOON / LLO)
    assert result.coplanar + result.one_impulse == pytest.approx(expected, rel=1e-6)
    assert result.through_ellipse == math.inf  # beyond pi - nu_inf


def test_vallado_example_6_4_plane_change_first() -> None:
    """Vallado 4th ed. Example 6-4: a circular orbit at 5.892311 km/s (radius 11,480.649
    km) turned by 15 deg needs 1.538202 km/s."""
    result = non_coplanar_departure(3000.0, 11_480_649.0, math.radians(15.0), 2e7,
                                    mu=MU_EARTH, body_radius=R_EARTH)
    assert result.plane_change_first / 1e3 == pytest.approx(ref.VALLADO_6_4_DELTA_V_KM_S,
                                                             rel=1e-6)


def test_through_ellipse_turns_the_plane_at_apoapsis() -> None:
    """The three-impulse extra is the pure plane change at the ellipse's apoapsis by
    beta, sin(beta) = sin(alpha)/sin(nu_inf); it falls as the apoapsis rises."""
    alpha = math.radians(20.0)
    ecc = 1.0 + LLO * V_INF**2 / MU_MOON
    beta = math.asin(math.sin(alpha) / math.sin(math.acos(-1.0 / ecc)))
    v_apoapsis = math.sqrt(2.0 * MU_MOON * LLO / (APOAPSIS * (LLO + APOAPSIS)))
    result = non_coplanar_departure(V_INF, LLO, alpha, APOAPSIS)
    assert result.through_ellipse == pytest.approx(plane_change(v_apoapsis, beta), rel=1e-12)
    higher = non_coplanar_departure(V_INF, LLO, alpha, 2.0 * APOAPSIS)
    assert higher.through_ellipse < result.through_ellipse
    assert result.best == min(result.one_impulse, result.plane_change_first,
                              result.through_ellipse)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: non_coplanar_departure(-1.0, LLO, 0.1, APOAPSIS), "v_inf must be"),
        (lambda: non_coplanar_departure(V_INF, R_MOON, 0.1, APOAPSIS),
         "r_orbit must be > body_radius"),
        (lambda: non_coplanar_departure(V_INF, LLO, 2.0, APOAPSIS),
         r"out_of_plane_angle must lie in \[0, pi/2\]"),
        (lambda: non_coplanar_departure(V_INF, LLO, 0.1, LLO), "r_apoapsis must be > r_orbit"),
    ],
)
def test_invalid_inputs_raise_value_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
