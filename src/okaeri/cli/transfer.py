"""``okaeri transfer``: orbital transfers, the rocket equation and the Earth–Moon legs.

Sub-commands::

    okaeri transfer hohmann --from "300 km" --to "35786 km" [--body earth|moon]
    okaeri transfer bielliptic --from ... --via ... --to ... [--body earth|moon]
    okaeri transfer plane-change --speed "7.7 km/s" --angle "28.5 deg" [--speed-after ...]
    okaeri transfer rocket --delta-v "680 m/s" --isp "320 s" --initial-mass "1600 kg"
    okaeri transfer legs [--launch-perigee ...] [--vacuum-perigee ... | --entry-angle ...]

Each prints an aligned table (quantity, value, unit), or with ``--json`` SI values with
the unit in each key. :func:`print_legs` prints a :class:`~okaeri.analysis.orbits.
TransferLegs` and is meant to be reused by a mission-model front end.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.cli._common import (
    HelpFormatter,
    add_json_flag,
    add_path_argument,
    mission_folder,
    print_json,
    quantity_argument,
)
from okaeri.report.terminal import format_table

if TYPE_CHECKING:
    from okaeri.analysis.orbits import TransferLegs

_HEADERS = ["quantity", "value", "unit"]


def _altitude_argument(text: str) -> Any:
    """An argparse type: a length that is not negative (an altitude above the surface)."""
    value = quantity_argument("a length")(text)
    if float(value.magnitude) < 0.0:
        raise argparse.ArgumentTypeError(
            f"expected an altitude >= 0 (above the surface), got '{text}'"
        )
    return value


_altitude_argument.__name__ = "altitude"


def register(sub: Any) -> None:
    """Add the ``transfer`` command and its sub-commands."""
    parser = sub.add_parser(
        "transfer",
        help="orbital transfers, rocket equation and the Earth-Moon mission legs",
        description="Impulsive two-body manoeuvres (Hohmann, bi-elliptic, plane change), "
        "the rocket equation, and the patched-conic Earth-Moon round trip (TLI, LOI, TEI "
        "and the Earth entry interface state). Values take their unit: \"300 km\", "
        "\"7.7 km/s\", \"28.5 deg\".",
        epilog="exit codes: 0 success, 2 invalid input",
        formatter_class=HelpFormatter,
    )
    add_json_flag(parser)
    parser.set_defaults(run=run_mission, path=None)
    actions = parser.add_subparsers(dest="transfer_command", metavar="SUBCOMMAND")
    _sub_command(
        actions, "mission", "the legs of a mission's trajectory (default sub-command)",
        "TLI from the launch orbit, LOI, TEI and the entry interface state, from the "
        "trajectory section of a mission's model (mission.trajectory). 'okaeri transfer "
        "[PATH]' is short for 'okaeri transfer mission [PATH]'.",
        add_path_argument, run_mission,
    )
    _sub_command(
        actions, "hohmann", "Hohmann transfer between two circular orbits",
        "Two-burn Hohmann transfer between circular, coplanar orbits given by their "
        "altitudes above the central body's equatorial radius.",
        _add_orbit_arguments, run_hohmann,
    )
    _sub_command(
        actions, "bielliptic", "bi-elliptic transfer between two circular orbits",
        "Three-burn bi-elliptic transfer between circular, coplanar orbits through an "
        "intermediate apoapsis (altitudes above the equatorial radius).",
        _add_bielliptic_arguments, run_bielliptic,
    )
    _sub_command(
        actions, "plane-change", "pure or combined plane change",
        "Burn that turns the orbital plane by an angle at constant speed, or combined "
        "with a change of speed (--speed-after).",
        _add_plane_change_arguments, run_plane_change,
    )
    _sub_command(
        actions, "rocket", "rocket equation: propellant for a delta-v",
        "Tsiolkovsky's rocket equation: the propellant needed for a delta-v, from the mass "
        "before the burn (--initial-mass) or after it (--final-mass).",
        _add_rocket_arguments, run_rocket,
    )
    _sub_command(
        actions, "legs", "patched-conic Earth-Moon legs: TLI, LOI, TEI, entry interface",
        "Patched-conic round trip (okaeri.core.patched_conics): TLI at the perigee of the "
        "launch orbit onto a minimum-energy transfer to the Moon's distance, LOI into a "
        "circular low lunar orbit, symmetric TEI, and the inertial speed and flight path "
        "angle at the Earth entry interface for the targeted vacuum perigee. Defaults: the "
        "reference mission.",
        add_legs_arguments, run_legs,
    )


def _sub_command(
    actions: Any, name: str, help_text: str, description: str,
    add_arguments: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace], int],
) -> None:
    """Add one sub-command of ``transfer``: its arguments, then ``--json``, then its
    ``run`` function."""
    parser = actions.add_parser(name, help=help_text, description=description,
                                formatter_class=HelpFormatter)
    add_arguments(parser)
    add_json_flag(parser)
    parser.set_defaults(run=run)


def _add_bielliptic_arguments(parser: argparse.ArgumentParser) -> None:
    _add_orbit_arguments(parser)
    parser.add_argument(
        "--via", dest="via", required=True, type=_altitude_argument, metavar="ALTITUDE",
        help="altitude of the intermediate apoapsis, above both orbits (e.g. \"503873 km\")",
    )


def _add_plane_change_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--speed", required=True, type=quantity_argument("a speed"),
                        metavar="SPEED", help="speed at the burn (e.g. \"7.7 km/s\")")
    parser.add_argument("--angle", required=True, type=quantity_argument("an angle"),
                        metavar="ANGLE", help="plane change, 0 to 180 deg (e.g. \"28.5 deg\")")
    parser.add_argument("--speed-after", type=quantity_argument("a speed"), default=None,
                        metavar="SPEED", help="speed after the burn, for a combined change")


def _add_rocket_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--delta-v", dest="delta_v", required=True,
                        type=quantity_argument("a speed"), metavar="SPEED",
                        help="velocity change (e.g. \"680 m/s\")")
    parser.add_argument("--isp", required=True, type=quantity_argument("a specific impulse"),
                        metavar="TIME", help="specific impulse (e.g. \"320 s\")")
    masses = parser.add_mutually_exclusive_group(required=True)
    masses.add_argument("--initial-mass", dest="initial_mass", type=quantity_argument("a mass"),
                        metavar="MASS", help="mass before the burn (e.g. \"1600 kg\")")
    masses.add_argument("--final-mass", dest="final_mass", type=quantity_argument("a mass"),
                        metavar="MASS", help="mass after the burn")


def _add_orbit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="origin", required=True, type=_altitude_argument,
                        metavar="ALTITUDE",
                        help="altitude of the initial circular orbit (e.g. \"300 km\")")
    parser.add_argument("--to", dest="target", required=True, type=_altitude_argument,
                        metavar="ALTITUDE",
                        help="altitude of the final circular orbit (e.g. \"35786 km\")")
    parser.add_argument("--body", choices=("earth", "moon"), default="earth",
                        help="central body (default: earth)")


def add_legs_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``transfer legs``; each defaults to the mission's trajectory."""
    parser.add_argument(
        "--mission", type=Path, default=None, metavar="PATH",
        help="mission folder whose trajectory (mission.trajectory) gives every value not "
        "given below (default: the reference mission shipped with okaeri)")
    altitudes = (
        ("--launch-perigee", "launch_perigee", "perigee altitude of the launch orbit"),
        ("--launch-apogee", "launch_apogee", "apogee altitude of the launch orbit"),
        ("--llo-altitude", "llo_altitude", "altitude of the circular low lunar orbit"),
        ("--entry-altitude", "entry_altitude", "altitude of the Earth entry interface"),
    )
    for option, name, text in altitudes:
        parser.add_argument(option, dest=name, type=_altitude_argument, default=None,
                            metavar="ALTITUDE", help=f"{text} (default: the mission's)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--vacuum-perigee", dest="vacuum_perigee", type=quantity_argument("a length"),
        default=None, metavar="ALTITUDE",
        help="vacuum perigee altitude targeted by the return, below the entry interface; "
        "may be negative for a steep entry (default: the mission's)",
    )
    target.add_argument(
        "--entry-angle", dest="entry_angle", type=quantity_argument("an angle"), default=None,
        metavar="ANGLE",
        help="target this inertial entry flight path angle instead (e.g. \"-6.5 deg\"; "
        "without a space write --entry-angle=-6.5deg)",
    )
    parser.add_argument(
        "--inclination-change", dest="inclination_change", type=quantity_argument("an angle"),
        default=None, metavar="ANGLE",
        help="plane change made with LOI (default: none, as in 'transfer mission'; the "
        "mission's own plane change follows from its geometry, see 'okaeri budget "
        "delta-v')",
    )


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _print(rows: list[list[str]], data: dict[str, Any], as_json: bool) -> int:
    if as_json:
        print_json(data)
    else:
        print(format_table(_HEADERS, rows, right=frozenset({1})))
    return 0


