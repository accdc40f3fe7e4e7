"""``okaeri entry``: simulate a mission's atmospheric entry, or find its entry corridor.

::

    okaeri entry [PATH] [--mass "45 kg"] [--fpa "-7.7 deg"] ... [--json]
    okaeri entry [PATH] --corridor [--max-g 50] [--max-heat-flux "10 MW/m^2"] ...

Every value defaults to the mission's nominal entry (``PATH``, default the reference
mission): read through the input ports of its ``entry.nominal`` analysis and set up by
the same function (:func:`okaeri.analysis.entry_setup.entry_setup`), so that without
options the command prints what the graph's ``entry.nominal`` computes. An option
replaces one value; the corridor's limits default to the capsule's canister and heat
shield, as ``entry.corridor``. The table prints quantity, value and unit; ``--json``
prints SI values with the unit in each key.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from okaeri.cli._common import (
    HelpFormatter,
    add_json_flag,
    add_path_argument,
    fail,
    mission_folder,
    print_json,
    quantity_argument,
)
from okaeri.report.terminal import format_table

_HEADERS = ["quantity", "value", "unit"]
_DEFAULT = "default: the mission's"


def _positive(family: str, what: str) -> Any:
    """An argparse type: a quantity of ``family`` that is greater than zero."""
    parse = quantity_argument(family)

    def check(text: str) -> Any:
        value = parse(text)
        if not float(value.magnitude) > 0.0:
            raise argparse.ArgumentTypeError(f"{what} must be positive, got '{text}'")
        return value

    check.__name__ = family.split(" ", 1)[1]
    return check


def _non_negative_number(what: str) -> Any:
    parse = quantity_argument("a dimensionless number")

    def check(text: str) -> Any:
        value = parse(text)
        if not float(value.magnitude) >= 0.0:
            raise argparse.ArgumentTypeError(f"{what} must not be negative, got '{text}'")
        return value

    check.__name__ = "number"
    return check


def _entry_angle(text: str) -> Any:
    """An argparse type: a flight path angle below the horizontal (negative)."""
    value = quantity_argument("an angle")(text)
    if not float(value.magnitude) < 0.0:
        raise argparse.ArgumentTypeError(
            f"the entry flight path angle must be negative (descending), got '{text}'"
        )
    if float(value.m_as("deg")) <= -90.0:
        raise argparse.ArgumentTypeError(f"the entry flight path angle must be above -90 deg, "
                                         f"got '{text}'")
    return value


_entry_angle.__name__ = "angle"


def _altitude(text: str) -> Any:
    """An argparse type: an entry altitude in (0, 1000 km], the atmosphere model's range."""
    value = quantity_argument("a length")(text)
    km = float(value.m_as("km"))
    if not 0.0 < km <= 1000.0:
        raise argparse.ArgumentTypeError(
            f"the entry altitude must lie above 0 and at most 1000 km (the range of the "
            f"U.S. Standard Atmosphere 1976), got '{text}'"
        )
    return value


_altitude.__name__ = "altitude"

_PORT_OPTIONS: tuple[tuple[str, str], ...] = (
    ("mass", "mass"), ("diameter", "diameter"), ("nose_radius", "nose_radius"),
    ("cd", "drag_coefficient"), ("lift_to_drag", "lift_to_drag"), ("altitude", "altitude"),
    ("speed", "speed"), ("fpa", "flight_path_angle"), ("heading", "heading"),
    ("latitude", "latitude"), ("longitude", "longitude"),
)
"""(option dest, input port of entry.nominal) of the options that replace a port value."""


