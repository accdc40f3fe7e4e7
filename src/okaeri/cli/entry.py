"""``okaeri entry``: simulate the capsule's atmospheric entry, or find its entry corridor.

::

    okaeri entry [--mass "40 kg"] [--speed "11.0 km/s"] [--fpa "-8.5 deg"] ... [--json]
    okaeri entry --corridor [--max-g 50] [--max-heat-flux "10 MW/m^2"] ...

Every option takes a value with its unit; the defaults are the reference capsule of the
reference mission (``REFERENCE_ENTRY``). The table prints quantity, value and unit;
``--json`` prints SI values with the unit in each key.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

from okaeri.cli._common import (
    HelpFormatter,
    add_json_flag,
    fail,
    format_table,
    print_json,
    quantity_argument,
)

REFERENCE_ENTRY: dict[str, str] = {
    "mass": "40 kg",
    "diameter": "0.80 m",
    "nose_radius": "0.40 m",
    "cd": "1.05",
    "lift_to_drag": "0",
    "bank": "0 deg",
    "altitude": "120 km",
    "speed": "11.0 km/s",
    "frame": "inertial",
    "fpa": "-8.5 deg",
    "heading": "90 deg",
    "latitude": "0 deg",
    "longitude": "0 deg",
    "deploy_mach": "0.8",
    "deploy_dynamic_pressure": "5 kPa",
    "max_g": "50",
    "max_heat_flux": "10 MW/m^2",
    "max_heat_load": "350 MJ/m^2",
}
"""Defaults: the reference capsule (reference-mission.md: 40 kg, 0.80 m, nose radius
0.40 m, Cd 1.05, ballistic; entry interface 120 km at 11.0 km/s inertial). The entry
flight path angle -8.5 deg (inertial), the equatorial entry point and the due-east
heading are assumptions. Parachute: deploys below Mach 0.8 and 5 kPa. Corridor limits:
the heat shield's 10 MW/m^2 and 350 MJ/m^2 and the 50 g of CAP-030."""

_HEADERS = ["quantity", "value", "unit"]


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


def register(sub: Any) -> None:
    """Add the ``entry`` command."""
    ref = REFERENCE_ENTRY
    parser = sub.add_parser(
        "entry",
        help="simulate the capsule's atmospheric entry, or find its entry corridor",
        description="3-DOF entry over the rotating Earth (U.S. Standard Atmosphere 1976, "
        "Sutton-Graves convective and Tauber-Sutton radiative stagnation heating) from the "
        "entry interface to parachute deployment, ground impact or skip-out. Every value "
        "takes its unit (\"40 kg\", \"11 km/s\", \"-8.5 deg\"); a negative angle needs a "
        "space before its unit or an equals sign (--fpa=-8.5deg). Defaults: the reference "
        "capsule of the reference mission. Trajectory outputs are Earth-relative; the "
        "entry state is shown in both frames.",
        epilog="exit codes: 0 success, 2 invalid input",
        formatter_class=HelpFormatter,
    )
    vehicle = parser.add_argument_group("vehicle")
    vehicle.add_argument("--mass", type=_positive("a mass", "the mass"), default=ref["mass"],
                         metavar="MASS", help=f"entry mass (default {ref['mass']})")
    vehicle.add_argument("--diameter", type=_positive("a length", "the diameter"),
                         default=ref["diameter"], metavar="LENGTH",
                         help=f"maximum diameter; reference area pi d^2/4 "
                         f"(default {ref['diameter']})")
    vehicle.add_argument("--nose-radius", dest="nose_radius",
                         type=_positive("a length", "the nose radius"),
                         default=ref["nose_radius"], metavar="LENGTH",
                         help=f"nose radius (default {ref['nose_radius']})")
    vehicle.add_argument("--cd", type=_positive("a dimensionless number", "the drag "
                                                "coefficient"),
                         default=ref["cd"], metavar="NUMBER",
                         help=f"hypersonic drag coefficient (default {ref['cd']})")
    vehicle.add_argument("--lift-to-drag", dest="lift_to_drag",
                         type=_non_negative_number("the lift-to-drag ratio"),
                         default=ref["lift_to_drag"], metavar="NUMBER",
                         help=f"lift-to-drag ratio (default {ref['lift_to_drag']}: ballistic)")
    vehicle.add_argument("--bank", type=quantity_argument("an angle"), default=ref["bank"],
                         metavar="ANGLE",
                         help=f"constant bank angle, 0 = lift up (default {ref['bank']})")
    state = parser.add_argument_group("entry interface state")
    state.add_argument("--altitude", type=_altitude, default=ref["altitude"],
                       metavar="LENGTH", help=f"entry altitude, at most 1000 km "
                       f"(default {ref['altitude']})")
    state.add_argument("--speed", type=_positive("a speed", "the entry speed"),
                       default=ref["speed"], metavar="SPEED",
                       help=f"entry speed in --frame (default {ref['speed']})")
    state.add_argument("--frame", choices=("inertial", "relative"), default=ref["frame"],
                       help="frame of --speed, --fpa and --heading: inertial or "
                       f"Earth-relative (default {ref['frame']})")
    state.add_argument("--fpa", type=_entry_angle, default=ref["fpa"], metavar="ANGLE",
                       help=f"entry flight path angle, negative (default {ref['fpa']}; "
                       "ignored with --corridor)")
    state.add_argument("--heading", type=quantity_argument("an angle"), default=ref["heading"],
                       metavar="ANGLE", help="heading clockwise from north "
                       f"(default {ref['heading']}: due east)")
    state.add_argument("--latitude", type=quantity_argument("an angle"),
                       default=ref["latitude"], metavar="ANGLE",
                       help=f"geocentric latitude of the entry point (default {ref['latitude']})")
    state.add_argument("--longitude", type=quantity_argument("an angle"),
                       default=ref["longitude"], metavar="ANGLE",
                       help=f"longitude of the entry point (default {ref['longitude']})")
    chute = parser.add_argument_group("parachute deployment (when all conditions hold)")
    chute.add_argument("--deploy-mach", dest="deploy_mach",
                       type=_positive("a dimensionless number", "the deployment Mach number"),
                       default=ref["deploy_mach"], metavar="NUMBER",
                       help=f"deploy below this Mach number (default {ref['deploy_mach']})")
    chute.add_argument("--deploy-dynamic-pressure", dest="deploy_dynamic_pressure",
                       type=_positive("a pressure", "the deployment dynamic pressure"),
                       default=ref["deploy_dynamic_pressure"], metavar="PRESSURE",
                       help="and below this dynamic pressure "
                       f"(default {ref['deploy_dynamic_pressure']})")
    corridor = parser.add_argument_group("entry corridor")
    corridor.add_argument("--corridor", action="store_true",
                          help="print the corridor of entry flight path angles that meets "
                          "the limits below and does not skip out")
    corridor.add_argument("--max-g", dest="max_g",
                          type=_positive("a dimensionless number", "the load factor limit"),
                          default=ref["max_g"], metavar="NUMBER",
                          help=f"peak deceleration limit in g (default {ref['max_g']})")
    corridor.add_argument("--max-heat-flux", dest="max_heat_flux",
                          type=_positive("a heat flux", "the heat flux limit"),
                          default=ref["max_heat_flux"], metavar="HEAT_FLUX",
                          help=f"peak stagnation heat flux limit (default {ref['max_heat_flux']})")
    corridor.add_argument("--max-heat-load", dest="max_heat_load",
                          type=_positive("a heat load", "the heat load limit"),
                          default=ref["max_heat_load"], metavar="HEAT_LOAD",
                          help=f"stagnation heat load limit (default {ref['max_heat_load']})")
    add_json_flag(parser)
    parser.set_defaults(run=run)


