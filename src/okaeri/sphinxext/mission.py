"""Directives that show the mission model itself: overview, phases, configuration, and the
entry Monte Carlo's settings and statistics.

These tables display model data as written in the mission's files (quantities in their
model-file form), and the run's Monte Carlo samples reduced with the same statistics
convention as the verification runner (numpy's default linear percentile). The
budgets, verdicts and plots come from :mod:`okaeri.report` (:mod:`.directives`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from docutils import nodes

from okaeri.report.environment import rst_escape
from okaeri.sphinxext.directives import LiveDirective
from okaeri.sphinxext.rst import kv_table, table

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from okaeri.model import Mission
    from okaeri.verification.results import MonteCarloSamples

_EMSPACE = "\u2003"


def _q(value: Any) -> str:
    """A model value in its file form (``"120 kg"``, ``"= 0.08 * ..."``), escaped."""
    import pint

    from okaeri.units import format_quantity

    if value is None:
        return "—"
    if isinstance(value, pint.Quantity):
        return format_quantity(value)
    return rst_escape(str(value))


def _label(text: str) -> str:
    return rst_escape(text.replace("_", " "))


def overview_rst(mission: Mission) -> str:
    """Name, description, margin policy and trajectory design of the mission."""
    header = mission.header
    policy = header.policy
    trajectory = header.trajectory
    lines = [rst_escape(header.description) or "(no description)", ""]
    rows = [
        ["margin policy", f"{policy.kind.upper()}: {rst_escape(policy.source)}"],
        ["system margin", _q(policy.system_margin)],
        ["harness allocation", _q(policy.harness_allocation)],
        ["delta-v margins", f"computed {_q(policy.delta_v_margins.computed)}, allocated "
                            f"{_q(policy.delta_v_margins.allocated)}"],
        ["launch orbit", f"{_q(trajectory.launch_orbit.perigee_altitude)} × "
                         f"{_q(trajectory.launch_orbit.apogee_altitude)}"],
        ["low lunar orbit altitude", _q(trajectory.lunar_orbit_altitude)],
        ["vacuum perigee altitude of the return", _q(trajectory.vacuum_perigee_altitude)],
        ["entry interface altitude", _q(trajectory.entry_interface_altitude)],
        ["trajectory source", rst_escape(" ".join(trajectory.source.split()))],
    ]
    lines += kv_table("Mission", rows, css_class="okaeri-overview")
    return "\n".join(lines)


def _delta_v(phase: Any) -> str:
    delta_v = getattr(phase, "delta_v", None)
    if delta_v is None:
        return ""
    if delta_v.source == "computed":
        text = f"computed: {delta_v.leg.upper()} (patched conic)"
    else:
        text = f"allocated {_q(delta_v.value)}: {rst_escape(delta_v.rationale)}"
    if delta_v.margin is not None:
        text += f"; margin {_q(delta_v.margin)}"
    return text


def _phase_detail(phase: Any) -> str:
    parts = []
    if getattr(phase, "performed_by", None):
        parts.append(f"by {phase.performed_by}")
    if getattr(phase, "mass_allowance", None) is not None:
        parts.append(f"allowance {_q(phase.mass_allowance)}")
    if getattr(phase, "duration", None) is not None:
        parts.append(f"duration {_q(phase.duration)}")
    if getattr(phase, "adds", ()):
        parts.append("adds " + ", ".join(phase.adds))
    if getattr(phase, "separates", ()):
        parts.append("separates " + ", ".join(phase.separates))
    if getattr(phase, "vehicle", None):
        parts.append(f"vehicle {phase.vehicle}")
    zone = getattr(phase, "recovery_zone", None)
    if zone is not None:
        parts.append(f"recovery zone {_q(zone.latitude)}, {_q(zone.longitude)}, radius "
                     f"{_q(zone.radius)}")
    interface = getattr(phase, "interface", None)
    if interface is not None:
        parts.append(f"entry interface {_q(interface.latitude)}, {_q(interface.longitude)}, "
                     f"heading {_q(interface.heading)}")
    return rst_escape("; ".join(parts))


def phases_rst(mission: Mission) -> str:
    """The concept of operations: every phase in flight order."""
    rows = []
    for number, phase in enumerate(mission.phases, start=1):
        stack = getattr(phase, "stack", "") or ""
        what = rst_escape(" ".join(phase.description.split())) or ""
        rows.append([str(number), f"**{rst_escape(phase.name)}** (``{phase.id}``)",
                     _label(phase.kind), rst_escape(stack), what, _phase_detail(phase),
                     _delta_v(phase)])
    return "\n".join(table(["#", "phase", "kind", "stack", "what happens", "details",
                            "delta-v"], rows, widths=[3, 17, 9, 12, 24, 18, 17],
                           css_class="okaeri-phases"))


def configuration_rst(mission: Mission) -> str:
    """Vehicles and stacks, and each vehicle's product breakdown as a tree."""
    lines = table(["stack", "vehicles"],
                  [[f"{rst_escape(s.name)} (``{s.id}``)", ", ".join(s.vehicles)]
                   for s in mission.stacks], widths=[50, 50], css_class="okaeri-stacks")
    for vehicle in mission.vehicles:
        title = f"{vehicle.name} ({vehicle.id})"
        lines += [rst_escape(title), "~" * len(rst_escape(title)), ""]
        if vehicle.description:
            lines += [rst_escape(" ".join(vehicle.description.split())), ""]
        children: dict[str | None, list[Any]] = {}
        for component in vehicle.components:
            children.setdefault(component.parent, []).append(component)
        rows: list[list[str]] = []

        def visit(parent: str | None, depth: int, rows: list[list[str]] = rows,
                  children: dict[str | None, list[Any]] = children) -> None:
            for c in children.get(parent, []):
                indent = _EMSPACE * 2 * depth
                rows.append([f"{indent}``{c.id}``", rst_escape(c.name), _label(c.subsystem),
                             _label(c.category), _label(c.maturity), _q(c.basic_mass),
                             rst_escape(" ".join(c.source.split()))])
                visit(c.id, depth + 1)

        visit(None, 0)
        if rows:
            lines += table(["component", "name", "subsystem", "heritage", "maturity",
                            "basic mass", "source"], rows, widths=[16, 22, 11, 10, 10, 14, 17],
                           css_class="okaeri-breakdown")
        propulsion = getattr(vehicle, "propulsion", None)
        if propulsion is not None:
            lines += kv_table("Propulsion", [
                ["specific impulse", _q(propulsion.isp)], ["thrust", _q(propulsion.thrust)],
                ["usable propellant", _q(propulsion.usable_propellant)],
                ["residuals", _q(propulsion.residual_fraction)],
                ["tank mass fraction", _q(propulsion.tank_mass_fraction)],
                ["source", rst_escape(" ".join(propulsion.source.split()))]],
                css_class="okaeri-propulsion")
        aeroshell, shield, chute = vehicle.aeroshell, vehicle.heat_shield, vehicle.parachute
        if aeroshell is not None and shield is not None and chute is not None:
            lines += kv_table("Entry vehicle", [
                ["diameter", _q(aeroshell.diameter)], ["nose radius", _q(aeroshell.nose_radius)],
                ["half-cone angle", _q(aeroshell.half_cone_angle)],
                ["drag coefficient", _q(aeroshell.drag_coefficient)],
                ["lift-to-drag ratio", _q(aeroshell.lift_to_drag)],
                ["heat shield: qualified heat flux", _q(shield.max_heat_flux)],
                ["heat shield: qualified heat load", _q(shield.max_heat_load)],
                ["parachute: deployment trigger", rst_escape(chute.trigger.replace("_", "-"))],
                *[[f"parachute: {name.replace('_', ' ')}", _q(getattr(chute, name))]
                  for name in ("trigger_mach", "g_switch_level", "g_switch_arm_level",
                               "timer_delay", "drogue_drag_area", "main_drag_area",
                               "main_deploy_altitude", "main_deploy_delay")
                  if getattr(chute, name) is not None],
                ["parachute: highest deployment Mach", _q(chute.max_deploy_mach)],
                ["parachute: highest deployment dynamic pressure",
                 _q(chute.max_deploy_dynamic_pressure)]],
                css_class="okaeri-entry-vehicle")
    return "\n".join(lines)


