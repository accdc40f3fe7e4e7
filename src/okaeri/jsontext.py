"""Indented JSON text, the same bytes as ``json.dumps(data, indent=2, sort_keys=True,
allow_nan=False)``, several times faster for large documents.

On Python before 3.13 the standard library encodes indented JSON with its pure-Python
generator encoder (its C encoder handles only compact output), which takes about 1 s for
the JSON run of 10,000 requirements. :func:`json_text` writes the same text by direct
recursion, with the standard library's C string escaper and ``float.__repr__``: JSON
documents made of dicts with string keys, lists, tuples, strings, integers, finite
floats, booleans and ``None``. Anything else (another key type, an object needing a
``default``) falls back to :func:`json.dumps`, so the text is always the standard one.
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["json_text"]

_escape = json.encoder.encode_basestring_ascii


class _UnsupportedError(Exception):
    """A value the direct encoder leaves to the standard library."""


def _encode(value: Any, indent: str) -> str:
    kind = type(value)
    if kind is str:
        return str(_escape(value))
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + "  "
        try:
            items = sorted(value.items())
        except TypeError:  # keys of mixed types: the standard library's error
            raise _UnsupportedError from None
        parts = []
        for key, item in items:
            if type(key) is not str:
                raise _UnsupportedError
            parts.append(_escape(key) + ": " + _encode(item, inner))
        return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "}"
    if kind is float:
        if value != value or value in (math.inf, -math.inf):
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
        return float.__repr__(value)
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = indent + "  "
        return ("[\n" + inner + (",\n" + inner).join([_encode(v, inner) for v in value])
                + "\n" + indent + "]")
    return _encode_other(value, indent)


def _encode_other(value: Any, indent: str) -> str:
    """Subclasses (enums) and the scalars the fast path of :func:`_encode` leaves out."""
    if isinstance(value, str):
        return str(_escape(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _encode(float(value), indent)
    if isinstance(value, list | tuple):
        return _encode(list(value), indent)
    if isinstance(value, dict):
        return _encode(dict(value), indent)
    raise _UnsupportedError


def json_text(data: Any) -> str:
    """``json.dumps(data, indent=2, sort_keys=True, allow_nan=False)`` (a ``ValueError``
    for a NaN or an infinity, as there), without the trailing newline."""
    try:
        return _encode(data, "")
    except (_UnsupportedError, RecursionError):
        return json.dumps(data, indent=2, sort_keys=True, allow_nan=False)