def _n(value: float | None, decimals: int) -> str:
    return "-" if value is None or not math.isfinite(value) else f"{value:,.{decimals}f}"


def _models(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    from okaeri.analysis.entry import EntryOptions, EntryState, EntryVehicle

    vehicle = EntryVehicle(mass=args.mass, diameter=args.diameter,
                           nose_radius=args.nose_radius,
                           drag_coefficient=float(args.cd.magnitude),
                           lift_to_drag=float(args.lift_to_drag.magnitude))
    state = EntryState(altitude=args.altitude, speed=args.speed, flight_path_angle=args.fpa,
                       heading=args.heading, latitude=args.latitude, longitude=args.longitude,
                       frame=args.frame)
    options = EntryOptions(deploy_mach=float(args.deploy_mach.magnitude),
                           deploy_dynamic_pressure=args.deploy_dynamic_pressure,
                           bank=args.bank)
    return vehicle, state, options


def run(args: argparse.Namespace) -> int:
    """Simulate the entry (or its corridor) and print it."""
    from okaeri.analysis import entry as analysis_entry
    from okaeri.errors import OutOfRangeError

    vehicle, state, options = _models(args)
    try:
        if args.corridor:
            result = analysis_entry.entry_corridor(
                vehicle, state, options, max_deceleration_g=float(args.max_g.magnitude),
                max_heat_flux=args.max_heat_flux, max_heat_load=args.max_heat_load)
            return _print_corridor(result, args)
        simulation = analysis_entry.simulate_entry(vehicle, state, options)
    except OutOfRangeError as exc:
        return fail(f"okaeri entry: error: {exc}")
    return _print_summary(simulation.summary, args)


def _print_summary(summary: Any, args: argparse.Namespace) -> int:
    data = summary.as_dict()
    if args.json:
        print_json(data)
        return 0
    d = data
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
        ["peak deceleration", _n(d["peak_deceleration_g"], 2), "g"],
        ["peak dynamic pressure", _n(_scale(d["peak_dynamic_pressure_Pa"], 1e-3), 2), "kPa"],
        ["time to deployment", _n(d["time_to_deploy_s"], 1), "s"],
        ["altitude at deployment", _n(_scale(d["altitude_at_deploy_m"], 1e-3), 2), "km"],
        ["Mach number at deployment", _n(d["mach_at_deploy"], 3), ""],
        ["dynamic pressure at deployment", _n(_scale(d["dynamic_pressure_at_deploy_Pa"], 1e-3),
                                              3), "kPa"],
        ["deployment latitude", _n(d["deploy_latitude_deg"], 4), "deg"],
        ["deployment longitude", _n(d["deploy_longitude_deg"], 4), "deg"],
        ["downrange to end", _n(_scale(d["downrange_m"], 1e-3), 1), "km"],
    ]
    print("Entry simulation (trajectory values Earth-relative)")
    print(format_table(_HEADERS, rows, right=frozenset({1})))
    return 0


def _scale(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


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
        ["peak deceleration limit", _n(data["max_deceleration_g"], 1), "g"],
        ["peak heat flux limit", _n(_scale(data["max_heat_flux_W_m2"], 1e-6), 2), "MW/m^2"],
        ["heat load limit", _n(_scale(data["max_heat_load_J_m2"], 1e-6), 1), "MJ/m^2"],
    ]
    print("Entry corridor (no skip-out and the limits below)")
    print(format_table(_HEADERS, rows, right=frozenset({1})))
    return 0
