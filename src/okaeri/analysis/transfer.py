"""okaeri's transfer analyses: the patched-conic round trip and the finite TLI burns.

``trajectory`` (:func:`okaeri.core.patched_conics.earth_moon_legs`): from the launch
orbit, the lunar orbit, the entry interface and the vacuum perigee of the return, the
impulsive delta-v of TLI, LOI and TEI, the inertial entry state and the times of flight.

``orbit.eclipse`` (:func:`okaeri.core.eclipse.longest_eclipse`): the period of the
circular lunar orbit and its longest eclipse (``lunar_orbit.*``), for power budgets.

``tli.finite_burn`` (:func:`okaeri.core.rocket.split_perigee_burn`): the gravity loss of
the trans-lunar injection flown as ``tli_perigee_burns`` finite perigee burns, at the
launch mass allowance (an upper bound: the loss grows with the mass), one instance per
phase that performs a computed TLI (``<phase>.delta_v.finite_burn``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from okaeri.analysis.registry import Analysis, Binding, Port, analysis
from okaeri.model import keys
from okaeri.model.mission import Mission
from okaeri.model.phases import ComputedDeltaV, LaunchPhase

__all__ = ["LUNAR_ECLIPSE", "TLI_FINITE_BURN", "TRAJECTORY"]

_ORBIT = "mission.trajectory"


@analysis("trajectory", version="1", inputs={
    "perigee_altitude": Port("m", "perigee altitude of the launch orbit"),
    "apogee_altitude": Port("m", "apogee altitude of the launch orbit"),
    "lunar_orbit_altitude": Port("m", "altitude of the circular low lunar orbit"),
    "entry_interface_altitude": Port("m", "altitude of the entry interface"),
    "vacuum_perigee_altitude": Port("m", "vacuum perigee targeted by the return"),
}, outputs={
    "tli_delta_v": Port("m/s", "impulsive trans-lunar injection"),
    "loi_delta_v": Port("m/s", "impulsive lunar orbit insertion"),
    "tei_delta_v": Port("m/s", "impulsive trans-Earth injection"),
    "entry_speed_inertial": Port("m/s", "inertial speed at the entry interface"),
    "entry_flight_path_angle": Port("rad", "inertial flight path angle at entry interface"),
    "outbound_time_of_flight": Port("s", "TLI to lunar periapsis"),
    "return_time_of_flight": Port("s", "TEI to the entry interface"),
    "arrival_v_inf": Port("m/s", "hyperbolic excess speed at the Moon"),
    "departure_v_inf": Port("m/s", "hyperbolic excess speed of the departure from the Moon"),
})
def _trajectory(perigee_altitude: float, apogee_altitude: float, lunar_orbit_altitude: float,
                entry_interface_altitude: float, vacuum_perigee_altitude: float
                ) -> dict[str, float]:
    """Patched-conic Earth-Moon round trip (okaeri.core.patched_conics)."""
    from okaeri.core.constants import R_EARTH, R_MOON
    from okaeri.core.patched_conics import earth_moon_legs

    legs = earth_moon_legs(R_EARTH + perigee_altitude, R_EARTH + apogee_altitude,
                           R_MOON + lunar_orbit_altitude, R_EARTH + entry_interface_altitude,
                           R_EARTH + vacuum_perigee_altitude)
    return {
        "tli_delta_v": legs.tli_delta_v,
        "loi_delta_v": legs.loi_delta_v,
        "tei_delta_v": legs.tei_delta_v,
        "entry_speed_inertial": legs.entry_speed,
        "entry_flight_path_angle": legs.entry_flight_path_angle,
        "outbound_time_of_flight": legs.outbound_time_of_flight,
        "return_time_of_flight": legs.return_time_of_flight,
        "arrival_v_inf": legs.arrival_v_inf,
        "departure_v_inf": legs.departure_v_inf,
    }


def _bind_trajectory(mission: Mission, settings: Any) -> dict[str, Binding]:
    return {"trajectory": TRAJECTORY_BASE.binding({
        "perigee_altitude": f"{_ORBIT}.launch_orbit.perigee_altitude",
        "apogee_altitude": f"{_ORBIT}.launch_orbit.apogee_altitude",
        "lunar_orbit_altitude": f"{_ORBIT}.lunar_orbit_altitude",
        "entry_interface_altitude": f"{_ORBIT}.entry_interface_altitude",
        "vacuum_perigee_altitude": f"{_ORBIT}.vacuum_perigee_altitude",
    })}


TRAJECTORY_BASE = _trajectory
TRAJECTORY: Analysis = replace(TRAJECTORY_BASE, bind=_bind_trajectory)
"""The ``trajectory`` analysis, wired to the mission's trajectory design."""


