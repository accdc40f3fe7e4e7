"""Budgets of the reference mission against hand arithmetic and closed forms."""

from __future__ import annotations

import itertools
import math
import shutil
from pathlib import Path

import pytest

from okaeri.budgets import build_graph, evaluate_budgets
from okaeri.core.constants import G0
from okaeri.model import keys, load_mission, reference_mission_path
from okaeri.units import si

MISSION = load_mission()
BUDGETS, GRAPH = evaluate_budgets(MISSION)
ESA = {"new": 0.20, "modified": 0.10, "off_the_shelf": 0.05}


def test_capsule_mass_roll_up_by_hand() -> None:
    # ESA margins: new 20 %, modified 10 %, off-the-shelf 5 %; harness 5 %, system 20 %.
    components = MISSION.vehicle("capsule").components
    basic = sum(si(c.basic_mass) for c in components)
    predicted = sum(si(c.basic_mass) * (1 + ESA[c.category]) for c in components)
    capsule = next(v for v in BUDGETS.mass.vehicles if v.vehicle == "capsule")
    assert capsule.basic_mass_kg == pytest.approx(basic, rel=1e-12)
    assert capsule.predicted_mass_kg == pytest.approx(predicted, rel=1e-12)
    assert capsule.harness_kg == pytest.approx(0.05 * predicted, rel=1e-12)
    assert capsule.dry_mass_with_margin_kg == pytest.approx(predicted * 1.05 * 1.2, rel=1e-12)


def test_launch_adapter_carries_its_equipment_margin_only() -> None:
    adapter = next(v for v in BUDGETS.mass.vehicles if v.vehicle == "launch_adapter")
    assert adapter.dry_mass_with_margin_kg == pytest.approx(15.0 * 1.05, rel=1e-12)
    assert adapter.harness_kg == 0.0 and adapter.system_margin_kg == 0.0


def test_tanks_are_sized_by_their_capacity() -> None:
    assert GRAPH.value("otv.tanks.basic_mass") == pytest.approx(
        0.08 * GRAPH.value("otv.propulsion.usable_propellant"), rel=1e-12)


def test_loss_loop_converged_to_its_fixed_point() -> None:
    # the LOI and TEI losses depend on the stack mass, which depends on the propellant
    loop, = BUDGETS.loops
    assert any(key.endswith("finite_burn") for key in loop.nodes)
    assert loop.iterations < 30 and loop.residual_history[-1] <= 1e-10


def test_propellant_walk_conserves_mass() -> None:
    p = BUDGETS.propellant
    acs = 15.0 * 2.0  # attitude-control propellant with its 100 % margin
    assert p.required_kg == pytest.approx(p.used_kg * 1.02 + acs, rel=1e-12)
    assert sum(phase.propellant_kg for phase in p.phases) == pytest.approx(p.used_kg, rel=1e-9)
    otv = GRAPH.value("budget.mass.otv.with_margin")
    capsule = GRAPH.value("budget.mass.capsule.with_margin")
    adapter = GRAPH.value("budget.mass.launch_adapter.with_margin")
    canister = GRAPH.value("capsule.canister.predicted_mass") * capsule / GRAPH.value(
        "budget.mass.capsule.predicted")
    # at launch: OTV, capsule without the canister it captures later, adapter, propellant
    assert BUDGETS.mass.launch_mass_kg == pytest.approx(
        otv + capsule - canister + adapter + p.required_kg, rel=1e-9)


def test_each_burn_follows_the_rocket_equation() -> None:
    isp = BUDGETS.propellant.isp_s
    for phase in BUDGETS.propellant.phases:
        if not phase.event:
            assert phase.mass_before_kg / phase.mass_after_kg == pytest.approx(
                math.exp(phase.delta_v_m_s / (G0 * isp)), rel=1e-12)


def test_every_jump_of_the_stack_mass_is_a_step_of_the_table() -> None:
    """The stack mass after one step is the mass before the next: launcher separation
    (the adapter stays on the launcher), canister capture and capsule separation are
    rows of their own."""
    phases = BUDGETS.propellant.phases
    assert phases[0].mass_before_kg == pytest.approx(BUDGETS.mass.launch_mass_kg, rel=1e-12)
    for step, following in itertools.pairwise(phases):
        assert following.mass_before_kg == pytest.approx(step.mass_after_kg, rel=1e-12)
    events = {p.phase: p for p in phases if p.event}
    assert events["launcher_separation"].event == "launch_adapter leaves"
    assert events["capsule_separation"].mass_after_kg < events["capsule_separation"].mass_before_kg
    assert events["canister_capture"].mass_after_kg > events["canister_capture"].mass_before_kg
    used = sum(p.propellant_kg for p in phases)
    assert used == pytest.approx(BUDGETS.propellant.used_kg, rel=1e-12)
    p = BUDGETS.propellant
    assert p.required_kg == pytest.approx(p.used_kg + p.residual_kg + p.acs_kg, rel=1e-12)


