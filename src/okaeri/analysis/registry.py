"""Analyses with declared ports, and where they come from.

An analysis is a Python callable with declared ports: inputs (each with its unit), outputs
(each with its unit, optionally one value per Monte Carlo sample) and, optionally, a
settings model. It is registered by name: okaeri's own, a package's through the
``okaeri.analyses`` entry point, or a mission's own from the Python modules in its
``analyses/`` folder. A mission's module runs the team's code when the mission is loaded,
as pytest runs a ``conftest.py``: load only missions you trust. ::

    from okaeri.analysis import Port, analysis

    @analysis("link.downlink",
              inputs={"transmit_power": Port("W"), "antenna_gain": Port("dB")},
              outputs={"eirp": Port("dB")})
    def downlink(transmit_power: float, antenna_gain: float) -> dict[str, float]:
        return {"eirp": 10 * math.log10(transmit_power) + antenna_gain}

The callable receives each input in its port's unit (declare SI units to get SI values),
as keyword arguments, and ``settings=`` (the validated settings model) when it declares
settings; it returns a mapping of output values in the output ports' units.

A verification activity names the analysis, binds its inputs to graph keys or constants,
and gives its settings; the outputs become graph nodes ``<instance>.<output>``. An
analysis's result is cached by its identity (name, version, settings, code fingerprint)
and its input values: nothing else can change it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from okaeri.errors import Finding, Location, did_you_mean
from okaeri.model.load import ANALYSES_DIR
from okaeri.units import parse_quantity, si, unit_kind

if TYPE_CHECKING:
    from okaeri.model import Mission

__all__ = [
    "ENTRY_POINT_GROUP",
    "MISSION_ANALYSES_DIR",
    "Analysis",
    "Binding",
    "Keeps",
    "Port",
    "Registry",
    "analysis",
]

ENTRY_POINT_GROUP = "okaeri.analyses"
"""Entry point group under which packages publish :class:`Analysis` objects."""
MISSION_ANALYSES_DIR = ANALYSES_DIR
"""Folder of a mission whose ``*.py`` modules define the mission's own analyses."""


@dataclass(frozen=True)
class Port:
    """An input or output of an analysis: its unit, what it is, and whether it holds one
    value per Monte Carlo sample (outputs only)."""

    unit: str
    """Unit the callable receives or returns the value in (``"W"``, ``"km"``, ``"dB"``,
    ``""`` for a plain number)."""
    description: str = ""
    """What the value is."""
    samples: bool = False
    """An output with one value per sample (an array); criteria read it through a
    statistic."""

    def factor(self) -> float:
        """SI value of one unit of this port (``1000`` for ``"km"``)."""
        return si(parse_quantity(f"1 {self.unit}")) if self.unit else 1.0

    def kind(self) -> str:
        """What the unit measures (:func:`okaeri.units.unit_kind`)."""
        return unit_kind(parse_quantity(f"1 {self.unit}").units) if self.unit else "[]"


Keeps = Literal["history", "dispersion"]
"""What a verification run keeps of an analysis's outputs for plots:

- ``"history"``: one trajectory against time, outputs ``time``, ``altitude``,
  ``speed_relative``, ``heat_flux_total`` and ``deceleration`` (and the details
  ``peak_heat_flux_total``, ``peak_deceleration``);
- ``"dispersion"``: one value per sample for every output, including ``deployed``,
  ``deploy_latitude``/``deploy_longitude`` and ``landing_latitude``/``landing_longitude``,
  with inputs ``target_latitude`` and ``target_longitude``.
"""

AnalysisCall = Callable[[Mapping[str, float]], Mapping[str, Any]]
"""Input values (SI) by port name in, output values (SI) by output name out."""


@dataclass(frozen=True)
class Binding:
    """An analysis wired into a mission: the graph key feeding each input port, its output
    ports, and the call that computes the outputs from SI input values."""

    inputs: Mapping[str, str]
    """Graph key feeding each input port."""
    outputs: Mapping[str, Port]
    """Output ports (for most analyses, the declared ones)."""
    call: AnalysisCall
    """SI input values by port name in, SI outputs by name out."""
    settings: Any = None
    """The settings, JSON-ready (part of the cache key)."""


