"""Reading YAML files safely while keeping the line and column of every value.

The parser's events (libyaml's when available) are composed into plain data (dicts,
lists, str, int, float, bool, None) and a table of positions keyed by the path to each
value, in one pass; plain scalars are typed by YAML 1.1's implicit rules, as PyYAML's
SafeLoader does. No object is constructed from tags: a tag
other than YAML's core schema is a finding. Duplicate keys, which YAML parsers
silently resolve to the last value, are findings too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from okaeri.errors import Finding, Location, LocationFields
from okaeri.model.parsed_files import keep, keep_index, read_kept, read_kept_index

PathKey = tuple[str | int, ...]
"""Path to a value inside a document: keys and list indices."""

_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
_MAX_NODES = 1_000_000  # refuses "billion laughs" alias bombs
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted; model files nest a few levels."""


@dataclass
class SourceDocument:
    """A parsed YAML file: its data and where each value stands in the text."""

    display: str
    """File name as shown in messages (relative to the mission folder's parent)."""
    data: Any
    """Plain data: dicts, lists, str, int, float, bool, None."""
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    """1-based (line, column) of the value at each path."""
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    """1-based (line, column) of the key of each mapping entry."""
    raw: bytes | None = field(default=None, repr=False, compare=False)
    """The file's bytes, when its :meth:`index` may be kept with its parsed form
    (:mod:`okaeri.model.parsed_files`)."""

    def location(self, path: PathKey, *, key: bool = False) -> Location:
        """Location of the value (or its key) at ``path``, or of its nearest ancestor."""
        table = self.key_positions if key else self.positions
        probe = path
        while probe not in table and probe:
            probe = probe[:-1]
            table = self.positions
        line, column = table.get(probe, (1, 1))
        return Location(self.display, line, column, display_path(self.data, path))

    def index(self) -> dict[str, LocationFields]:
        """Where every value is, by its readable path (``capsule.aeroshell.diameter``): the
        fields of its :class:`~okaeri.errors.Location` (a model of 10,000 components has
        90,000 values, of which a command reads a fifth); kept with the parsed file, as
        computing it costs three times reading it back."""
        if self.raw is not None:
            kept = read_kept_index(self.raw, self.display)
            if kept is not None:
                return kept
        found: dict[str, LocationFields] = {}

        def visit(node: Any, path: PathKey, shown: str) -> None:
            if shown not in found:
                line, column = self.positions.get(path, (1, 1))
                found[shown] = (self.display, line, column, shown)
            if isinstance(node, dict):
                for key, child in node.items():
                    visit(child, (*path, key), f"{shown}.{key}" if shown else str(key))
            elif isinstance(node, list):
                for i, child in enumerate(node):
                    item_id = child.get("id") if isinstance(child, dict) else None
                    if isinstance(item_id, str) and item_id:
                        # as in display_path: the item's id replaces the list's key
                        parent = shown.rpartition(".")[0]
                        name = f"{parent}.{item_id}" if parent else item_id
                    else:
                        name = f"{shown}[{i}]"
                    visit(child, (*path, i), name)

        visit(self.data, (), "")
        if self.raw is not None:
            keep_index(self.raw, self.display, found)
        return found

    def get(self, path: PathKey) -> Any:
        """The value at ``path``, or ``None`` where the path leads nowhere."""
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node


def display_path(data: Any, path: PathKey) -> str:
    """A readable path: list items with an ``id`` are named by it.

    ``('vehicles', 1, 'aeroshell', 'diameter')`` becomes ``capsule.aeroshell.diameter``
    when ``vehicles[1]`` has ``id: capsule``.
    """
    parts: list[str] = []
    node = data
    for part in path:
        child = None
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            child = node[part]
            item_id = child.get("id") if isinstance(child, dict) else None
            if isinstance(item_id, str) and item_id:
                if parts:
                    parts.pop()  # the list's key is implied by the item's id
                parts.append(item_id)
            else:
                parts[-1:] = [f"{parts[-1]}[{part}]" if parts else f"[{part}]"]
        elif isinstance(node, dict) and part in node:
            child = node[part]
            parts.append(str(part))
        else:
            parts.append(str(part))
        node = child
    return ".".join(parts)


class _TooLargeError(Exception):
    pass


