"""File-format and command-line references generated from the code at build time.

- ``.. okaeri-model-reference:: okaeri.model.mission.ModelFile`` writes one section per
  model type reachable from the given pydantic model, with a table of its keys: the
  expected value (unit family with its SI unit and an example, identifier pattern,
  choices), whether it is required or its default, and the field's description (the
  attribute docstring). Nothing is typed by hand, so the reference cannot drift from
  what the loader accepts.
- ``.. okaeri-cli::`` writes the usage and help of ``okaeri`` and of every sub-command,
  from :func:`okaeri.cli.build_parser`.
"""

from __future__ import annotations

import enum
import importlib
import types
import typing
from collections.abc import Iterator
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo
from sphinx.util.docutils import SphinxDirective

from okaeri.model.field_docs import describe
from okaeri.report.environment import rst_escape
from okaeri.sphinxext.rst import note_module_dependencies, parse_rst, table

_UNIT_SUFFIX = " with its unit"


# ---------------------------------------------------------------------------------------
# Model reference
# ---------------------------------------------------------------------------------------


def model_types(root: type[BaseModel]) -> list[type[BaseModel]]:
    """``root`` and every model type its fields reach, in order of first appearance."""
    found: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in found:
            return
        found.append(model)
        for field in model.model_fields.values():
            for inner in _models_in(field.annotation):
                visit(inner)

    visit(root)
    return found


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def label(prefix: str, model: type[BaseModel]) -> str:
    """The reference label of a model type's section (``okaeri-modelfile-capsule``)."""
    return f"{prefix}-{model.__name__.lower()}"