def run_hohmann(args: argparse.Namespace) -> int:
    """Print a Hohmann transfer."""
    from okaeri.analysis import orbits
    from okaeri.units import Quantity

    body = orbits.body(args.body)
    radius = Quantity(body.radius, "m")
    result = orbits.hohmann(radius + args.origin, radius + args.target, body.mu_quantity)
    return _print_transfer(args, body.name, result, [
        ("from", "initial orbit altitude", args.origin),
        ("to", "final orbit altitude", args.target),
    ], [("first burn", result.delta_v1), ("second burn", result.delta_v2)])


def run_bielliptic(args: argparse.Namespace) -> int:
    """Print a bi-elliptic transfer."""
    from okaeri.analysis import orbits
    from okaeri.units import Quantity

    body = orbits.body(args.body)
    radius = Quantity(body.radius, "m")
    result = orbits.bielliptic(
        radius + args.origin, radius + args.via, radius + args.target, body.mu_quantity
    )
    return _print_transfer(args, body.name, result, [
        ("from", "initial orbit altitude", args.origin),
        ("via", "intermediate apoapsis altitude", args.via),
        ("to", "final orbit altitude", args.target),
    ], [("first burn", result.delta_v1), ("second burn", result.delta_v2),
        ("third burn", result.delta_v3)])