@dataclass(frozen=True)
class Analysis:
    """A registered analysis: a callable with declared ports (see the module docstring)."""

    name: str
    """Registered name (``entry.nominal``, ``link.downlink``); the default instance key."""
    compute: Callable[..., Mapping[str, Any]]
    """The callable: port values as keyword arguments (and ``settings=``), outputs out."""
    inputs: Mapping[str, Port]
    """Declared input ports."""
    outputs: Mapping[str, Port]
    """Declared output ports."""
    settings: type[BaseModel] | None = None
    """Pydantic model of the settings an activity gives it (``None``: no settings)."""
    version: str = "1"
    """Raised by the author when results change for the same inputs (cache key)."""
    description: str = ""
    """What it computes, with its model and source."""
    lazy: bool = False
    """Run only when a requirement or a report asks for one of its outputs."""
    concurrent: bool = False
    """Run on a worker thread beside the rest of an evaluation: for an analysis that spends
    its time in compiled code releasing the GIL (numba's ``nogil``), and whose function
    touches no shared mutable state (see
    :meth:`~okaeri.graph.DependencyGraph.add_analysis`)."""
    bind: Callable[[Mission, Any], Mapping[str, Binding]] | None = field(default=None,
                                                                           repr=False)
    """okaeri's own analyses: wire the analysis into a mission, given the settings (or
    ``None``): a binding per instance key (none when the mission has nothing for it, e.g.
    no entry phase)."""
    code: str = ""
    """Fingerprint of the source that defines it (a mission module's sha256)."""
    budget: str | None = None
    """The budget it computes a total of (``propellant``), for okaeri's budget analyses: a
    verification activity listing that budget verifies with it."""
    keeps: Keeps | None = None
    """What a verification run keeps of its outputs for the report's plots (see
    :data:`Keeps`); ``None``: only the values its criteria read."""

    def binding(self, inputs: Mapping[str, str], settings: Any = None,
                outputs: Mapping[str, Port] | None = None) -> Binding:
        """The :class:`Binding` that calls :attr:`compute` with ``inputs`` (graph keys by
        port), converting SI values to each port's unit and back."""
        in_factors = {name: port.factor() for name, port in self.inputs.items()}
        ports = outputs if outputs is not None else self.outputs
        out_factors = {name: port.factor() for name, port in ports.items()}
        extra = {"settings": settings} if self.settings is not None else {}
        compute = self.compute

        def call(values: Mapping[str, float]) -> Mapping[str, Any]:
            result = dict(compute(**{k: values[k] / f for k, f in in_factors.items()},
                                  **extra))
            for name, factor in out_factors.items():
                if name in result and factor != 1.0:
                    result[name] = result[name] * factor
            return result

        dumped = settings.model_dump(mode="json") if isinstance(settings, BaseModel) else settings
        return Binding(inputs, ports, call, dumped)


def analysis(name: str, *, inputs: Mapping[str, Port], outputs: Mapping[str, Port],
             settings: type[BaseModel] | None = None, version: str = "1",
             description: str = "", lazy: bool = False, concurrent: bool = False,
             keeps: Keeps | None = None
             ) -> Callable[[Callable[..., Mapping[str, Any]]], Analysis]:
    """Declare an analysis (decorator): the decorated function becomes an
    :class:`Analysis` with these ports. The description defaults to its docstring."""

    def declare(function: Callable[..., Mapping[str, Any]]) -> Analysis:
        return Analysis(name=name, compute=function, inputs=dict(inputs),
                        outputs=dict(outputs), settings=settings, version=version,
                        description=description or inspect.getdoc(function) or "",
                        lazy=lazy, concurrent=concurrent, keeps=keeps)

    return declare


