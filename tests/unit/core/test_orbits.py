"""Impulsive manoeuvres: Hohmann, bi-elliptic, apsis burns and plane changes.

Vallado's examples use mu = 398,600.4418 km^3/s^2 and R = 6378.137 km, the values of
okaeri.core.constants, so they are compared at the digits the book prints.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okaeri.core import orbits
from okaeri.core import references as ref
from okaeri.core.constants import MU_EARTH, R_EARTH

KM = 1e3
MU_CURTIS = ref.CURTIS_MU_KM3_S2 * KM**3


def test_vallado_example_6_1_hohmann() -> None:
    """Vallado 4th ed. Example 6-1: 191.344 11 km to 35,781.348 57 km altitude gives
    delta-v_a = 2.457 038 km/s, delta-v_b = 1.478 187 km/s (total 3.935 224 km/s) and a
    transfer time of 5.256 713 h. Printed to 7 significant digits (half a unit of the last
    is 2e-7 relative); rtol 1e-6 allows for the book's canonical-unit arithmetic."""
    low, high = (R_EARTH + h * KM for h in ref.VALLADO_6_1_ALTITUDES_KM)
    transfer = orbits.hohmann(MU_EARTH, low, high)
    first, second, total = ref.VALLADO_6_1_DELTA_V_KM_S
    assert transfer.delta_v1 / KM == pytest.approx(first, rel=1e-6)
    assert transfer.delta_v2 / KM == pytest.approx(second, rel=1e-6)
    assert transfer.total_delta_v / KM == pytest.approx(total, rel=1e-6)
    assert transfer.transfer_time / 3600 == pytest.approx(ref.VALLADO_6_1_TIME_H, rel=1e-6)


def test_vallado_example_6_2_bielliptic() -> None:
    """Vallado 4th ed. Example 6-2: 191.344 11 km to 376,310 km altitude through
    503,873 km gives delta-v_a = 3.156 234, delta-v_b = 0.677 358, delta-v_c = 0.070 466
    km/s (total 3.904 057 km/s) and 593.919 803 h. The burns are compared at rtol 1e-5
    (6 printed digits for the small third burn), the time at rtol 1e-6."""
    r1, rb, r2 = (R_EARTH + h * KM for h in ref.VALLADO_6_2_ALTITUDES_KM)
    transfer = orbits.bielliptic(MU_EARTH, r1, rb, r2)
    first, second, third, total = ref.VALLADO_6_2_DELTA_V_KM_S
    assert transfer.delta_v1 / KM == pytest.approx(first, rel=1e-5)
    assert transfer.delta_v2 / KM == pytest.approx(second, rel=1e-5)
    assert transfer.delta_v3 / KM == pytest.approx(third, rel=1e-4)
    assert transfer.total_delta_v / KM == pytest.approx(total, rel=1e-6)
    assert transfer.transfer_time / 3600 == pytest.approx(ref.VALLADO_6_2_TIME_H, rel=1e-6)


def test_curtis_example_6_1_perigee_burn_from_an_elliptic_orbit() -> None:
    """Curtis 3rd ed. Example 6.1(a): from a 480 x 800 km orbit (R = 6378 km) onto a
    480 x 16,000 km transfer orbit; the perigee speeds are 7.7102 and 9.4327 km/s, so
    delta-v_A = 1.7225 km/s. Printed to 5 significant digits: 1e-4 km/s."""
    rp, ra, ra_new = ((ref.CURTIS_RADIUS_KM + h) * KM for h in ref.CURTIS_6_1_ALTITUDES_KM)
    before, after = ref.CURTIS_6_1_PERIGEE_SPEEDS_KM_S
    delta_v = orbits.perigee_burn(MU_CURTIS, rp, ra, ra_new)
    assert orbits.periapsis_speed(MU_CURTIS, rp, ra) / KM == pytest.approx(before, abs=1e-4)
    assert delta_v / KM == pytest.approx(after - before, abs=1e-4)


def test_vallado_example_6_4_inclination_only_change() -> None:
    """Vallado 4th ed. Example 6-4: a circular orbit at 5.892 311 km/s turned by 15 deg
    needs 1.538 202 km/s (2 v sin(di/2)); printed to 7 digits: rtol 1e-6."""
    turned = orbits.plane_change(ref.VALLADO_6_4_SPEED_KM_S * KM,
                                 math.radians(ref.VALLADO_6_4_TURN_DEG))
    assert turned / KM == pytest.approx(ref.VALLADO_6_4_DELTA_V_KM_S, rel=1e-6)