def register(sub: Any) -> None:
    """Add the ``entry`` command."""
    parser = sub.add_parser(
        "entry",
        help="simulate a mission's atmospheric entry, or find its entry corridor",
        description="3-DOF entry over the rotating Earth (U.S. Standard Atmosphere 1976, "
        "Sutton-Graves convective and Tauber-Sutton radiative stagnation heating) from the "
        "entry interface to parachute deployment (by the mission's trigger: an ideal Mach "
        "sensor, a g-switch and timer, or a timer), then, when the mission's parachute has "
        "a drogue, under the parachutes to the ground through the descent phase's wind. "
        "Every value defaults to the mission's nominal entry (PATH, default the reference "
        "mission): without options this prints what 'okaeri verify' computes as "
        "entry.nominal. Every value takes its unit (\"45 kg\", \"11 km/s\", \"-7.7 deg\"); "
        "a negative angle needs a space before its unit or an equals sign "
        "(--fpa=-7.7deg). Trajectory outputs are Earth-relative; the entry state is shown "
        "in both frames.",
        epilog="exit codes: 0 success, 2 invalid input",
        formatter_class=HelpFormatter,
    )
    add_path_argument(parser)
    vehicle = parser.add_argument_group("vehicle")
    vehicle.add_argument("--mass", type=_positive("a mass", "the mass"), metavar="MASS",
                         help=f"entry mass ({_DEFAULT}: dry mass with system margin)")
    vehicle.add_argument("--diameter", type=_positive("a length", "the diameter"),
                         metavar="LENGTH", help=f"maximum diameter; reference area pi d^2/4 "
                         f"({_DEFAULT})")
    vehicle.add_argument("--nose-radius", dest="nose_radius",
                         type=_positive("a length", "the nose radius"), metavar="LENGTH",
                         help=f"nose radius ({_DEFAULT})")
    vehicle.add_argument("--cd", type=_positive("a dimensionless number", "the drag "
                                                "coefficient"), metavar="NUMBER",
                         help=f"hypersonic drag coefficient; scales the mission's Mach curve "
                         f"({_DEFAULT})")
    vehicle.add_argument("--lift-to-drag", dest="lift_to_drag",
                         type=_non_negative_number("the lift-to-drag ratio"), metavar="NUMBER",
                         help=f"lift-to-drag ratio ({_DEFAULT})")
    vehicle.add_argument("--bank", type=quantity_argument("an angle"), metavar="ANGLE",
                         help="constant bank angle, 0 = lift up (default 0 deg)")
    _state_arguments(parser)
    chute = parser.add_argument_group("parachute deployment")
    chute.add_argument("--deploy-mach", dest="deploy_mach",
                       type=_positive("a dimensionless number", "the deployment Mach number"),
                       metavar="NUMBER", help="deploy by an ideal Mach sensor below this "
                       f"Mach number instead of the mission's trigger ({_DEFAULT} trigger)")
    chute.add_argument("--deploy-dynamic-pressure", dest="deploy_dynamic_pressure",
                       type=_positive("a pressure", "the deployment dynamic pressure"),
                       metavar="PRESSURE", help="with an ideal Mach sensor: and below this "
                       "dynamic pressure (default none)")
    _corridor_arguments(parser)
    add_json_flag(parser)
    parser.set_defaults(run=run)


def _state_arguments(parser: argparse.ArgumentParser) -> None:
    state = parser.add_argument_group("entry interface state")
    state.add_argument("--altitude", type=_altitude, metavar="LENGTH",
                       help=f"entry altitude, at most 1000 km ({_DEFAULT})")
    state.add_argument("--speed", type=_positive("a speed", "the entry speed"), metavar="SPEED",
                       help=f"entry speed in --frame ({_DEFAULT}, inertial)")
    state.add_argument("--frame", choices=("inertial", "relative"), default="inertial",
                       help="frame of --speed, --fpa and --heading: inertial or "
                       "Earth-relative (default inertial; with relative give all three)")
    state.add_argument("--fpa", type=_entry_angle, metavar="ANGLE",
                       help=f"entry flight path angle, negative ({_DEFAULT}; ignored with "
                       "--corridor)")
    state.add_argument("--heading", type=quantity_argument("an angle"), metavar="ANGLE",
                       help=f"heading clockwise from north ({_DEFAULT})")
    state.add_argument("--latitude", type=quantity_argument("an angle"), metavar="ANGLE",
                       help=f"geocentric latitude of the entry point ({_DEFAULT})")
    state.add_argument("--longitude", type=quantity_argument("an angle"), metavar="ANGLE",
                       help=f"longitude of the entry point ({_DEFAULT})")


