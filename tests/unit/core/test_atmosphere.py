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
from okaeri.core.references import US76_TABLE_I_LOWER as TABLE_I_LOWER
from okaeri.core.references import US76_TABLE_I_UPPER as TABLE_I_UPPER
from okaeri.core.references import US76_TABLE_III_SOUND as TABLE_III_SOUND

# Table III: speed of sound (m/s), 5 significant digits


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