def test_delta_v_margins_by_class() -> None:
    lines = {line.phase: line for line in BUDGETS.delta_v.lines}
    assert lines["tli"].with_margin_m_s == pytest.approx(1.05 * lines["tli"].nominal_m_s)
    assert lines["outbound_correction"].with_margin_m_s == pytest.approx(60.0)
    assert BUDGETS.delta_v.total_with_margin_m_s == pytest.approx(
        sum(line.with_margin_m_s for line in lines.values()))


def test_computed_legs_add_their_impulse_geometry_and_gravity_loss() -> None:
    lines = {line.phase: line for line in BUDGETS.delta_v.lines}
    v = GRAPH.value
    assert lines["loi"].nominal_m_s == pytest.approx(
        v("trajectory.loi_delta_v") + v("departure.geometry.loi_plane_delta_v")
        + v("loi.delta_v.finite_burn.gravity_loss"), rel=1e-12)
    assert lines["tei"].gravity_loss_m_s == v("tei.delta_v.finite_burn.gravity_loss") > 0.0
    assert lines["gto_alignment"].nominal_m_s == v("departure.geometry.gto_alignment_delta_v")


def test_capability_is_the_binding_of_tanks_and_allowance() -> None:
    v = GRAPH.value
    tanks = v("budget.delta_v.capability_tanks")
    allowance = v("budget.delta_v.capability_allowance")
    assert BUDGETS.delta_v.capability_m_s == min(tanks, allowance)
    # scaling every burn by capability / required fills the tanks or the allowance exactly
    from okaeri.analysis.propellant import _solve
    from okaeri.core.propellant import BURN, JOIN, LEAVE, Step

    scale = tanks / BUDGETS.delta_v.total_with_margin_m_s
    capsule = v("budget.mass.capsule.with_margin")
    share = capsule / v("budget.mass.capsule.predicted")
    steps = []
    for phase in MISSION.phases:
        if phase.id == "launcher_separation":
            steps.append(Step(phase.id, LEAVE, v("budget.mass.launch_adapter.with_margin")))
        elif phase.id == "canister_capture":
            steps.append(Step(phase.id, JOIN, v("capsule.canister.predicted_mass") * share))
        elif phase.id == "capsule_separation":
            steps.append(Step(phase.id, LEAVE, capsule))
        elif f"{phase.id}.delta_v.with_margin" in GRAPH:
            steps.append(Step(phase.id, BURN, v(f"{phase.id}.delta_v.with_margin")))
    acs = 30.0
    used, residual, _ = _solve(v("budget.mass.otv.with_margin") + acs, steps, 320.0, 0.02,
                               scale)
    assert used + residual + acs == pytest.approx(v("otv.propulsion.usable_propellant"),
                                                  rel=1e-9)


def test_available_system_margin_reaches_a_limit() -> None:
    graph = build_graph(MISSION)
    graph.evaluate()
    graph.set_parameter(keys.policy("system_margin"),
                        BUDGETS.mass.available_system_margin_fraction)
    launch_slack = graph.value("launch.mass_allowance") - graph.value("budget.mass.launch")
    tank_slack = graph.value("otv.propulsion.usable_propellant") - graph.value(
        "budget.propellant.required")
    assert min(launch_slack, tank_slack) == pytest.approx(0.0, abs=1e-2)


def test_nominal_entry_is_the_core_simulation() -> None:
    from okaeri.core import entry

    trajectory = entry.simulate(
        mass=GRAPH.value("budget.mass.capsule.with_margin"),
        reference_area=math.pi * 0.4 ** 2, drag_coefficient=1.05, nose_radius=0.4,
        altitude=120e3, latitude=GRAPH.value("entry.interface.latitude"),
        longitude=GRAPH.value("entry.interface.longitude"),
        speed=GRAPH.value("trajectory.entry_speed_inertial"),
        flight_path_angle=GRAPH.value("trajectory.entry_flight_path_angle"),
        heading=math.radians(110.0), options=entry.EntryOptions(deploy_mach=0.7))
    assert trajectory.summary.peak_heat_flux_total == GRAPH.value(
        "entry.nominal.peak_heat_flux_total")


