"""Requirement types: identifiers, methods, criteria and their margin, the requirement set.

A requirement is a "shall" statement with a level, parents (its derivation trace), the
model elements it is allocated to, a verification method and, when it is verified
automatically, a :class:`Criterion` over a node of the dependency graph::

    criterion:
      quantity: entry.monte_carlo.peak_heat_flux_total
      statistic: {percentile: 99.87}
      comparator: "<="
      limit: "= capsule.heat_shield.max_heat_flux"
      required_margin: "20 %"

The margin of a criterion is defined once, by :func:`margin`, so that the runner and the
reports agree on it.

Sources
-------
- [SEH] NASA Systems Engineering Handbook, NASA/SP-2016-6105 Rev 2, section 5.3 and
  appendix D: verification methods test, analysis, inspection, demonstration.
- [ECSS] ECSS-E-ST-10-02C, "Verification": methods test, analysis, review of design,
  inspection; stages qualification, acceptance, pre-launch, in-orbit, post-landing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from okaeri import units
from okaeri.errors import Location
from okaeri.model.base import ElementId, OkaeriModel, bounded
from okaeri.model.margins import Assessment, Comparator, assess, margin, satisfies
from okaeri.model.yaml_source import PathKey, SourceDocument
from okaeri.requirements.ids import DEFAULT_ID_PATTERN, id_pattern_from_context
from okaeri.units import AnyQuantity, Percentage, within

__all__ = [
    "OWN_EVIDENCE_METHODS",
    "Assessment",
    "Comparator",
    "Criterion",
    "ElementRef",
    "GraphKey",
    "Level",
    "Limit",
    "Method",
    "NodeRef",
    "Origin",
    "Requirement",
    "RequirementId",
    "RequirementSet",
    "RequirementsFile",
    "Stage",
    "Statistic",
    "StatisticKind",
    "Text",
    "assess",
    "bounded",
    "identifier_type",
    "margin",
    "satisfies",
]

REQUIREMENT_ID_PATTERN = DEFAULT_ID_PATTERN.pattern
GRAPH_KEY_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
ELEMENT_REF_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"


def identifier_type(pattern: str, what: str, example: str, description: str) -> Any:
    """Metadata for ``Annotated[str, *identifier_type(...)]``: an id checked against
    ``pattern``, with an ``okaeri.invalid_id`` message naming ``what`` and ``example``,
    and a JSON Schema with the pattern and ``description``."""
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if regex.match(value) is None:
            raise PydanticCustomError(
                "okaeri.invalid_id",
                "expected {what} like '{example}', got '{found}'",
                {"what": what, "example": example, "found": value},
            )
        return value

    return (
        AfterValidator(check),
        WithJsonSchema({"type": "string", "pattern": pattern, "description": description,
                        "examples": [example]}),
    )


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("okaeri.invalid_value", "expected a text, got nothing")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
"""A text that is not empty or only white space."""


def _check_requirement_id(value: str, info: ValidationInfo) -> str:
    pattern = id_pattern_from_context(info.context)
    if pattern.matches(value):
        return value
    if pattern.is_default:
        raise PydanticCustomError(
            "okaeri.invalid_id", "expected a requirement id like '{example}', got '{found}'",
            {"example": pattern.example, "found": value})
    raise PydanticCustomError(
        "okaeri.invalid_id",
        "expected a requirement id like '{example}' (the mission's id pattern {pattern}), "
        "got '{found}'", {"example": pattern.example, "pattern": pattern.pattern,
                          "found": value})


RequirementId = Annotated[
    str,
    AfterValidator(_check_requirement_id),
    WithJsonSchema({"type": "string", "pattern": REQUIREMENT_ID_PATTERN,
                    "description": "requirement id: by default 2 to 5 capital letters, '-', "
                    "3 digits and an optional capital letter (e.g. 'CAP-010', 'SYS-020A'); "
                    "a mission may set its own pattern in requirements/settings.yaml",
                    "examples": ["CAP-010"]}),
]
"""Identifier of a requirement (``CAP-010``, ``CAP-041``, ``SYS-020A``), checked against
the mission's id pattern when loading passes one as validation context
(:mod:`okaeri.requirements.ids`), else against :data:`REQUIREMENT_ID_PATTERN`."""

GraphKey = Annotated[
    str,
    *identifier_type(GRAPH_KEY_PATTERN, "a graph node key", "entry.nominal.peak_deceleration",
                 "key of a node of the dependency graph: dot-separated lower-case names "
                 "(e.g. 'budget.mass.launch')"),
]
"""Key of a node of the dependency graph (``budget.mass.launch``)."""

ElementRef = Annotated[
    str,
    *identifier_type(ELEMENT_REF_PATTERN, "a model element id", "capsule.heat_shield",
                 "id of a model element: a vehicle ('capsule'), or a component or section "
                 "of it ('capsule.heat_shield')"),
]
"""A model element a requirement is allocated to: ``capsule``, ``capsule.heat_shield``."""


class Level(StrEnum):
    """Level of a requirement in the specification tree, from the top down."""

    MISSION = "mission"
    SYSTEM = "system"
    SEGMENT = "segment"
    SUBSYSTEM = "subsystem"
    COMPONENT = "component"

    @property
    def rank(self) -> int:
        """0 for ``mission`` down to 4 for ``component``."""
        return list(Level).index(self)


class Method(StrEnum):
    """Verification method [SEH]; ``review_of_design`` is ECSS's fourth method [ECSS].

    ``test``: scientific procedures determine properties or capabilities;
    ``analysis``: technical or mathematical models and simulations give the evidence;
    ``inspection``: non-destructive examination, gauging and measurement;
    ``demonstration``: actual operation under specific scenarios;
    ``review_of_design``: review of design documents and drawings.
    """

    TEST = "test"
    ANALYSIS = "analysis"
    INSPECTION = "inspection"
    DEMONSTRATION = "demonstration"
    REVIEW_OF_DESIGN = "review_of_design"


OWN_EVIDENCE_METHODS = frozenset({Method.TEST, Method.INSPECTION, Method.DEMONSTRATION,
                                  Method.REVIEW_OF_DESIGN})
"""Methods a requirement's own evidence must close (its derived requirements' passes do
not): an evidence record of the method, or for ``test`` a marked pytest test."""


class Stage(StrEnum):
    """Verification stage [ECSS]: when in the life cycle the verification happens."""

    QUALIFICATION = "qualification"
    ACCEPTANCE = "acceptance"
    PRE_LAUNCH = "pre_launch"
    IN_ORBIT = "in_orbit"
    POST_LANDING = "post_landing"


class StatisticKind(StrEnum):
    """A statistic that is not a percentile."""

    MAX = "max"
    MIN = "min"
    MEAN = "mean"


class Statistic(OkaeriModel):
    """How the samples of a Monte Carlo quantity reduce to one value.

    Either ``{percentile: 99.87}`` (optionally with ``confidence: "90 %"``) or
    ``{kind: max}`` (``max``, ``min``, ``mean``). A percentile is judged on a one-sided
    confidence bound from order statistics (:mod:`okaeri.core.statistics`): the
    upper bound for a maximum limit, the lower bound for a minimum limit.
    """

    percentile: Annotated[float, *bounded("a percentile above 0 and below 100", 1e-9,
                                          100.0 - 1e-9)] | None = None
    """Percentile of the samples, strictly between 0 and 100 (``99.87`` is the 3-sigma
    upper tail)."""
    confidence: Annotated[Percentage, *within(ge="50 %", lt="100 %")] = units.Quantity(
        90.0, "percent")
    """Confidence of the percentile's bound (``"90 %"``); from 50 % to below 100 %."""
    kind: StatisticKind | None = None
    """``max``, ``min`` or ``mean`` of the samples."""

    @model_validator(mode="after")
    def _one_of(self) -> Statistic:
        if (self.percentile is None) == (self.kind is None):
            raise PydanticCustomError(
                "okaeri.invalid_value",
                "a statistic is either {percentile: P} or {kind: max|min|mean}, got "
                "{found}", {"found": "both" if self.kind is not None else "neither"})
        return self

    def describe(self) -> str:
        """Short label: ``P99.87``, ``max``."""
        if self.kind is not None:
            return str(self.kind)
        return f"P{self.percentile:g}"

    @property
    def confidence_si(self) -> float:
        """The confidence as a fraction (0.9 for ``"90 %"``)."""
        return units.si(self.confidence)


