"""The budget views: mass, delta-v, propellant and heat, every number formatted in its unit.

:class:`BudgetsView` or ``None`` when
    the budgets could not be evaluated), ``open_items`` (
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from okaeri.report.format import number, percent, quantity
from okaeri.report.view_basics import VERDICT_CSS, LabelValue


def _kg(value: float) -> str:
    return f"{value:,.2f}"


def _m_s(value: float) -> str:
    return f"{value:,.1f}"


# --- budgets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MassLineView:
    """One component of a vehicle's mass budget (kg)."""

    component: str
    name: str
    subsystem: str
    category: str
    maturity: str
    basic: str
    growth: str
    predicted: str
    origin: str


@dataclass(frozen=True)
class SubsystemMassView:
    """One subsystem's share of a vehicle's dry mass (kg)."""

    subsystem: str
    components: int
    basic: str
    growth: str
    growth_percent: str
    predicted: str
    share: str
    """Of the vehicle's predicted component mass."""


@dataclass(frozen=True)
class VehicleMassView:
    """A vehicle's dry-mass roll-up (kg)."""

    vehicle: str
    name: str
    lines: tuple[MassLineView, ...]
    basic: str
    predicted: str
    growth: str
    harness: str
    nominal_dry: str
    system_margin_fraction: str
    system_margin: str
    with_margin: str
    by_subsystem: tuple[SubsystemMassView, ...] = ()
    """The components' masses summed by subsystem, largest predicted mass first."""


@dataclass(frozen=True)
class PhaseMassView:
    """The stack around one burn or mass event (kg, delta-v in m/s)."""

    phase: str
    name: str
    stack: str
    delta_v: str
    mass_before: str
    propellant: str
    mass_after: str


@dataclass(frozen=True)
class MassBudgetView:
    """Dry masses per vehicle, masses per phase, launch mass against the allowance."""

    unit: str
    vehicles: tuple[VehicleMassView, ...]
    phases: tuple[PhaseMassView, ...]
    launch_mass: str
    launch_allowance: str
    launch_margin: str
    available_system_margin: str
    summary: tuple[LabelValue, ...]


@dataclass(frozen=True)
class DeltaVLineView:
    """One manoeuvre (m/s)."""

    phase: str
    name: str
    source: str
    nominal: str
    margin: str
    with_margin: str
    origin: str


@dataclass(frozen=True)
class DeltaVBudgetView:
    """Delta-v per phase with margins against the vehicle's capability."""

    unit: str
    vehicle: str
    lines: tuple[DeltaVLineView, ...]
    total_nominal: str
    total_with_margin: str
    capability: str
    margin: str
    summary: tuple[LabelValue, ...]


@dataclass(frozen=True)
class PropellantBudgetView:
    """Propellant per burn, residuals, required load against the tanks."""

    unit: str
    vehicle: str
    isp: str
    phases: tuple[PhaseMassView, ...]
    used: str
    residual_fraction: str
    residual: str
    required: str
    usable_capacity: str
    margin: str
    summary: tuple[LabelValue, ...]


@dataclass(frozen=True)
class HeatLineView:
    """A predicted stagnation-point quantity against the heat shield's limit."""

    quantity: str
    key: str
    value: str
    limit: str
    margin: str
    required_margin: str
    meets_required_margin: bool
    status: str
    css: str


@dataclass(frozen=True)
class HeatBudgetView:
    """Nominal entry heating against the heat shield's qualification."""

    vehicle: str
    lines: tuple[HeatLineView, ...]
    summary: tuple[LabelValue, ...]


@dataclass(frozen=True)
class LoopRow:
    """How a coupled loop of the graph converged."""

    nodes: str
    iterations: str
    final_residual: str


@dataclass(frozen=True)
class BudgetsView:
    """Every budget of the run."""

    mission: str
    mass: MassBudgetView
    delta_v: DeltaVBudgetView
    propellant: PropellantBudgetView
    heat: HeatBudgetView | None
    loops: tuple[LoopRow, ...] = field(default=())


