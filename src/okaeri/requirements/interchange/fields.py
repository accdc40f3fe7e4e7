"""A requirement as a flat record of named texts, and the names other tools give its fields.

Tables and ReqIF objects carry a requirement as named text values: one column or one
attribute per field. :func:`to_record` writes a :class:`Requirement` in that form (the
columns are :data:`COLUMNS`, lists are comma-separated, the criterion is spread over
``criterion.*`` columns, every entry of ``attributes`` is a column of its own), and
:func:`field_for` tells which okaeri field a column or attribute of another tool holds
(``ReqIF.Text`` and ``STATEMENT`` are the text, ``ReqIF.ForeignID`` and ``UID`` the id).
Names are compared without case, and with ``.``, ``_`` and ``-`` read as spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from okaeri import units
from okaeri.requirements.criteria import Statistic
from okaeri.requirements.model import Requirement, RequirementSet

__all__ = [
    "ATTRIBUTE",
    "ATTRIBUTE_PREFIX",
    "COLUMNS",
    "CRITERION_COLUMNS",
    "DOCUMENT_COLUMN",
    "LIST_COLUMNS",
    "Document",
    "documents_of",
    "field_for",
    "format_statistic",
    "normalise_name",
    "parse_statistic",
    "split_list",
    "to_record",
]

CRITERION_COLUMNS: tuple[str, ...] = (
    "criterion.quantity", "criterion.statistic", "criterion.comparator", "criterion.limit",
    "criterion.required_margin")
COLUMNS: tuple[str, ...] = (
    "id", "title", "text", "rationale", "source", "level", "parents", "allocated_to",
    "methods", "stage", "phases", "notes", *CRITERION_COLUMNS)
"""Every field of a requirement as a column, in the order tables show them."""
LIST_COLUMNS = frozenset({"parents", "allocated_to", "methods", "phases"})
"""Columns holding a list, written comma-separated."""
DOCUMENT_COLUMN = "document"
"""Column of a table naming the requirement file a requirement belongs to."""
ATTRIBUTE = "attribute"
"""What :func:`field_for` returns for a name kept as an attribute."""
ATTRIBUTE_PREFIX = "attribute: "
"""Written before an attribute's name when the name alone would be read as a field."""

_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("uid", "reqif.foreignid", "identifier", "requirement id", "req id",
           "object identifier"),
    "title": ("reqif.name", "name", "heading", "object heading"),
    "text": ("statement", "reqif.text", "requirement text", "object text"),
    "rationale": ("justification",),
    "source": ("origin",),
    "level": ("requirement level", "okaeri level"),
    "parents": ("parent", "parent ids", "derived from"),
    "allocated_to": ("allocation", "allocated", "allocated to"),
    "methods": ("method", "verification method", "verification methods"),
    "stage": ("verification stage",),
    "phases": ("mission phases", "phase"),
    "notes": ("note", "comment", "comments"),
    "criterion.quantity": (),
    "criterion.statistic": (),
    "criterion.comparator": (),
    "criterion.limit": (),
    "criterion.required_margin": ("required margin",),
}


def normalise_name(name: str) -> str:
    """A column or attribute name compared without case, ``.``, ``_`` and ``-``."""
    return " ".join(re.sub(r"[._\-]+", " ", name).lower().split())


_BY_NAME: dict[str, str] = {normalise_name(column): column for column in COLUMNS}
for _column, _names in _ALIASES.items():
    for _name in _names:
        _BY_NAME.setdefault(normalise_name(_name), _column)
_BY_NAME.setdefault(normalise_name(DOCUMENT_COLUMN), DOCUMENT_COLUMN)