class NodeRef(str):
    """A limit that is the value of a graph node: written ``"= capsule.heat_shield.x"``.

    The string is the node key (without ``=``); it serialises back with the ``=``.
    """

    __slots__ = ()

    @property
    def key(self) -> str:
        """The graph node key."""
        return str(self)


_GRAPH_KEY = re.compile(GRAPH_KEY_PATTERN)


def _validate_limit(value: Any) -> AnyQuantity | NodeRef:
    if isinstance(value, NodeRef):
        return value
    if isinstance(value, units.Quantity):
        quantity: AnyQuantity = value
    elif isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PydanticCustomError(
            "okaeri.not_a_quantity",
            "expected a limit with its unit (e.g. '50 g0') or '= <graph node key>', got "
            "{found}", {"found": "nothing" if value is None else type(value).__name__})
    elif isinstance(value, str) and value.lstrip().startswith("="):
        key = units.OPEN_VALUE_MARKER.sub("", value.lstrip()[1:]).strip()
        if _GRAPH_KEY.match(key) is None:
            raise PydanticCustomError(
                "okaeri.invalid_value",
                "expected a graph node key after '=' (e.g. '= capsule.heat_shield."
                "max_heat_flux'), got '{found}'", {"found": key})
        return NodeRef(key)
    elif isinstance(value, str):
        try:
            quantity = units.parse_quantity(value)
        except ValueError as exc:
            raise PydanticCustomError(
                "okaeri.not_a_quantity",
                "expected a limit with its unit (e.g. '50 g0') or '= <graph node key>', "
                "got {found}", {"found": str(exc)}) from None
    else:
        quantity = units.Quantity(float(value), units.ureg.dimensionless)
    if not math.isfinite(float(quantity.magnitude)):
        raise PydanticCustomError("okaeri.not_a_quantity",
                                  "expected a finite limit, got '{found}'", {"found": value})
    return quantity


