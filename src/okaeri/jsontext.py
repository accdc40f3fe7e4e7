"""JSON text for large documents: indented at the top, one line per record below.

``okaeri verify --json`` writes one record per requirement, and a campaign's document
holds thousands of numbers. Indented through and through (``json.dumps(indent=2)``), the
document of 10,000 requirements is 22 MB and 650,000 lines, and on Python before 3.13
the standard library writes indented JSON with its pure-Python encoder (about 1 s).
:func:`json_text` indents the first ``one_line_depth`` levels (2 spaces, sorted keys) and
writes every container below them on one line with the standard library's C encoder:
one requirement per line, which ``grep`` and ``diff`` show whole.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["json_text"]

_ONE_LINE = json.JSONEncoder(sort_keys=True, allow_nan=False, separators=(", ", ": "))
"""The C encoder (used when there is no indent), refusing NaN and infinities."""


def _encode(value: Any, depth: int, indent: str) -> str:
    if depth <= 0 or not value or not isinstance(value, dict | list | tuple):
        return _ONE_LINE.encode(value)
    inner = indent + "  "
    if isinstance(value, dict):
        if not all(type(key) is str for key in value):  # json's own key conversion
            return _ONE_LINE.encode(value)
        parts = [_ONE_LINE.encode(key) + ": " + _encode(item, depth - 1, inner)
                 for key, item in sorted(value.items())]
        return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "}"
    parts = [_encode(item, depth - 1, inner) for item in value]
    return "[\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "]"


def json_text(data: Any, one_line_depth: int = 2) -> str:
    """``data`` as JSON text without a trailing newline: the containers of the first
    ``one_line_depth`` levels indented by 2 spaces, those below on one line; keys
    sorted. ``ValueError`` for a NaN or an infinity, ``TypeError`` for a value JSON
    cannot hold, as :func:`json.dumps` raises."""
    return _encode(data, one_line_depth, "")