def _print_transfer(args: argparse.Namespace, body: str, result: Any,
                    altitudes: list[tuple[str, str, Any]], burns: list[tuple[str, Any]]) -> int:
    """Print a transfer between circular orbits: the central body, the orbits'
    altitudes (JSON key prefix, label, length), each burn (label, speed), the total and
    the transfer time."""
    from okaeri.units import si

    data = {"body": body, **{f"{key}_altitude_m": si(value) for key, _, value in altitudes},
            **result.as_dict()}
    rows = [
        ["central body", body, ""],
        *[[label, _number(value.m_as("km"), 3), "km"] for _, label, value in altitudes],
        *[[label, _number(delta_v.m_as("m/s"), 1), "m/s"] for label, delta_v in burns],
        ["total delta-v", _number(result.total_delta_v.m_as("m/s"), 1), "m/s"],
        ["transfer time", _number(result.transfer_time.m_as("h"), 3), "h"],
    ]
    return _print(rows, data, args.json)


def run_plane_change(args: argparse.Namespace) -> int:
    """Print a pure or combined plane change."""
    from okaeri.analysis import orbits
    from okaeri.units import si

    if args.speed_after is None:
        delta_v = orbits.plane_change(args.speed, args.angle)
        after = args.speed
    else:
        delta_v = orbits.combined_plane_change(args.speed, args.speed_after, args.angle)
        after = args.speed_after
    data = {"speed_m_s": si(args.speed), "speed_after_m_s": si(after),
            "angle_deg": float(args.angle.m_as("deg")), "delta_v_m_s": si(delta_v)}
    rows = [
        ["speed before", _number(args.speed.m_as("m/s"), 1), "m/s"],
        ["speed after", _number(after.m_as("m/s"), 1), "m/s"],
        ["plane change", _number(args.angle.m_as("deg"), 3), "deg"],
        ["delta-v", _number(delta_v.m_as("m/s"), 1), "m/s"],
    ]
    return _print(rows, data, args.json)


def run_rocket(args: argparse.Namespace) -> int:
    """Print the propellant for a delta-v."""
    from okaeri.analysis import rocket
    from okaeri.units import si

    if args.initial_mass is not None:
        propellant = rocket.propellant_mass(args.delta_v, args.isp, initial_mass=args.initial_mass)
        initial = si(args.initial_mass)
        final = initial - si(propellant)
    else:
        propellant = rocket.propellant_mass(args.delta_v, args.isp, final_mass=args.final_mass)
        final = si(args.final_mass)
        initial = final + si(propellant)
    data = {"delta_v_m_s": si(args.delta_v), "isp_s": si(args.isp),
            "initial_mass_kg": initial, "final_mass_kg": final,
            "propellant_mass_kg": si(propellant), "mass_ratio": initial / final}
    rows = [
        ["delta-v", _number(si(args.delta_v), 1), "m/s"],
        ["specific impulse", _number(si(args.isp), 1), "s"],
        ["initial mass", _number(initial, 2), "kg"],
        ["final mass", _number(final, 2), "kg"],
        ["propellant", _number(si(propellant), 2), "kg"],
        ["mass ratio", _number(initial / final, 4), ""],
    ]
    return _print(rows, data, args.json)


def run_mission(args: argparse.Namespace) -> int:
    """Print the legs of the mission model's trajectory."""
    print_legs(_legs(mission_folder(args.path)), args.json)
    return 0