def monte_carlo_rst(samples: MonteCarloSamples, settings: dict[str, Any] | None) -> str:
    """The Monte Carlo's dispersions (distribution and source) and the statistics of its
    outputs."""
    from okaeri.analysis.entry_dispersions import Dispersions, describe
    from okaeri.core.statistics import SUMMARY, summary
    from okaeri.report.format import quantity

    lines = [f"Activity ``{samples.activity}``: {samples.samples} samples, seed "
             f"{samples.seed}; each dispersion with its distribution and source.", ""]
    dispersions = (settings or {}).get("dispersions") or {}
    if dispersions:
        rows = describe(Dispersions.model_validate(dispersions))
        lines += table(["dispersion", "distribution", "source"],
                       [[rst_escape(c) for c in row] for row in rows],
                       title="Dispersions", widths=[15, 45, 40],
                       css_class="okaeri-dispersions")
    statistics: list[list[str]] = []
    for output, values in samples.values.items():
        unit = samples.units.get(output, "")
        stats = summary(values)
        finite = sum(1 for v in values if math.isfinite(v))
        statistics.append([_label(output), str(finite),
                           *(quantity(stats[s], unit) if math.isfinite(stats[s]) else "—"
                             for s in SUMMARY)])
    lines += table(["output", "samples", *SUMMARY], statistics,
                   title="Monte Carlo statistics",
                   widths=[20, 8, 11, 11, 10, 10, 10, 10, 10], css_class="okaeri-statistics")
    return "\n".join(lines)


