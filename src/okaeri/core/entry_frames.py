"""Frames of the entry core: Earth-relative and inertial velocity at the entry point (at
t = 0 the Earth-fixed and inertial frames coincide, ``v_I = v_R + Omega x r``), and the
great-circle distance between two points (SI units)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from okaeri.core.constants import OMEGA_EARTH, R_EARTH
from okaeri.core.entry_types import FloatArray

# --- frame conversions ----------------------------------------------------------------


def _rotation_speed(latitude: ArrayLike, radius: ArrayLike, omega: float) -> FloatArray:
    return np.asarray(omega * np.asarray(radius, dtype=float)
                      * np.cos(np.asarray(latitude, dtype=float)))


def _convert(speed: ArrayLike, fpa: ArrayLike, heading: ArrayLike, east_shift: FloatArray,
             ) -> tuple[FloatArray | float, FloatArray | float, FloatArray | float]:
    v = np.asarray(speed, dtype=float)
    g = np.asarray(fpa, dtype=float)
    psi = np.asarray(heading, dtype=float)
    up = v * np.sin(g)
    east = v * np.cos(g) * np.sin(psi) + east_shift
    north = v * np.cos(g) * np.cos(psi)
    horizontal = np.hypot(east, north)
    v2 = np.hypot(horizontal, up)
    g2 = np.arctan2(up, horizontal)
    psi2 = np.arctan2(east, north)
    scalar = v2.ndim == 0
    return ((float(v2), float(g2), float(psi2)) if scalar else (v2, g2, psi2))


def relative_from_inertial(
    speed: ArrayLike, flight_path_angle: ArrayLike, heading: ArrayLike,
    latitude: ArrayLike, radius: ArrayLike, omega: float = OMEGA_EARTH,
) -> tuple[FloatArray | float, FloatArray | float, FloatArray | float]:
    """Earth-relative speed, flight path angle and heading from inertial ones.

    In local (up, east, north) axes at the position, ``v_R = v_I - Omega x r`` with
    ``Omega x r = (0, Omega r cos(lat), 0)``; then ``V = |v|``,
    ``gamma = atan2(v_up, |v_horizontal|)``, ``psi = atan2(v_east, v_north)``.

    Parameters
    ----------
    speed : float or array_like
        Inertial speed (m/s).
    flight_path_angle : float or array_like
        Inertial flight path angle (rad), positive up.
    heading : float or array_like
        Inertial heading (rad), clockwise from north.
    latitude : float or array_like
        Geocentric latitude (rad).
    radius : float or array_like
        Distance from the planet's centre (m).
    omega : float, optional
        Planet rotation rate (rad/s); default Earth's 7.292115e-5 [WGS84].

    Returns
    -------
    tuple
        ``(speed m/s, flight_path_angle rad, heading rad)`` relative to the rotating planet.

    References
    ----------
    Vinh, Busemann and Culp (1980), ch. 2 (velocity relative to a rotating planet).
    """
    shift = -_rotation_speed(latitude, radius, omega)
    return _convert(speed, flight_path_angle, heading, shift)


def inertial_from_relative(
    speed: ArrayLike, flight_path_angle: ArrayLike, heading: ArrayLike,
    latitude: ArrayLike, radius: ArrayLike, omega: float = OMEGA_EARTH,
) -> tuple[FloatArray | float, FloatArray | float, FloatArray | float]:
    """Inertial speed, flight path angle and heading from Earth-relative ones.

    The inverse of :func:`relative_from_inertial`: ``v_I = v_R + Omega x r``. Units as
    there (m/s, rad, m, rad/s).
    """
    shift = _rotation_speed(latitude, radius, omega)
    return _convert(speed, flight_path_angle, heading, shift)


def great_circle_distance(
    latitude0: ArrayLike, longitude0: ArrayLike, latitude1: ArrayLike, longitude1: ArrayLike,
    radius: float = R_EARTH,
) -> FloatArray | float:
    """Great-circle distance (m) between two points (rad) on a sphere of ``radius`` (m).

    Haversine formula: ``d = 2 R asin(sqrt(sin^2(dlat/2) + cos lat0 cos lat1 sin^2(dlon/2)))``
    (R. W. Sinnott, "Virtues of the Haversine", Sky and Telescope 68(2):159, 1984).
    """
    la0 = np.asarray(latitude0, dtype=float)
    la1 = np.asarray(latitude1, dtype=float)
    dlat = la1 - la0
    dlon = np.asarray(longitude1, dtype=float) - np.asarray(longitude0, dtype=float)
    a = np.sin(dlat / 2) ** 2 + np.cos(la0) * np.cos(la1) * np.sin(dlon / 2) ** 2
    d = 2.0 * radius * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return float(d) if d.ndim == 0 else d