def _corridor_arguments(parser: argparse.ArgumentParser) -> None:
    corridor = parser.add_argument_group("entry corridor")
    corridor.add_argument("--corridor", action="store_true",
                          help="print the corridor of entry flight path angles that meets "
                          "the limits below and does not skip out")
    corridor.add_argument("--max-g", dest="max_g",
                          type=_positive("a dimensionless number", "the load factor limit"),
                          metavar="NUMBER", help="peak deceleration limit in g0 "
                          f"({_DEFAULT}: the sample canister's qualification)")
    corridor.add_argument("--max-heat-flux", dest="max_heat_flux",
                          type=_positive("a heat flux", "the heat flux limit"),
                          metavar="HEAT_FLUX", help="peak stagnation heat flux limit "
                          f"({_DEFAULT}: the heat shield's qualification)")
    corridor.add_argument("--max-heat-load", dest="max_heat_load",
                          type=_positive("a heat load", "the heat load limit"),
                          metavar="HEAT_LOAD", help="stagnation heat load limit "
                          f"({_DEFAULT}: the heat shield's qualification)")


@dataclass(frozen=True)
class MissionEntry:
    """A mission's nominal entry: the SI value of each input port of its ``entry.nominal``
    and the vehicle's :class:`~okaeri.analysis.entry_setup.EntryModel`, and the corridor's
    default limits (SI)."""

    values: dict[str, float]
    model: Any
    limits: dict[str, float]


def mission_entry(folder: Path) -> MissionEntry:
    """The nominal entry of the mission in ``folder``, read from its dependency graph.

    Raises :class:`~okaeri.errors.ModelError` for a mission that does not load, and
    :class:`~okaeri.errors.OutOfRangeError` for one without an entry and a descent phase.
    """
    from okaeri.analysis.entry_runs import corridor_limit_keys
    from okaeri.analysis.entry_setup import EntryModel
    from okaeri.budgets import build_graph
    from okaeri.errors import OutOfRangeError
    from okaeri.model import load_mission

    mission = load_mission(folder)
    graph = build_graph(mission)
    if "entry.nominal" not in graph:
        raise OutOfRangeError("the mission has no entry phase with a descent phase of the "
                              "same vehicle: nothing to simulate")
    node = graph.node("entry.nominal")
    values = {port: graph.value(key) for port, key in zip(node.ports, node.inputs, strict=True)}
    identity = node.identity
    model = EntryModel.from_settings(identity.settings["model"]) if identity else EntryModel()
    limits = {name: graph.value(key) for name, key in corridor_limit_keys(mission).items()
              if key in graph}
    return MissionEntry(values, model, limits)


def _given(args: argparse.Namespace, entry: MissionEntry) -> tuple[dict[str, float], Any]:
    """The port values and the model with the options given applied."""
    from okaeri.units import si

    values = dict(entry.values)
    for dest, port in _PORT_OPTIONS:
        value = getattr(args, dest)
        if value is not None:
            values[port] = si(value)
    model = entry.model
    if args.deploy_mach is not None:
        model = replace(model, trigger="conditions")
        values["trigger_mach"] = si(args.deploy_mach)
    return values, model


def _check_options(args: argparse.Namespace, model: Any) -> str:
    if args.deploy_dynamic_pressure is not None and model.trigger != "conditions":
        return ("--deploy-dynamic-pressure adds a condition to an ideal Mach sensor, and the "
                f"mission deploys by its {model.trigger.replace('_', '-')}: give "
                "--deploy-mach too")
    if args.frame == "relative" and None in (args.speed, args.fpa, args.heading):
        return ("--frame relative needs --speed, --fpa and --heading: the mission's entry "
                "state is inertial")
    return ""


