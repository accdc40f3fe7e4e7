"""Unit-aware entry, atmosphere and heating: quantities in, SI JSON out, errors wrapped.

Oracles: the core functions themselves (the analysis layer must only convert units) and
the U.S. Standard Atmosphere 1976, Table I (NOAA-S/T 76-1562) for the atmosphere twin.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from okaeri.analysis import aerothermo, atmosphere
from okaeri.analysis.entry import (
    EntryOptions,
    EntryState,
    EntryVehicle,
    entry_corridor,
    simulate_entry,
    simulate_entry_batch,
)
from okaeri.analysis.entry_results import summary_dict
from okaeri.core import entry as core_entry
from okaeri.errors import OutOfRangeError
from okaeri.units import Quantity

VEHICLE = EntryVehicle(mass="40 kg", diameter="0.8 m", nose_radius="40 cm",
                       drag_coefficient=1.05)
STATE = EntryState(altitude="120 km", speed="11.0 km/s", flight_path_angle="-8.5 deg",
                   heading="90 deg", frame="inertial")
CHUTE = EntryOptions(deploy_mach=0.8, deploy_dynamic_pressure="5 kPa")

REQUIRED_KEYS = {
    "peak_heat_flux_total_W_m2", "peak_heat_flux_convective_W_m2",
    "peak_heat_flux_radiative_W_m2", "heat_load_total_J_m2", "heat_load_convective_J_m2",
    "heat_load_radiative_J_m2", "peak_deceleration_g", "peak_dynamic_pressure_Pa",
    "altitude_at_peak_heat_flux_m", "time_at_peak_heat_flux_s", "time_to_deploy_s",
    "altitude_at_deploy_m", "mach_at_deploy", "dynamic_pressure_at_deploy_Pa",
    "deploy_latitude_deg", "deploy_longitude_deg", "downrange_m", "end_event",
    "entry_speed_inertial_m_s", "entry_speed_relative_m_s", "entry_fpa_inertial_deg",
    "entry_fpa_relative_deg",
}


def test_simulate_entry_equals_the_core_with_si_inputs() -> None:
    result = simulate_entry(VEHICLE, STATE, CHUTE)
    core = core_entry.simulate(
        mass=40.0, reference_area=math.pi * 0.16, drag_coefficient=1.05, nose_radius=0.4,
        altitude=120e3, latitude=0.0, longitude=0.0, speed=11000.0,
        flight_path_angle=math.radians(-8.5), heading=math.radians(90.0), frame="inertial",
        options=core_entry.EntryOptions(deploy_mach=0.8, deploy_dynamic_pressure=5000.0))
    s = result.summary
    assert s.as_dict() == summary_dict(core.summary)  # same numbers, SI keys
    assert s.peak_heat_flux_total.m_as("W/m^2") == core.summary.peak_heat_flux_total
    assert s.time_to_deploy is not None
    assert s.time_to_deploy.m_as("s") == core.summary.deploy_time
    assert s.entry_fpa_inertial.m_as("deg") == pytest.approx(-8.5)
    assert s.landing_latitude is None
    assert result.history.altitude.m_as("km")[0] == pytest.approx(120.0)
    assert result.history.heat_flux_total.units == Quantity(1.0, "W/m^2").units


def test_summary_as_dict_is_json_in_si_with_units_in_keys() -> None:
    data = simulate_entry(VEHICLE, STATE, CHUTE).summary.as_dict()
    assert set(data) >= REQUIRED_KEYS
    text = json.dumps(data, allow_nan=False)  # no NaN: absent values are null
    assert json.loads(text)["landing_latitude_deg"] is None
    assert data["end_event"] == "deploy"
    assert data["entry_speed_inertial_m_s"] == pytest.approx(11000.0)
    assert data["entry_speed_relative_m_s"] < 11000.0
    assert data["mach_at_deploy"] == pytest.approx(0.8)
    assert data["output_frame"] == "earth_relative"


def test_batch_of_per_sample_si_inputs_equals_single_runs() -> None:
    fpa = np.radians([-8.0, -8.5, -9.0])
    batch = simulate_entry_batch(VEHICLE, STATE, CHUTE, flight_path_angle=fpa,
                                 mass=np.array([39.0, 40.0, 41.0]),
                                 density_factor=np.array([0.9, 1.0, 1.1]))
    arrays = batch.arrays()
    assert len(batch) == 3
    assert set(arrays) >= REQUIRED_KEYS
    middle = simulate_entry(VEHICLE, STATE, CHUTE).summary
    assert arrays["peak_heat_flux_total_W_m2"][1] == middle.core.peak_heat_flux_total
    assert batch.row(1).as_dict() == middle.as_dict()
    assert np.all(np.diff(arrays["peak_deceleration_g"]) > 0)  # steeper: harder


def test_corridor_with_quantity_limits() -> None:
    corridor = entry_corridor(VEHICLE, STATE, CHUTE, max_deceleration_g=50,
                              max_heat_flux="10 MW/m^2", max_heat_load="350 MJ/m^2")
    data = corridor.as_dict()
    assert corridor.feasible
    assert data["fpa_frame"] == "inertial"
    assert data["steep_limit"] == "deceleration"
    assert data["shallow_limit"] == "skip_out"
    assert -14.0 < data["steepest_fpa_deg"] < data["shallowest_fpa_deg"] < -4.0
    assert data["corridor_width_deg"] == pytest.approx(
        data["shallowest_fpa_deg"] - data["steepest_fpa_deg"])
    assert data["max_heat_flux_W_m2"] == pytest.approx(10e6)
    json.dumps(data, allow_nan=False)


def test_out_of_range_and_wrong_units_become_out_of_range_errors() -> None:
    high = EntryState(altitude="1200 km", speed="11 km/s", flight_path_angle="-8.5 deg")
    with pytest.raises(OutOfRangeError, match=r"entry simulation: altitude 1\.2e\+06 m"):
        simulate_entry(VEHICLE, high)
    with pytest.raises(OutOfRangeError, match="expected a speed"):
        simulate_entry(VEHICLE, EntryState(altitude="120 km", speed="11 km",
                                           flight_path_angle="-8.5 deg"))
    with pytest.raises(OutOfRangeError, match="bare number"):
        simulate_entry(EntryVehicle(mass=40, diameter="0.8 m", nose_radius="0.4 m"),  # type: ignore[arg-type]
                       STATE)
    with pytest.raises(OutOfRangeError, match="mass"):
        simulate_entry(EntryVehicle(mass="-40 kg", diameter="0.8 m", nose_radius="0.4 m"),
                       STATE)
    with pytest.raises(OutOfRangeError, match="frame"):
        simulate_entry(VEHICLE, EntryState(altitude="120 km", speed="11 km/s",
                                           flight_path_angle="-8.5 deg",
                                           frame="ecef"))  # type: ignore[arg-type]


def test_bank_schedule_against_speed_as_quantities() -> None:
    options = EntryOptions(deploy_mach=0.8, deploy_dynamic_pressure="5 kPa",
                           bank_schedule=(Quantity(np.array([0.0, 20.0]), "km/s"),
                                          Quantity(np.array([180.0, 180.0]), "deg")))
    lifting = EntryVehicle(mass="40 kg", diameter="0.8 m", nose_radius="0.4 m",
                           drag_coefficient=1.05, lift_to_drag=0.3)
    down = simulate_entry(lifting, STATE, options).summary
    ballistic = simulate_entry(VEHICLE, STATE, CHUTE).summary
    assert down.peak_deceleration_g > ballistic.peak_deceleration_g


def test_atmosphere_twin_us76_table_i() -> None:
    # NOAA-S/T 76-1562 Table I at 10 km: 223.252 K, 2.6499e4 Pa, 0.41351 kg/m^3
    state = atmosphere.us1976(Quantity(10.0, "km"))
    assert state.temperature.m_as("K") == pytest.approx(223.252, abs=1e-3)
    assert state.pressure.m_as("hPa") == pytest.approx(264.99, rel=1e-4)
    assert state.density.m_as("kg/m^3") == pytest.approx(0.41351, rel=1e-4)
    profile = atmosphere.us1976(Quantity(np.array([0.0, 100.0]), "km"))
    assert profile.density.m_as("kg/m^3").shape == (2,)
    with pytest.raises(OutOfRangeError, match="0 to 1000 km"):
        atmosphere.us1976("1200 km")
    with pytest.raises(OutOfRangeError, match="expected a length"):
        atmosphere.us1976("3 s")


def test_aerothermo_twin_converts_once() -> None:
    q = aerothermo.sutton_graves("1e-4 kg/m^3", "10 km/s", "50 cm")
    assert q.m_as("W/m^2") == pytest.approx(1.7415e-4 * math.sqrt(2e-4) * 1e12)
    assert aerothermo.tauber_sutton("3e-4 kg/m^3", "8 km/s", "0.4 m").m_as("W/m^2") == 0.0
    assert aerothermo.dynamic_pressure("0.5 kg/m^3", "100 m/s").m_as("Pa") == 2500.0
    with pytest.raises(OutOfRangeError, match="nose_radius"):
        aerothermo.sutton_graves("1e-4 kg/m^3", "10 km/s", "0 m")
