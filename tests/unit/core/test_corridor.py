"""Entry corridor by root finding: analytic steep end, and limits that bind as they should.

Oracle for the steep end: Allen and Eggers (NACA Report 1381, 1958). Without gravity,
on a flat planet, in an exponential atmosphere, the peak deceleration of a ballistic
entry is V_E^2 sin|gamma| / (2 e H), so a deceleration limit a_max sets the steepest
angle sin|gamma| = 2 e H a_max / V_E^2.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from okaeri.core.constants import G0
from okaeri.core.corridor import entry_corridor
from okaeri.core.entry import EntryOptions, simulate

CAPSULE = dict(mass=40.0, reference_area=math.pi * 0.4**2, drag_coefficient=1.05,
               nose_radius=0.4)
STATE = dict(altitude=120e3, latitude=0.0, longitude=0.0, speed=11000.0,
             heading=math.radians(90.0), frame="inertial")
CHUTE = EntryOptions(deploy_mach=0.8, deploy_dynamic_pressure=5000.0)


def test_corridor_steep_end_matches_allen_eggers_deceleration_limit() -> None:
    options = EntryOptions(gravity="none", rotation=False, atmosphere="exponential",
                           planet_radius=1.0e12, radiative=False, deploy_altitude=30e3)
    limit_g = 30.0
    corridor = entry_corridor(**CAPSULE, altitude=150e3, latitude=0.0, longitude=0.0,
                              speed=11000.0, heading=math.radians(90.0), frame="relative",
                              max_deceleration_g=limit_g, options=options)
    expected = -math.asin(2 * math.e * 7200.0 * limit_g * G0 / 11000.0**2)
    assert corridor.feasible
    assert corridor.steep_limit == "deceleration"
    assert corridor.steepest_fpa == pytest.approx(expected, rel=5e-3)  # Allen-Eggers
    assert corridor.steepest_fpa == pytest.approx(expected, rel=1e-5)  # achieved
    # no gravity: nothing skips out, the shallow end is the search bound
    assert corridor.shallow_limit == "bound"
    assert corridor.shallowest_fpa == pytest.approx(math.radians(-1.0))


def test_reference_capsule_corridor_ends_are_where_the_limits_bind() -> None:
    corridor = entry_corridor(**CAPSULE, **STATE, max_deceleration_g=50.0,
                              max_heat_flux=10e6, max_heat_load=350e6, options=CHUTE)
    assert corridor.feasible
    assert corridor.steep_limit == "deceleration"
    assert corridor.shallow_limit == "skip_out"
    assert math.radians(-14.0) < corridor.steepest_fpa < math.radians(-10.0)
    assert math.radians(-6.0) < corridor.shallowest_fpa < math.radians(-4.0)
    step = math.radians(0.01)
    run = dict(**CAPSULE, **STATE, options=CHUTE)
    inside_steep = simulate(flight_path_angle=corridor.steepest_fpa, **run).summary
    outside_steep = simulate(flight_path_angle=corridor.steepest_fpa - step, **run).summary
    assert inside_steep.peak_deceleration_g <= 50.0
    assert inside_steep.peak_deceleration_g == pytest.approx(50.0, rel=1e-4)
    assert outside_steep.peak_deceleration_g > 50.0
    inside_shallow = simulate(flight_path_angle=corridor.shallowest_fpa, **run).summary
    outside_shallow = simulate(flight_path_angle=corridor.shallowest_fpa + step, **run).summary
    assert inside_shallow.end_event == "deploy"
    assert outside_shallow.end_event == "skip_out"


def test_heat_flux_and_heat_load_limits_can_bind() -> None:
    corridor = entry_corridor(**CAPSULE, **STATE, max_deceleration_g=50.0,
                              max_heat_flux=4.0e6, max_heat_load=250e6, options=CHUTE)
    assert corridor.steep_limit == "heat_flux"
    assert corridor.shallow_limit == "heat_load"
    run = dict(**CAPSULE, **STATE, options=CHUTE)
    steep = simulate(flight_path_angle=corridor.steepest_fpa, **run).summary
    shallow = simulate(flight_path_angle=corridor.shallowest_fpa, **run).summary
    assert steep.peak_heat_flux_total == pytest.approx(4.0e6, rel=1e-4)
    assert steep.peak_heat_flux_total <= 4.0e6
    assert shallow.heat_load_total == pytest.approx(250e6, rel=1e-4)
    assert shallow.heat_load_total <= 250e6


def test_infeasible_limits_and_invalid_bounds() -> None:
    corridor = entry_corridor(**CAPSULE, **STATE, max_deceleration_g=1.0, options=CHUTE)
    assert not corridor.feasible
    assert math.isnan(corridor.steepest_fpa) and math.isnan(corridor.width)
    with pytest.raises(ValueError, match="fpa_bounds"):
        entry_corridor(**CAPSULE, **STATE, fpa_bounds=(-0.1, 0.1))
    with pytest.raises(ValueError, match="max_heat_flux"):
        entry_corridor(**CAPSULE, **STATE, max_heat_flux=-1.0)


def test_corridor_in_the_relative_frame_is_reported_as_such() -> None:
    relative = dict(STATE, frame="relative", speed=10535.0)
    corridor = entry_corridor(**CAPSULE, **relative, max_deceleration_g=50.0,
                              options=replace(CHUTE))
    assert corridor.frame == "relative"
    assert corridor.feasible
