"""Turning pydantic validation errors into located findings with hints."""

from __future__ import annotations

import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError, WithJsonSchema
from pydantic.fields import FieldInfo

from okaeri.errors import Finding, did_you_mean
from okaeri.model.field_docs import describe
from okaeri.model.yaml_source import PathKey, SourceDocument

_CODES = {
    "missing": "okaeri.missing_key",
    "extra_forbidden": "okaeri.unknown_key",
    "literal_error": "okaeri.invalid_value",
    "enum": "okaeri.invalid_value",
    "union_tag_invalid": "okaeri.invalid_value",
    "union_tag_not_found": "okaeri.missing_key",
    "string_pattern_mismatch": "okaeri.invalid_id",
}

_TYPE_NAMES = {
    str: "a text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dict: "a mapping",
    list: "a list",
    type(None): "nothing",
}


def _describe(value: Any) -> str:
    kind = _TYPE_NAMES.get(type(value), f"a {type(value).__name__}")
    if isinstance(value, dict | list):
        return kind
    return f"{value!r} ({kind})"


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold (Annotated, Optional, unions removed)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(root: type[BaseModel], path: PathKey, data: Any) -> tuple[Any, FieldInfo | None]:
    """The model class (or container type) at ``path`` and the field that holds it."""
    current: list[Any] = [root]
    info: FieldInfo | None = None
    node = data
    for part in path:
        candidates = current
        models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        if isinstance(part, str) and models:
            if len(models) > 1 and isinstance(node, dict):
                models = [m for m in models if _tag_matches(m, node)] or models
            model = describe(models[0])
            info = model.model_fields.get(part)
            if info is None:
                return None, None
            current = _unwrap(info.annotation)
        else:
            containers = [c for c in candidates if typing.get_origin(c) in (tuple, list, dict)]
            if not containers:
                return None, info
            args = typing.get_args(containers[0])
            current = _unwrap(args[-1] if typing.get_origin(containers[0]) is dict else args[0])
        node = node.get(part) if isinstance(node, dict) else (
            node[part] if isinstance(node, list) and isinstance(part, int)
            and 0 <= part < len(node) else None)
    return current, info


def _tag_matches(model: type[BaseModel], node: dict[str, Any]) -> bool:
    for tag_field in ("kind", "source"):
        info = model.model_fields.get(tag_field)
        if info is not None and tag_field in node:
            return node[tag_field] in typing.get_args(info.annotation)
    return False


def _example(info: FieldInfo | None) -> str:
    if info is None:
        return ""
    for meta in info.metadata:
        if isinstance(meta, WithJsonSchema) and meta.json_schema:
            examples = meta.json_schema.get("examples") or []
            if examples:
                return f"'{examples[0]}'"
    for kind in _unwrap(info.annotation):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return "a mapping"
    return ""


def _data_path(document: SourceDocument, loc: tuple[Any, ...]) -> PathKey:
    """The path into the data: drops union tags and dict-key markers pydantic adds."""
    path: list[str | int] = []
    node = document.data
    for index, part in enumerate(loc):
        is_last = index == len(loc) - 1
        if isinstance(node, dict):
            if part in node or is_last:
                path.append(part)
                node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            path.append(part)
            node = node[part] if 0 <= part < len(node) else None
        # anything else is a discriminator tag or '[key]': not in the data
    return tuple(path)


def findings_from_validation(
    error: ValidationError, document: SourceDocument, root: type[BaseModel],
    prefix: PathKey = (),
) -> list[Finding]:
    """One finding per pydantic error, located in ``document`` and with a hint.

    ``prefix`` is the path, inside the document, of the data ``root`` validated (the
    ``settings`` of an activity); empty when it validated the whole document.
    """
    view = document if not prefix else SourceDocument(document.display, document.get(prefix))
    findings = []
    for item in error.errors(include_url=False):
        relative = _data_path(view, tuple(item["loc"]))
        path = (*prefix, *relative)
        kind = item["type"]
        code = kind if kind.startswith("okaeri.") else _CODES.get(kind, "okaeri.wrong_type")
        message, hint = _explain(item, relative, view, root)
        if kind == "missing":
            location = document.location(path[:-1])
            location = type(location)(location.file, location.line, location.column,
                                      ".".join(filter(None, (location.path, str(path[-1])))))
        else:
            location = document.location(path, key=kind == "extra_forbidden")
        findings.append(Finding(location, code, message, hint))
    return findings


def _explain(
    item: Any, path: PathKey, document: SourceDocument, root: type[BaseModel]
) -> tuple[str, str]:
    kind: str = item["type"]
    ctx = item.get("ctx") or {}
    found = item.get("input")
    if kind.startswith("okaeri."):
        example = ctx.get("example", "")
        shown = f", e.g. '{example}'" if example else ""
        hint = {
            "okaeri.bare_number": "write the number with its unit, in quotes"
            + (f": '{example}'" if example else ""),
            "okaeri.unit_mismatch": f"use a unit of {ctx.get('family')}{shown}",
            "okaeri.not_a_quantity": f"write a number and its unit{shown}",
            "okaeri.out_of_range": "use a value in the admissible range; if the value is "
            "right, the model it feeds does not cover it",
        }.get(kind, "")
        return str(item["msg"]), hint
    if kind == "missing":
        _, info = _model_at(root, path, document.data)
        example = _example(info)
        what = (info.description or "").split("\n")[0].rstrip(".") if info else ""
        message = f"missing required key '{path[-1]}'" + (f" ({what})" if what else "")
        hint = f'add the key, e.g. {path[-1]}: "{example.strip(chr(39))}"' if example.startswith(
            "'") else f"add the key '{path[-1]}'"
        return message, hint
    if kind == "extra_forbidden":
        parent, _ = _model_at(root, path[:-1], document.data)
        models = [m for m in (parent or []) if isinstance(m, type) and issubclass(m, BaseModel)]
        node = document.get(path[:-1])
        if len(models) > 1 and isinstance(node, dict):
            models = [m for m in models if _tag_matches(m, node)] or models
        valid = sorted(models[0].model_fields) if models else []
        hint = did_you_mean(str(path[-1]), valid, 1)
        if valid:
            hint = (hint + " " if hint else "") + "valid keys: " + ", ".join(valid)
        return f"unknown key '{path[-1]}'", hint
    if kind in ("literal_error", "enum"):
        return f"expected {ctx.get('expected', 'a listed value')}, got {_describe(found)}", ""
    if kind == "union_tag_invalid":
        key = str(ctx.get("discriminator", "kind")).strip("'")
        return f"unknown {key} {ctx.get('tag')!r}: expected one of {ctx.get('expected_tags')}", ""
    if kind == "union_tag_not_found":
        key = str(ctx.get("discriminator", "kind")).strip("'")
        return f"missing required key {key}", f"add '{key}:' to select the type of this item"
    if kind == "string_pattern_mismatch":
        return (
            f"expected an identifier (lower case letters, digits and '_', starting with a "
            f"letter), got {_describe(found)}",
            "e.g. 'heat_shield'",
        )
    expected = {
        "string_type": "a text",
        "float_type": "a number",
        "float_parsing": "a number",
        "int_type": "a whole number",
        "bool_type": "true or false",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
        "dict_type": "a mapping",
        "tuple_type": "a list",
        "list_type": "a list",
    }.get(kind)
    if expected:
        return f"expected {expected}, got {_describe(found)}", ""
    return f"{item['msg']}, got {_describe(found)}", ""
