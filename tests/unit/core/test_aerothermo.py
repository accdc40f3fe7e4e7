"""Stagnation heating correlations and loads against their published forms.

Oracles: Sutton and Graves, NASA TR R-376 (1971), k = 1.7415e-4 kg^0.5/m for air;
Tauber and Sutton, J. Spacecraft Rockets 28(1):40-42 (1991), Earth: C = 4.736e4,
b = 1.22, a = 1.072e6 V^-1.88 rho^-0.325 (capped), f(V) table from 9 to 16 km/s.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from okaeri.core import aerothermo
from okaeri.core.constants import G0


def test_sutton_graves_formula_nasa_tr_r_376() -> None:
    # q = k sqrt(rho/Rn) V^3, evaluated by hand: 1.7415e-4 * sqrt(1e-4/0.5) * 1e12
    q = aerothermo.sutton_graves(1.0e-4, 10_000.0, 0.5)
    assert q == pytest.approx(1.7415e-4 * math.sqrt(2.0e-4) * 1.0e12, rel=1e-14)
    assert q == pytest.approx(2.4628e6, rel=1e-4)


def test_sutton_graves_scaling_and_arrays() -> None:
    rho = np.array([1e-5, 4e-5])
    q = aerothermo.sutton_graves(rho, 8000.0, 1.0)
    assert isinstance(q, np.ndarray)
    assert q[1] / q[0] == pytest.approx(2.0)  # sqrt(rho)
    assert aerothermo.sutton_graves(1e-4, 2 * 8000.0, 1.0) == pytest.approx(
        8 * aerothermo.sutton_graves(1e-4, 8000.0, 1.0))  # V^3
    with pytest.raises(ValueError, match="nose_radius"):
        aerothermo.sutton_graves(1e-4, 8000.0, 0.0)


@pytest.mark.parametrize(("v", "f"), [(9000.0, 1.5), (10000.0, 35.0), (11000.0, 151.0),
                                      (12500.0, 495.0), (16000.0, 2040.0)])
def test_tauber_sutton_velocity_function_reproduces_the_1991_table(v: float, f: float) -> None:
    assert aerothermo.tauber_sutton_velocity_function(v) == pytest.approx(f, rel=1e-12)


def test_tauber_sutton_velocity_function_outside_the_table() -> None:
    assert aerothermo.tauber_sutton_velocity_function(8999.0) == 0.0
    above = aerothermo.tauber_sutton_velocity_function(np.array([16000.0, 16500.0, 17000.0]))
    assert np.all(np.diff(above) > 0.0)  # linear extension, still increasing
    # between table points, within 2 % of linear interpolation above 10.5 km/s
    v = np.linspace(10500.0, 16000.0, 2001)
    linear = np.interp(v, aerothermo.TAUBER_SUTTON_EARTH_V, aerothermo.TAUBER_SUTTON_EARTH_F)
    spline = aerothermo.tauber_sutton_velocity_function(v)
    assert np.max(np.abs(spline / linear - 1.0)) < 0.02


def test_tauber_sutton_formula_j_spacecraft_rockets_1991() -> None:
    rho, v, rn = 3.0e-4, 11000.0, 0.4
    a = 1.072e6 * v**-1.88 * rho**-0.325
    assert a < 1.0
    expected = 4.736e4 * rn**a * rho**1.22 * 151.0 * 1.0e4  # W/cm^2 -> W/m^2
    assert aerothermo.tauber_sutton(rho, v, rn) == pytest.approx(expected, rel=1e-12)
    # exponent a is capped at 1 for Rn < 1 m (thin air), at 0.6 for 1-2 m
    thin = aerothermo.tauber_sutton(1.0e-7, 11000.0, 0.4)
    assert thin == pytest.approx(4.736e4 * 0.4 * 1.0e-7**1.22 * 151.0 * 1.0e4, rel=1e-12)
    big = aerothermo.tauber_sutton(rho, v, 1.5)
    assert big == pytest.approx(4.736e4 * 1.5 ** min(a, 0.6) * rho**1.22 * 151e4, rel=1e-12)
    assert aerothermo.tauber_sutton(rho, 8500.0, rn) == 0.0


def test_dynamic_pressure_mach_and_load_factor() -> None:
    assert aerothermo.dynamic_pressure(0.5, 100.0) == pytest.approx(2500.0)
    assert aerothermo.mach_number(680.58, 340.29) == pytest.approx(2.0)
    n = aerothermo.deceleration_g(1e-3, 7000.0, 40.0, 0.5, 1.05)
    assert n == pytest.approx(0.5 * 1e-3 * 7000.0**2 * 0.5 * 1.05 / (40.0 * G0))
    lifted = aerothermo.deceleration_g(1e-3, 7000.0, 40.0, 0.5, 1.05, 0.75)
    assert lifted == pytest.approx(1.25 * n)  # sqrt(1 + 0.75^2)
    with pytest.raises(ValueError):
        aerothermo.mach_number(100.0, 0.0)