def describe_type(annotation: Any, metadata: list[Any], prefix: str) -> str:
    """What a field with this annotation accepts, in reStructuredText."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return describe_type(base, [*extra, *metadata], prefix)
    schema = _json_schema(metadata)
    if schema is not None:
        described = _describe_schema(schema)
        if described:
            return described + _admissible(metadata)
    discriminator = next((m.discriminator for m in metadata
                          if isinstance(m, FieldInfo) and m.discriminator), None)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        text = " or ".join(describe_type(a, [], prefix) for a in options)
        if discriminator:
            text = f"one of {text} (chosen by ``{discriminator}``)"
        return f"{text}, or none" if len(options) < len(args) else text
    if origin is tuple:
        pattern = _identifier_pattern(args[0])
        if pattern:
            return f"list of ids (``{pattern}``)"
        return f"list of {describe_type(args[0], [], prefix)}"
    if origin is dict:
        pattern = _identifier_pattern(args[0])
        key = f"id (``{pattern}``)" if pattern else describe_type(args[0], [], prefix)
        value = "id" if pattern and _identifier_pattern(args[1]) == pattern else describe_type(
            args[1], [], prefix)
        return f"mapping of {key} to {value}"
    if origin is typing.Literal:
        return " or ".join(f"``{a}``" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f":ref:`{annotation.__name__} <{label(prefix, annotation)}>`"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "one of " + ", ".join(f"``{m.value}``" for m in annotation)
    bounds = _bounds(metadata)
    return {str: "text", int: "integer", float: "number", bool: "true or false"}.get(
        annotation, f"``{getattr(annotation, '__name__', annotation)}``") + bounds


def _identifier_pattern(annotation: Any) -> str | None:
    """The pattern of an identifier type (:data:`okaeri.model.base.ElementId`), or ``None``."""
    if typing.get_origin(annotation) is not typing.Annotated:
        return None
    schema = _json_schema(list(typing.get_args(annotation)[1:]))
    if schema and str(schema.get("description", "")).startswith("identifier"):
        return str(schema.get("pattern", "")) or None
    return None


def _admissible(metadata: list[Any]) -> str:
    """``"; admissible: > 0 kg"`` for a quantity declared ``within`` a range, else ''."""
    from okaeri.units import Range

    for item in metadata:
        if isinstance(item, Range) and item.describe():
            return f"; admissible: {rst_escape(item.describe())}"
    return ""


def _json_schema(metadata: list[Any]) -> dict[str, Any] | None:
    for item in metadata:
        if isinstance(item, WithJsonSchema) and isinstance(item.json_schema, dict):
            return item.json_schema
    return None


def _describe_schema(schema: dict[str, Any]) -> str:
    """A quantity's unit family, or an identifier's pattern, from its JSON Schema."""
    texts = [schema, *schema.get("anyOf", [])]
    for part in texts:
        description = str(part.get("description", ""))
        if description.endswith(_UNIT_SUFFIX):
            return _unit_family(description.removesuffix(_UNIT_SUFFIX),
                                bare="anyOf" in schema)
    options = [rst_escape(str(p["description"])) for p in schema.get("anyOf", [])
               if p.get("description")]
    if len(options) > 1:  # a value of several forms (a property: one value or one per mode)
        return ", ".join(options[:-1]) + f", or {options[-1]}"
    for part in texts:
        description = str(part.get("description", ""))
        if description:
            text = rst_escape(description)
            if part.get("pattern") and "pattern" not in description:
                text += f" (pattern ``{part['pattern']}``)"
            return text
    return ""


def _unit_family(name: str, bare: bool) -> str:
    from okaeri.units import family_of

    family = family_of(name)
    si = f" [{family.si_unit}]" if family.si_unit else ""
    plain = "; a plain number is accepted" if bare else ""
    return f"**{name}**{si}, e.g. ``\"{family.example}\"``{plain}"


def _bounds(metadata: list[Any]) -> str:
    for item in metadata:
        extra = getattr(item, "json_schema_extra", None)
        if isinstance(extra, dict) and ("minimum" in extra or "maximum" in extra):
            low, high = _number(extra.get("minimum")), _number(extra.get("maximum"))
            if low and high:
                return f" from {low} to {high}"
            return f" of {low} or more" if low else f" up to {high}"
    return ""


def _number(value: Any) -> str:
    """A bound as written: ``10,000,000`` for an integer, ``0.5`` for a float."""
    if value is None:
        return ""
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def format_default(field: FieldInfo) -> str:
    """``required``, or the default a field takes when its key is left out."""
    if field.is_required():
        return "**required**"
    value = field.get_default(call_default_factory=True)
    return f"default: {_plain_default(value)}"


def _plain_default(value: Any) -> str:
    import pint

    from okaeri.units import format_quantity

    if value is None:
        return "none"
    if isinstance(value, pint.Quantity):
        return f"``{format_quantity(value)}``"
    if isinstance(value, enum.Enum):
        return f"``{value.value}``"
    if isinstance(value, tuple | list | dict) and not value:
        return "empty"
    if isinstance(value, BaseModel):
        return f"the defaults of {type(value).__name__}"
    if isinstance(value, dict):
        if any(isinstance(v, dict) for v in value.values()):
            return "the built-in table (see the policy's source)"
        return ", ".join(f"``{_key(k)}: {_plain_default(v).strip('`')}``"
                         for k, v in value.items())
    if isinstance(value, str):
        return f"``{value}``" if value else "empty"
    return f"``{value}``"


def _key(value: Any) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


def _description(field: FieldInfo) -> str:
    text = " ".join((field.description or "").split())
    return text or "(no description)"


def _doc_body(model: type[BaseModel]) -> str:
    """The class docstring without literal blocks (examples belong to the API pages)."""
    import inspect

    doc = inspect.cleandoc(model.__doc__ or "")
    paragraphs = [p for p in doc.split("\n\n") if p.strip() and not p.startswith(" ")]
    kept = []
    for paragraph in paragraphs:
        kept.append(paragraph.rstrip(":").rstrip() + ("." if paragraph.endswith("::") else ""))
    return "\n\n".join(kept)


def model_reference_rst(root: type[BaseModel], prefix: str, title_char: str = "-") -> str:
    """The reference of ``root`` and the types it reaches, as reStructuredText."""
    out: list[str] = []
    for model in map(describe, model_types(root)):
        title = model.__name__
        out += [f".. _{label(prefix, model)}:", "", title, title_char * len(title), ""]
        body = _doc_body(model)
        if body:
            out += [body, ""]
        # The field itself carries what pydantic merged from Annotated[..., Field(...)]:
        # a union's discriminator, a number's bounds.
        rows = [[f"``{name}``", describe_type(field.annotation, [*field.metadata, field], prefix),
                 format_default(field), _description(field)]
                for name, field in model.model_fields.items()]
        if rows:
            out += table(["key", "value", "required / default", "description"], rows,
                         widths=[18, 30, 16, 36], css_class="okaeri-model-reference")
        else:
            out += ["(no keys)", ""]
    return "\n".join(out) + "\n"


def import_object(path: str) -> Any:
    """``package.module.Name`` imported."""
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


class ModelReferenceDirective(SphinxDirective):  # type: ignore[misc,unused-ignore]
    """``.. okaeri-model-reference:: okaeri.model.mission.ModelFile``"""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "prefix": directives.unchanged,
        "title-char": directives.single_char_or_unicode,
    }

    def run(self) -> list[nodes.Node]:
        from okaeri.sphinxext.logs import warn

        try:
            root = import_object(self.arguments[0])
        except (ImportError, AttributeError, ValueError):
            warn("unknown_id", f"okaeri-model-reference: cannot import {self.arguments[0]!r}",
                 self.get_location())
            return []
        if not (isinstance(root, type) and issubclass(root, BaseModel)):
            warn("unknown_id", f"okaeri-model-reference: {self.arguments[0]} is not a "
                 "pydantic model", self.get_location())
            return []
        note_module_dependencies(self, *model_types(root))
        prefix = self.options.get("prefix") or f"okaeri-{root.__name__.lower()}"
        text = model_reference_rst(root, prefix, self.options.get("title-char", "-"))
        return parse_rst(self, text, allow_section_headings=True)


# ---------------------------------------------------------------------------------------
# Warning subtypes
# ---------------------------------------------------------------------------------------


def warning_types_rst() -> str:
    """The ``okaeri.*`` warning subtypes of the extension and what each means."""
    from okaeri.sphinxext.logs import SUBTYPES

    rows = [[f"``okaeri.{name}``", text] for name, text in sorted(SUBTYPES.items())]
    return "\n".join(table(["warning", "meaning"], rows, widths=[30, 70],
                           css_class="okaeri-warning-types")) + "\n"


class WarningTypesDirective(SphinxDirective):  # type: ignore[misc,unused-ignore]
    """``.. okaeri-warning-types::``: the table of warning subtypes."""

    def run(self) -> list[nodes.Node]:
        return parse_rst(self, warning_types_rst())


def finding_codes_rst() -> str:
    """Every finding code (:data:`okaeri.errors.FINDING_CODES`) and what it means."""
    from okaeri.errors import FINDING_CODES

    rows = [[f"``{code}``", rst_escape(text)] for code, text in sorted(FINDING_CODES.items())]
    return "\n".join(table(["code", "meaning"], rows, widths=[30, 70],
                           css_class="okaeri-finding-codes")) + "\n"


class FindingCodesDirective(SphinxDirective):  # type: ignore[misc,unused-ignore]
    """``.. okaeri-finding-codes::``: the table of finding codes."""

    def run(self) -> list[nodes.Node]:
        return parse_rst(self, finding_codes_rst())


__all__ = [
    "FindingCodesDirective",
    "ModelReferenceDirective",
    "WarningTypesDirective",
    "describe_type",
    "format_default",
    "model_reference_rst",
    "model_types",
    "warning_types_rst",
]

