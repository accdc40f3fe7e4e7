"""Typed models of the mission (pydantic, pint quantities), and loading them from YAML.

Data and validation only: no physics. Derived values (``"= ..."`` expressions) are kept
as text and evaluated by :mod:`okaeri.graph`.
"""

from okaeri.model.budgets import BudgetDeclaration
from okaeri.model.components import Component, EquipmentCategory, Maturity, Subsystem
from okaeri.model.load import load_mission, reference_mission_path
from okaeri.model.mission import Mission, MissionHeader, ModelFile
from okaeri.model.phases import (
    AllocatedDeltaV,
    ComputedDeltaV,
    DescentPhase,
    EntryPhase,
    LaunchPhase,
    Leg,
    ManoeuvrePhase,
    MassEventPhase,
    OperationsPhase,
    Stack,
    Trajectory,
)
from okaeri.model.policy import AiaaPolicy, EsaPolicy, growth_fraction
from okaeri.model.vehicles import (
    Aeroshell,
    HeatShield,
    Parachute,
    Propulsion,
    SampleCanister,
    Vehicle,
)

__all__ = [
    "Aeroshell",
    "AiaaPolicy",
    "AllocatedDeltaV",
    "BudgetDeclaration",
    "Component",
    "ComputedDeltaV",
    "DescentPhase",
    "EntryPhase",
    "EquipmentCategory",
    "EsaPolicy",
    "HeatShield",
    "LaunchPhase",
    "Leg",
    "ManoeuvrePhase",
    "MassEventPhase",
    "Maturity",
    "Mission",
    "MissionHeader",
    "ModelFile",
    "OperationsPhase",
    "Parachute",
    "Propulsion",
    "SampleCanister",
    "Stack",
    "Subsystem",
    "Trajectory",
    "Vehicle",
    "growth_fraction",
    "load_mission",
    "reference_mission_path",
]