def design_changes_rst(folder: Any) -> str:
    """The design changes recorded in the mission's files, each with where it is written."""
    from okaeri.model.design_changes import design_changes

    changes = design_changes(folder)
    if not changes:
        return "The mission's files record no design change."
    rows = [[f"``{c.file}:{c.line}``", rst_escape(c.text).replace("\n", " ")]
            for c in changes]
    return "\n".join(table(["where", "design change: the verdict and figures that forced it"],
                            rows, title="Design changes", widths=[22, 78],
                            css_class="okaeri-design-changes"))


class DesignChangesDirective(LiveDirective):
    """``.. okaeri-design-changes::``: every ``# Design change`` comment of the mission's
    files (:mod:`okaeri.model.design_changes`)."""

    def run(self) -> list[nodes.Node]:
        data = self.data()
        if data.project is None:
            return self.unavailable()
        return self.parse(design_changes_rst(data.project.folder))


class MissionOverviewDirective(LiveDirective):
    """``.. okaeri-mission-overview::``: description, margin policy, trajectory."""

    def run(self) -> list[nodes.Node]:
        data = self.data()
        if data.project is None:
            return self.unavailable()
        return self.parse(overview_rst(data.project.mission))


class PhasesDirective(LiveDirective):
    """``.. okaeri-phases::``: the concept of operations, phase by phase."""

    def run(self) -> list[nodes.Node]:
        data = self.data()
        if data.project is None:
            return self.unavailable()
        return self.parse(phases_rst(data.project.mission))


class ConfigurationDirective(LiveDirective):
    """``.. okaeri-configuration::``: stacks, vehicles and their breakdown trees."""

    def run(self) -> list[nodes.Node]:
        data = self.data()
        if data.project is None:
            return self.unavailable()
        return self.parse(configuration_rst(data.project.mission))


class MonteCarloDirective(LiveDirective):
    """``.. okaeri-monte-carlo::``: the entry Monte Carlo's dispersions and statistics."""

    def run(self) -> list[nodes.Node]:
        data = self.data()
        if data.run is None or data.project is None:
            return self.unavailable()
        samples = data.run.monte_carlo
        instance = data.project.kept("dispersion")
        if samples is None or instance is None:
            return [nodes.paragraph(text="This mission has no entry Monte Carlo, or none of "
                                         "its requirements reads one.")]
        node = data.project.graph.node(instance)
        settings = node.identity.settings if node.identity is not None else None
        return self.parse(monte_carlo_rst(samples, settings))


def register(app: Sphinx) -> None:
    """Add the model directives to ``app``."""
    app.add_directive("okaeri-mission-overview", MissionOverviewDirective)
    app.add_directive("okaeri-phases", PhasesDirective)
    app.add_directive("okaeri-configuration", ConfigurationDirective)
    app.add_directive("okaeri-monte-carlo", MonteCarloDirective)
    app.add_directive("okaeri-design-changes", DesignChangesDirective)


__all__ = [
    "ConfigurationDirective",
    "DesignChangesDirective",
    "MissionOverviewDirective",
    "MonteCarloDirective",
    "PhasesDirective",
    "configuration_rst",
    "design_changes_rst",
    "monte_carlo_rst",
    "overview_rst",
    "phases_rst",
    "register",
]