def _serialise_limit(value: AnyQuantity | NodeRef) -> str:
    if isinstance(value, NodeRef):
        return f"= {value}"
    return units.format_quantity(value)


Limit = Annotated[
    Any,
    PlainValidator(_validate_limit),
    PlainSerializer(_serialise_limit, return_type=str),
    WithJsonSchema({
        "anyOf": [
            {"type": "number"},
            {"type": "string", "description": "a quantity with its unit (e.g. '50 g0', "
             "'1600 kg'), or '= ' and the key of a graph node (e.g. '= capsule.heat_shield."
             "max_heat_flux')", "examples": ["50 g0", "= capsule.heat_shield.max_heat_flux"]},
        ]
    }),
]
"""A criterion's limit: a quantity (``"50 g0"``) or a graph node (:class:`NodeRef`)."""


class Criterion(OkaeriModel):
    """An automated pass/fail rule: a graph quantity compared with a limit, with a margin."""

    quantity: GraphKey
    """Graph node whose value is checked (``entry.nominal.peak_deceleration``)."""
    statistic: Statistic | None = None
    """Reduction of a per-sample quantity (a Monte Carlo output) to one value; required
    for those and only for those (checked against the graph when the mission loads)."""
    comparator: Comparator
    """``<=``, ``<``, ``>=`` or ``>``."""
    limit: Limit
    """A quantity with its unit (``"50 g0"``) or ``"= <graph node key>"``."""
    required_margin: Percentage = units.Quantity(0.0, "percent")
    """Margin the value must keep from the limit (:func:`margin`), e.g. ``"20 %"``."""

    @field_validator("required_margin")
    @classmethod
    def _margin_not_negative(cls, value: AnyQuantity) -> AnyQuantity:
        if units.si(value) < 0.0:
            raise PydanticCustomError(
                "okaeri.invalid_value", "expected a required margin of 0 % or more, got "
                "'{found}'", {"found": units.format_quantity(value)})
        return value

    @property
    def limit_key(self) -> str | None:
        """The graph node key of the limit, or ``None`` for a quantity limit."""
        return self.limit.key if isinstance(self.limit, NodeRef) else None

    @property
    def required_margin_si(self) -> float:
        """The required margin as a fraction (0.2 for ``"20 %"``)."""
        return units.si(self.required_margin)

    def assess(self, value_si: float, limit_si: float) -> Assessment:
        """Compare an SI value with the SI limit (see :func:`assess`)."""
        return assess(value_si, limit_si, self.comparator, self.required_margin_si)

    def describe(self) -> str:
        """One line: ``P99.87(entry.monte_carlo.x) <= capsule.y (margin 20 %)``."""
        subject = self.quantity
        if self.statistic is not None:
            subject = f"{self.statistic.describe()}({subject})"
        limit = self.limit.key if isinstance(self.limit, NodeRef) else _serialise_limit(
            self.limit)
        text = f"{subject} {self.comparator} {limit}"
        if self.required_margin_si:
            text += f" (margin {units.format_quantity(self.required_margin)})"
        return text


