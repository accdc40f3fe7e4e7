"""Typed budget results: lines, totals, margins, and the origin of every number.

One naming rule for every number: a field whose unit is fixed carries it in its name
(``launch_mass_kg``, ``nominal_m_s``, ``entry_fpa_inertial_deg``,
``peak_heat_flux_convective_W_m2``); a fraction ends in ``_fraction`` (0.2 for 20 %); a
field whose unit depends on the budget (a declared budget of power, data rate, ...) ends
in ``_si`` and its record, or the budget it belongs to, names the SI unit in
``unit_si``. Values are SI (angles in degrees where the name says ``_deg``). ``as_dict``
gives the JSON form, with keys that carry their unit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class _Row:
    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the fields (nested rows included)."""
        return asdict(self)


@dataclass(frozen=True)
class MassLine(_Row):
    """One component: basic mass, growth allowance, predicted mass."""

    vehicle: str
    component: str
    name: str
    parent: str | None
    subsystem: str
    category: str
    maturity: str
    basic_mass_kg: float
    growth_fraction: float
    predicted_mass_kg: float
    origin: str
    """Where the basic mass comes from (file:line, or the expression)."""


@dataclass(frozen=True)
class VehicleMass(_Row):
    """A vehicle's dry-mass roll-up."""

    vehicle: str
    name: str
    lines: tuple[MassLine, ...]
    basic_mass_kg: float
    predicted_mass_kg: float
    harness_kg: float
    nominal_dry_mass_kg: float
    system_margin_fraction: float
    system_margin_kg: float
    dry_mass_with_margin_kg: float


@dataclass(frozen=True)
class PhaseMass(_Row):
    """The stack around one step of the propellant walk: a burn, or a mass event (a
    vehicle leaving, a component joining) with no delta-v and no propellant."""

    phase: str
    name: str
    stack: str
    delta_v_m_s: float
    """Delta-v of the burn, with margin (0 for a mass event)."""
    mass_before_kg: float
    propellant_kg: float
    mass_after_kg: float
    event: str = ""
    """For a mass event, what changes (``"capsule leaves"``); empty for a burn."""


@dataclass(frozen=True)
class MassBudget(_Row):
    """Dry masses per vehicle, masses per phase, launch mass against the allowance."""

    vehicles: tuple[VehicleMass, ...]
    phases: tuple[PhaseMass, ...]
    launch_mass_kg: float
    launch_allowance_kg: float
    launch_margin_fraction: float
    """(allowance − launch mass) / allowance."""
    available_system_margin_fraction: float
    """Largest system margin (fraction of nominal dry mass) for which the launch mass
    stays within the allowance and the propellant within the tanks."""


@dataclass(frozen=True)
class DeltaVLine(_Row):
    """One manoeuvre: nominal delta-v, margin class and margin, delta-v with margin."""

    phase: str
    name: str
    vehicle: str
    source: str
    """``computed`` (trajectory core) or ``allocated``."""
    nominal_m_s: float
    """Impulsive delta-v, plus the finite-burn gravity loss where it is computed."""
    gravity_loss_m_s: float
    """The finite-burn gravity loss included in the nominal (0 where not modelled)."""
    margin_fraction: float
    with_margin_m_s: float
    origin: str


@dataclass(frozen=True)
class DeltaVBudget(_Row):
    """Delta-v per phase with margins, total against the vehicle's capability."""

    vehicle: str
    lines: tuple[DeltaVLine, ...]
    total_nominal_m_s: float
    total_with_margin_m_s: float
    capability_m_s: float
    margin_fraction: float
    """(capability − total with margin) / total with margin."""


@dataclass(frozen=True)
class PropellantBudget(_Row):
    """Propellant per burn, residuals, required load against usable capacity."""

    vehicle: str
    isp_s: float
    phases: tuple[PhaseMass, ...]
    used_kg: float
    residual_fraction: float
    residual_kg: float
    acs_kg: float
    """Attitude-control propellant with its margin."""
    required_kg: float
    """Used + residuals + attitude control: the load the tanks must hold."""
    usable_capacity_kg: float
    margin_fraction: float
    """(capacity − required) / capacity."""


@dataclass(frozen=True)
class HeatLine(_Row):
    """A predicted stagnation-point quantity against the heat shield's limit."""

    quantity: str
    key: str
    value_si: float
    limit_si: float
    unit_si: str
    margin_fraction: float
    """(limit − value) / limit."""
    required_margin_fraction: float
    meets_required_margin: bool


@dataclass(frozen=True)
class HeatBudget(_Row):
    """Nominal entry heating against the heat shield's qualification."""

    vehicle: str
    entry_mass_kg: float
    entry_speed_inertial_m_s: float
    entry_fpa_inertial_deg: float
    peak_heat_flux_convective_W_m2: float
    peak_heat_flux_radiative_W_m2: float
    lines: tuple[HeatLine, ...]


@dataclass(frozen=True)
class BudgetLine(_Row):
    """One component's value in a declared budget, with its equipment margin."""

    vehicle: str
    component: str
    name: str
    category: str
    value_si: float
    margin_fraction: float
    predicted_si: float
    origin: str
    """Where the value comes from (file:line, or the expression)."""


@dataclass(frozen=True)
class BudgetMode(_Row):
    """A declared budget in one mode (or its only state): totals against the capacity."""

    mode: str | None
    lines: tuple[BudgetLine, ...]
    basic_si: float
    predicted_si: float
    system_margin_si: float
    with_margin_si: float
    capacity_si: float | None
    margin_fraction: float | None
    """(capacity − with margin) / capacity; ``None`` without a capacity."""
    capacity_origin: str
    """Where the capacity comes from (file:line, or its expression)."""


@dataclass(frozen=True)
class DeclaredBudget(_Row):
    """A budget the mission declares: a property rolled up per mode against capacities."""

    id: str
    name: str
    scope: str
    property: str
    unit_si: str
    margin_rule: str
    """How equipment margins are chosen (``policy``, ``20 %``, by category, ``none``)."""
    system_margin_fraction: float
    modes: tuple[BudgetMode, ...]
    source: str

    def name_key(self) -> str:
        """``power.otv``: the budget's name on the command line and in reports."""
        return f"{self.id}.{self.scope}"


@dataclass(frozen=True)
class LoopEvidence(_Row):
    """How a coupled loop of the graph converged."""

    nodes: tuple[str, ...]
    iterations: int
    residual_history: tuple[float, ...]


@dataclass(frozen=True)
class Budgets(_Row):
    """All budgets of a mission, evaluated together over one graph."""

    mission: str
    mass: MassBudget
    delta_v: DeltaVBudget
    propellant: PropellantBudget
    heat: HeatBudget | None
    loops: tuple[LoopEvidence, ...]
    declared: tuple[DeclaredBudget, ...] = ()
    """The budgets the mission declares (power, data, ...), in file order."""