class _TooDeepError(Exception):
    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class _Composer:
    """Builds plain data and positions from parser events, in one pass.

    Composing from events (libyaml's, when available) rather than from PyYAML's node
    tree is about five times faster on large files, which matters for missions with
    thousands of components.
    """

    def __init__(self, display: str) -> None:
        self.display = display
        self.pending: list[tuple[int, int, PathKey, str, str, str]] = []
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.key_positions: dict[PathKey, tuple[int, int]] = {}
        self.anchors: dict[str, tuple[Any, int] | None] = {}
        self.constructor = yaml.constructor.SafeConstructor()
        self.next_event: Callable[[], Any] = _no_event

    def finding(self, event: Any, path: PathKey, code: str, message: str,
                hint: str = "") -> None:
        mark: Any = event.start_mark
        self.pending.append((mark.line + 1, mark.column + 1, path, code, message, hint))

    def located_findings(self, data: Any) -> list[Finding]:
        """The findings, with paths shown through the ids of the finished data."""
        return [
            Finding(Location(self.display, line, column, display_path(data, path)), code,
                    message, hint)
            for line, column, path, code, message, hint in self.pending
        ]

    def document(self, next_event: Callable[[], Any]) -> tuple[Any, int]:
        """Compose the one document whose events ``next_event`` returns one by one;
        returns the data and the node count."""
        self.next_event = next_event
        event = next_event()  # StreamStartEvent
        event = next_event()
        if isinstance(event, yaml.StreamEndEvent):
            return {}, 0
        value, size = self.node(next_event(), ())
        next_event()  # DocumentEndEvent
        extra = next_event()
        if not isinstance(extra, yaml.StreamEndEvent):
            raise _SecondDocumentError(extra.start_mark.line + 1)
        return value, size

    def node(self, event: Any, path: PathKey) -> tuple[Any, int]:
        """Compose the node starting with ``event``; returns its value and expanded size."""
        mark: Any = event.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if len(path) > MAX_DEPTH:
            raise _TooDeepError(mark.line + 1, mark.column + 1)
        if type(event) is yaml.ScalarEvent and event.anchor is None:  # most nodes
            return self.scalar(event, path), 1
        if isinstance(event, yaml.AliasEvent):
            name = str(event.anchor)
            anchored = self.anchors.get(name)
            if anchored is None:
                problem = "recursive" if name in self.anchors else "unknown"
                self.finding(event, path, "okaeri.yaml_syntax",
                             f"{problem} YAML alias '*{name}'")
                return None, 1
            return anchored
        anchor: str | None = getattr(event, "anchor", None)
        if anchor is not None:
            self.anchors[anchor] = None  # in progress: an alias to it now is recursive
        if isinstance(event, yaml.ScalarEvent):
            result = self.scalar(event, path), 1
        elif isinstance(event, yaml.SequenceStartEvent):
            result = self.sequence(event, path)
        else:
            result = self.mapping(event, path)
        if anchor is not None:
            self.anchors[anchor] = result
        if result[1] > _MAX_NODES:
            raise _TooLargeError
        return result

    def _tag_refused(self, event: Any, path: PathKey, allowed: str) -> bool:
        if event.tag in (None, "!", allowed):
            return False
        self.finding(event, path, "okaeri.yaml_tag", f"YAML tag '{event.tag}' is not allowed",
                     "model files hold plain values; remove the tag")
        return True

    def sequence(self, event: Any, path: PathKey) -> tuple[Any, int]:
        refused = self._tag_refused(event, path, "tag:yaml.org,2002:seq")
        items, size = [], 1
        for index, item_event in enumerate(iter(self.next_event, None)):
            if isinstance(item_event, yaml.SequenceEndEvent):
                break
            value, item_size = self.node(item_event, (*path, index))
            items.append(value)
            size += item_size
        return (None if refused else items), size

    def mapping(self, event: Any, path: PathKey) -> tuple[Any, int]:
        refused = self._tag_refused(event, path, "tag:yaml.org,2002:map")
        entries: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        size = 1
        while True:
            key_event = self.next_event()
            if isinstance(key_event, yaml.MappingEndEvent):
                break
            if not isinstance(key_event, yaml.ScalarEvent):
                self.finding(key_event, path, "okaeri.yaml_syntax", "a mapping key must be a "
                             "plain value, not a list or mapping")
                self.node(key_event, (*path, "?"))
                self.node(self.next_event(), (*path, "?"))
                continue
            key = key_event.value
            key_mark: Any = key_event.start_mark
            line = key_mark.line + 1
            value_event = self.next_event()
            if key == "<<" and key_event.implicit[0]:
                self.finding(key_event, path, "okaeri.yaml_tag", "YAML merge keys ('<<') are "
                             "not supported", "write the keys out")
                self.node(value_event, (*path, key))
                continue
            if key in seen:
                self.finding(key_event, (*path, key), "okaeri.duplicate_key",
                             f"key '{key}' appears twice in the same mapping (first at line "
                             f"{seen[key]})", "YAML keeps only the last one; remove or rename "
                             "one of them")
                self.node(value_event, (*path, "?"))
                continue
            seen[key] = line
            child = (*path, key)
            self.key_positions[child] = (line, key_mark.column + 1)
            entries[key], value_size = self.node(value_event, child)
            size += value_size
        return (None if refused else entries), size

    def scalar(self, event: Any, path: PathKey) -> Any:
        if event.tag not in (None, "!") and event.tag not in _CORE_TAGS:
            self._tag_refused(event, path, "")
            return None
        tag = event.tag
        if tag in (None, "!"):
            if not event.implicit[0]:  # quoted or block scalar: a string
                return event.value
            tag = _resolve_plain(event.value)
            if tag == "tag:yaml.org,2002:str":
                return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            self.finding(event, path, "okaeri.yaml_syntax", f"cannot read value: {exc}")
            return None


