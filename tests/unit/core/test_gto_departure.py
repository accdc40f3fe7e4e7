"""Departure geometry from a rideshare GTO: plane angles against vectors, the Moon's
inclination range, the arrival excess speed, plane-change options against their
textbook formulas, the broken-plane limit and the J2 alignment wait in a case with a
closed form."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from okaeri.core import apsidal_alignment as alignment
from okaeri.core import gto_departure as gto
from okaeri.core.cislunar import moon_orbital_speed
from okaeri.core.constants import J2_EARTH, MOON_SEMI_MAJOR_AXIS, MU_EARTH, R_EARTH, R_MOON
from okaeri.core.orbits import plane_change
from okaeri.core.patched_conics import translunar_injection
from okaeri.core.secular import j2_secular_rates
from okaeri.core.twobody import elements_to_state

GTO_PERIGEE = R_EARTH + 185e3
GTO_APOGEE = R_EARTH + 35_786e3
LLO = R_MOON + 100e3


def normal_of(inclination: float, node: float) -> np.ndarray:
    r, v = elements_to_state(MU_EARTH, 11_480_649.0, 0.0, inclination, node, 0.0, 1.0)
    h = np.cross(r, v)
    return np.asarray(h / np.linalg.norm(h))


def test_vallado_example_6_6_plane_angle_is_the_angle_between_the_normals() -> None:
    """Vallado 4th ed. Example 6-6 (inclination 55 -> 40 deg, node change 45 deg): the
    angle between the planes, checked as his companion code does, with the orbits'
    angular momentum vectors (built here with okaeri's elements_to_state)."""
    angle = gto.plane_angle(math.radians(55), math.radians(45), math.radians(40),
                            math.radians(90))
    cosine = float(normal_of(math.radians(55), math.radians(45))
                   @ normal_of(math.radians(40), math.radians(90)))
    assert angle == pytest.approx(math.acos(cosine), rel=1e-12)


def test_worst_case_plane_angle_is_the_maximum_over_nodes_and_inclinations() -> None:
    """GTO 6 to 28 deg, the Moon 18.3 to 28.6 deg, nodes unknown: a brute-force search
    of plane_angle finds the worst case at the maxima with opposite nodes, 56.6 deg."""
    worst = max(
        gto.plane_angle(math.radians(i1), 0.0, math.radians(i2), node)
        for i1 in np.linspace(6.0, 28.0, 23) for i2 in np.linspace(18.3, 28.6, 21)
        for node in np.linspace(0.0, 2.0 * math.pi, 361)
    )
    expected = gto.worst_case_plane_angle(math.radians(28.0), math.radians(28.6))
    assert math.degrees(expected) == pytest.approx(56.6, abs=1e-9)
    assert worst == pytest.approx(expected, rel=1e-12)


def test_moon_orbit_inclination_to_the_equator_spans_18_3_to_28_6_deg() -> None:
    """The reference mission's range, from the ecliptic obliquity 23.44 deg plus or minus
    the Moon's 5.145 deg (Meeus ch. 22, 47), printed to 0.1 deg."""
    inclinations = [math.degrees(math.acos(alignment.moon_orbit_normal(node)[2]))
                    for node in np.linspace(0.0, 2.0 * math.pi, 721)]
    assert min(inclinations) == pytest.approx(18.3, abs=0.05)
    assert max(inclinations) == pytest.approx(28.6, abs=0.05)


def test_non_coplanar_v_inf_is_the_vector_difference() -> None:
    """Oracle: the velocities as vectors at the line of nodes (x): the spacecraft's in a
    plane tilted by theta about x, the Moon's horizontal in the x-y plane; coplanar, it is
    the patched conic's v_inf."""
    speed, gamma, v_moon, theta = 188.0, 0.05, 1023.0, math.radians(40.0)
    spacecraft = speed * np.array([math.sin(gamma), math.cos(gamma) * math.cos(theta),
                                   math.cos(gamma) * math.sin(theta)])
    moon = np.array([0.0, v_moon, 0.0])
    assert gto.non_coplanar_v_inf(speed, gamma, theta, v_moon) == pytest.approx(
        float(np.linalg.norm(spacecraft - moon)), rel=1e-12)
    arrival = translunar_injection(GTO_PERIGEE, GTO_APOGEE)
    assert gto.non_coplanar_v_inf(arrival.arrival_speed, arrival.arrival_flight_path_angle,
                                  0.0, moon_orbital_speed()) == pytest.approx(arrival.v_inf)


def test_plane_change_options_follow_their_textbook_formulas() -> None:
    """Pure plane changes 2 v sin(theta/2) at the apogees (Vallado Example 6-4 is the
    oracle of plane_change), nothing to pay without a plane angle, and the arrival option
    cheapest for the LSR-1 worst case (56.6 deg)."""
    theta = gto.worst_case_plane_angle(math.radians(28.0), math.radians(28.6))
    options = gto.plane_change_options(GTO_PERIGEE, GTO_APOGEE, LLO, theta)
    transfer_apogee_speed = math.sqrt(
        2.0 * MU_EARTH * GTO_PERIGEE / (MOON_SEMI_MAJOR_AXIS
                                        * (GTO_PERIGEE + MOON_SEMI_MAJOR_AXIS)))
    assert options.at_transfer_apogee == pytest.approx(
        plane_change(transfer_apogee_speed, theta), rel=1e-12)
    assert options.cheapest == options.at_arrival
    assert 0.0 < options.at_arrival < options.at_transfer_apogee < options.at_gto_apogee
    flat = gto.plane_change_options(GTO_PERIGEE, GTO_APOGEE, LLO, 0.0)
    assert max(flat[1:]) == pytest.approx(0.0, abs=1e-9)


def test_broken_plane_correction_tends_to_circular_speed_at_a_times_the_angle() -> None:
    """Small angles: the cheapest rotation is where r = a (cos nu = -e) and costs
    sqrt(mu/a) delta (derived in the docstring; here to 0.1 % at 0.1 deg)."""
    delta = math.radians(0.1)
    burn = gto.broken_plane_correction(GTO_PERIGEE, delta)
    a = 0.5 * (GTO_PERIGEE + MOON_SEMI_MAJOR_AXIS)
    ecc = (MOON_SEMI_MAJOR_AXIS - GTO_PERIGEE) / (MOON_SEMI_MAJOR_AXIS + GTO_PERIGEE)
    assert burn.delta_v == pytest.approx(math.sqrt(MU_EARTH / a) * delta, rel=1e-3)
    assert math.cos(burn.true_anomaly) == pytest.approx(-ecc, abs=1e-3)
    assert gto.broken_plane_correction(GTO_PERIGEE, 0.0).delta_v == 0.0


def test_alignment_wait_of_an_equatorial_gto_is_half_a_turn_of_its_apsides() -> None:
    """Closed form: an equatorial GTO's line of apsides turns at omega_dot + Omega_dot
    (J2) in the equator; with the Moon's plane frozen it must turn at most half a turn to
    meet the Moon's equatorial node line, a quarter on average (uniform start). The
    sampling (2 deg of initial node) can shorten the worst case by one sample's turn."""
    a = 0.5 * (GTO_PERIGEE + GTO_APOGEE)
    rates = j2_secular_rates(MU_EARTH, R_EARTH, J2_EARTH, a,
                             (GTO_APOGEE - GTO_PERIGEE) / (2.0 * a), 0.0)
    turn_rate = rates.node_rate + rates.periapsis_rate
    wait = alignment.apsidal_alignment_wait(GTO_PERIGEE, GTO_APOGEE, 0.0, 0.0,
                                      moon_node_period=math.inf, time_step=21600.0)
    half_turn = math.pi / turn_rate
    assert half_turn * (1.0 - 2.0 / 180.0) <= wait.worst_case <= half_turn
    assert wait.median == pytest.approx(0.5 * half_turn, rel=0.02)


def test_alignment_wait_shortens_with_tolerance_and_reach() -> None:
    strict = alignment.apsidal_alignment_wait(GTO_PERIGEE, GTO_APOGEE, math.radians(28), 0.0)
    loose = alignment.apsidal_alignment_wait(GTO_PERIGEE, GTO_APOGEE, math.radians(28),
                                       math.radians(2.0), in_plane_reach=math.radians(10))
    assert loose.worst_case < strict.worst_case
    assert loose.median < strict.median


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gto.plane_angle(4.0, 0.0, 0.1, 0.0), r"inclination_1 must lie in \[0"),
        (lambda: gto.worst_case_plane_angle(2.0, 0.1), r"max_inclination_1 must lie in"),
        (lambda: gto.non_coplanar_v_inf(-1.0, 0.0, 0.1, 1000.0), "speed must be a finite"),
        (lambda: gto.broken_plane_correction(GTO_PERIGEE, 2.0), "out_of_plane_angle must"),
        (lambda: alignment.apsidal_alignment_wait(GTO_PERIGEE, GTO_APOGEE, 0.1, 0.0,
                                            node_samples=0), "node_samples must be a whole"),
        (lambda: alignment.apsidal_alignment_wait(GTO_PERIGEE, GTO_APOGEE, 0.1, 0.0,
                                            max_wait=86400.0), "does not reach the Moon's"),
    ],
)
def test_invalid_inputs_raise_value_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