_SHALL = re.compile(r"\bshall\b", re.IGNORECASE)


def _method_or_methods(schema: dict[str, Any]) -> None:
    """JSON Schema: ``method: x`` (one) besides ``methods: [x, y]``, not both."""
    properties = schema.setdefault("properties", {})
    methods = properties.get("methods", {})
    method_ref = methods.get("items", {"type": "string"})
    properties["method"] = {**method_ref, "description": "one verification method: the "
                            "same as 'methods: [<method>]' (give 'method' or 'methods')"}
    schema["not"] = {"required": ["method", "methods"]}


class Requirement(OkaeriModel):
    """A requirement: one "shall" statement, its trace, allocation and verification."""

    model_config = ConfigDict(**OkaeriModel.model_config,
                              json_schema_extra=_method_or_methods)

    id: RequirementId
    """Identifier (``CAP-010``); also the requirement's key in the graph and reports."""
    title: Text
    """Short name (``Peak heat flux``)."""
    text: str
    """The requirement statement; it contains "shall"."""
    rationale: str
    """Why the requirement exists and why its numbers are what they are."""
    source: str = ""
    """Where it comes from: a document and paragraph, a parent analysis, "assumption"."""
    level: Level
    """Level in the specification tree (``mission`` ... ``component``)."""
    parents: tuple[RequirementId, ...] = ()
    """Requirements this one is derived from (the derivation trace)."""
    allocated_to: tuple[ElementRef, ...] = ()
    """Model elements responsible for meeting it (``capsule``, ``capsule.heat_shield``)."""
    methods: tuple[Method, ...] = ()
    """Verification methods, each closed by its own means: ``test``, ``analysis``,
    ``inspection``, ``demonstration`` (NASA SEH) or ``review_of_design`` (ECSS); e.g.
    ``methods: [analysis, test]``: the requirement is closed only when both are. The
    single form ``method: analysis`` is read as a list of one."""
    stage: Stage = Stage.QUALIFICATION
    """Verification stage (ECSS): ``qualification``, ``acceptance``, ``pre_launch``,
    ``in_orbit``, ``post_landing``."""
    phases: tuple[ElementId, ...] = ()
    """Mission phases it applies to (phase ids); none: the whole mission."""
    criterion: Criterion | None = None
    """Automated pass/fail rule over a graph quantity, for automated verification."""
    notes: str = ""
    """Open points, history of changes."""
    attributes: dict[Annotated[str, AfterValidator(_not_blank)], str] = Field(
        default_factory=dict)
    """Attributes with no okaeri field, kept as ``{name: text}`` (``STATUS: Draft``): what a
    requirement brought from another tool (ReqIF, a spreadsheet) carried beyond okaeri's
    fields. okaeri reads none of them; interchange writes them back out."""

    @model_validator(mode="before")
    @classmethod
    def _one_method_or_several(cls, data: Any) -> Any:
        """``method: x`` is ``methods: [x]``; a single ``methods: x`` is a list of one."""
        if not isinstance(data, dict):
            return data
        if "method" in data:
            if "methods" in data:
                raise PydanticCustomError(
                    "okaeri.invalid_value", "give either 'method' (one) or 'methods' (a "
                    "list), not both; found method {one!r} and methods {several!r}",
                    {"one": data["method"], "several": data["methods"]})
            one = data["method"]
            data = {k: v for k, v in data.items() if k != "method"}
            data["methods"] = () if one is None else (one,)
        elif isinstance(data.get("methods"), str):
            data = dict(data, methods=(data["methods"],))
        return data

    @field_validator("methods")
    @classmethod
    def _methods_once(cls, value: tuple[Method, ...]) -> tuple[Method, ...]:
        repeated = sorted({str(m) for m in value if value.count(m) > 1})
        if repeated:
            raise PydanticCustomError(
                "okaeri.invalid_value", "expected each verification method once, got "
                "{found} more than once", {"found": ", ".join(repeated)})
        return value

    @property
    def method(self) -> Method | None:
        """The first of :attr:`methods` (``None`` without one): for code that knows
        one method only. Prefer :attr:`methods`."""
        return self.methods[0] if self.methods else None

    @field_validator("text")
    @classmethod
    def _has_shall(cls, value: str) -> str:
        if _SHALL.search(value) is None:
            shown = value if len(value) <= 60 else value[:57] + "..."
            raise PydanticCustomError(
                "okaeri.no_shall", "expected a statement with 'shall', got '{found}'",
                {"found": shown})
        return value


