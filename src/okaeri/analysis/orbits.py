"""Unit-aware face of :mod:`okaeri.core.orbits` and :mod:`okaeri.core.patched_conics`.

Quantities in (pint, any unit of the right dimension), one conversion to SI at the
boundary, a core call, quantities out. Invalid inputs (wrong dimension, outside a
model's range) raise :class:`okaeri.errors.OutOfRangeError` with the function and the
values received; a Kepler iteration that does not converge raises
:class:`okaeri.errors.ConvergenceError` with its history.

The mission model calls :func:`mission_legs`; its :class:`TransferLegs` feeds the delta-v
budget (TLI, LOI, TEI) and the entry simulation (the entry interface state).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from okaeri.analysis._boundary import call_core, mu_si, to_si
from okaeri.core import constants
from okaeri.core import orbits as core_orbits
from okaeri.core import patched_conics as core_patched_conics
from okaeri.errors import OutOfRangeError
from okaeri.units import AnyQuantity, Quantity, check_quantity, format_quantity, si

__all__ = [
    "BODIES",
    "BiellipticResult",
    "Body",
    "HohmannResult",
    "TransferLegs",
    "bielliptic",
    "body",
    "circular_speed",
    "combined_plane_change",
    "escape_speed",
    "hohmann",
    "mission_legs",
    "orbital_period",
    "perigee_burn",
    "plane_change",
    "propagate",
    "vacuum_perigee_for_entry_angle",
]



@dataclass(frozen=True)
class Body:
    """A central body: its name, gravitational parameter and radius (SI floats)."""

    name: str
    mu: float
    """Gravitational parameter (m^3/s^2)."""
    radius: float
    """Equatorial radius (m), the reference for altitudes."""

    @property
    def mu_quantity(self) -> AnyQuantity:
        """Gravitational parameter as a quantity (m^3/s^2)."""
        return Quantity(self.mu, "m^3/s^2")


BODIES: dict[str, Body] = {
    "earth": Body("earth", constants.MU_EARTH, constants.R_EARTH),
    "moon": Body("moon", constants.MU_MOON, constants.R_MOON),
}
"""Central bodies known by name (constants of :mod:`okaeri.core.constants`)."""


def body(name: str) -> Body:
    """The :class:`Body` called ``name`` (``"earth"``, ``"moon"``)."""
    try:
        return BODIES[name.lower()]
    except KeyError:
        raise OutOfRangeError(
            f"unknown central body {name!r}: expected one of {', '.join(sorted(BODIES))}"
        ) from None


def _length(value: float) -> AnyQuantity:
    return Quantity(value, "m")


def _speed(value: float) -> AnyQuantity:
    return Quantity(value, "m/s")


def _time(value: float) -> AnyQuantity:
    return Quantity(value, "s")


def _altitude(name: str, value: Any, *, allow_zero: bool) -> float:
    metres = to_si("a length", name, value)
    if metres < 0.0 or (metres == 0.0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise OutOfRangeError(
            f"{name} must be {bound} km, got {format_quantity(check_quantity('a length', value))}"
        )
    return metres


def _angle(name: str, value: Any) -> float:
    radians = to_si("an angle", name, value)
    if not 0.0 <= radians <= math.pi:
        raise OutOfRangeError(
            f"{name} must lie between 0 and 180 deg, got "
            f"{format_quantity(check_quantity('an angle', value))}"
        )
    return radians


# ---------------------------------------------------------------------------------------
# Two-body
# ---------------------------------------------------------------------------------------


def circular_speed(radius: AnyQuantity, mu: AnyQuantity | None = None) -> AnyQuantity:
    """Speed on a circular orbit of ``radius`` (from the body's centre); Earth by default."""
    r = to_si("a length", "radius", radius)
    return _speed(call_core("circular_speed", core_orbits.circular_speed, mu_si(mu), r))


def escape_speed(radius: AnyQuantity, mu: AnyQuantity | None = None) -> AnyQuantity:
    """Escape speed at ``radius`` (from the body's centre); Earth by default."""
    r = to_si("a length", "radius", radius)
    return _speed(call_core("escape_speed", core_orbits.escape_speed, mu_si(mu), r))


def orbital_period(semi_major_axis: AnyQuantity, mu: AnyQuantity | None = None) -> AnyQuantity:
    """Period of an elliptic orbit of ``semi_major_axis``; Earth by default."""
    a = to_si("a length", "semi_major_axis", semi_major_axis)
    return _time(call_core("orbital_period", core_orbits.orbital_period, mu_si(mu), a))


def propagate(
    r0: AnyQuantity, v0: AnyQuantity, dt: AnyQuantity, mu: AnyQuantity | None = None
) -> tuple[AnyQuantity, AnyQuantity]:
    """Two-body state after ``dt`` (universal-variable Kepler propagation).

    ``r0`` and ``v0`` are 3-vector quantities (a length, a speed); returns ``(r, v)`` in
    m and m/s.
    """
    try:
        r_si = np.asarray(r0.m_as("m"), dtype=float)
        v_si = np.asarray(v0.m_as("m/s"), dtype=float)
    except Exception as exc:  # pint DimensionalityError, or not a quantity at all
        raise OutOfRangeError(
            f"propagate: r0 must be a length vector and v0 a speed vector, got {r0!r}, {v0!r}"
        ) from exc
    t = to_si("a time", "dt", dt)
    r, v = call_core("propagate", core_orbits.kepler_propagate, mu_si(mu), r_si, v_si, t)
    return Quantity(r, "m"), Quantity(v, "m/s")


# ---------------------------------------------------------------------------------------
# Manoeuvres
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HohmannResult:
    """A Hohmann transfer: burn magnitudes and transfer time, as quantities."""

    delta_v1: AnyQuantity
    delta_v2: AnyQuantity
    transfer_time: AnyQuantity

    @property
    def total_delta_v(self) -> AnyQuantity:
        """Sum of both burns."""
        return _speed(si(self.delta_v1) + si(self.delta_v2))

    def as_dict(self) -> dict[str, float]:
        """SI values, the unit in each key."""
        return {
            "delta_v1_m_s": si(self.delta_v1),
            "delta_v2_m_s": si(self.delta_v2),
            "delta_v_m_s": si(self.total_delta_v),
            "transfer_time_s": si(self.transfer_time),
        }


@dataclass(frozen=True)
class BiellipticResult:
    """A bi-elliptic transfer: three burn magnitudes and transfer time, as quantities."""

    delta_v1: AnyQuantity
    delta_v2: AnyQuantity
    delta_v3: AnyQuantity
    transfer_time: AnyQuantity

    @property
    def total_delta_v(self) -> AnyQuantity:
        """Sum of the three burns."""
        return _speed(si(self.delta_v1) + si(self.delta_v2) + si(self.delta_v3))

    def as_dict(self) -> dict[str, float]:
        """SI values, the unit in each key."""
        return {
            "delta_v1_m_s": si(self.delta_v1),
            "delta_v2_m_s": si(self.delta_v2),
            "delta_v3_m_s": si(self.delta_v3),
            "delta_v_m_s": si(self.total_delta_v),
            "transfer_time_s": si(self.transfer_time),
        }


def hohmann(r1: AnyQuantity, r2: AnyQuantity, mu: AnyQuantity | None = None) -> HohmannResult:
    """Hohmann transfer between circular orbits of radii ``r1`` and ``r2`` (from the
    body's centre); Earth by default. See :func:`okaeri.core.orbits.hohmann`."""
    a = to_si("a length", "r1", r1)
    b = to_si("a length", "r2", r2)
    result = call_core("hohmann", core_orbits.hohmann, mu_si(mu), a, b)
    return HohmannResult(
        _speed(result.delta_v1), _speed(result.delta_v2), _time(result.transfer_time)
    )


def bielliptic(
    r1: AnyQuantity, rb: AnyQuantity, r2: AnyQuantity, mu: AnyQuantity | None = None
) -> BiellipticResult:
    """Bi-elliptic transfer from radius ``r1`` to ``r2`` through apoapsis ``rb``; Earth by
    default. See :func:`okaeri.core.orbits.bielliptic`."""
    a = to_si("a length", "r1", r1)
    b = to_si("a length", "rb", rb)
    c = to_si("a length", "r2", r2)
    result = call_core("bielliptic", core_orbits.bielliptic, mu_si(mu), a, b, c)
    return BiellipticResult(
        _speed(result.delta_v1),
        _speed(result.delta_v2),
        _speed(result.delta_v3),
        _time(result.transfer_time),
    )


def perigee_burn(
    r_perigee: AnyQuantity,
    r_apogee: AnyQuantity,
    r_apogee_target: AnyQuantity,
    mu: AnyQuantity | None = None,
) -> AnyQuantity:
    """Tangential perigee burn moving the apogee (signed); Earth by default.
    See :func:`okaeri.core.orbits.perigee_burn`."""
    rp = to_si("a length", "r_perigee", r_perigee)
    ra = to_si("a length", "r_apogee", r_apogee)
    rt = to_si("a length", "r_apogee_target", r_apogee_target)
    return _speed(call_core("perigee_burn", core_orbits.perigee_burn, mu_si(mu), rp, ra, rt))


def plane_change(speed: AnyQuantity, angle: AnyQuantity) -> AnyQuantity:
    """Pure plane change at constant ``speed`` by ``angle``.
    See :func:`okaeri.core.orbits.plane_change`."""
    v = to_si("a speed", "speed", speed)
    i = _angle("angle", angle)
    return _speed(call_core("plane_change", core_orbits.plane_change, v, i))


def combined_plane_change(
    speed_before: AnyQuantity, speed_after: AnyQuantity, angle: AnyQuantity
) -> AnyQuantity:
    """One burn changing speed and plane. See :func:`okaeri.core.orbits.combined_plane_change`."""
    v1 = to_si("a speed", "speed_before", speed_before)
    v2 = to_si("a speed", "speed_after", speed_after)
    i = _angle("angle", angle)
    return _speed(call_core("combined_plane_change", core_orbits.combined_plane_change, v1, v2, i))


# ---------------------------------------------------------------------------------------
# Earth–Moon patched conics
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransferLegs:
    """The patched-conic round trip of the mission, as quantities.

    Built by :func:`mission_legs`; the model and its approximations are in
    :mod:`okaeri.core.patched_conics`.
    """

    tli_delta_v: AnyQuantity
    """Trans-lunar injection at the launch orbit's perigee."""
    loi_delta_v: AnyQuantity
    """Lunar orbit insertion into the circular low lunar orbit (with any plane change)."""
    tei_delta_v: AnyQuantity
    """Trans-Earth injection from the low lunar orbit."""
    outbound_time_of_flight: AnyQuantity
    """TLI to the Moon's distance."""
    return_time_of_flight: AnyQuantity
    """Moon's distance to the entry interface."""
    arrival_v_inf: AnyQuantity
    """Hyperbolic excess speed on arrival at the Moon."""
    departure_v_inf: AnyQuantity
    """Hyperbolic excess speed on departure from the Moon."""
    entry_speed_inertial: AnyQuantity
    """Inertial speed at the entry interface."""
    entry_flight_path_angle: AnyQuantity
    """Inertial flight path angle at the entry interface (negative: descending), in deg."""
    entry_altitude: AnyQuantity
    """Altitude of the entry interface above Earth's equatorial radius."""
    vacuum_perigee_altitude: AnyQuantity
    """Targeted vacuum perigee altitude of the return (negative: below the surface)."""
    launch_perigee_altitude: AnyQuantity
    launch_apogee_altitude: AnyQuantity
    llo_altitude: AnyQuantity
    """Altitude of the circular low lunar orbit above the Moon's mean radius."""
    inclination_change: AnyQuantity
    """Plane change made with LOI, in deg."""

    @classmethod
    def from_core(
        cls, legs: core_patched_conics.EarthMoonLegs, *, launch: tuple[float, float],
        llo_altitude: float, entry: tuple[float, float], inclination_change: float,
    ) -> TransferLegs:
        """The quantities of the core's round trip, with the altitudes (m) that made it:
        the launch orbit's perigee and apogee, the low lunar orbit's, the entry
        interface's and the vacuum perigee's; and the LOI plane change (rad)."""
        return cls(
            tli_delta_v=_speed(legs.tli_delta_v),
            loi_delta_v=_speed(legs.loi_delta_v),
            tei_delta_v=_speed(legs.tei_delta_v),
            outbound_time_of_flight=_time(legs.outbound_time_of_flight),
            return_time_of_flight=_time(legs.return_time_of_flight),
            arrival_v_inf=_speed(legs.arrival_v_inf),
            departure_v_inf=_speed(legs.departure_v_inf),
            entry_speed_inertial=_speed(legs.entry_speed),
            entry_flight_path_angle=Quantity(math.degrees(legs.entry_flight_path_angle),
                                             "deg"),
            entry_altitude=_length(entry[0]),
            vacuum_perigee_altitude=_length(entry[1]),
            launch_perigee_altitude=_length(launch[0]),
            launch_apogee_altitude=_length(launch[1]),
            llo_altitude=_length(llo_altitude),
            inclination_change=Quantity(math.degrees(inclination_change), "deg"),
        )

    @property
    def total_delta_v(self) -> AnyQuantity:
        """TLI + LOI + TEI."""
        return _speed(si(self.tli_delta_v) + si(self.loi_delta_v) + si(self.tei_delta_v))

    def as_dict(self) -> dict[str, float]:
        """SI values (angles in degrees), the unit in each key."""
        return {
            "tli_delta_v_m_s": si(self.tli_delta_v),
            "loi_delta_v_m_s": si(self.loi_delta_v),
            "tei_delta_v_m_s": si(self.tei_delta_v),
            "total_delta_v_m_s": si(self.total_delta_v),
            "outbound_time_of_flight_s": si(self.outbound_time_of_flight),
            "return_time_of_flight_s": si(self.return_time_of_flight),
            "arrival_v_inf_m_s": si(self.arrival_v_inf),
            "departure_v_inf_m_s": si(self.departure_v_inf),
            "entry_speed_inertial_m_s": si(self.entry_speed_inertial),
            "entry_fpa_deg": float(self.entry_flight_path_angle.m_as("deg")),
            "entry_altitude_m": si(self.entry_altitude),
            "vacuum_perigee_altitude_m": si(self.vacuum_perigee_altitude),
            "launch_perigee_altitude_m": si(self.launch_perigee_altitude),
            "launch_apogee_altitude_m": si(self.launch_apogee_altitude),
            "llo_altitude_m": si(self.llo_altitude),
            "inclination_change_deg": float(self.inclination_change.m_as("deg")),
        }


def mission_legs(
    launch_perigee_altitude: AnyQuantity,
    launch_apogee_altitude: AnyQuantity,
    llo_altitude: AnyQuantity,
    entry_altitude: AnyQuantity,
    target_vacuum_perigee_altitude: AnyQuantity,
    inclination_change: AnyQuantity | None = None,
    *,
    tei_inclination_change: AnyQuantity | None = None,
    transfer_apogee_radius: AnyQuantity | None = None,
    return_apogee_radius: AnyQuantity | None = None,
) -> TransferLegs:
    """TLI, LOI, TEI, times of flight and the Earth entry interface state of the mission.

    Parameters
    ----------
    launch_perigee_altitude, launch_apogee_altitude : Quantity (length)
        The orbit the launcher delivers (e.g. GTO, 185 km x 35,786 km), above Earth's
        equatorial radius; TLI burns at its perigee.
    llo_altitude : Quantity (length)
        Altitude of the circular low lunar orbit above the Moon's mean radius, > 0.
    entry_altitude : Quantity (length)
        Altitude of the entry interface (e.g. 120 km), > 0.
    target_vacuum_perigee_altitude : Quantity (length)
        Vacuum perigee targeted by the return, below the entry altitude; negative values
        (below the surface) give steep entries. It sets the entry flight path angle:
        with a 120 km interface, 35 km gives about -6.5 deg, -15 km about -8.2 deg
        (:func:`vacuum_perigee_for_entry_angle` gives the inverse).
    inclination_change : Quantity (angle), optional
        Plane change made with LOI, 0 to 180 deg (default 0 deg).
    tei_inclination_change : Quantity (angle), optional
        Plane change made with TEI, 0 to 180 deg (default 0 deg).
    transfer_apogee_radius, return_apogee_radius : Quantity (length), optional
        Apogee radius (from Earth's centre) of the outbound and return ellipses, at or
        beyond the Moon's distance; default: the Moon's distance (minimum energy).

    Returns
    -------
    TransferLegs

    Raises
    ------
    OutOfRangeError
        An input of the wrong dimension or outside the model's range.
    """
    zero = Quantity(0.0, "deg")
    perigee = _altitude("launch_perigee_altitude", launch_perigee_altitude, allow_zero=True)
    apogee = _altitude("launch_apogee_altitude", launch_apogee_altitude, allow_zero=True)
    llo = _altitude("llo_altitude", llo_altitude, allow_zero=False)
    entry = _altitude("entry_altitude", entry_altitude, allow_zero=False)
    vacuum_perigee = to_si("a length", "target_vacuum_perigee_altitude",
                            target_vacuum_perigee_altitude)
    _check_legs(perigee, apogee, entry, vacuum_perigee)
    di = _angle("inclination_change", inclination_change if inclination_change is not None
                else zero)
    di_tei = _angle("tei_inclination_change", tei_inclination_change
                    if tei_inclination_change is not None else zero)
    legs = call_core(
        "mission_legs",
        core_patched_conics.earth_moon_legs,
        constants.R_EARTH + perigee,
        constants.R_EARTH + apogee,
        constants.R_MOON + llo,
        constants.R_EARTH + entry,
        constants.R_EARTH + vacuum_perigee,
        inclination_change=di,
        tei_inclination_change=di_tei,
        transfer_apogee_radius=_optional_length("transfer_apogee_radius",
                                                transfer_apogee_radius),
        return_apogee_radius=_optional_length("return_apogee_radius", return_apogee_radius),
    )
    return TransferLegs.from_core(legs, launch=(perigee, apogee), llo_altitude=llo,
                                  entry=(entry, vacuum_perigee), inclination_change=di)


def _check_legs(perigee: float, apogee: float, entry: float, vacuum_perigee: float) -> None:
    """Refuse a launch orbit (perigee and apogee altitudes, m) or a return (entry and
    vacuum perigee altitudes, m) outside the model's range."""
    if vacuum_perigee >= entry:
        raise OutOfRangeError(
            "target_vacuum_perigee_altitude must be below the entry altitude "
            f"({entry / 1e3:g} km), else the return never reaches the entry interface; got "
            f"{vacuum_perigee / 1e3:g} km"
        )
    if constants.R_EARTH + vacuum_perigee <= 0.5 * constants.R_EARTH:
        raise OutOfRangeError(
            "target_vacuum_perigee_altitude must be above -3189 km (half Earth's radius), "
            f"got {vacuum_perigee / 1e3:g} km"
        )
    if apogee < perigee:
        raise OutOfRangeError(
            f"launch_apogee_altitude ({apogee / 1e3:g} km) must be >= "
            f"launch_perigee_altitude ({perigee / 1e3:g} km)"
        )


def _optional_length(name: str, value: AnyQuantity | None) -> float | None:
    """``value`` in metres, or ``None`` when not given."""
    return None if value is None else to_si("a length", name, value)


def vacuum_perigee_for_entry_angle(
    entry_altitude: AnyQuantity,
    flight_path_angle: AnyQuantity,
    *,
    return_apogee_radius: AnyQuantity | None = None,
) -> AnyQuantity:
    """Vacuum perigee altitude of a lunar return giving ``flight_path_angle`` (negative)
    at ``entry_altitude``. See
    :func:`okaeri.core.patched_conics.vacuum_perigee_for_entry_angle`."""
    entry = _altitude("entry_altitude", entry_altitude, allow_zero=False)
    gamma = to_si("an angle", "flight_path_angle", flight_path_angle)
    if not -0.5 * math.pi < gamma <= 0.0:
        raise OutOfRangeError(
            "flight_path_angle must lie in (-90, 0] deg (a descending entry), got "
            f"{format_quantity(check_quantity('an angle', flight_path_angle))}"
        )
    radius = call_core(
        "vacuum_perigee_for_entry_angle",
        core_patched_conics.vacuum_perigee_for_entry_angle,
        constants.R_EARTH + entry,
        gamma,
        return_apogee_radius=_optional_length("return_apogee_radius", return_apogee_radius),
    )
    return _length(radius - constants.R_EARTH)
