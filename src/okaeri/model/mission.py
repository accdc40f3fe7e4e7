"""The mission: one model file's sections, and the whole mission they make together."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from pydantic import PrivateAttr

from okaeri.errors import Location
from okaeri.model.base import OkaeriModel
from okaeri.model.components import Component
from okaeri.model.phases import AnyPhase, ManoeuvrePhase, OperationsPhase, Stack, Trajectory
from okaeri.model.policy import MarginPolicy
from okaeri.model.vehicles import AnyVehicle, Capsule, Otv


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


class ModelFile(OkaeriModel):
    """One YAML file of a mission's ``model/`` folder; every section is optional.

    The files of a folder together must hold one ``mission`` section, and the phases
    of the mission in one file, in flight order.
    """

    mission: MissionHeader | None = None
    """The mission header (in exactly one file)."""
    vehicles: tuple[AnyVehicle, ...] = ()
    """Vehicles defined in this file."""
    stacks: tuple[Stack, ...] = ()
    """Stacks defined in this file."""
    phases: tuple[AnyPhase, ...] = ()
    """Mission phases in flight order (in one file)."""


class Mission(OkaeriModel):
    """A whole mission, merged from its model files and checked across them."""

    header: MissionHeader
    """Name, description, policy and trajectory."""
    vehicles: tuple[AnyVehicle, ...]
    """All vehicles."""
    stacks: tuple[Stack, ...]
    """All stacks."""
    phases: tuple[AnyPhase, ...]
    """Phases in flight order."""
    _sources: Mapping[str, Location] = PrivateAttr(default_factory=dict)

    def with_sources(self, sources: Mapping[str, Location]) -> Mission:
        """This mission, remembering where each value was read (set by the loader)."""
        self._sources = MappingProxyType(dict(sources))
        return self

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
        return self._sources.get(path)

    @property
    def name(self) -> str:
        """Name of the mission."""
        return self.header.name

    def vehicle(self, vehicle_id: str) -> AnyVehicle:
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

    @property
    def otv(self) -> Otv:
        """The mission's orbital transfer vehicle."""
        return next(v for v in self.vehicles if isinstance(v, Otv))

    @property
    def capsule(self) -> Capsule:
        """The mission's return capsule."""
        return next(v for v in self.vehicles if isinstance(v, Capsule))

    def components(self) -> Iterator[tuple[AnyVehicle, Component]]:
        """Every component with its vehicle, in file order."""
        for vehicle in self.vehicles:
            for component in vehicle.components:
                yield vehicle, component
