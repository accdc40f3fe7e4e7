"""Criteria: how a requirement is closed automatically, a quantity of the dependency graph
(or a statistic of its samples) against a limit (a value or another node) with a required
margin.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from okaeri import units
from okaeri.model.base import OkaeriModel, bounded
from okaeri.model.margins import Assessment, Comparator, assess
from okaeri.requirements.ids import GRAPH_KEY_PATTERN, GraphKey
from okaeri.units import AnyQuantity, Percentage, within

__all__ = ["Criterion", "Limit", "NodeRef", "Statistic", "StatisticKind"]


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

    @cached_property
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