@analysis("tli.finite_burn", version="1", inputs={
    "perigee_altitude": Port("m", "perigee altitude of the launch orbit"),
    "apogee_altitude": Port("m", "apogee altitude of the launch orbit"),
    "burns": Port("", "number of perigee burns the TLI is split into"),
    "mass": Port("kg", "stack mass at the first ignition (the launch allowance)"),
    "thrust": Port("N", "main engine thrust"),
    "isp": Port("s", "main engine specific impulse"),
}, outputs={
    "gravity_loss": Port("m/s", "finite-burn gravity loss of the TLI"),
    "burn_time": Port("s", "total burn time of the TLI"),
})
def _tli_finite_burn(perigee_altitude: float, apogee_altitude: float, burns: float,
                     mass: float, thrust: float, isp: float) -> dict[str, float]:
    """TLI as finite perigee burns from the launch orbit (okaeri.core.rocket)."""
    from okaeri.core.constants import MOON_SEMI_MAJOR_AXIS, MU_EARTH, R_EARTH
    from okaeri.core.rocket import split_perigee_burn

    burn = split_perigee_burn(MU_EARTH, R_EARTH + perigee_altitude, R_EARTH + apogee_altitude,
                              MOON_SEMI_MAJOR_AXIS, thrust, isp, mass, round(burns))
    return {"gravity_loss": burn.gravity_loss, "burn_time": burn.burn_time}


def _bind_tli(mission: Mission, settings: Any) -> dict[str, Binding]:
    launch = next((p for p in mission.phases if isinstance(p, LaunchPhase)), None)
    bound = {}
    for phase in mission.burns():
        delta_v = phase.delta_v
        if launch is None or not (isinstance(delta_v, ComputedDeltaV) and delta_v.leg == "tli"):
            continue
        vehicle = str(phase.performed_by)
        bound[keys.delta_v(phase.id, "finite_burn")] = TLI_BASE.binding({
            "perigee_altitude": f"{_ORBIT}.launch_orbit.perigee_altitude",
            "apogee_altitude": f"{_ORBIT}.launch_orbit.apogee_altitude",
            "burns": f"{_ORBIT}.tli_perigee_burns",
            "mass": f"{launch.id}.mass_allowance",
            "thrust": keys.part(vehicle, "propulsion", "thrust"),
            "isp": keys.part(vehicle, "propulsion", "isp"),
        })
    return bound


TLI_BASE = _tli_finite_burn
TLI_FINITE_BURN: Analysis = replace(TLI_BASE, bind=_bind_tli)
"""The ``tli.finite_burn`` analysis, one instance per computed TLI phase."""


@analysis("orbit.eclipse", version="1", inputs={
    "lunar_orbit_altitude": Port("m", "altitude of the circular low lunar orbit"),
}, outputs={
    "period": Port("s", "orbit period"),
    "eclipse_duration": Port("s", "longest eclipse (beta angle 0, cylindrical shadow)"),
    "eclipse_fraction": Port("", "longest eclipse as a fraction of the period"),
})
def _eclipse(lunar_orbit_altitude: float) -> dict[str, float]:
    """Period and longest eclipse of the circular lunar orbit (okaeri.core.eclipse)."""
    from okaeri.core.constants import MU_MOON, R_MOON
    from okaeri.core.eclipse import longest_eclipse

    found = longest_eclipse(MU_MOON, R_MOON, R_MOON + lunar_orbit_altitude)
    return {"period": found.period, "eclipse_duration": found.duration,
            "eclipse_fraction": found.fraction}


def _bind_eclipse(mission: Mission, settings: Any) -> dict[str, Binding]:
    return {"lunar_orbit": _eclipse.binding(
        {"lunar_orbit_altitude": f"{_ORBIT}.lunar_orbit_altitude"})}


LUNAR_ECLIPSE: Analysis = replace(_eclipse, bind=_bind_eclipse)
"""``lunar_orbit.{period, eclipse_duration, eclipse_fraction}`` of the mission's LLO."""
