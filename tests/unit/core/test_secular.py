"""J2 secular rates: a textbook sun-synchronous example and the critical inclination."""

from __future__ import annotations

import math

import pytest
from scipy.optimize import brentq

from okaeri.core.secular import j2_secular_rates

MU_CURTIS = 398_600e9  # Curtis 3rd ed. Table A.3
R_CURTIS = 6378e3
J2_CURTIS = 1.08263e-3


def test_curtis_example_4_9_sun_synchronous_orbit() -> None:
    """Curtis 3rd ed. Example 4.9: a circular sun-synchronous orbit of period 100 min has
    a = 7136.6 km (758.6 km altitude) and i = 98.43 deg. The figures are recalled from
    the book and reproduced by hand here, not checked against the printed page; the
    tolerances are half a unit of the digits quoted."""
    a = (MU_CURTIS * (6000.0 / (2.0 * math.pi)) ** 2) ** (1.0 / 3.0)
    assert a / 1e3 == pytest.approx(7136.6, abs=0.05)
    sun_rate = 2.0 * math.pi / (365.26 * 86400.0)
    inclination = brentq(
        lambda i: j2_secular_rates(MU_CURTIS, R_CURTIS, J2_CURTIS, a, 0.0, i).node_rate
        - sun_rate, 0.5 * math.pi, math.pi)
    assert math.degrees(inclination) == pytest.approx(98.43, abs=0.005)


@pytest.mark.parametrize("inclination", [math.acos(1 / math.sqrt(5)),
                                         math.acos(-1 / math.sqrt(5))])
def test_critical_inclination_freezes_the_perigee(inclination: float) -> None:
    # 5 cos^2 i = 1: 63.43 and 116.57 deg (Molniya orbits; Curtis sec. 4.7)
    rates = j2_secular_rates(MU_CURTIS, R_CURTIS, J2_CURTIS, 26_600e3, 0.74, inclination)
    assert rates.periapsis_rate == pytest.approx(0.0, abs=1e-20)


def test_polar_orbit_keeps_its_node_and_equatorial_orbit_regresses_fastest() -> None:
    polar = j2_secular_rates(MU_CURTIS, R_CURTIS, J2_CURTIS, 7000e3, 0.0, 0.5 * math.pi)
    assert polar.node_rate == pytest.approx(0.0, abs=1e-20)
    equatorial = j2_secular_rates(MU_CURTIS, R_CURTIS, J2_CURTIS, 7000e3, 0.0, 0.0)
    assert equatorial.periapsis_rate == pytest.approx(-2.0 * equatorial.node_rate)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"eccentricity": 1.0}, r"eccentricity must lie in \[0, 1\)"),
     ({"inclination": 4.0}, r"inclination must lie in \[0, pi\] rad"),
     ({"semi_major_axis": -1.0}, "semi_major_axis must be a finite number > 0 m")],
)
def test_invalid_inputs_raise_value_error(kwargs: dict[str, float], message: str) -> None:
    arguments = {"mu": MU_CURTIS, "body_radius": R_CURTIS, "j2": J2_CURTIS,
                 "semi_major_axis": 7e6, "eccentricity": 0.0, "inclination": 0.5} | kwargs
    with pytest.raises(ValueError, match=message):
        j2_secular_rates(**arguments)
