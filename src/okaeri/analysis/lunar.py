"""okaeri's analyses of the manoeuvres at the Moon and of the departure geometry.

``departure.geometry`` (:mod:`okaeri.core.gto_departure`,
:mod:`okaeri.core.noncoplanar_departure`): what the orientations the mission does not
choose cost.

- The rideshare's launch orbit plane and the Moon's orbit plane make up to
  ``gto_inclination_max + moon_inclination_max`` (their worst relative node). The transfer
  keeps that angle to the Moon and absorbs it in the capture, the cheapest of the four
  places to remove it: ``loi_plane_delta_v`` adds to LOI, and ``arrival_v_inf`` is the
  larger excess speed the capture starts from.
- The launch orbit's apogee direction must lie in the Moon's plane for the transfer; the
  mission waits for the J2 drift of the launch orbit to bring it within
  ``apsides_tolerance`` (the worst and median waits over the inclination range and the
  node orientations are outputs) and corrects the rest with a broken-plane rotation on
  the way out (``gto_alignment_delta_v``).
- The return's departure asymptote lies ``tei_out_of_plane`` out of the lunar orbit plane
  set by the ascent element: ``tei_plane_delta_v`` is the cheapest way to depart anyway.

``loi.finite_burn`` and ``tei.finite_burn`` (:mod:`okaeri.core.lunar_burns`): the gravity
loss of the capture (split into ``loi_burns`` periapsis burns) and of the departure with the
vehicle's thrust, at the stack mass the propellant walk gives before each burn (a loop
the graph solves: the loss changes the propellant, which changes the mass).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from okaeri.analysis.registry import Analysis, Binding, Port, analysis
from okaeri.model import keys
from okaeri.model.mission import Mission
from okaeri.model.phases import ComputedDeltaV, Leg

__all__ = ["DEPARTURE_GEOMETRY", "LOI_FINITE_BURN", "TEI_FINITE_BURN", "leg_phases"]

_ORBIT = "mission.trajectory"
_DAY = 86400.0


def leg_phases(mission: Mission, leg: Leg) -> list[Any]:
    """The manoeuvre phases whose delta-v is the computed ``leg``."""
    return [p for p in mission.burns()
            if isinstance(p.delta_v, ComputedDeltaV) and p.delta_v.leg == leg]


@analysis("departure.geometry", version="1", inputs={
    "perigee_altitude": Port("m", "perigee altitude of the launch orbit"),
    "apogee_altitude": Port("m", "apogee altitude of the launch orbit"),
    "lunar_orbit_altitude": Port("m", "altitude of the circular lunar orbit"),
    "gto_inclination_min": Port("rad", "lowest launch orbit inclination"),
    "gto_inclination_max": Port("rad", "highest launch orbit inclination"),
    "moon_inclination_max": Port("rad", "highest inclination of the Moon's orbit"),
    "apsides_tolerance": Port("rad", "apogee direction out of the Moon's plane at departure"),
    "tei_out_of_plane": Port("rad", "TEI asymptote out of the lunar orbit plane"),
    "departure_v_inf": Port("m/s", "excess speed of the departure from the Moon"),
}, outputs={
    "plane_angle": Port("rad", "worst angle between the launch orbit and the Moon's plane"),
    "loi_plane_delta_v": Port("m/s", "extra LOI of the non-coplanar arrival"),
    "arrival_v_inf": Port("m/s", "excess speed of the non-coplanar arrival"),
    "gto_alignment_delta_v": Port("m/s", "broken-plane correction of the apogee direction"),
    "gto_alignment_wait_worst": Port("s", "longest wait for the J2 drift (both inclinations)"),
    "gto_alignment_wait_median": Port("s", "median wait for the J2 drift (worse inclination)"),
    "tei_plane_delta_v": Port("m/s", "extra TEI of the out-of-plane departure"),
})
def _geometry(perigee_altitude: float, apogee_altitude: float, lunar_orbit_altitude: float,
              gto_inclination_min: float, gto_inclination_max: float,
              moon_inclination_max: float, apsides_tolerance: float,
              tei_out_of_plane: float, departure_v_inf: float) -> dict[str, float]:
    """Costs of the orientations the mission does not choose (okaeri.core.gto_departure,
    okaeri.core.apsidal_alignment)."""
    from okaeri.core import gto_departure as geo
    from okaeri.core.apsidal_alignment import apsidal_alignment_wait
    from okaeri.core.cislunar import moon_orbital_speed
    from okaeri.core.constants import R_EARTH, R_MOON
    from okaeri.core.noncoplanar_departure import non_coplanar_departure
    from okaeri.core.patched_conics import translunar_injection

    r_perigee, r_apogee = R_EARTH + perigee_altitude, R_EARTH + apogee_altitude
    r_orbit = R_MOON + lunar_orbit_altitude
    angle = geo.worst_case_plane_angle(gto_inclination_max, moon_inclination_max)
    options = geo.plane_change_options(r_perigee, r_apogee, r_orbit, angle)
    arrival = translunar_injection(r_perigee, r_apogee)
    v_inf = geo.non_coplanar_v_inf(arrival.arrival_speed, arrival.arrival_flight_path_angle,
                                   angle, moon_orbital_speed())
    waits = [apsidal_alignment_wait(r_perigee, r_apogee, inclination, apsides_tolerance)
             for inclination in (gto_inclination_min, gto_inclination_max)]
    tei = non_coplanar_departure(departure_v_inf, r_orbit, tei_out_of_plane,
                                 r_orbit + 10_000e3) if tei_out_of_plane > 0.0 else None
    return {
        "plane_angle": angle,
        "loi_plane_delta_v": options.at_arrival,
        "arrival_v_inf": v_inf,
        "gto_alignment_delta_v": geo.broken_plane_correction(
            r_perigee, apsides_tolerance).delta_v,
        "gto_alignment_wait_worst": max(w.worst_case for w in waits),
        "gto_alignment_wait_median": max(w.median for w in waits),
        "tei_plane_delta_v": 0.0 if tei is None else tei.best,
    }


def _bind_geometry(mission: Mission, settings: Any) -> dict[str, Binding]:
    if not mission.burns():
        return {}
    return {"departure.geometry": _geometry.binding({
        "perigee_altitude": f"{_ORBIT}.launch_orbit.perigee_altitude",
        "apogee_altitude": f"{_ORBIT}.launch_orbit.apogee_altitude",
        "lunar_orbit_altitude": f"{_ORBIT}.lunar_orbit_altitude",
        "gto_inclination_min": f"{_ORBIT}.gto_inclination_min",
        "gto_inclination_max": f"{_ORBIT}.gto_inclination_max",
        "moon_inclination_max": f"{_ORBIT}.moon_inclination_max",
        "apsides_tolerance": f"{_ORBIT}.apsides_tolerance",
        "tei_out_of_plane": f"{_ORBIT}.tei_out_of_plane",
        "departure_v_inf": "trajectory.departure_v_inf",
    })}


DEPARTURE_GEOMETRY: Analysis = replace(_geometry, bind=_bind_geometry)
"""``departure.geometry``: the costs of the launch orbit's and the lunar orbit's
orientations (worst cases)."""

_BURN_INPUTS = {
    "v_inf": Port("m/s", "hyperbolic excess speed at the Moon"),
    "lunar_orbit_altitude": Port("m", "altitude of the circular lunar orbit"),
    "thrust": Port("N", "main engine thrust"),
    "isp": Port("s", "main engine specific impulse"),
    "mass": Port("kg", "stack mass at ignition"),
}
_BURN_OUTPUTS = {
    "gravity_loss": Port("m/s", "finite-burn gravity loss"),
    "burn_time": Port("s", "total burn time"),
}


@analysis("loi.finite_burn", version="1", inputs={
    **_BURN_INPUTS, "burns": Port("", "number of burns the capture is split into"),
}, outputs=_BURN_OUTPUTS)
def _loi(v_inf: float, lunar_orbit_altitude: float, thrust: float, isp: float, mass: float,
         burns: float) -> dict[str, float]:
    """Finite capture into the lunar orbit, tangential thrust (okaeri.core.lunar_burns)."""
    from okaeri.core.constants import R_MOON
    from okaeri.core.lunar_burns import finite_capture_burn, split_capture_burn

    r_orbit = R_MOON + lunar_orbit_altitude
    count = round(burns)
    burn = (finite_capture_burn(v_inf, r_orbit, r_orbit, thrust, isp, mass) if count == 1
            else split_capture_burn(v_inf, r_orbit, thrust, isp, mass, count))
    return {"gravity_loss": burn.gravity_loss, "burn_time": burn.burn_time}


@analysis("tei.finite_burn", version="1", inputs=_BURN_INPUTS, outputs=_BURN_OUTPUTS)
def _tei(v_inf: float, lunar_orbit_altitude: float, thrust: float, isp: float,
         mass: float) -> dict[str, float]:
    """Finite departure from the lunar orbit, tangential thrust (okaeri.core.lunar_burns)."""
    from okaeri.core.constants import R_MOON
    from okaeri.core.lunar_burns import finite_departure_burn

    burn = finite_departure_burn(v_inf, R_MOON + lunar_orbit_altitude, thrust, isp, mass)
    return {"gravity_loss": burn.gravity_loss, "burn_time": burn.burn_time}


def _burn_binder(base: Analysis, leg: Leg, v_inf: str, extra: dict[str, str]) -> Any:
    def bind(mission: Mission, settings: Any) -> dict[str, Binding]:
        bound = {}
        for phase in leg_phases(mission, leg):
            vehicle = str(phase.performed_by)
            bound[keys.delta_v(phase.id, "finite_burn")] = base.binding({
                "v_inf": v_inf,
                "lunar_orbit_altitude": f"{_ORBIT}.lunar_orbit_altitude",
                "thrust": keys.part(vehicle, "propulsion", "thrust"),
                "isp": keys.part(vehicle, "propulsion", "isp"),
                "mass": f"{vehicle}.propellant.{phase.id}_mass_before", **extra})
        return bound

    return bind


LOI_FINITE_BURN: Analysis = replace(_loi, bind=_burn_binder(
    _loi, Leg.LOI, "departure.geometry.arrival_v_inf",
    {"burns": f"{_ORBIT}.loi_burns"}))
"""``<phase>.delta_v.finite_burn`` of each computed LOI: its finite-burn gravity loss."""

TEI_FINITE_BURN: Analysis = replace(_tei, bind=_burn_binder(
    _tei, Leg.TEI, "trajectory.departure_v_inf", {}))
"""``<phase>.delta_v.finite_burn`` of each computed TEI: its finite-burn gravity loss."""
