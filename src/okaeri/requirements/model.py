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

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import (
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from okaeri.errors import Location
from okaeri.model.base import ElementId, OkaeriModel, bounded
from okaeri.model.margins import Assessment, Comparator, assess, margin, satisfies
from okaeri.model.yaml_source import PathKey, SourceDocument
from okaeri.requirements.criteria import Criterion
from okaeri.requirements.ids import (
    ElementRef,
    RequirementId,
    Text,
)

__all__ = [
    "OWN_EVIDENCE_METHODS",
    "Assessment",
    "Comparator",
    "Level",
    "Method",
    "Origin",
    "Requirement",
    "RequirementSet",
    "RequirementsFile",
    "Stage",
    "assess",
    "bounded",
    "margin",
    "satisfies",
]

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
    attributes: dict[Text, str] = Field(
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
