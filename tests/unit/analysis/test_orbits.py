"""Unit-aware twins of the orbit and rocket cores: conversion, wrapping and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from okaeri.analysis import orbits, rocket
from okaeri.core import orbits as core_orbits
from okaeri.core import patched_conics as core_patched_conics
from okaeri.core import references as ref
from okaeri.core.constants import MU_EARTH, R_EARTH, R_MOON
from okaeri.errors import ConvergenceError, OkaeriError, OutOfRangeError
from okaeri.units import Quantity, si

REFERENCE = dict(
    launch_perigee_altitude=Quantity(185, "km"),
    launch_apogee_altitude=Quantity(35_786, "km"),
    llo_altitude=Quantity(100, "km"),
    entry_altitude=Quantity(120, "km"),
    target_vacuum_perigee_altitude=Quantity(-15, "km"),
)


def test_hohmann_twin_converts_once_and_matches_the_core() -> None:
    result = orbits.hohmann(Quantity(R_EARTH / 1e3 + 300, "km"), Quantity(42_164e3, "m"))
    core = core_orbits.hohmann(MU_EARTH, R_EARTH + 300e3, 42_164e3)
    assert si(result.delta_v1) == pytest.approx(core.delta_v1, rel=1e-14)
    assert result.transfer_time.m_as("h") == pytest.approx(core.transfer_time / 3600)
    data = result.as_dict()
    assert set(data) == {"delta_v1_m_s", "delta_v2_m_s", "delta_v_m_s", "transfer_time_s"}
    assert data["delta_v_m_s"] == pytest.approx(core.total_delta_v)


def test_hohmann_about_the_moon_uses_the_moon_mu() -> None:
    moon = orbits.body("moon")
    result = orbits.hohmann(Quantity(R_MOON + 100e3, "m"), Quantity(R_MOON + 500e3, "m"),
                            moon.mu_quantity)
    assert si(result.total_delta_v) == pytest.approx(
        core_orbits.hohmann(moon.mu, R_MOON + 100e3, R_MOON + 500e3).total_delta_v
    )


def test_plane_change_takes_degrees() -> None:
    turned = orbits.plane_change(Quantity(ref.VALLADO_6_4_SPEED_KM_S, "km/s"),
                                 Quantity(ref.VALLADO_6_4_TURN_DEG, "deg"))
    assert turned.m_as("km/s") == pytest.approx(ref.VALLADO_6_4_DELTA_V_KM_S, rel=1e-6)


def test_wrong_dimension_is_an_out_of_range_error_naming_the_argument() -> None:
    with pytest.raises(OutOfRangeError, match=r"r1: expected a length .* got '300 kg' \(a mass\)"):
        orbits.hohmann(Quantity(300, "kg"), Quantity(400, "km"))
    with pytest.raises(OutOfRangeError, match="angle: expected an angle"):
        orbits.plane_change(Quantity(7, "km/s"), Quantity(15, "m"))


def test_core_value_error_becomes_out_of_range_error_with_context() -> None:
    with pytest.raises(OutOfRangeError, match=r"bielliptic: rb must be >= max\(r1, r2\)") as info:
        orbits.bielliptic(Quantity(7000, "km"), Quantity(8000, "km"), Quantity(42_000, "km"))
    assert isinstance(info.value, OkaeriError) and isinstance(info.value, ValueError)


def test_kepler_non_convergence_becomes_convergence_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise core_orbits.KeplerConvergenceError("did not converge", [1.0, 0.5])

    monkeypatch.setattr(core_orbits, "kepler_propagate", fail)
    with pytest.raises(ConvergenceError, match="propagate: did not converge") as info:
        orbits.propagate(Quantity(np.array([7000.0, 0, 0]), "km"),
                         Quantity(np.array([0, 7.5, 0]), "km/s"), Quantity(1, "h"))
    assert info.value.history == (1.0, 0.5)


def test_propagate_twin_matches_vallado_example_2_4() -> None:
    # Vallado 4th ed. Example 2-4, as in tests/unit/core/test_twobody.py
    r, v = orbits.propagate(
        Quantity(np.array(ref.VALLADO_2_4_R0_KM), "km"),
        Quantity(np.array(ref.VALLADO_2_4_V0_KM_S), "km/s"),
        Quantity(ref.VALLADO_2_4_MINUTES, "min"),
    )
    np.testing.assert_allclose(r.m_as("km"), ref.VALLADO_2_4_R_KM, rtol=1e-7)
    np.testing.assert_allclose(v.m_as("km/s"), ref.VALLADO_2_4_V_KM_S, rtol=1e-6)


def test_speeds_and_period_twins() -> None:
    r = Quantity(R_EARTH + 400e3, "m")
    assert si(orbits.escape_speed(r)) == pytest.approx(math.sqrt(2) * si(orbits.circular_speed(r)))
    assert orbits.orbital_period(Quantity(42_164.17, "km")).m_as("s") == pytest.approx(
        86_164.09, abs=0.05
    )


# ---------------------------------------------------------------------------------------
# mission_legs
# ---------------------------------------------------------------------------------------


def test_mission_legs_of_the_reference_mission() -> None:
    legs = orbits.mission_legs(**REFERENCE)
    core = core_patched_conics.earth_moon_legs(
        R_EARTH + 185e3, R_EARTH + 35_786e3, R_MOON + 100e3, R_EARTH + 120e3, R_EARTH - 15e3
    )
    data = legs.as_dict()
    assert data["tli_delta_v_m_s"] == pytest.approx(core.tli_delta_v)
    assert data["loi_delta_v_m_s"] == pytest.approx(core.loi_delta_v)
    assert data["tei_delta_v_m_s"] == pytest.approx(core.tei_delta_v)
    assert data["entry_speed_inertial_m_s"] == pytest.approx(core.entry_speed)
    assert data["entry_fpa_deg"] == pytest.approx(math.degrees(core.entry_flight_path_angle))
    assert data["entry_altitude_m"] == 120e3
    assert data["total_delta_v_m_s"] == pytest.approx(
        core.tli_delta_v + core.loi_delta_v + core.tei_delta_v
    )
    for key in ("outbound_time_of_flight_s", "return_time_of_flight_s", "arrival_v_inf_m_s",
                "vacuum_perigee_altitude_m", "llo_altitude_m", "inclination_change_deg"):
        assert key in data
    assert all(isinstance(value, float) for value in data.values())


def test_mission_legs_plane_change_raises_loi_only() -> None:
    flat = orbits.mission_legs(**REFERENCE)
    turned = orbits.mission_legs(**REFERENCE, inclination_change=Quantity(20, "deg"))
    assert si(turned.loi_delta_v) > si(flat.loi_delta_v)
    assert si(turned.tei_delta_v) == pytest.approx(si(flat.tei_delta_v))
    assert turned.as_dict()["inclination_change_deg"] == pytest.approx(20.0)


def test_vacuum_perigee_for_entry_angle_twin_round_trips_through_mission_legs() -> None:
    perigee = orbits.vacuum_perigee_for_entry_angle(Quantity(120, "km"), Quantity(-6.5, "deg"))
    assert perigee.m_as("km") == pytest.approx(35.3, abs=0.1)
    legs = orbits.mission_legs(**{**REFERENCE, "target_vacuum_perigee_altitude": perigee})
    assert legs.entry_flight_path_angle.m_as("deg") == pytest.approx(-6.5, abs=1e-9)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"llo_altitude": Quantity(-5, "km")}, r"llo_altitude must be > 0 km, got -5 km"),
        ({"launch_perigee_altitude": Quantity(-1, "km")}, r"launch_perigee_altitude must be >= 0"),
        ({"target_vacuum_perigee_altitude": Quantity(130, "km")},
         r"must be below the entry altitude \(120 km\)"),
        ({"launch_apogee_altitude": Quantity(100, "km")}, r"must be >= launch_perigee_altitude"),
        ({"launch_apogee_altitude": Quantity(400_000, "km")}, r"below the Moon's distance"),
        ({"entry_altitude": Quantity(120, "s")}, r"entry_altitude: expected a length"),
        ({"inclination_change": Quantity(200, "deg")}, r"between 0 and 180 deg, got 200 deg"),
    ],
)
def test_mission_legs_rejects_invalid_inputs(change: dict[str, object], message: str) -> None:
    with pytest.raises(OutOfRangeError, match=message):
        orbits.mission_legs(**{**REFERENCE, **change})  # type: ignore[arg-type]


def test_unknown_body_is_an_out_of_range_error() -> None:
    with pytest.raises(OutOfRangeError, match="unknown central body 'mars'"):
        orbits.body("mars")


# ---------------------------------------------------------------------------------------
# rocket twin
# ---------------------------------------------------------------------------------------


def test_rocket_twin_propellant_and_delta_v() -> None:
    propellant = rocket.propellant_mass(Quantity(0.68, "km/s"), Quantity(320, "s"),
                                        initial_mass=Quantity(1.6, "t"))
    assert propellant.m_as("kg") == pytest.approx(311.71, abs=0.01)
    back = rocket.delta_v_from_propellant(Quantity(320, "s"), Quantity(1600, "kg"), propellant)
    assert back.m_as("m/s") == pytest.approx(680.0)
    assert rocket.delta_v(Quantity(320, "s"), Quantity(1600, "kg"),
                          Quantity(1600, "kg") - propellant).m_as("m/s") == pytest.approx(680.0)
    with pytest.raises(OutOfRangeError, match="give exactly one of initial_mass and final_mass"):
        rocket.propellant_mass(Quantity(1, "km/s"), Quantity(320, "s"))


def test_rocket_twin_finite_burn_as_dict() -> None:
    burn = rocket.finite_perigee_burn(
        Quantity(R_EARTH + 185e3, "m"), Quantity(R_EARTH + 35_786e3, "m"),
        Quantity(384_400, "km"), Quantity(4, "kN"), Quantity(320, "s"), Quantity(1600, "kg"),
    )
    data = burn.as_dict()
    assert set(data) == {"impulsive_delta_v_m_s", "finite_delta_v_m_s", "gravity_loss_m_s",
                         "burn_time_s", "propellant_mass_kg", "burn_arc_deg"}
    assert data["gravity_loss_m_s"] == pytest.approx(
        data["finite_delta_v_m_s"] - data["impulsive_delta_v_m_s"]
    )
    assert 0 < data["gravity_loss_m_s"] < 5