def test_vallado_example_6_7_combined_plane_change_burns() -> None:
    """Vallado 4th ed. Example 6-7: 191 km (28.5 deg) to geostationary 35,780 km with the
    plane change split 1.594 96 deg at perigee and 26.905 04 deg at apogee; each burn is
    the law of cosines between the speeds before and after: delta-v_a = 2.469 67 km/s,
    delta-v_b = 1.802 22 km/s (values of Vallado's companion code; 6 digits: rtol 1e-5)."""
    r1, r2 = R_EARTH + 191e3, R_EARTH + 35_780e3
    burn_a = orbits.combined_plane_change(
        orbits.circular_speed(MU_EARTH, r1),
        orbits.periapsis_speed(MU_EARTH, r1, r2),
        math.radians(1.594961534092242),
    )
    burn_b = orbits.combined_plane_change(
        orbits.apoapsis_speed(MU_EARTH, r1, r2),
        orbits.circular_speed(MU_EARTH, r2),
        math.radians(26.90503846590776),
    )
    assert burn_a / KM == pytest.approx(2.46967, rel=1e-5)
    assert burn_b / KM == pytest.approx(1.80222, rel=1e-5)


def test_combined_plane_change_limits() -> None:
    # No plane change: the difference of speeds; equal speeds: the pure plane change.
    assert orbits.combined_plane_change(7000.0, 7500.0, 0.0) == pytest.approx(500.0)
    assert orbits.combined_plane_change(7000.0, 7000.0, 0.3) == pytest.approx(
        orbits.plane_change(7000.0, 0.3)
    )
    assert orbits.plane_change(7000.0, math.pi) == pytest.approx(14_000.0)


def test_hohmann_down_is_the_mirror_of_hohmann_up() -> None:
    up = orbits.hohmann(MU_EARTH, 7000e3, 42_000e3)
    down = orbits.hohmann(MU_EARTH, 42_000e3, 7000e3)
    assert down.delta_v1 == pytest.approx(up.delta_v2)
    assert down.delta_v2 == pytest.approx(up.delta_v1)
    assert down.transfer_time == pytest.approx(up.transfer_time)


def test_bielliptic_through_the_final_orbit_is_a_hohmann_transfer() -> None:
    hohmann = orbits.hohmann(MU_EARTH, 7000e3, 105_000e3)
    bielliptic = orbits.bielliptic(MU_EARTH, 7000e3, 105_000e3, 105_000e3)
    assert bielliptic.delta_v3 == pytest.approx(0.0, abs=1e-9)
    assert bielliptic.total_delta_v == pytest.approx(hohmann.total_delta_v)
    # the "second ellipse" is then half of the final circle
    half_circle = 0.5 * orbits.orbital_period(MU_EARTH, 105_000e3)
    assert bielliptic.transfer_time == pytest.approx(hohmann.transfer_time + half_circle)


def test_bielliptic_beats_hohmann_beyond_a_radius_ratio_of_15_58() -> None:
    # Oracle: for r2/r1 > 15.58 a bi-elliptic transfer with a large enough rb costs less
    # than Hohmann (Vallado 4th ed. section 6.3.2; Curtis 3rd ed. section 6.4).
    r1 = 7000e3
    assert (orbits.bielliptic(MU_EARTH, r1, 100 * r1, 11 * r1).total_delta_v
            > orbits.hohmann(MU_EARTH, r1, 11 * r1).total_delta_v)
    assert (orbits.bielliptic(MU_EARTH, r1, 200 * r1, 20 * r1).total_delta_v
            < orbits.hohmann(MU_EARTH, r1, 20 * r1).total_delta_v)


@settings(max_examples=100, deadline=None)
@given(r1=st.floats(min_value=6.6e6, max_value=5e8), r2=st.floats(min_value=6.6e6, max_value=5e8))
def test_hohmann_burns_equal_the_apsis_speed_differences(r1: float, r2: float) -> None:
    transfer = orbits.hohmann(MU_EARTH, r1, r2)
    low, high = min(r1, r2), max(r1, r2)
    first = orbits.periapsis_speed(MU_EARTH, low, high) - orbits.circular_speed(MU_EARTH, low)
    second = orbits.circular_speed(MU_EARTH, high) - orbits.apoapsis_speed(MU_EARTH, low, high)
    assert transfer.total_delta_v == pytest.approx(first + second, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: orbits.hohmann(MU_EARTH, -7e6, 4e7),
         r"r1 must be a finite number > 0 m, got -7000000.0"),
        (lambda: orbits.bielliptic(MU_EARTH, 7e6, 1e7, 4e7), r"rb must be >= max\(r1, r2\)"),
        (lambda: orbits.plane_change(7e3, 4.0), r"angle must lie in \[0, pi\] rad"),
        (lambda: orbits.plane_change(-1.0, 0.1), r"speed must be a finite number >= 0 m/s"),
        (lambda: orbits.perigee_burn(MU_EARTH, 7e6, 6e6, 4e8), r"r_apogee must be >= r_perigee"),
    ],
)
def test_invalid_manoeuvre_inputs_raise_value_error(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()
