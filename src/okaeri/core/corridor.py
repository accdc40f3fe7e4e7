"""Entry corridor: the range of entry flight path angles that meets the entry limits.

For a vehicle and an entry state (speed, heading, position; SI units, radians), the
corridor is the interval ``[steepest, shallowest]`` of entry flight path angles for
which the trajectory

* does not skip out (climb back above the entry altitude),
* keeps its peak load factor at or below ``max_deceleration_g``,
* keeps its peak stagnation heat flux (convective + radiative) at or below
  ``max_heat_flux``, and
* keeps its stagnation heat load at or below ``max_heat_load``.

Method: the flight path angle range ``fpa_bounds`` is scanned on a grid (one batch
call); the widest run of grid points that meets every limit is taken, and each of its
two ends is refined by Brent's method (:func:`scipy.optimize.brentq`) on the margin of
every limit that fails just outside it; the corridor end is the root closest to the
feasible side, and the limit it belongs to is reported as binding. The skip-out limit
is a step function of the angle (margin +1 captured, -1 skipped); Brent's method keeps
a bracket and converges to the jump all the same.

References
----------
R. P. Brent, "Algorithms for Minimization without Derivatives", Prentice-Hall, 1973,
ch. 4 (the root finder). The corridor concept: Vinh, Busemann and Culp (1980), ch. 12.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from okaeri.core import entry as core_entry

__all__ = ["LIMITS", "Corridor", "entry_corridor"]

LIMITS = ("skip_out", "deceleration", "heat_flux", "heat_load")
"""Names of the corridor limits, as reported in :attr:`Corridor.steep_limit` etc."""


@dataclass(frozen=True)
class Corridor:
    """Entry corridor in flight path angle (rad), in the frame of the entry state."""

    feasible: bool
    """False when no angle in ``fpa_bounds`` meets every limit (then the angles are NaN)."""
    steepest_fpa: float
    """Steepest (most negative) acceptable entry flight path angle (rad)."""
    shallowest_fpa: float
    """Shallowest acceptable entry flight path angle (rad)."""
    steep_limit: str
    """Limit that sets the steep end (``deceleration``, ``heat_flux``, ... or ``bound``
    when the search bound is reached first)."""
    shallow_limit: str
    """Limit that sets the shallow end (usually ``skip_out`` or ``heat_load``)."""
    frame: str
    """Frame of the angles: ``inertial`` or ``relative``."""
    evaluations: int
    """Number of trajectories simulated."""

    @property
    def width(self) -> float:
        """Corridor width (rad); NaN when infeasible."""
        return self.shallowest_fpa - self.steepest_fpa


def _margins(summary: Any, limits: dict[str, float]) -> NDArray[np.float64]:
    """Margins (positive: met) of every limit, shape (4, N) for a BatchSummary."""
    skip = np.where(np.asarray(summary.end_event) == "skip_out", -1.0, 1.0)

    def rel(value: NDArray[np.float64], limit: float) -> NDArray[np.float64]:
        if math.isinf(limit):
            return np.ones_like(value)
        return np.asarray((limit - value) / limit)

    return np.vstack([
        skip,
        rel(np.asarray(summary.peak_deceleration_g), limits["deceleration"]),
        rel(np.asarray(summary.peak_heat_flux_total), limits["heat_flux"]),
        rel(np.asarray(summary.heat_load_total), limits["heat_load"]),
    ])


def entry_corridor(
    *, mass: float, reference_area: float, drag_coefficient: float, nose_radius: float,
    altitude: float, latitude: float, longitude: float, speed: float, heading: float,
    frame: core_entry.Frame = "inertial", lift_to_drag: float = 0.0, bank: float = 0.0,
    max_deceleration_g: float = math.inf, max_heat_flux: float = math.inf,
    max_heat_load: float = math.inf,
    fpa_bounds: tuple[float, float] = (math.radians(-30.0), math.radians(-1.0)),
    grid_points: int = 59, xtol: float = 1.0e-7, options: core_entry.EntryOptions | None = None,
) -> Corridor:
    """Steepest and shallowest entry flight path angles that meet the entry limits.

    Parameters
    ----------
    mass, reference_area, drag_coefficient, nose_radius : float
        Vehicle: kg, m^2, dimensionless, m (see :func:`okaeri.core.entry.simulate`).
    altitude, latitude, longitude, speed, heading : float
        Entry state without its flight path angle: m, rad, rad, m/s (in ``frame``), rad.
    frame : {"inertial", "relative"}
        Frame of ``speed``, ``heading`` and of the returned angles.
    lift_to_drag, bank : float
        Lift-to-drag ratio (dimensionless) and constant bank angle (rad).
    max_deceleration_g : float
        Limit on the peak load factor (g); ``inf`` for none.
    max_heat_flux : float
        Limit on the peak total stagnation heat flux (W/m^2); ``inf`` for none.
    max_heat_load : float
        Limit on the total stagnation heat load (J/m^2); ``inf`` for none.
    fpa_bounds : (float, float)
        Search interval of flight path angles (rad), both negative, steep end first.
    grid_points : int
        Points of the initial scan (>= 3).
    xtol : float
        Absolute tolerance of the corridor ends (rad).
    options : EntryOptions, optional
        Simulation options; the run should end at deployment or ground impact for a
        captured trajectory (deployment conditions keep runs short).

    Returns
    -------
    Corridor
        The corridor ends (rad), the limits that set them, and the evaluation count.

    Raises
    ------
    ValueError
        For bounds that are not negative and increasing, or a non-positive limit.

    References
    ----------
    Brent (1973), ch. 4; Vinh, Busemann and Culp (1980), ch. 12.
    """
    lo, hi = float(fpa_bounds[0]), float(fpa_bounds[1])
    limits = {"deceleration": max_deceleration_g, "heat_flux": max_heat_flux,
              "heat_load": max_heat_load}
    _check_search(lo, hi, limits, grid_points)
    common: dict[str, Any] = dict(
        mass=mass, reference_area=reference_area, drag_coefficient=drag_coefficient,
        nose_radius=nose_radius, altitude=altitude, latitude=latitude, longitude=longitude,
        speed=speed, heading=heading, frame=frame, lift_to_drag=lift_to_drag, bank=bank,
        options=options or core_entry.EntryOptions(),
    )
    grid = np.linspace(lo, hi, grid_points)
    margins = _margins(core_entry.simulate_batch(flight_path_angle=grid, **common), limits)
    ok = np.all(margins >= 0.0, axis=0)
    if not np.any(ok):
        return Corridor(False, math.nan, math.nan, "none", "none", frame, grid_points)
    probe = _MarginProbe(common, limits, evaluations=grid_points)
    (steepest, steep_limit), (shallowest, shallow_limit) = probe.corridor_ends(
        grid, margins, _widest_run(ok.tolist()), xtol
    )
    return Corridor(True, steepest, shallowest, steep_limit, shallow_limit, frame,
                    probe.evaluations)


def _check_search(lo: float, hi: float, limits: dict[str, float], grid_points: int) -> None:
    """Refuse a search interval (rad), a limit or a grid that cannot define a corridor."""
    if not (-math.pi / 2 < lo < hi < 0.0):
        raise ValueError(f"fpa_bounds must satisfy -pi/2 < steep < shallow < 0 (rad), "
                         f"got ({lo!r}, {hi!r})")
    names = {"deceleration": "max_deceleration_g", "heat_flux": "max_heat_flux",
             "heat_load": "max_heat_load"}
    for key, value in limits.items():
        if not value > 0.0:
            raise ValueError(
                f"{names[key]} must be positive (or inf for no limit), got {value!r}"
            )
    if grid_points < 3:
        raise ValueError(f"grid_points must be at least 3, got {grid_points!r}")


def _widest_run(ok: list[bool]) -> tuple[int, int]:
    """First and last index of the longest run of ``True`` (the first such run on a tie);
    ``ok`` holds at least one ``True``."""
    best = (0, -1)
    start = None
    for i, good in enumerate([*ok, False]):
        if good and start is None:
            start = i
        elif not good and start is not None:
            if i - 1 - start > best[1] - best[0]:
                best = (start, i - 1)
            start = None
    return best


@dataclass
class _MarginProbe:
    """Margins of every limit at one flight path angle, one trajectory each, cached;
    counts the trajectories simulated."""

    common: dict[str, Any]
    limits: dict[str, float]
    evaluations: int
    cache: dict[float, NDArray[np.float64]] = field(default_factory=dict)

    def all_margins(self, fpa: float) -> NDArray[np.float64]:
        """Margins of the four limits at ``fpa`` (rad), shape (4,)."""
        if fpa not in self.cache:
            self.evaluations += 1
            one = core_entry.simulate_batch(flight_path_angle=fpa, parallel=False,
                                            **self.common)
            self.cache[fpa] = _margins(one, self.limits)[:, 0]
        return self.cache[fpa]

    def margin(self, fpa: float, which: int) -> float:
        """Margin of limit ``LIMITS[which]`` at ``fpa`` (rad)."""
        return float(self.all_margins(fpa)[which])

    def corridor_ends(
        self, grid: NDArray[np.float64], margins: NDArray[np.float64],
        feasible_run: tuple[int, int], xtol: float,
    ) -> tuple[tuple[float, str], tuple[float, str]]:
        """The steep and the shallow end (rad) of the corridor around the grid points
        ``feasible_run`` (first, last), each with its binding limit (``bound`` at an end
        of the grid)."""
        first, last = feasible_run
        if first == 0:
            steep = (float(grid[0]), "bound")
        else:
            steep = self.corridor_end(float(grid[first]), float(grid[first - 1]),
                                      margins[:, first - 1], xtol, steep_side=True)
        if last == len(grid) - 1:
            shallow = (float(grid[-1]), "bound")
        else:
            shallow = self.corridor_end(float(grid[last]), float(grid[last + 1]),
                                        margins[:, last + 1], xtol, steep_side=False)
        return steep, shallow

    def corridor_end(
        self, inside: float, outside: float, outside_margins: NDArray[np.float64],
        xtol: float, *, steep_side: bool,
    ) -> tuple[float, str]:
        """Corridor end (rad) and its binding limit between a feasible grid angle
        ``inside`` and an infeasible one ``outside``. A limit may also fail between the
        two points while holding at both: after each root, every limit is checked there
        and the bracket shrinks until all hold."""
        from scipy.optimize import brentq

        a, b = inside, outside
        failing = np.flatnonzero(outside_margins < 0.0)
        for _ in range(2 * len(LIMITS)):
            roots: list[tuple[float, str]] = []
            for which in failing:
                root = brentq(self.margin, b, a, args=(int(which),), xtol=xtol,
                              rtol=4 * np.finfo(float).eps)
                if self.margin(root, int(which)) < 0.0:  # keep the side where it holds
                    root += xtol if steep_side else -xtol
                roots.append((float(root), LIMITS[int(which)]))
            b, name = max(roots) if steep_side else min(roots)
            failing = np.flatnonzero(self.all_margins(b) < 0.0)
            if failing.size == 0:
                return b, name
        raise ValueError("entry corridor: the limits change sign more than once between "
                         "two grid points; increase grid_points")
