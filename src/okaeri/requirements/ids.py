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
from typing import Any

__all__ = ["DEFAULT_ID_PATTERN", "ID_PATTERN_CONTEXT", "IdPattern", "id_pattern_from_context"]

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