class Registry:
    """Analyses by name: okaeri's own, the installed packages', and a mission's."""

    def __init__(self, analyses: Iterable[Analysis] = ()) -> None:
        self._by_name: dict[str, Analysis] = {}
        self.origins: dict[str, Location] = {}
        for item in analyses:
            self._by_name[item.name] = item

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Analysis]:
        return iter(self._by_name.values())

    def get(self, name: str) -> Analysis | None:
        """The analysis called ``name``, or ``None``."""
        return self._by_name.get(name)

    def hint(self, name: str) -> str:
        """A "did you mean" hint for an unknown name, with the known names."""
        close = did_you_mean(name, self._by_name)
        return f"{close} known analyses: {', '.join(sorted(self._by_name))}".strip()

    def add(self, item: Analysis, origin: Location) -> Finding | None:
        """Register ``item`` (from ``origin``); a finding if the name is taken."""
        if item.name in self._by_name:
            previous = self.origins.get(item.name)
            first = f" (first at {previous})" if previous else " (an analysis of okaeri's)"
            return Finding(origin, "okaeri.duplicate_id",
                           f"analysis '{item.name}' is registered twice{first}",
                           "give the analysis another name")
        self._by_name[item.name] = item
        self.origins[item.name] = origin
        return None

    def with_plugins(self) -> list[Finding]:
        """Add the analyses published under :data:`ENTRY_POINT_GROUP`."""
        from importlib.metadata import entry_points

        findings = []
        for point in entry_points(group=ENTRY_POINT_GROUP):
            origin = Location(f"entry point {point.name} = {point.value}")
            try:
                loaded = point.load()
            except Exception as exc:  # a plugin's import error is reported, not raised
                findings.append(Finding(origin, "okaeri.analysis_module",
                                        f"cannot load analysis: {type(exc).__name__}: {exc}",
                                        "fix or uninstall the package that publishes it"))
                continue
            findings += self._add_found(_analyses_in(loaded), origin)
        return findings

    def with_mission(self, folder: Path) -> list[Finding]:
        """Add the analyses of a mission's ``analyses/*.py`` modules (runs their code)."""
        findings = []
        folder = folder / MISSION_ANALYSES_DIR
        paths = sorted(folder.glob("*.py")) if folder.is_dir() else []
        for path in paths:
            display = f"{MISSION_ANALYSES_DIR}/{path.name}"
            module, finding = _import_module(path, display)
            if finding is not None:
                findings.append(finding)
                continue
            code = hashlib.sha256(path.read_bytes()).hexdigest()
            found = [_with_code(a, code) for a in _analyses_in(module)]
            findings += self._add_found(found, Location(display))
        return findings

    def _add_found(self, found: list[Analysis], origin: Location) -> list[Finding]:
        return [f for a in found if (f := self.add(a, origin)) is not None]


def _with_code(item: Analysis, code: str) -> Analysis:
    from dataclasses import replace

    return replace(item, code=code)


def _analyses_in(value: Any) -> list[Analysis]:
    if isinstance(value, Analysis):
        return [value]
    if isinstance(value, list | tuple):
        return [a for a in value if isinstance(a, Analysis)]
    return [a for a in vars(value).values() if isinstance(a, Analysis)] if hasattr(
        value, "__dict__") else []


def _import_module(path: Path, display: str) -> tuple[Any, Finding | None]:
    name = f"okaeri_mission_{hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]}" \
           f"_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has one
        return None, Finding(Location(display), "okaeri.analysis_module",
                             "cannot import this module", "")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the team's code: any error is a finding, with its line
        sys.modules.pop(name, None)
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if Path(f.filename).resolve() == path.resolve()]
        line = frames[-1].lineno if frames and frames[-1].lineno else 0
        return None, Finding(Location(display, line, 1 if line else 0),
                             "okaeri.analysis_module",
                             f"importing the mission's analysis module failed: "
                             f"{type(exc).__name__}: {exc}",
                             "fix the module; it runs when the mission is loaded")
    return module, None