def run(args: argparse.Namespace) -> int:
    """Simulate the entry (or its corridor) and print it."""
    from okaeri.analysis import entry as analysis_entry
    from okaeri.analysis.entry_setup import corridor_setup, entry_setup
    from okaeri.errors import OutOfRangeError

    entry = mission_entry(mission_folder(args.path))
    values, model = _given(args, entry)
    problem = _check_options(args, model)
    if problem:
        return fail(f"okaeri entry: error: {problem}")
    try:
        if args.corridor:
            vehicle, state, options = corridor_setup(values, model)
            result = analysis_entry.entry_corridor(
                vehicle, replace(state, frame=args.frame), _options(options, args),
                **_limits(args, entry.limits))
            return _print_corridor(result, args)
        setup = entry_setup(values, model)
        simulation = analysis_entry.simulate_entry(
            setup.vehicle, replace(setup.state, frame=args.frame), _options(setup.options, args),
            setup.core_inputs)
    except OutOfRangeError as exc:
        return fail(f"okaeri entry: error: {exc}")
    return _print_summary(simulation.summary, values, setup.descends, args)


def _options(options: Any, args: argparse.Namespace) -> Any:
    changes: dict[str, Any] = {}
    if args.bank is not None:
        changes["bank"] = args.bank
    if args.deploy_dynamic_pressure is not None:
        changes["deploy_dynamic_pressure"] = args.deploy_dynamic_pressure
    return replace(options, **changes)


def _limits(args: argparse.Namespace, limits: dict[str, float]) -> dict[str, Any]:
    from okaeri.core.constants import G0
    from okaeri.units import Quantity

    g = (float(args.max_g.magnitude) if args.max_g is not None
         else limits["max_deceleration"] / G0 if "max_deceleration" in limits else None)
    flux = (args.max_heat_flux if args.max_heat_flux is not None
            else Quantity(limits["max_heat_flux"], "W/m^2") if "max_heat_flux" in limits
            else None)
    load = (args.max_heat_load if args.max_heat_load is not None
            else Quantity(limits["max_heat_load"], "J/m^2") if "max_heat_load" in limits
            else None)
    return {"max_deceleration_g": g, "max_heat_flux": flux, "max_heat_load": load}


def _n(value: float | None, decimals: int) -> str:
    return "-" if value is None or not math.isfinite(value) else f"{value:,.{decimals}f}"


