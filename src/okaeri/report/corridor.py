"""The entry corridor figure: the acceptable entry flight path angles and where the
nominal entry sits in them.

:func:`corridor_data` reads what the analyses computed (nothing is simulated here):
the corridor's steep and shallow bounds and the limit that sets each (analysis
``entry.corridor``), the nominal inertial entry flight path angle (its input), the
3-sigma flight path angle dispersion of the entry Monte Carlo's settings, and the
required margins of the requirements on the corridor margins (``entry.corridor.
margin_shallow`` and ``margin_steep``). :func:`corridor_plot` draws it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okaeri.report.format import number

if TYPE_CHECKING:
    from okaeri.report.plot_style import Plot
    from okaeri.verification.project import Project
    from okaeri.verification.results import VerificationRun

__all__ = ["CorridorData", "corridor_data", "corridor_plot"]

NAME = "entry_corridor"


@dataclass(frozen=True)
class CorridorData:
    """The corridor and the nominal entry, in degrees (inertial flight path angle)."""

    steepest_deg: float
    shallowest_deg: float
    steep_limit: str
    """What sets the steep bound (``deceleration``, ``heat_flux``)."""
    shallow_limit: str
    """What sets the shallow bound (``skip_out``, ``heat_load``)."""
    nominal_deg: float
    dispersion_3sigma_deg: float | None
    """3-sigma dispersion of the angle in the entry Monte Carlo; ``None`` without one."""
    required_steep_deg: tuple[tuple[str, float], ...] = ()
    """(requirement, margin it asks from the steep bound, deg)."""
    required_shallow_deg: tuple[tuple[str, float], ...] = ()
    """(requirement, margin it asks from the shallow bound, deg)."""


def _dispersion(project: Project) -> float | None:
    from okaeri.units import parse_quantity, si

    instance = project.kept("dispersion")
    if instance is None:
        return None
    identity = project.graph.node(instance).identity
    settings = identity.settings if identity is not None else None
    found = (settings or {}).get("dispersions", {}).get("flight_path_angle") \
        if isinstance(settings, Mapping) else None
    if found is None:
        return None
    return math.degrees(si(parse_quantity(str(found))))


def _required(run: VerificationRun, key: str) -> tuple[tuple[str, float], ...]:
    return tuple((r.id, math.degrees(r.limit_si)) for r in run.requirements
                 if r.quantity == key and r.limit_si is not None
                 and math.isfinite(r.limit_si) and r.unit_si == "rad")


def corridor_data(project: Project, run: VerificationRun) -> CorridorData | None:
    """The corridor of ``project`` (computed by the graph if no requirement read it), or
    ``None`` when the mission has no entry corridor analysis or it failed."""
    from okaeri.errors import AnalysisError

    graph = project.graph
    if "entry.corridor" not in graph:
        return None
    try:
        steepest = graph.value("entry.corridor.steepest_fpa")
        shallowest = graph.value("entry.corridor.shallowest_fpa")
        node = graph.node("entry.corridor")
        ports = dict(zip(node.ports, node.inputs, strict=True))
        nominal = graph.value(ports["flight_path_angle"])
    except (AnalysisError, KeyError):
        return None
    if not all(math.isfinite(v) for v in (steepest, shallowest, nominal)):
        return None
    details = graph.details("entry.corridor")
    return CorridorData(
        math.degrees(steepest), math.degrees(shallowest),
        str(details.get("steep_limit", "")), str(details.get("shallow_limit", "")),
        math.degrees(nominal), _dispersion(project),
        _required(run, "entry.corridor.margin_steep"),
        _required(run, "entry.corridor.margin_shallow"))


def _words(limit: str) -> str:
    return limit.replace("_", " ") or "limit"


def corridor_plot(data: CorridorData) -> Plot:
    """The corridor as a band over the flight path angle: its bounds and what sets
    them, the margins the requirements ask for inside them, the nominal angle and its
    3-sigma dispersion."""
    from okaeri.report.plot_style import (
        LIMIT_COLOUR,
        LINE_COLOUR,
        Plot,
        draw_legend,
        new_figure,
        svg_text,
    )

    title = "Entry corridor: inertial entry flight path angle"
    with new_figure() as figure:
        ax = figure.add_subplot()
        ax.axvspan(data.steepest_deg, data.shallowest_deg, color="#d9e6f2",
                   label="corridor")
        for value, side in ((data.steepest_deg, data.steep_limit),
                            (data.shallowest_deg, data.shallow_limit)):
            ax.axvline(value, color=LIMIT_COLOUR, linewidth=1.6)
            ax.annotate(f"{_words(side)}\n{number(value)} deg", (value, 0.93),
                        xycoords=("data", "axes fraction"), ha="center", va="top",
                        fontsize=8, bbox={"boxstyle": "round", "fc": "white", "ec": LIMIT_COLOUR})
        for requirement, margin in data.required_steep_deg:
            ax.axvline(data.steepest_deg + margin, color=LIMIT_COLOUR, linestyle="--",
                       linewidth=1.0, label=f"required margin ({requirement})")
        for requirement, margin in data.required_shallow_deg:
            ax.axvline(data.shallowest_deg - margin, color=LIMIT_COLOUR, linestyle=":",
                       linewidth=1.2, label=f"required margin ({requirement})")
        if data.dispersion_3sigma_deg:
            ax.errorbar([data.nominal_deg], [0.4], xerr=[data.dispersion_3sigma_deg],
                        color=LINE_COLOUR, capsize=6, linewidth=1.6,
                        label=f"3-sigma dispersion ±{number(data.dispersion_3sigma_deg)} deg")
        ax.plot([data.nominal_deg], [0.4], marker="D", color=LINE_COLOUR, linestyle="none",
                markersize=7, label=f"nominal {number(data.nominal_deg)} deg")
        width = data.shallowest_deg - data.steepest_deg
        ax.set_xlim(data.steepest_deg - 0.35 * width, data.shallowest_deg + 0.35 * width)
        ax.set_ylim(0.0, 1.0)
        ax.set_yticks([])
        ax.set_xlabel("inertial entry flight path angle (deg), steeper to the left")
        draw_legend(figure)
        svg = svg_text(figure, NAME, title)
    caption = (f"Corridor from {number(data.steepest_deg)} deg ({_words(data.steep_limit)}) "
               f"to {number(data.shallowest_deg)} deg ({_words(data.shallow_limit)}), "
               f"{number(width)} deg wide; nominal {number(data.nominal_deg)} deg, "
               f"{number(data.nominal_deg - data.steepest_deg)} deg from the steep and "
               f"{number(data.shallowest_deg - data.nominal_deg)} deg from the shallow bound"
               + (f"; targeting dispersion ±{number(data.dispersion_3sigma_deg)} deg "
                  "(3 sigma)" if data.dispersion_3sigma_deg else "") + ".")
    return Plot(NAME, title, caption, svg)