class RequirementsFile(OkaeriModel):
    """One YAML file of a mission's ``requirements/`` folder."""

    requirements: tuple[Requirement, ...] = ()
    """The requirements defined in this file."""


@dataclass(frozen=True)
class Origin:
    """Where an item was read: a document and the path of the item inside it."""

    document: SourceDocument | None
    """The parsed file, or ``None`` for an item built in code."""
    path: PathKey
    """Path of the item inside the document (``("requirements", 3)``)."""
    label: str = ""
    """What to call the item when there is no document (its id)."""

    def where(self) -> str:
        """Short form for messages: ``file:line``, or the item's label without a file."""
        location = self.location()
        return f"{location.file}:{location.line}" if location.file else self.label

    def location(self, *extra: str | int) -> Location:
        """Location of the item, or of the value at ``extra`` inside it."""
        if self.document is None:
            return Location(path=".".join([self.label, *(str(e) for e in extra)]).strip("."))
        return self.document.location((*self.path, *extra))


class RequirementSet:
    """All requirements of a mission, with where each was read, and trace navigation.

    Iteration, ``len`` and look-up see each id once (its first definition); the
    duplicates, which :func:`okaeri.requirements.trace.check_trace` reports, stay in
    :attr:`entries`. Parents that do not exist are ignored by the navigation methods.
    """

    def __init__(self, requirements: Iterable[Requirement] = (),
                 origins: Iterable[Origin] | None = None) -> None:
        items = tuple(requirements)
        where = tuple(origins) if origins is not None else tuple(
            Origin(None, (), r.id) for r in items)
        if len(where) != len(items):
            raise ValueError("one origin per requirement is needed")
        self.entries: tuple[tuple[Requirement, Origin], ...] = tuple(zip(items, where,
                                                                         strict=True))
        self._by_id: dict[str, tuple[Requirement, Origin]] = {}
        for requirement, origin in self.entries:
            self._by_id.setdefault(requirement.id, (requirement, origin))
        self._children: dict[str, list[str]] = {i: [] for i in self._by_id}
        for requirement, _ in self._by_id.values():
            for parent in dict.fromkeys(requirement.parents):
                if parent in self._children and requirement.id not in self._children[parent]:
                    self._children[parent].append(requirement.id)

    def __iter__(self) -> Iterator[Requirement]:
        return (requirement for requirement, _ in self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, requirement_id: object) -> bool:
        return requirement_id in self._by_id

    def __getitem__(self, requirement_id: str) -> Requirement:
        return self._by_id[requirement_id][0]

    def __repr__(self) -> str:
        return f"RequirementSet({len(self)} requirements)"

    def get(self, requirement_id: str) -> Requirement | None:
        """The requirement called ``requirement_id``, or ``None``."""
        entry = self._by_id.get(requirement_id)
        return entry[0] if entry else None

    @property
    def ids(self) -> tuple[str, ...]:
        """Every id, in the order of the files."""
        return tuple(self._by_id)

    def origin(self, requirement_id: str) -> Origin:
        """Where the requirement was (first) defined."""
        return self._by_id[requirement_id][1]

    def location(self, requirement_id: str, *extra: str | int) -> Location:
        """Location of a requirement, or of one of its keys (``"criterion", "limit"``)."""
        return self.origin(requirement_id).location(*extra)

    def parents_of(self, requirement_id: str) -> tuple[Requirement, ...]:
        """The existing parents of a requirement, in the order listed."""
        parents = dict.fromkeys(self[requirement_id].parents)
        return tuple(self[p] for p in parents if p in self._by_id)

    def children_of(self, requirement_id: str) -> tuple[Requirement, ...]:
        """The requirements that list this one as a parent, in file order."""
        return tuple(self[c] for c in self._children[requirement_id])

    def ancestors(self, requirement_id: str) -> tuple[Requirement, ...]:
        """Every requirement above this one (parents first); safe with cycles."""
        return self._walk(requirement_id, lambda i: [p.id for p in self.parents_of(i)])

    def descendants(self, requirement_id: str) -> tuple[Requirement, ...]:
        """Every requirement derived from this one (children first); safe with cycles."""
        return self._walk(requirement_id, lambda i: self._children[i])

    def _walk(self, start: str,
              step: Callable[[str], Iterable[str]]) -> tuple[Requirement, ...]:
        seen: dict[str, None] = {}  # insertion-ordered set
        queue = list(step(start))
        while queue:
            current = queue.pop(0)
            if current in seen or current == start:
                continue
            seen[current] = None
            queue += step(current)
        return tuple(self[i] for i in seen)

    def is_leaf(self, requirement_id: str) -> bool:
        """Whether no requirement is derived from this one."""
        return not self._children[requirement_id]

    def leaves(self) -> tuple[Requirement, ...]:
        """Requirements no other requirement derives from (verified directly)."""
        return tuple(r for r in self if not self._children[r.id])

    def roots(self) -> tuple[Requirement, ...]:
        """Requirements with no existing parent (top of the trace)."""
        return tuple(r for r in self if not self.parents_of(r.id))

    def at_level(self, level: Level | str) -> tuple[Requirement, ...]:
        """Requirements of one level."""
        return tuple(r for r in self if r.level == Level(level))

    def allocated_to(self, element: str) -> tuple[Requirement, ...]:
        """Requirements allocated to ``element`` or to an element inside it
        (``capsule`` also finds ``capsule.heat_shield``)."""
        return tuple(r for r in self if any(
            a == element or a.startswith(element + ".") for a in r.allocated_to))

    def with_criterion(self) -> tuple[Requirement, ...]:
        """Requirements verified automatically (they have a criterion)."""
        return tuple(r for r in self if r.criterion is not None)