_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers


@lru_cache(maxsize=65536)
def _resolve_plain(value: str) -> str:
    """The tag of a plain scalar by YAML 1.1's implicit rules (as PyYAML's SafeLoader)."""
    for tag, regexp in _IMPLICIT.get(value[:1] if value else "", []):
        if regexp.match(value):
            return str(tag)
    return "tag:yaml.org,2002:str"


class _SecondDocumentError(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _no_event() -> Any:
    raise StopIteration


def _events(text: str) -> Callable[[], Any]:
    """The parser's next event, one per call (libyaml's parser called directly: a
    generator around it cost a third of the reading time of large files)."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return iter(yaml.parse(text, Loader=yaml.SafeLoader)).__next__
    return CParser(text).get_event


def read_yaml(path: Path, display: str) -> tuple[SourceDocument | None, list[Finding]]:
    """Read one YAML file; returns the document (``None`` if unreadable) and findings.

    Inside :func:`~okaeri.model.parsed_files.kept_parsed_files`, a file read before with
    the same bytes and no findings is read back from the cache.
    """
    try:
        raw = path.read_bytes()
        kept = read_kept(raw)
        if kept is not None:
            return SourceDocument(display, *kept, raw=raw), []
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, [Finding(Location(display), "okaeri.unreadable", f"cannot read file: "
                              f"{reason}", "check the file exists and is UTF-8 text")]
    composer = _Composer(display)
    try:
        data, _ = composer.document(_events(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return None, [_syntax_error(display, line, column, problem)]
    except yaml.YAMLError as exc:
        return None, [_syntax_error(display, 1, 1, str(exc))]
    except _SecondDocumentError as exc:
        return None, [Finding(Location(display, exc.line, 1), "okaeri.yaml_syntax",
                              "a model file holds one YAML document, found more",
                              "remove the '---' separators")]
    except _TooLargeError:
        return None, [Finding(Location(display), "okaeri.yaml_syntax", "YAML document "
                              f"expands to more than {_MAX_NODES} values (alias bomb?)")]
    except _TooDeepError as exc:
        return None, [_too_deep(display, exc.line, exc.column)]
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops well before
        return None, [_too_deep(display, 1, 1)]
    findings = composer.located_findings(data)
    if not findings:
        keep(raw, (data, composer.positions, composer.key_positions))
    return SourceDocument(display, data, composer.positions, composer.key_positions,
                          raw=None if findings else raw), findings


def _syntax_error(display: str, line: int, column: int, parser_says: str) -> Finding:
    """okaeri's words for a YAML syntax error; the parser's own words follow in the hint
    (they differ between PyYAML releases)."""
    return Finding(Location(display, line, column), "okaeri.yaml_syntax",
                   "invalid YAML: the structure breaks at this position",
                   "check indentation, colons, quotes and brackets here "
                   f"(the YAML parser says: {parser_says})")


def _too_deep(display: str, line: int, column: int) -> Finding:
    return Finding(Location(display, line, column), "okaeri.yaml_nesting",
                   f"YAML document nested more than {MAX_DEPTH} levels deep",
                   "model files nest a few levels deep; check the brackets and indentation")
