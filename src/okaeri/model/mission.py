"""The mission: one model file's sections, and the whole mission they make together."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from pydantic import PrivateAttr

from okaeri.errors import Finding, Location, LocationFields
from okaeri.model.base import ElementId, OkaeriModel
from okaeri.model.budgets import BudgetDeclaration
from okaeri.model.components import Component
from okaeri.model.phases import AnyPhase, ManoeuvrePhase, OperationsPhase, Stack, Trajectory
from okaeri.model.policy import MarginPolicy
from okaeri.model.vehicles import Vehicle


class MissionHeader(OkaeriModel):
    """What the mission is and the policy its budgets follow."""

    name: str
    """Name of the mission (``LSR-1``)."""
    description: str = ""
    """One paragraph on the mission."""
    policy: MarginPolicy
    """Mass growth and margin policy (``kind: esa`` or ``kind: aiaa``)."""
    trajectory: Trajectory
    """The trajectory design."""
    modes: tuple[ElementId, ...] = ()
    """Operating modes of the vehicles (``cruise``, ``main_engine_burn``, ``safe``); each
    phase states the mode of each vehicle, and per-mode properties use these names."""


class ModelFile(OkaeriModel):
    """One YAML file of a mission's ``model/`` folder; every section is optional.

    The files of a folder together must hold one ``mission`` section, and the phases
    of the mission in one file, in flight order.
    """

    mission: MissionHeader | None = None
    """The mission header (in exactly one file)."""
    vehicles: tuple[Vehicle, ...] = ()
    """Vehicles defined in this file."""
    stacks: tuple[Stack, ...] = ()
    """Stacks defined in this file."""
    phases: tuple[AnyPhase, ...] = ()
    """Mission phases in flight order (in one file)."""
    budgets: tuple[BudgetDeclaration, ...] = ()
    """Budgets declared in this file (power, data, ...); mass budgets are okaeri's own."""


class Mission(OkaeriModel):
    """A whole mission, merged from its model files and checked across them."""

    header: MissionHeader
    """Name, description, policy and trajectory."""
    vehicles: tuple[Vehicle, ...]
    """All vehicles."""
    stacks: tuple[Stack, ...]
    """All stacks."""
    phases: tuple[AnyPhase, ...]
    """Phases in flight order."""
    budgets: tuple[BudgetDeclaration, ...] = ()
    """Declared budgets, from every file."""
    _sources: Mapping[str, LocationFields] = PrivateAttr(default_factory=dict)
    _warnings: tuple[Finding, ...] = PrivateAttr(default=())

    def with_sources(self, sources: Mapping[str, LocationFields]) -> Mission:
        """This mission, remembering where each value was read (set by the loader)."""
        self._sources = MappingProxyType(dict(sources))
        return self

    def with_warnings(self, warnings: tuple[Finding, ...]) -> Mission:
        """This mission, remembering the warnings found while loading it."""
        self._warnings = warnings
        return self

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Warnings found while loading (deprecated keys, ...), sorted."""
        return self._warnings

    def __eq__(self, other: object) -> bool:
        """Equal when the model values are equal, wherever they were read from."""
        if not isinstance(other, Mission):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in type(self).model_fields)

    __hash__ = None  # type: ignore[assignment]

    def burns(self) -> list[ManoeuvrePhase | OperationsPhase]:
        """Phases that spend delta-v, in flight order."""
        return [p for p in self.phases
                if isinstance(p, ManoeuvrePhase | OperationsPhase) and p.delta_v is not None]

    def source_of(self, path: str) -> Location | None:
        """File, line and column of the value at ``path`` (``capsule.aeroshell.diameter``),
        or ``None`` for a value that was not read from a file (a default)."""
        fields = self._sources.get(path)
        return None if fields is None else Location(*fields)

    @property
    def name(self) -> str:
        """Name of the mission."""
        return self.header.name

    def vehicle(self, vehicle_id: str) -> Vehicle:
        """The vehicle called ``vehicle_id``; :class:`KeyError` if there is none."""
        for vehicle in self.vehicles:
            if vehicle.id == vehicle_id:
                return vehicle
        raise KeyError(vehicle_id)

    def stack(self, stack_id: str) -> Stack:
        """The stack called ``stack_id``; :class:`KeyError` if there is none."""
        for stack in self.stacks:
            if stack.id == stack_id:
                return stack
        raise KeyError(stack_id)

    def components(self) -> Iterator[tuple[Vehicle, Component]]:
        """Every component with its vehicle, in file order."""
        for vehicle in self.vehicles:
            for component in vehicle.components:
                yield vehicle, component