def _phase(p: Any) -> PhaseMassView:
    """A burn, or a mass event (no delta-v, no propellant; its name says what changes)."""
    if p.event:
        return PhaseMassView(p.phase, f"{p.name} ({p.event})", p.stack.replace("_", " "), "",
                             _kg(p.mass_before_kg), "", _kg(p.mass_after_kg))
    return PhaseMassView(p.phase, p.name, p.stack.replace("_", " "), _m_s(p.delta_v_m_s),
                         _kg(p.mass_before_kg), _kg(p.propellant_kg), _kg(p.mass_after_kg))


def subsystem_masses(lines: Any) -> tuple[SubsystemMassView, ...]:
    """Basic and predicted masses of the components summed by subsystem (kg), with the
    growth and each subsystem's share of the predicted total; largest first."""
    sums: dict[str, list[float]] = {}
    for line in lines:
        entry = sums.setdefault(line.subsystem, [0.0, 0.0, 0.0])
        entry[0] += 1
        entry[1] += line.basic_mass_kg
        entry[2] += line.predicted_mass_kg
    total = sum(v[2] for v in sums.values())
    ordered = sorted(sums.items(), key=lambda item: (-item[1][2], item[0]))
    return tuple(SubsystemMassView(
        subsystem.replace("_", " "), int(count), _kg(basic), _kg(predicted - basic),
        percent((predicted - basic) / basic) if basic else "",
        _kg(predicted), percent(predicted / total) if total else "")
        for subsystem, (count, basic, predicted) in ordered)


def mass_budget_view(mass: Any) -> MassBudgetView:
    """:class:`~okaeri.budgets.results.MassBudget` formatted (kg)."""
    vehicles = tuple(VehicleMassView(
        vehicle=v.vehicle, name=v.name,
        lines=tuple(MassLineView(
            line.component, line.name, line.subsystem.replace("_", " "),
            line.category.replace("_", " "), line.maturity.replace("_", " "),
            _kg(line.basic_mass_kg), percent(line.growth_fraction),
            _kg(line.predicted_mass_kg), line.origin) for line in v.lines),
        basic=_kg(v.basic_mass_kg), predicted=_kg(v.predicted_mass_kg),
        growth=_kg(v.predicted_mass_kg - v.basic_mass_kg),
        harness=_kg(v.harness_kg), nominal_dry=_kg(v.nominal_dry_mass_kg),
        system_margin_fraction=percent(v.system_margin_fraction),
        system_margin=_kg(v.system_margin_kg), with_margin=_kg(v.dry_mass_with_margin_kg),
        by_subsystem=subsystem_masses(v.lines))
        for v in mass.vehicles)
    summary = (
        LabelValue("launch mass", f"{_kg(mass.launch_mass_kg)} kg"),
        LabelValue("launch allowance", f"{_kg(mass.launch_allowance_kg)} kg"),
        LabelValue("launch margin", percent(mass.launch_margin_fraction)),
        LabelValue("available system margin (of the nominal dry mass)",
                   percent(mass.available_system_margin_fraction)),
    )
    return MassBudgetView(
        unit="kg", vehicles=vehicles, phases=tuple(_phase(p) for p in mass.phases),
        launch_mass=_kg(mass.launch_mass_kg), launch_allowance=_kg(mass.launch_allowance_kg),
        launch_margin=percent(mass.launch_margin_fraction),
        available_system_margin=percent(mass.available_system_margin_fraction),
        summary=summary)


def delta_v_budget_view(delta_v: Any) -> DeltaVBudgetView:
    """:class:`~okaeri.budgets.results.DeltaVBudget` formatted (m/s)."""
    lines = tuple(DeltaVLineView(line.phase, line.name, line.source, _m_s(line.nominal_m_s),
                                 percent(line.margin_fraction), _m_s(line.with_margin_m_s),
                                 line.origin) for line in delta_v.lines)
    summary = (
        LabelValue("total, nominal", f"{_m_s(delta_v.total_nominal_m_s)} m/s"),
        LabelValue("total, with margins", f"{_m_s(delta_v.total_with_margin_m_s)} m/s"),
        LabelValue(f"capability of {delta_v.vehicle}", f"{_m_s(delta_v.capability_m_s)} m/s"),
        LabelValue("capability margin", percent(delta_v.margin_fraction)),
    )
    return DeltaVBudgetView(
        unit="m/s", vehicle=delta_v.vehicle, lines=lines,
        total_nominal=_m_s(delta_v.total_nominal_m_s),
        total_with_margin=_m_s(delta_v.total_with_margin_m_s),
        capability=_m_s(delta_v.capability_m_s), margin=percent(delta_v.margin_fraction),
        summary=summary)


