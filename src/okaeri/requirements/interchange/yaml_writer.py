"""Requirement files in okaeri's YAML shape (that of the reference mission's files).

::

    requirements:
      - id: CAP-030
        title: Peak deceleration
        text: >-
          The peak deceleration of the nominal entry shall not exceed 50 g.
        rationale: >-
          ...
        level: segment
        parents: [SYS-050]
        criterion:
          quantity: entry.nominal.peak_deceleration
          comparator: "<="
          limit: "50 g_0"

Fields equal to their default are left out; keys follow the order of
:class:`~okaeri.requirements.model.Requirement`; prose (text, rationale, notes) is
folded at :data:`WIDTH` columns, or kept line by line where it has line breaks; lists
are written inline; attributes are sorted by name. The output depends only on the
requirements (equal requirements give the same bytes), and reading it back gives equal
requirements.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from okaeri.requirements.model import Requirement

__all__ = ["WIDTH", "requirements_yaml"]

WIDTH = 88
"""Column at which prose is folded."""
_PROSE = ("text", "rationale", "notes")
_QUOTED = ("comparator", "limit", "required_margin")
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")
"""Characters YAML reads as line breaks besides LF and CR (NEL, LS, PS): a text holding one
is written in double quotes, where they are escapes (a quoted or block scalar would fold
or move them)."""


class _Folded(str):
    __slots__ = ()


class _Literal(str):
    __slots__ = ()


class _Quoted(str):
    __slots__ = ()


class _FlowList(list[Any]):
    __slots__ = ()


class _FlowMap(dict[str, Any]):
    __slots__ = ()


class _Dumper(yaml.SafeDumper):
    """Block sequences indented under their key, as in okaeri's files."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _folded(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")


def _literal(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


def _quoted(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


def _flow_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _flow_map(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


def _other_breaks(value: str) -> bool:
    return any(mark in value for mark in _OTHER_BREAKS)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if _other_breaks(value):
        return _quoted(dumper, value)
    return dumper.represent_str(value)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Folded, _folded)
_Dumper.add_representer(_Literal, _literal)
_Dumper.add_representer(_Quoted, _quoted)
_Dumper.add_representer(_FlowList, _flow_list)
_Dumper.add_representer(_FlowMap, _flow_map)


def _prose(value: str) -> str:
    if not value.strip() or _other_breaks(value):
        return value
    return _Literal(value) if "\n" in value else _Folded(value)


def _requirement_data(requirement: Requirement) -> dict[str, Any]:
    data: dict[str, Any] = requirement.model_dump(mode="json", exclude_defaults=True)
    for key in _PROSE:
        if key in data:
            data[key] = _prose(data[key])
    for key, value in data.items():
        if isinstance(value, list):
            data[key] = _FlowList(value)
    criterion = data.get("criterion")
    if criterion is not None:
        for key in _QUOTED:
            if key in criterion:
                criterion[key] = _Quoted(criterion[key])
        if "statistic" in criterion:
            criterion["statistic"] = _FlowMap(criterion["statistic"])
    if "attributes" in data:
        data["attributes"] = {
            name: _prose(value) if "\n" in value or len(value) > 60 else value
            for name, value in sorted(data["attributes"].items())}
    return data


def requirements_yaml(requirements: Iterable[Requirement], header: Iterable[str] = ()) -> str:
    """The text of a requirement file holding ``requirements``, in order.

    Parameters
    ----------
    requirements : iterable of Requirement
        The file's requirements.
    header : iterable of str
        Lines of the comment at the top of the file (without ``#``).
    """
    items = [_requirement_data(r) for r in requirements]
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header)
    if not items:
        return comment + "requirements: []\n"
    body = yaml.dump({"requirements": items}, Dumper=_Dumper, sort_keys=False,
                     allow_unicode=True, width=WIDTH, default_flow_style=False)
    lines: list[str] = []
    for line in body.splitlines():
        if line.startswith("  - ") and len(lines) > 1:
            lines.append("")  # a blank line between requirements
        lines.append(line)
    return comment + "\n".join(lines) + "\n"
