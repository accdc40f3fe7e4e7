"""JSON Schema of the model files, for editors (yaml-language-server) and validation."""

from __future__ import annotations

import json
from typing import Any

import pint
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from okaeri.model.field_docs import describe
from okaeri.model.mission import ModelFile
from okaeri.units import format_quantity

SCHEMA_FILE_NAME = "okaeri-model.schema.json"
"""File name ``okaeri init`` writes the schema to, beside model/."""


class _QuantityAwareSchema(GenerateJsonSchema):
    """Writes quantity defaults in their model-file form (``"5 %"``), and the fields'
    attribute docstrings as their descriptions."""

    def encode_default(self, dft: Any) -> Any:
        return super().encode_default(_plain(dft))

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        model = describe(schema["cls"])
        properties = json_schema.get("properties", {})
        for name, info in model.model_fields.items():
            key = info.alias or name
            if info.description is not None and key in properties:
                properties[key]["description"] = info.description
        return json_schema


def _plain(value: Any) -> Any:
    if isinstance(value, pint.Quantity):
        return format_quantity(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "model_dump"):
        return _plain(value.model_dump())
    return value


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of any okaeri file model, quantity defaults in their file form."""
    return model.model_json_schema(schema_generator=_QuantityAwareSchema)


def model_schema() -> dict[str, Any]:
    """The JSON Schema of one model file."""
    schema = json_schema(ModelFile)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "okaeri model file"
    return schema


def model_schema_text() -> str:
    """The schema as indented JSON text with a final newline (stable across runs)."""
    return json.dumps(model_schema(), indent=2, sort_keys=True) + "\n"
