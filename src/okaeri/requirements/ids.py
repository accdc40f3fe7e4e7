"""The pattern requirement ids follow, per mission.

okaeri's own missions use ids like ``CAP-010`` (:data:`DEFAULT_ID_PATTERN`). A mission
whose requirements come from another tool keeps that tool's ids: StrictDoc's
``SYS-00001``, DOORS's ``REQ_123``. The mission declares its pattern in
``requirements/settings.yaml`` (:mod:`okaeri.requirements.settings`); loading passes it
to validation as pydantic *context* under :data:`ID_PATTERN_CONTEXT`, and every field
that holds a requirement id (a requirement's ``id`` and ``parents``, an activity's
``verifies``, an evidence record's ``requirement``) is checked against it. Without
context, the default pattern applies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = [
    "DEFAULT_ID_PATTERN",
    "ELEMENT_REF_PATTERN",
    "GRAPH_KEY_PATTERN",
    "ID_PATTERN_CONTEXT",
    "REQUIREMENT_ID_PATTERN",
    "ElementRef",
    "GraphKey",
    "IdPattern",
    "RequirementId",
    "Text",
    "id_pattern_from_context",
    "identifier_type",
]

ID_PATTERN_CONTEXT = "okaeri.requirement_id_pattern"
"""Key of the :class:`IdPattern` in the validation context."""


@dataclass(frozen=True)
class IdPattern:
    """A regular expression that a whole requirement id must match, with an example.

    Raises :class:`ValueError` when ``pattern`` is not a regular expression or
    ``example`` does not match it.
    """

    pattern: str
    """The regular expression (Python syntax); the whole id must match it."""
    example: str
    """An id that matches, for messages (``CAP-010``)."""
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            compiled = re.compile(self.pattern)
        except re.error as exc:
            raise ValueError(f"'{self.pattern}' is not a regular expression: {exc}") from None
        object.__setattr__(self, "regex", compiled)
        if not self.matches(self.example):
            raise ValueError(f"the example '{self.example}' does not match the id pattern "
                             f"'{self.pattern}'")

    def matches(self, requirement_id: str) -> bool:
        """Whether the whole of ``requirement_id`` matches the pattern."""
        return self.regex.fullmatch(requirement_id) is not None

    @property
    def is_default(self) -> bool:
        """Whether this is okaeri's default pattern."""
        return self.pattern == DEFAULT_ID_PATTERN.pattern

    def context(self) -> dict[str, Any]:
        """Validation context that makes pydantic check ids against this pattern."""
        return {ID_PATTERN_CONTEXT: self}


DEFAULT_ID_PATTERN = IdPattern(r"^[A-Z]{2,5}-\d{3}[A-Z]?$", "CAP-010")
"""2 to 5 capital letters, ``-``, 3 digits and an optional capital letter (``CAP-010``,
``CAP-041``, ``SYS-020A``)."""


def id_pattern_from_context(context: Any) -> IdPattern:
    """The :class:`IdPattern` in a validation context, or the default one."""
    if isinstance(context, Mapping):
        found = context.get(ID_PATTERN_CONTEXT)
        if isinstance(found, IdPattern):
            return found
    return DEFAULT_ID_PATTERN


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
