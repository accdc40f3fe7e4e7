"""Delta-v relations: the patched-conic trajectory and each manoeuvre with its margin.

``trajectory`` is an analysis over ``mission.trajectory.*`` computing the TLI, LOI and
TEI delta-v and the entry interface state (:func:`okaeri.core.patched_conics.earth_moon_legs`).
For every phase ``P`` with a delta-v:

- ``P.delta_v.nominal``: the trajectory's leg (computed) or the allocation; for TLI, plus
  the gravity loss of its finite perigee burns (``P.delta_v.finite_burn``, integrated by
  :func:`okaeri.core.rocket.split_perigee_burn` at the launch mass allowance, an upper
  bound); LOI and TEI are impulsive (their finite-burn losses are not modelled);
- ``P.delta_v.margin_applied``: the phase's own margin, or the policy's margin for its
  class (computed 5 %, allocated 100 % in ESA SRE-PA/2011.097);
- ``P.delta_v.with_margin = nominal × (1 + margin)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from okaeri.core.constants import R_EARTH, R_MOON
from okaeri.core.patched_conics import earth_moon_legs
from okaeri.graph import AnalysisFunction, DependencyGraph, NodeKind
from okaeri.model import ComputedDeltaV, Mission

TRAJECTORY_OUTPUTS = {
    "tli_delta_v": "m/s",
    "loi_delta_v": "m/s",
    "tei_delta_v": "m/s",
    "entry_speed_inertial": "m/s",
    "entry_flight_path_angle": "rad",
    "outbound_time_of_flight": "s",
    "return_time_of_flight": "s",
    "arrival_v_inf": "m/s",
}
"""Outputs of the ``trajectory`` analysis and their SI units."""

_T = "mission.trajectory"


def _trajectory(values: Mapping[str, float]) -> dict[str, float]:
    legs = earth_moon_legs(
        R_EARTH + values["perigee"],
        R_EARTH + values["apogee"],
        R_MOON + values["lunar_orbit"],
        R_EARTH + values["entry_interface"],
        R_EARTH + values["vacuum_perigee"],
    )
    return {
        "tli_delta_v": legs.tli_delta_v,
        "loi_delta_v": legs.loi_delta_v,
        "tei_delta_v": legs.tei_delta_v,
        "entry_speed_inertial": legs.entry_speed,
        "entry_flight_path_angle": legs.entry_flight_path_angle,
        "outbound_time_of_flight": legs.outbound_time_of_flight,
        "return_time_of_flight": legs.return_time_of_flight,
        "arrival_v_inf": legs.arrival_v_inf,
    }


def _tli_gravity_loss(values: Mapping[str, float]) -> dict[str, float]:
    from okaeri.core.constants import MOON_SEMI_MAJOR_AXIS, MU_EARTH
    from okaeri.core.rocket import split_perigee_burn

    burn = split_perigee_burn(
        MU_EARTH, R_EARTH + values["perigee"], R_EARTH + values["apogee"],
        MOON_SEMI_MAJOR_AXIS, values["thrust"], values["isp"], values["mass"],
        round(values["burns"]))
    return {"tli_gravity_loss": burn.gravity_loss, "tli_burn_time": burn.burn_time}


def _identity(value: float) -> float:
    return value


def _sum(a: float, b: float) -> float:
    return a + b


def _with_margin(nominal: float, margin: float) -> float:
    return nominal * (1.0 + margin)


def add_delta_v_relations(graph: DependencyGraph, mission: Mission,
                          wrap: Callable[[str, AnalysisFunction], AnalysisFunction]) -> None:
    """Add the trajectory analysis and the delta-v nodes of every phase."""
    graph.add_analysis(
        "trajectory",
        {"perigee": f"{_T}.launch_orbit.perigee_altitude",
         "apogee": f"{_T}.launch_orbit.apogee_altitude",
         "lunar_orbit": f"{_T}.lunar_orbit_altitude",
         "entry_interface": f"{_T}.entry_interface_altitude",
         "vacuum_perigee": f"{_T}.vacuum_perigee_altitude"},
        TRAJECTORY_OUTPUTS, wrap("trajectory", _trajectory),
        "patched-conic Earth-Moon round trip (okaeri.core.patched_conics)")
    trajectory = mission.header.trajectory
    graph.add_parameter(f"{_T}.tli_perigee_burns", float(trajectory.tli_perigee_burns), "",
                        mission.source_of(f"{_T}.tli_perigee_burns") or "trajectory")
    launch = next((p for p in mission.phases if p.kind == "launch"), None)
    for phase in mission.burns():
        delta_v = phase.delta_v
        if delta_v is None:  # burns() holds only phases with a delta-v
            continue
        key = f"{phase.id}.delta_v"
        if isinstance(delta_v, ComputedDeltaV) and delta_v.leg == "tli" and launch:
            graph.add_analysis(
                f"{key}.finite_burn",
                {"perigee": f"{_T}.launch_orbit.perigee_altitude",
                 "apogee": f"{_T}.launch_orbit.apogee_altitude",
                 "burns": f"{_T}.tli_perigee_burns",
                 "mass": f"{launch.id}.mass_allowance",
                 "thrust": f"{phase.performed_by}.propulsion.thrust",
                 "isp": f"{phase.performed_by}.propulsion.isp"},
                {"tli_gravity_loss": "m/s", "tli_burn_time": "s"},
                wrap("tli.finite_burn", _tli_gravity_loss),
                "finite perigee burns integrated at the launch mass allowance (an upper "
                "bound: the loss grows with the mass) (okaeri.core.rocket)")
            graph.add_relation(f"{key}.nominal", ["trajectory.tli_delta_v",
                                                  f"{key}.finite_burn.tli_gravity_loss"],
                               _sum, "m/s", "computed: trajectory leg tli (impulsive) + "
                               "finite-burn gravity loss")
            margin_class = "computed"
        elif isinstance(delta_v, ComputedDeltaV):
            graph.add_relation(f"{key}.nominal", [f"trajectory.{delta_v.leg}_delta_v"],
                               _identity, "m/s", f"computed: trajectory leg {delta_v.leg} "
                               "(impulsive; finite-burn loss not modelled)")
            margin_class = "computed"
        else:
            graph.add_relation(f"{key}.nominal", [f"{key}.value"], _identity, "m/s",
                               f"allocated: {delta_v.rationale}")
            margin_class = "allocated"
        margin_key = (f"{key}.margin" if delta_v.margin is not None
                      else f"mission.policy.delta_v_margins.{margin_class}")
        graph.add_relation(f"{key}.margin_applied", [margin_key], _identity, "",
                           f"margin for {margin_class} manoeuvres ({margin_key})")
        graph.add_relation(f"{key}.with_margin", [f"{key}.nominal", f"{key}.margin_applied"],
                           _with_margin, "m/s", "delta-v with margin = nominal x (1 + margin)",
                           kind=NodeKind.BUDGET)