def test_aiaa_policy_changes_growth(tmp_path: Path) -> None:
    target = tmp_path / "m"
    shutil.copytree(reference_mission_path(), target)
    path = target / "model" / "mission.yaml"
    text = path.read_text()
    start = text.index("  policy:")
    end = text.index("  trajectory:")
    path.write_text(text[:start] + "  policy:\n    kind: aiaa\n" + text[end:])
    budgets_path = target / "model" / "mission.yaml"
    budgets_path.write_text(budgets_path.read_text().replace("margin: policy",
                                                             "margin: none"))
    budgets, _ = evaluate_budgets(load_mission(target))
    otv = next(v for v in budgets.mass.vehicles if v.vehicle == "otv")
    lines = {line.component: line for line in otv.lines}
    assert lines["structure"].growth_fraction == pytest.approx(0.15)  # structures, layout
    assert lines["avionics"].growth_fraction == pytest.approx(0.03)  # electrical, existing
    assert otv.harness_kg == 0.0  # AIAA policy: no harness allocation by default


def test_tli_includes_its_finite_burn_gravity_loss() -> None:
    from okaeri.core.rocket import split_perigee_burn

    tli = next(line for line in BUDGETS.delta_v.lines if line.phase == "tli")
    burn = split_perigee_burn(3.986004418e14, 6378137.0 + 185e3, 6378137.0 + 35786e3,
                              384400e3, 1000.0, 320.0, 2000.0, 3)
    assert tli.gravity_loss_m_s == pytest.approx(burn.gravity_loss, rel=1e-12)
    assert tli.nominal_m_s == pytest.approx(
        GRAPH.value("trajectory.tli_delta_v") + burn.gravity_loss, rel=1e-12)


def test_declared_power_budget_by_hand() -> None:
    power = next(b for b in BUDGETS.declared if b.name_key() == "power.otv")
    lunar = next(m for m in power.modes if m.mode == "lunar_operations")
    loads = {c.id: c.properties["power"]["lunar_operations"]
             for c in MISSION.vehicle("otv").components if "power" in c.properties}
    categories = {c.id: str(c.category) for c in MISSION.vehicle("otv").components}
    predicted = sum(si(q) * (1 + ESA[categories[k]]) for k, q in loads.items())
    assert lunar.basic_si == pytest.approx(sum(si(q) for q in loads.values()), rel=1e-12)
    assert lunar.with_margin_si == pytest.approx(predicted * 1.2, rel=1e-12)
    assert lunar.margin_fraction == pytest.approx(
        (lunar.capacity_si - lunar.with_margin_si) / lunar.capacity_si, rel=1e-12)


def test_every_number_of_a_budget_names_its_unit() -> None:
    """The naming rule of okaeri.budgets.results: a float field ends in its unit, in
    ``_fraction``, or in ``_si`` with ``unit_si`` on its record or its budget."""
    import dataclasses
    import typing

    from okaeri.budgets import results

    suffixes = ("_kg", "_m_s", "_s", "_deg", "_W_m2", "_J_m2", "_fraction", "_si")
    unnamed = []
    for record in vars(results).values():
        if not (isinstance(record, type) and dataclasses.is_dataclass(record)):
            continue
        hints = typing.get_type_hints(record)
        for f in dataclasses.fields(record):
            if hints[f.name] in (float, float | None) and not f.name.endswith(suffixes):
                unnamed.append(f"{record.__name__}.{f.name}")
    assert unnamed == []
    with_si = {"HeatLine", "DeclaredBudget"}
    assert all(any(f.name == "unit_si" for f in dataclasses.fields(getattr(results, name)))
               for name in with_si)


def test_each_line_is_its_predicted_node_bit_for_bit() -> None:
    """Each component's predicted mass and each declared budget line is a deferred
    relation: the budget tables compute it as the node does, and only the nodes a value
    of the model reads (the sample canister's, for the propellant walk) or whose basic
    mass is an expression (it refuses a negative mass) are planned before anyone asks."""
    graph = build_graph(MISSION)
    budgets, graph = evaluate_budgets(MISSION, graph)
    planned = graph._prepared().item_of
    lines = [line for v in budgets.mass.vehicles for line in v.lines]
    derived = {(v.id, c.id) for v in MISSION.vehicles for c in v.components if c.is_derived}
    read = {"capsule.canister.predicted_mass"}
    for line in lines:
        key = keys.predicted("mass", line.vehicle, line.vehicle, line.component, "basic_mass")
        assert (key in planned) == ((line.vehicle, line.component) in derived or key in read)
    for line in lines:
        key = keys.predicted("mass", line.vehicle, line.vehicle, line.component, "basic_mass")
        assert graph.value(key) == line.predicted_mass_kg
    compared = 0
    for budget in budgets.declared:
        for mode in budget.modes:
            for line in mode.lines:
                key = keys.predicted(budget.id, budget.scope, line.vehicle, line.component,
                                     budget.property, mode.mode)
                if key in graph:  # a line with an equipment margin
                    assert graph.value(key) == line.predicted_si
                    compared += 1
    assert compared > 20