def propellant_budget_view(propellant: Any) -> PropellantBudgetView:
    """:class:`~okaeri.budgets.results.PropellantBudget` formatted (kg)."""
    summary = (
        LabelValue("specific impulse", quantity(propellant.isp_s, "s")),
        LabelValue("propellant used", f"{_kg(propellant.used_kg)} kg"),
        LabelValue(f"residuals ({percent(propellant.residual_fraction)})",
                   f"{_kg(propellant.residual_kg)} kg"),
        LabelValue("attitude control, with its margin", f"{_kg(propellant.acs_kg)} kg"),
        LabelValue("required load", f"{_kg(propellant.required_kg)} kg"),
        LabelValue("usable tank capacity", f"{_kg(propellant.usable_capacity_kg)} kg"),
        LabelValue("capacity margin", percent(propellant.margin_fraction)),
    )
    return PropellantBudgetView(
        unit="kg", vehicle=propellant.vehicle, isp=quantity(propellant.isp_s, "s"),
        phases=tuple(_phase(p) for p in propellant.phases), used=_kg(propellant.used_kg),
        residual_fraction=percent(propellant.residual_fraction),
        residual=_kg(propellant.residual_kg), required=_kg(propellant.required_kg),
        usable_capacity=_kg(propellant.usable_capacity_kg),
        margin=percent(propellant.margin_fraction), summary=summary)


def heat_budget_view(heat: Any) -> HeatBudgetView:
    """:class:`~okaeri.budgets.results.HeatBudget` formatted (display units)."""
    lines = tuple(HeatLineView(
        quantity=line.quantity, key=line.key, value=quantity(line.value_si, line.unit_si),
        limit=quantity(line.limit_si, line.unit_si), margin=percent(line.margin_fraction),
        required_margin=percent(line.required_margin_fraction),
        meets_required_margin=line.meets_required_margin,
        status=("meets the required margin" if line.meets_required_margin else
                "exceeds the limit" if line.margin_fraction < 0 else
                "below the required margin"),
        css=VERDICT_CSS["pass" if line.meets_required_margin else
                        "fail" if line.margin_fraction < 0 else "low"])
        for line in heat.lines)
    summary = (
        LabelValue("entry mass", quantity(heat.entry_mass_kg, "kg")),
        LabelValue("entry speed (inertial)", quantity(heat.entry_speed_inertial_m_s, "m/s")),
        LabelValue("entry flight path angle (inertial)",
                   f"{number(heat.entry_fpa_inertial_deg)} deg"),
        LabelValue("peak convective heat flux",
                   quantity(heat.peak_heat_flux_convective_W_m2, "W/m^2")),
        LabelValue("peak radiative heat flux",
                   quantity(heat.peak_heat_flux_radiative_W_m2, "W/m^2")),
    )
    return HeatBudgetView(vehicle=heat.vehicle, lines=lines, summary=summary)


def budgets_view(budgets: Any) -> BudgetsView | None:
    """:class:`~okaeri.budgets.Budgets` formatted; ``None`` for ``None``."""
    if budgets is None:
        return None
    loops = tuple(LoopRow(", ".join(loop.nodes), str(loop.iterations),
                          f"{loop.residual_history[-1]:.1e}" if loop.residual_history else "")
                  for loop in budgets.loops)
    return BudgetsView(
        mission=budgets.mission, mass=mass_budget_view(budgets.mass),
        delta_v=delta_v_budget_view(budgets.delta_v),
        propellant=propellant_budget_view(budgets.propellant),
        heat=heat_budget_view(budgets.heat) if budgets.heat is not None else None,
        loops=loops)


__all__ = [
    "BudgetsView",
    "DeltaVBudgetView",
    "DeltaVLineView",
    "HeatBudgetView",
    "HeatLineView",
    "LoopRow",
    "MassBudgetView",
    "MassLineView",
    "PhaseMassView",
    "PropellantBudgetView",
    "SubsystemMassView",
    "VehicleMassView",
    "budgets_view",
    "delta_v_budget_view",
    "heat_budget_view",
    "mass_budget_view",
    "propellant_budget_view",
    "subsystem_masses",
]
