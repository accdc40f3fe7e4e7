"""U.S. Standard Atmosphere 1976 against its own Table I, and the exponential atmosphere.

Oracle: NOAA-S/T 76-1562, "U.S. Standard Atmosphere, 1976", Table I (geometric altitude,
metric units) and Table III (speed of sound). Values are typed from the standard; each
tolerance matches the digits the table prints: 5 significant digits (rtol 1e-4) for
pressure and for density below 86 km, 4 for density above 86 km (rtol 5e-4),
temperature to 0.001 K below 86 km and 0.01 K above.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from okaeri.core import _entry_kernel as kernel
from okaeri.core import atmosphere as atm
from okaeri.core import entry as core_entry

# Table I below 86 km: altitude m -> (T K, p Pa, rho kg/m^3)
TABLE_I_LOWER = {
    0.0: (288.150, 1.01325e5, 1.2250),
    500.0: (284.900, 9.5461e4, 1.1673),
    1000.0: (281.651, 8.9876e4, 1.1117),
    5000.0: (255.676, 5.4048e4, 7.3643e-1),
    10000.0: (223.252, 2.6499e4, 4.1351e-1),
    20000.0: (216.650, 5.5293e3, 8.8910e-2),
    25000.0: (221.552, 2.5492e3, 4.0084e-2),
    30000.0: (226.509, 1.1970e3, 1.8410e-2),
    40000.0: (250.350, 2.8714e2, 3.9957e-3),
    50000.0: (270.650, 7.9779e1, 1.0269e-3),
    60000.0: (247.021, 2.1958e1, 3.0968e-4),
    70000.0: (219.585, 5.2209e0, 8.2829e-5),
    77000.0: (204.493, 1.7286e0, 2.9448e-5),
    80000.0: (198.639, 1.0524e0, 1.8458e-5),
}

# Table I from 86 to 1000 km: altitude m -> (T K, p Pa, rho kg/m^3 to 4 digits)
TABLE_I_UPPER = {
    86000.0: (186.87, 3.7338e-1, 6.958e-6),
    90000.0: (186.87, 1.8359e-1, 3.416e-6),
    92000.0: (186.96, 1.2887e-1, 2.393e-6),
    95000.0: (188.42, 7.5966e-2, 1.393e-6),
    100000.0: (195.08, 3.2011e-2, 5.604e-7),
    110000.0: (240.00, 7.1042e-3, 9.708e-8),
    120000.0: (360.00, 2.5382e-3, 2.222e-8),
    130000.0: (469.27, 1.2505e-3, 8.152e-9),
    150000.0: (634.39, 4.5422e-4, 2.076e-9),
    200000.0: (854.56, 8.4736e-5, 2.541e-10),
    230000.0: (915.78, 3.9276e-5, 1.029e-10),
    300000.0: (976.01, 8.7704e-6, 1.916e-11),
    400000.0: (995.83, 1.4518e-6, 2.803e-12),
    500000.0: (999.24, 3.0236e-7, 5.215e-13),
    600000.0: (999.85, 8.2130e-8, 1.137e-13),
    700000.0: (999.97, 3.1908e-8, 3.070e-14),
    800000.0: (999.99, 1.7036e-8, 1.136e-14),
    900000.0: (1000.00, 1.0873e-8, 5.759e-15),
    1000000.0: (1000.00, 7.5138e-9, 3.561e-15),
}

# Table III: speed of sound (m/s), 5 significant digits
TABLE_III_SOUND = {0.0: 340.29, 500.0: 338.37, 10000.0: 299.53, 24000.0: 297.72,
                   50000.0: 329.80}


@pytest.mark.parametrize("z", sorted(TABLE_I_LOWER))
def test_us1976_table_i_below_86_km(z: float) -> None:
    t, p, rho = TABLE_I_LOWER[z]
    state = atm.us1976(z)
    assert state.temperature == pytest.approx(t, abs=1.5e-3)
    assert state.pressure == pytest.approx(p, rel=1e-4)
    assert state.density == pytest.approx(rho, rel=1e-4)


@pytest.mark.parametrize("z", sorted(TABLE_I_UPPER))
def test_us1976_table_i_86_to_1000_km(z: float) -> None:
    t, p, rho = TABLE_I_UPPER[z]
    state = atm.us1976(z)
    assert state.temperature == pytest.approx(t, abs=0.01)
    assert state.pressure == pytest.approx(p, rel=1e-4)
    assert state.density == pytest.approx(rho, rel=5e-4)


@pytest.mark.parametrize("z", sorted(TABLE_III_SOUND))
def test_us1976_table_iii_speed_of_sound(z: float) -> None:
    assert atm.us1976(z).speed_of_sound == pytest.approx(TABLE_III_SOUND[z], rel=5e-5)


def test_geopotential_conversion_us76_eq_18() -> None:
    # 86 km geometric is the standard's 84.8520 km' geopotential (Table 4 top).
    assert atm.geometric_to_geopotential(86000.0) == pytest.approx(84852.0, abs=0.05)
    assert atm.geopotential_to_geometric(84852.0) == pytest.approx(86000.0, abs=0.05)


def test_scalar_in_scalar_out_and_array_shape_kept() -> None:
    scalar = atm.us1976(12000.0)
    assert all(isinstance(v, float) for v in scalar)
    z = np.array([[0.0, 50e3], [90e3, 500e3]])
    state = atm.us1976(z)
    for value in state:
        assert isinstance(value, np.ndarray)
        assert value.shape == (2, 2)
    assert state.density[1, 1] == pytest.approx(atm.us1976(500e3).density)


def test_density_factor_scales_density_only() -> None:
    base = atm.us1976(40e3)
    scaled = atm.us1976(40e3, density_factor=1.15)
    assert scaled.density == pytest.approx(1.15 * base.density, rel=1e-14)
    assert scaled.pressure == base.pressure
    assert scaled.temperature == base.temperature


@pytest.mark.parametrize("z", [-1.0, 1_000_001.0, math.nan])
def test_out_of_range_altitude_raises_with_range_and_value(z: float) -> None:
    with pytest.raises(ValueError) as info:
        atm.us1976(z)
    text = str(info.value)
    if not math.isnan(z):
        assert "0 to 1000 km" in text
        assert f"{z:g}" in text


def test_profile_is_continuous_at_86_km_and_monotonic() -> None:
    below = atm.us1976(86000.0 - 1e-6)
    above = atm.us1976(86000.0)
    # The standard's two models meet at 86 km to about 1e-5 (its own step).
    assert above.pressure == pytest.approx(below.pressure, rel=5e-5)
    assert above.density == pytest.approx(below.density, rel=5e-5)
    z = np.linspace(0.0, 1_000_000.0, 20001)
    state = atm.us1976(z)
    assert np.all(np.diff(state.pressure) < 0.0)
    assert np.all(np.diff(state.density) < 0.0)


def test_exponential_atmosphere_allen_eggers_form() -> None:
    state = atm.exponential(np.array([0.0, 7200.0]), 1.225, 7200.0)
    assert state.density[0] == pytest.approx(1.225)
    assert state.density[1] == pytest.approx(1.225 / math.e)
    # isothermal, consistent with the scale height: T = g0 M0 H / R*
    assert state.temperature[0] == pytest.approx(9.80665 * 28.9644 * 7200.0 / 8314.32)
    with pytest.raises(ValueError, match="scale_height"):
        atm.exponential(0.0, 1.225, -1.0)


def test_compiled_kernel_atmosphere_equals_us1976() -> None:
    """The entry kernel's point evaluation equals the vectorised model (same equations)."""
    tab, t_base, p_base = core_entry._atmosphere_tables()
    p = np.zeros(kernel.NP)
    p[kernel.P_RHO_FACTOR] = 1.0
    z = np.concatenate([np.linspace(0.0, 1_000_000.0, 3001), [11000.0, 85999.0, 86001.0]])
    reference = atm.us1976(z)
    rho = np.array([kernel.density(x, p, tab, t_base, p_base) for x in z])
    sound = np.array([kernel.sound_speed(x, p, tab, t_base, p_base) for x in z])
    np.testing.assert_allclose(rho, reference.density, rtol=1e-12)
    # above 86 km the kernel interpolates a tabulated speed of sound (within 1e-6)
    np.testing.assert_allclose(sound, reference.speed_of_sound, rtol=1e-6)
    low = z < 86000.0
    np.testing.assert_allclose(sound[low], reference.speed_of_sound[low], rtol=1e-12)