SUBCOMMANDS = ("mission", "hohmann", "bielliptic", "plane-change", "rocket", "legs")


def rewrite_args(argv: list[str]) -> list[str]:
    """``transfer PATH ...`` means ``transfer mission PATH ...`` (argparse cannot take an
    optional path beside sub-commands)."""
    if len(argv) > 1 and argv[0] == "transfer" and not argv[1].startswith("-") and (
            argv[1] not in SUBCOMMANDS):
        return ["transfer", "mission", *argv[1:]]
    return argv


def run_legs(args: argparse.Namespace) -> int:
    """Compute and print the Earth–Moon legs: the mission's, with the options given."""
    given = {name: getattr(args, name) for name in (
        "launch_perigee", "launch_apogee", "llo_altitude", "entry_altitude",
        "vacuum_perigee", "entry_angle", "inclination_change")}
    print_legs(_legs(mission_folder(args.mission), **given), args.json)
    return 0


def _legs(folder: Path, **given: Any) -> TransferLegs:
    """The patched-conic legs of the mission in ``folder``; a value in ``given`` that is
    not ``None`` replaces the trajectory's (``entry_angle`` replaces the vacuum perigee)."""
    from okaeri.analysis import orbits
    from okaeri.model import load_mission
    from okaeri.units import Quantity

    trajectory = load_mission(folder).header.trajectory

    def value(name: str, default: Any) -> Any:
        found = given.get(name)
        return default if found is None else found

    entry_altitude = value("entry_altitude", trajectory.entry_interface_altitude)
    vacuum_perigee = value("vacuum_perigee", trajectory.vacuum_perigee_altitude)
    if given.get("entry_angle") is not None:
        vacuum_perigee = orbits.vacuum_perigee_for_entry_angle(entry_altitude,
                                                               given["entry_angle"])
    return orbits.mission_legs(
        value("launch_perigee", trajectory.launch_orbit.perigee_altitude),
        value("launch_apogee", trajectory.launch_orbit.apogee_altitude),
        value("llo_altitude", trajectory.lunar_orbit_altitude),
        entry_altitude, vacuum_perigee,
        value("inclination_change", Quantity(0.0, "deg")),
    )


def legs_rows(legs: TransferLegs) -> list[list[str]]:
    """The rows (quantity, value, unit) of the legs table."""
    return [
        ["launch orbit perigee altitude", _number(legs.launch_perigee_altitude.m_as("km"), 1),
         "km"],
        ["launch orbit apogee altitude", _number(legs.launch_apogee_altitude.m_as("km"), 1),
         "km"],
        ["low lunar orbit altitude", _number(legs.llo_altitude.m_as("km"), 1), "km"],
        ["plane change at LOI", _number(legs.inclination_change.m_as("deg"), 2), "deg"],
        ["TLI delta-v", _number(legs.tli_delta_v.m_as("m/s"), 1), "m/s"],
        ["LOI delta-v", _number(legs.loi_delta_v.m_as("m/s"), 1), "m/s"],
        ["TEI delta-v", _number(legs.tei_delta_v.m_as("m/s"), 1), "m/s"],
        ["total delta-v (TLI + LOI + TEI)", _number(legs.total_delta_v.m_as("m/s"), 1), "m/s"],
        ["arrival v_inf at the Moon", _number(legs.arrival_v_inf.m_as("m/s"), 1), "m/s"],
        ["departure v_inf from the Moon", _number(legs.departure_v_inf.m_as("m/s"), 1), "m/s"],
        ["outbound time of flight", _number(legs.outbound_time_of_flight.m_as("h"), 1), "h"],
        ["return time of flight (to entry)", _number(legs.return_time_of_flight.m_as("h"), 1),
         "h"],
        ["vacuum perigee altitude", _number(legs.vacuum_perigee_altitude.m_as("km"), 1), "km"],
        ["entry interface altitude", _number(legs.entry_altitude.m_as("km"), 1), "km"],
        ["entry speed (inertial)", _number(legs.entry_speed_inertial.m_as("km/s"), 3), "km/s"],
        ["entry flight path angle (inertial)",
         _number(legs.entry_flight_path_angle.m_as("deg"), 2), "deg"],
    ]


def print_legs(legs: TransferLegs, as_json: bool) -> None:
    """Print the legs as an aligned table, or as JSON (SI values, unit in each key)."""
    if as_json:
        print_json(legs.as_dict())
    else:
        print("Patched-conic Earth-Moon legs (okaeri.core.patched_conics)")
        print(format_table(_HEADERS, legs_rows(legs), right=frozenset({1})))