def field_for(name: str, overrides: Mapping[str, str] | None = None) -> str:
    """The column a name from another tool holds: one of :data:`COLUMNS`,
    :data:`DOCUMENT_COLUMN`, or :data:`ATTRIBUTE` (kept as an attribute).

    ``overrides`` maps names (compared as by :func:`normalise_name`) to a column or to
    ``"attribute"``; a name written ``"attribute: NAME"`` is always an attribute.
    """
    if name.startswith(ATTRIBUTE_PREFIX):
        return ATTRIBUTE
    key = normalise_name(name)
    if overrides:
        chosen = {normalise_name(k): v for k, v in overrides.items()}.get(key)
        if chosen is not None:
            return chosen
    return _BY_NAME.get(key, ATTRIBUTE)


def attribute_column(name: str) -> str:
    """The column an attribute is written in: its name, or ``"attribute: NAME"`` when
    the name alone would be read back as a field."""
    return ATTRIBUTE_PREFIX + name if field_for(name) != ATTRIBUTE else name


def attribute_name(column: str) -> str:
    """The attribute name of a column (without :data:`ATTRIBUTE_PREFIX`)."""
    return column.removeprefix(ATTRIBUTE_PREFIX)


def split_list(text: str) -> list[str]:
    """The items of a comma-separated list cell (blank items dropped)."""
    return [item.strip() for item in text.split(",") if item.strip()]


def _number(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def format_statistic(statistic: Statistic | None) -> str:
    """``P99.87``, ``max``, or '' for none (exact, unlike :meth:`Statistic.describe`)."""
    if statistic is None:
        return ""
    if statistic.kind is not None:
        return str(statistic.kind)
    return f"P{_number(statistic.percentile or 0.0)}"


_PERCENTILE = re.compile(r"^[pP]\s*([0-9.eE+\-]+)$")


def parse_statistic(text: str) -> dict[str, Any]:
    """``"P99.87"`` → ``{"percentile": 99.87}``, ``"max"`` → ``{"kind": "max"}``;
    anything else is passed on as the kind, for validation to report."""
    text = text.strip()
    match = _PERCENTILE.match(text)
    if match is not None:
        try:
            return {"percentile": float(match.group(1))}
        except ValueError:
            pass
    return {"kind": text.lower()}


def to_record(requirement: Requirement) -> dict[str, str]:
    """Every column of :data:`COLUMNS` ('' where empty), then one column per attribute."""
    data = requirement.model_dump(mode="json")
    record: dict[str, str] = {}
    for column in COLUMNS:
        if column in LIST_COLUMNS:
            record[column] = ", ".join(data[column])
        elif column.startswith("criterion."):
            record[column] = ""
        else:
            value = data[column]
            record[column] = "" if value is None else str(value)
    criterion = requirement.criterion
    if criterion is not None:
        dumped = criterion.model_dump(mode="json")
        record["criterion.quantity"] = criterion.quantity
        record["criterion.statistic"] = format_statistic(criterion.statistic)
        record["criterion.comparator"] = str(criterion.comparator)
        record["criterion.limit"] = dumped["limit"]
        record["criterion.required_margin"] = (
            units.format_quantity(criterion.required_margin)
            if criterion.required_margin_si else "")
    for name, value in requirement.attributes.items():
        record[attribute_column(name)] = value
    return record


@dataclass(frozen=True)
class Document:
    """Requirements that belong together: one requirement file, one ReqIF
    specification, one worksheet."""

    name: str
    """Its name: the file's stem (``capsule``), the specification's or sheet's name."""
    requirements: tuple[Requirement, ...]


def documents_of(requirements: RequirementSet | Iterable[Requirement],
                 default: str = "requirements") -> tuple[Document, ...]:
    """The requirements grouped by the file they were read from (in file order);
    requirements built in code go to a document called ``default``."""
    if not isinstance(requirements, RequirementSet):
        requirements = RequirementSet(requirements)
    groups: dict[str, list[Requirement]] = {}
    seen: set[str] = set()
    for requirement, origin in requirements.entries:
        if requirement.id in seen:
            continue
        seen.add(requirement.id)
        name = default
        if origin.document is not None:
            name = origin.document.display.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        groups.setdefault(name, []).append(requirement)
    return tuple(Document(name, tuple(items)) for name, items in groups.items())
