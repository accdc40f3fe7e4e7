"""Two-body core: speeds, orbital elements and universal-variable Kepler propagation.

Each numeric test names its oracle (a textbook worked example or an exact identity)
and states the tolerance the source supports.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okaeri.core import kepler as kp
from okaeri.core import references as ref
from okaeri.core import twobody as tb
from okaeri.core.constants import MU_EARTH, R_EARTH

KM = 1e3
MU_CURTIS = ref.CURTIS_MU_KM3_S2 * KM**3
MU_VALLADO = 398_600.4418e9  # Vallado 4th ed. uses 398,600.4418 km^3/s^2 (= MU_EARTH)


# ---------------------------------------------------------------------------------------
# Speeds and periods: exact identities
# ---------------------------------------------------------------------------------------


def test_vis_viva_reduces_to_circular_and_escape_speeds() -> None:
    r = R_EARTH + 400e3
    assert tb.vis_viva_speed(MU_EARTH, r, r) == pytest.approx(tb.circular_speed(MU_EARTH, r))
    assert tb.vis_viva_speed(MU_EARTH, r, math.inf) == pytest.approx(tb.escape_speed(MU_EARTH, r))
    assert tb.escape_speed(MU_EARTH, r) == pytest.approx(
        math.sqrt(2) * tb.circular_speed(MU_EARTH, r)
    )


def test_geostationary_period_is_one_sidereal_day() -> None:
    # Oracle: a geostationary orbit (a = 42,164.17 km, Vallado 4th ed. section 1.3) has a
    # period of one sidereal day, 86,164.09 s. The radius is given to 10 m, so 0.05 s.
    assert tb.orbital_period(MU_EARTH, 42_164.17e3) == pytest.approx(86_164.09, abs=0.05)


def test_apsis_speeds_conserve_angular_momentum_and_energy() -> None:
    rp, ra = R_EARTH + 185e3, R_EARTH + 35_786e3
    vp = tb.periapsis_speed(MU_EARTH, rp, ra)
    va = tb.apoapsis_speed(MU_EARTH, rp, ra)
    assert rp * vp == pytest.approx(ra * va, rel=1e-14)
    assert tb.specific_energy(MU_EARTH, rp, vp) == pytest.approx(-MU_EARTH / (rp + ra), rel=1e-13)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: tb.circular_speed(MU_EARTH, -1.0), "r must be a finite number > 0 m, got -1.0"),
        (lambda: tb.orbital_period(-1.0, 7e6), "mu must be a finite number > 0"),
        (lambda: tb.vis_viva_speed(MU_EARTH, 3e7, 1e7), "beyond the apoapsis"),
        (lambda: tb.periapsis_speed(MU_EARTH, 8e6, 7e6), "r_apoapsis must be >= r_periapsis"),
        (lambda: tb.orbital_period(MU_EARTH, -7e6), "semi-major axis"),
    ],
)
def test_invalid_inputs_raise_value_error_with_range_and_value(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()


# ---------------------------------------------------------------------------------------
# Flight path angle on a conic
# ---------------------------------------------------------------------------------------


def test_flight_path_angle_is_zero_at_the_apsides_and_negative_inbound() -> None:
    rp, ecc = 7000e3, 0.5
    ra = rp * (1 + ecc) / (1 - ecc)
    speed, gamma = tb.conic_state_at_radius(MU_EARTH, rp, ecc, rp)
    assert gamma == pytest.approx(0.0, abs=1e-7)
    assert speed == pytest.approx(tb.periapsis_speed(MU_EARTH, rp, ra))
    _, gamma_in = tb.conic_state_at_radius(MU_EARTH, rp, ecc, 10_000e3, approaching=True)
    _, gamma_out = tb.conic_state_at_radius(MU_EARTH, rp, ecc, 10_000e3, approaching=False)
    assert gamma_in < 0.0 and gamma_out == pytest.approx(-gamma_in)


def test_flight_path_angle_matches_the_state_vector() -> None:
    # Oracle: tan(gamma) = e sin(nu) / (1 + e cos(nu)) (Curtis 3rd ed. eq. 2.51), here
    # from the velocity vector of elements_to_state.
    p, ecc, nu = 9000e3, 0.3, 2.0
    r, v = tb.elements_to_state(MU_EARTH, p, ecc, 0.4, 0.2, 0.3, nu)
    gamma_vector = math.asin(float(np.dot(r, v)) / (np.linalg.norm(r) * np.linalg.norm(v)))
    _, gamma = tb.conic_state_at_radius(
        MU_EARTH, p / (1 + ecc), ecc, float(np.linalg.norm(r)), approaching=False
    )
    assert gamma == pytest.approx(gamma_vector, abs=1e-9)


# ---------------------------------------------------------------------------------------
# Orbital elements: published worked examples
# ---------------------------------------------------------------------------------------


def test_vallado_example_2_5_state_to_elements() -> None:
    """Vallado 4th ed., algorithm 9 (RV2COE) worked example: r = (6524.834, 6862.875,
    6448.296) km, v = (4.901327, 5.533756, -1.976341) km/s gives p = 11,067.790 km,
    a = 36,127.343 km, e = 0.832853, i = 87.870 deg, RAAN = 227.898 deg, argp = 53.38 deg,
    nu = 92.335 deg. The book prints 7-8 significant digits from rounded inputs: p and a
    to 0.01 km, e to 1e-6, angles to their last printed digit."""
    el = tb.state_to_elements(
        MU_VALLADO,
        np.array([6524.834, 6862.875, 6448.296]) * KM,
        np.array([4.901327, 5.533756, -1.976341]) * KM,
    )
    assert el.p / KM == pytest.approx(11_067.790, abs=0.01)
    assert el.a / KM == pytest.approx(36_127.343, abs=0.01)
    assert el.ecc == pytest.approx(0.832853, abs=1e-6)
    assert math.degrees(el.inc) == pytest.approx(87.870, abs=1e-3)
    assert math.degrees(el.raan) == pytest.approx(227.898, abs=1e-3)
    assert math.degrees(el.argp) == pytest.approx(53.38, abs=0.01)
    assert math.degrees(el.nu) == pytest.approx(92.335, abs=1e-3)


def test_vallado_example_2_6_elements_to_state() -> None:
    """Vallado 4th ed., algorithm 10 (COE2RV) worked example (Example 2-6 in the 2nd and
    3rd editions): p = 11,067.790 km, e = 0.83285, i = 87.87, RAAN = 227.89, argp = 53.38,
    nu = 92.335 deg gives r = (6525.344, 6861.535, 6449.125) km, v = (4.902276, 5.533124,
    -1.975709) km/s. The inputs are rounded (e to 5 digits, RAAN to 0.01 deg), which moves
    the answer by a few 1e-6 relative: rtol 1e-5."""
    r, v = tb.elements_to_state(
        MU_VALLADO, 11_067.790 * KM, 0.83285,
        *(math.radians(x) for x in (87.87, 227.89, 53.38, 92.335)),
    )
    np.testing.assert_allclose(r / KM, [6525.344, 6861.535, 6449.125], rtol=1e-5)
    np.testing.assert_allclose(v / KM, [4.902276, 5.533124, -1.975709], rtol=1e-5)


def test_curtis_example_4_3_state_to_elements() -> None:
    """Curtis 3rd ed. Example 4.3: r = (-6045, -3490, 2500) km, v = (-3.457, 6.618, 2.533)
    km/s gives h = 58,310 km^2/s, i = 153.2 deg, RAAN = 255.3 deg, e = 0.1712,
    argp = 20.07 deg, theta = 28.45 deg, a = 8788 km, T = 2.278 h. Curtis rounds to 4
    significant digits: tolerances are half a unit of the last printed digit, except the
    period, which Curtis computes from the rounded a (2.2775 h from the exact one)."""
    el = tb.state_to_elements(
        MU_CURTIS, np.array(ref.CURTIS_4_3_R_KM) * KM, np.array(ref.CURTIS_4_3_V_KM_S) * KM
    )
    assert math.sqrt(el.p * MU_CURTIS) / 1e6 == pytest.approx(58_310, abs=5)
    assert math.degrees(el.inc) == pytest.approx(153.2, abs=0.05)
    assert math.degrees(el.raan) == pytest.approx(255.3, abs=0.05)
    assert el.ecc == pytest.approx(ref.CURTIS_4_3_ECCENTRICITY, abs=5e-5)
    assert math.degrees(el.argp) == pytest.approx(20.07, abs=5e-3)
    assert math.degrees(el.nu) == pytest.approx(28.45, abs=5e-3)
    assert el.a / KM == pytest.approx(ref.CURTIS_4_3_SEMI_MAJOR_AXIS_KM, abs=0.5)
    assert tb.orbital_period(MU_CURTIS, el.a) / 3600 == pytest.approx(2.278, abs=1e-3)


def test_curtis_example_4_7_hyperbolic_elements_to_state() -> None:
    """Curtis 3rd ed. Example 4.7: h = 80,000 km^2/s, e = 1.4, i = 30, RAAN = 40,
    argp = 60, theta = 30 deg gives r = (-4040, 4815, 3629) km, v = (-10.39, -4.772,
    1.744) km/s, printed to 4 significant digits: half a unit of the last printed digit."""
    p = (80_000e6) ** 2 / MU_CURTIS
    r, v = tb.elements_to_state(MU_CURTIS, p, 1.4, *(math.radians(x) for x in (30, 40, 60, 30)))
    assert np.all(np.abs(r / KM - [-4040, 4815, 3629]) <= 0.5)
    assert np.all(np.abs(v / KM - [-10.39, -4.772, 1.744]) <= [0.005, 0.0005, 0.0005])


# ---------------------------------------------------------------------------------------
# Singular cases: documented conventions
# ---------------------------------------------------------------------------------------


def test_circular_inclined_orbit_reports_argument_of_latitude_as_nu() -> None:
    r, v = tb.elements_to_state(MU_EARTH, 7000e3, 0.0, 0.9, 1.1, 0.0, 2.5)
    el = tb.state_to_elements(MU_EARTH, r, v)
    assert el.ecc == 0.0 and el.argp == 0.0
    assert el.raan == pytest.approx(1.1, abs=1e-12)
    assert el.nu == pytest.approx(2.5, abs=1e-12)  # argument of latitude u
    assert el.arglat == pytest.approx(2.5, abs=1e-12)


def test_elliptic_equatorial_orbit_reports_longitude_of_periapsis_as_argp() -> None:
    r, v = tb.elements_to_state(MU_EARTH, 8000e3, 0.2, 0.0, 0.0, 1.0, 0.5)
    el = tb.state_to_elements(MU_EARTH, r, v)
    assert el.inc == 0.0 and el.raan == 0.0 and el.equatorial
    assert el.argp == pytest.approx(1.0, abs=1e-12)  # true longitude of periapsis
    assert el.nu == pytest.approx(0.5, abs=1e-12)


def test_circular_equatorial_orbit_reports_true_longitude_as_nu() -> None:
    r, v = tb.elements_to_state(MU_EARTH, 42_164e3, 0.0, 0.0, 0.0, 0.0, 4.0)
    el = tb.state_to_elements(MU_EARTH, r, v)
    assert (el.ecc, el.raan, el.argp) == (0.0, 0.0, 0.0)
    assert el.circular and el.equatorial
    assert el.nu == pytest.approx(4.0, abs=1e-12)  # true longitude


@pytest.mark.parametrize("ecc", [0.0, 0.3])
def test_retrograde_equatorial_orbit_round_trips(ecc: float) -> None:
    r, v = tb.elements_to_state(MU_EARTH, 9000e3, ecc, math.pi, 0.0, 0.7, 1.9)
    el = tb.state_to_elements(MU_EARTH, r, v)
    assert el.inc == pytest.approx(math.pi)
    r2, v2 = tb.elements_to_state(MU_EARTH, *el)
    np.testing.assert_allclose(r2, r, rtol=0, atol=1e-6)
    np.testing.assert_allclose(v2, v, rtol=0, atol=1e-9)


def test_rectilinear_motion_has_no_elements() -> None:
    with pytest.raises(ValueError, match="must not be parallel"):
        tb.state_to_elements(MU_EARTH, [7e6, 0, 0], [1e3, 0, 0])


def test_hyperbola_beyond_its_asymptote_is_rejected() -> None:
    with pytest.raises(ValueError, match="outside the asymptotes"):
        tb.elements_to_state(MU_EARTH, 7e6, 2.0, 0.1, 0, 0, math.radians(150))


# ---------------------------------------------------------------------------------------
# Kepler propagation: published worked examples
# ---------------------------------------------------------------------------------------


def test_stumpff_functions_are_continuous_at_zero() -> None:
    for z in (-1e-3 * (1 + 1e-9), 1e-3 * (1 + 1e-9)):
        assert kp.stumpff_c(z) == pytest.approx(kp.stumpff_c(math.copysign(0.999e-3, z)), rel=1e-6)
        assert kp.stumpff_s(z) == pytest.approx(kp.stumpff_s(math.copysign(0.999e-3, z)), rel=1e-6)
    assert kp.stumpff_c(0.0) == 0.5 and kp.stumpff_s(0.0) == pytest.approx(1 / 6)


def test_vallado_example_2_4_kepler() -> None:
    """Vallado 4th ed. Example 2-4 (KEPLER): r0 = (1131.340, -2282.343, 6672.423) km,
    v0 = (-5.64305, 4.30333, 2.42879) km/s, 40 min later r = (-4219.7527, 4363.0292,
    -3958.7666) km, v = (3.689866, -1.916735, -6.112511) km/s. Printed to 8 and 7
    significant digits: rtol 1e-7 on r, 1e-6 on v."""
    r, v = kp.kepler_propagate(
        MU_VALLADO,
        np.array(ref.VALLADO_2_4_R0_KM) * KM,
        np.array(ref.VALLADO_2_4_V0_KM_S) * KM,
        ref.VALLADO_2_4_MINUTES * 60.0,
    )
    np.testing.assert_allclose(r / KM, ref.VALLADO_2_4_R_KM, rtol=1e-7)
    np.testing.assert_allclose(v / KM, ref.VALLADO_2_4_V_KM_S, rtol=1e-6)


def test_curtis_example_3_7_universal_kepler() -> None:
    """Curtis 3rd ed. Example 3.7: r0 = (7000, -12124, 0) km, v0 = (2.6679, 4.6210, 0)
    km/s, one hour later r = (-3297.8, 7413.4, 0) km, v = (-8.2977, -0.96404, 0) km/s.
    Curtis carries 5 significant digits through the iteration, and editions print
    v_y = -0.96309 or -0.96404: 0.1 km on r, 1e-4 km/s on v_x, 1e-3 km/s on v_y."""
    r, v = kp.kepler_propagate(
        MU_CURTIS, np.array([7000, -12124, 0.0]) * KM, np.array([2.6679, 4.6210, 0.0]) * KM, 3600
    )
    np.testing.assert_allclose(r[:2] / KM, [-3297.8, 7413.4], atol=0.1)
    assert v[0] / KM == pytest.approx(-8.2977, abs=1e-4)
    assert v[1] / KM == pytest.approx(-0.96404, abs=1e-3)


def test_curtis_example_3_6_true_anomaly_after_one_hour() -> None:
    """Curtis 3rd ed. Example 3.6: r0 = 10,000 km, v0 = 10 km/s, theta0 = 30 deg
    (hyperbolic, e = 1.4682, h = 95,154 km^2/s, v_r0 = 3.0752 km/s); one hour later
    theta = 100.04 deg. Printed to 0.01 deg."""
    ecc, h = 1.4682, 95_154e6
    r0, v0 = tb.elements_to_state(MU_CURTIS, h * h / MU_CURTIS, ecc, 0, 0, 0, math.radians(30))
    assert np.linalg.norm(r0) / KM == pytest.approx(10_000, rel=1e-4)
    assert np.linalg.norm(v0) / KM == pytest.approx(10, rel=1e-4)
    r, v = kp.kepler_propagate(MU_CURTIS, r0, v0, 3600)
    assert math.degrees(tb.state_to_elements(MU_CURTIS, r, v).nu) == pytest.approx(100.04, abs=0.01)


def test_curtis_example_3_5_hyperbolic_radius_and_speed() -> None:
    """Curtis 3rd ed. Example 3.5: perigee 300 km altitude (Curtis's R = 6378 km) at
    15 km/s; after 14,941 s (t = 4.15 h past perigee) r = 163,180 km and v = 10.51 km/s.
    Printed to 5 and 4 digits: rtol 1e-4 and 1e-3."""
    r, v = kp.kepler_propagate(MU_CURTIS, [ref.CURTIS_3_5_PERIGEE_RADIUS_KM * KM, 0, 0],
                               [0, ref.CURTIS_3_5_PERIGEE_SPEED_KM_S * KM, 0],
                               ref.CURTIS_3_5_TIME_S)
    assert np.linalg.norm(r) / KM == pytest.approx(ref.CURTIS_3_5_RADIUS_KM, rel=1e-4)
    assert np.linalg.norm(v) / KM == pytest.approx(ref.CURTIS_3_5_SPEED_KM_S, rel=1e-3)


def test_propagation_over_one_period_returns_to_the_start() -> None:
    r0, v0 = tb.elements_to_state(MU_EARTH, 24_000e3, 0.7, 0.5, 0.1, 0.2, 0.3)
    a = 24_000e3 / (1 - 0.49)
    r, v = kp.kepler_propagate(MU_EARTH, r0, v0, 3 * tb.orbital_period(MU_EARTH, a))
    np.testing.assert_allclose(r, r0, atol=1e-3)
    np.testing.assert_allclose(v, v0, atol=1e-6)


def test_propagation_backwards_inverts_forwards() -> None:
    r0, v0 = tb.elements_to_state(MU_EARTH, 12_000e3, 1.8, 0.5, 0.1, 0.2, 0.3)
    r1, v1 = kp.kepler_propagate(MU_EARTH, r0, v0, 20_000.0)
    r2, v2 = kp.kepler_propagate(MU_EARTH, r1, v1, -20_000.0)
    np.testing.assert_allclose(r2, r0, rtol=1e-9)
    np.testing.assert_allclose(v2, v0, rtol=1e-9)


def test_non_convergence_raises_with_history() -> None:
    r0, v0 = tb.elements_to_state(MU_EARTH, 24_000e3, 0.9, 0.5, 0.1, 0.2, 0.3)
    with pytest.raises(kp.KeplerConvergenceError, match="did not converge in 1 iterations") as info:
        kp.kepler_propagate(MU_EARTH, r0, v0, 50_000.0, max_iterations=1)
    assert len(info.value.history) == 1


def test_zero_time_of_flight_returns_the_same_state() -> None:
    r, v = kp.kepler_propagate(MU_EARTH, [7e6, 0, 0], [0, 7.5e3, 0], 0.0)
    np.testing.assert_array_equal(r, [7e6, 0, 0])
    np.testing.assert_array_equal(v, [0, 7.5e3, 0])


# ---------------------------------------------------------------------------------------
# Properties (hypothesis)
# ---------------------------------------------------------------------------------------

angles = st.floats(min_value=0.0, max_value=2 * math.pi, exclude_max=True)


@st.composite
def orbits(draw: st.DrawFn) -> tuple[float, float, float, float, float, float]:
    """Elliptic or hyperbolic orbits (p from 6,600 to 60,000 km), away from parabolic."""
    p = draw(st.floats(min_value=6_600e3, max_value=60_000e3))
    ecc = draw(st.one_of(st.floats(min_value=0.0, max_value=0.95),
                         st.floats(min_value=1.05, max_value=3.0)))
    inc = draw(st.floats(min_value=0.0, max_value=math.pi))
    nu = draw(angles)
    if ecc > 1.0:  # stay well inside the asymptotes
        nu_max = 0.9 * math.acos(-1.0 / ecc)
        nu = draw(st.floats(min_value=-nu_max, max_value=nu_max))
    return p, ecc, inc, draw(angles), draw(angles), nu


@settings(max_examples=150, deadline=None)
@given(orbit=orbits(), dt=st.floats(min_value=-50_000.0, max_value=50_000.0))
def test_kepler_propagation_conserves_energy_and_angular_momentum(
    orbit: tuple[float, ...], dt: float
) -> None:
    r0, v0 = tb.elements_to_state(MU_EARTH, *orbit)
    r, v = kp.kepler_propagate(MU_EARTH, r0, v0, dt)
    energy0 = 0.5 * float(v0 @ v0) - MU_EARTH / float(np.linalg.norm(r0))
    energy = 0.5 * float(v @ v) - MU_EARTH / float(np.linalg.norm(r))
    assert energy == pytest.approx(energy0, rel=1e-8, abs=1e-3)
    np.testing.assert_allclose(np.cross(r, v), np.cross(r0, v0),
                               rtol=1e-8, atol=1e-8 * float(np.linalg.norm(np.cross(r0, v0))))


def _angle_difference(a: float, b: float) -> float:
    return abs((a - b + math.pi) % (2 * math.pi) - math.pi)


@settings(max_examples=200, deadline=None)
@given(
    p=st.floats(min_value=6_600e3, max_value=60_000e3),
    ecc=st.one_of(st.floats(min_value=1e-3, max_value=0.95),
                  st.floats(min_value=1.05, max_value=3.0)),
    inc=st.floats(min_value=1e-3, max_value=math.pi - 1e-3),
    raan=angles, argp=angles, nu_fraction=st.floats(min_value=-0.9, max_value=0.9),
)
def test_elements_state_elements_round_trip(
    p: float, ecc: float, inc: float, raan: float, argp: float, nu_fraction: float
) -> None:
    """Away from the singular cases (e >= 1e-3, inclination >= 1e-3 rad from 0 and pi)."""
    nu = nu_fraction * (math.acos(-1.0 / ecc) if ecc > 1.0 else math.pi)
    r, v = tb.elements_to_state(MU_EARTH, p, ecc, inc, raan, argp, nu)
    el = tb.state_to_elements(MU_EARTH, r, v)
    assert el.p == pytest.approx(p, rel=1e-10)
    assert el.ecc == pytest.approx(ecc, rel=1e-8, abs=1e-11)
    assert el.inc == pytest.approx(inc, abs=1e-10)
    assert _angle_difference(el.raan, raan) < 1e-9
    assert _angle_difference(el.argp, argp) < 1e-7
    assert _angle_difference(el.nu, nu) < 1e-7