def _scale(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def summary_data(summary: Any, values: dict[str, float], descends: bool) -> dict[str, Any]:
    """The JSON form: the summary (:meth:`~okaeri.analysis.entry_results.EntrySummary.as_dict`)
    with the landing point as ``entry.nominal`` defines it (the deployment point without a
    parachute descent) and its distance from the mission's recovery zone centre."""
    from okaeri.analysis.entry_runs import summary_outputs

    data: dict[str, Any] = summary.as_dict()
    out = summary_outputs(summary.core, descends, values["target_latitude"],
                          values["target_longitude"])

    def finite(value: float) -> float | None:
        return value if math.isfinite(value) else None

    data.update({
        "landing_latitude_deg": finite(math.degrees(out["landing_latitude"])),
        "landing_longitude_deg": finite(math.degrees(out["landing_longitude"])),
        "landing_miss_distance_m": finite(out["landing_miss_distance"]),
        "target_latitude_deg": math.degrees(values["target_latitude"]),
        "target_longitude_deg": math.degrees(values["target_longitude"]),
        "parachute_descent": descends,
    })
    return data


def _print_summary(summary: Any, values: dict[str, float], descends: bool,
                   args: argparse.Namespace) -> int:
    d = summary_data(summary, values, descends)
    if args.json:
        print_json(d)
        return 0
    rows = [
        ["end event", str(d["end_event"]), ""],
        ["entry speed, inertial", _n(d["entry_speed_inertial_m_s"], 1), "m/s"],
        ["entry speed, Earth-relative", _n(d["entry_speed_relative_m_s"], 1), "m/s"],
        ["entry flight path angle, inertial", _n(d["entry_fpa_inertial_deg"], 3), "deg"],
        ["entry flight path angle, Earth-relative", _n(d["entry_fpa_relative_deg"], 3), "deg"],
        ["peak heat flux, total", _n(_scale(d["peak_heat_flux_total_W_m2"], 1e-6), 3), "MW/m^2"],
        ["peak heat flux, convective", _n(_scale(d["peak_heat_flux_convective_W_m2"], 1e-6), 3),
         "MW/m^2"],
        ["peak heat flux, radiative", _n(_scale(d["peak_heat_flux_radiative_W_m2"], 1e-6), 3),
         "MW/m^2"],
        ["time of peak heat flux", _n(d["time_at_peak_heat_flux_s"], 1), "s"],
        ["altitude of peak heat flux", _n(_scale(d["altitude_at_peak_heat_flux_m"], 1e-3), 2),
         "km"],
        ["heat load, total", _n(_scale(d["heat_load_total_J_m2"], 1e-6), 2), "MJ/m^2"],
        ["heat load, convective", _n(_scale(d["heat_load_convective_J_m2"], 1e-6), 2), "MJ/m^2"],
        ["heat load, radiative", _n(_scale(d["heat_load_radiative_J_m2"], 1e-6), 2), "MJ/m^2"],
        ["peak deceleration", _n(d["peak_deceleration_g"], 2), "g0"],
        ["peak dynamic pressure", _n(_scale(d["peak_dynamic_pressure_Pa"], 1e-3), 2), "kPa"],
        ["time to deployment", _n(d["time_to_deploy_s"], 1), "s"],
        ["altitude at deployment", _n(_scale(d["altitude_at_deploy_m"], 1e-3), 2), "km"],
        ["Mach number at deployment", _n(d["mach_at_deploy"], 3), ""],
        ["dynamic pressure at deployment", _n(_scale(d["dynamic_pressure_at_deploy_Pa"], 1e-3),
                                              3), "kPa"],
        ["deployment latitude", _n(d["deploy_latitude_deg"], 4), "deg"],
        ["deployment longitude", _n(d["deploy_longitude_deg"], 4), "deg"],
    ]
    if descends:
        rows += [
            ["main parachute opens at", _n(_scale(d["altitude_at_main_deploy_m"], 1e-3), 2),
             "km"],
            ["landing time", _n(d["landing_time_s"], 1), "s"],
            ["descent rate at landing", _n(d["landing_descent_rate_m_s"], 2), "m/s"],
            ["drift under the parachutes", _n(_scale(d["drift_m"], 1e-3), 2), "km"],
        ]
    rows += [
        ["landing latitude", _n(d["landing_latitude_deg"], 4), "deg"],
        ["landing longitude", _n(d["landing_longitude_deg"], 4), "deg"],
        ["landing miss distance", _n(_scale(d["landing_miss_distance_m"], 1e-3), 2), "km"],
        ["downrange to end", _n(_scale(d["downrange_m"], 1e-3), 1), "km"],
    ]
    print("Entry simulation (trajectory values Earth-relative)" + (
        "; landing after the parachute descent" if descends
        else "; landing point = deployment point (no parachute descent modelled)"))
    print(format_table(_HEADERS, rows, right=frozenset({1})))
    return 0


def _print_corridor(result: Any, args: argparse.Namespace) -> int:
    data = result.as_dict()
    if args.json:
        print_json(data)
        return 0
    rows = [
        ["feasible", "yes" if data["feasible"] else "no", ""],
        [f"steepest entry flight path angle ({data['fpa_frame']})",
         _n(data["steepest_fpa_deg"], 3), "deg"],
        [f"shallowest entry flight path angle ({data['fpa_frame']})",
         _n(data["shallowest_fpa_deg"], 3), "deg"],
        ["corridor width", _n(data["corridor_width_deg"], 3), "deg"],
        ["limit at the steep end", str(data["steep_limit"]), ""],
        ["limit at the shallow end", str(data["shallow_limit"]), ""],
        ["peak deceleration limit", _n(data["max_deceleration_g"], 1), "g0"],
        ["peak heat flux limit", _n(_scale(data["max_heat_flux_W_m2"], 1e-6), 2), "MW/m^2"],
        ["heat load limit", _n(_scale(data["max_heat_load_J_m2"], 1e-6), 1), "MJ/m^2"],
    ]
    print("Entry corridor (no skip-out and the limits below)")
    print(format_table(_HEADERS, rows, right=frozenset({1})))
    return 0
