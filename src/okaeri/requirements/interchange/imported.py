"""From records read in another format to checked requirements, and into a mission.

A reader (CSV, XLSX, ReqIF) turns each requirement it finds into a :class:`SourceRecord`:
named text values and where each was read. :func:`interpret` maps the names to okaeri's
fields (:func:`~okaeri.requirements.interchange.fields.field_for`), keeps every value
that maps to no field as an attribute, validates each requirement against the target
mission's id pattern and returns an :class:`ImportResult` listing what it kept as
attributes and, located, what it could not read. Nothing is dropped without a finding.

:func:`plan_import` and :func:`write_import` put a result into a mission folder as
requirement files, one per document, refusing to overwrite a file or to define an id
the mission already has.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from okaeri.errors import Finding, Location
from okaeri.model.errors import findings_from_validation
from okaeri.model.load import REQUIREMENTS_DIR, yaml_files
from okaeri.model.yaml_source import PathKey, SourceDocument, read_yaml
from okaeri.requirements.ids import DEFAULT_ID_PATTERN, IdPattern
from okaeri.requirements.interchange.fields import (
    ATTRIBUTE,
    DOCUMENT_COLUMN,
    LIST_COLUMNS,
    Document,
    attribute_name,
    field_for,
    parse_statistic,
    split_list,
)
from okaeri.requirements.interchange.yaml_writer import requirements_yaml
from okaeri.requirements.model import Level, Requirement, RequirementsFile
from okaeri.requirements.settings import SETTINGS_FILE

__all__ = [
    "ImportOptions",
    "ImportResult",
    "PlannedFile",
    "SourceRecord",
    "SourceValue",
    "interpret",
    "plan_import",
    "write_import",
]

_ENUM_COLUMNS = frozenset({"level", "methods", "stage"})
_TITLE_LENGTH = 60


@dataclass(frozen=True)
class SourceValue:
    """One named value of a record: a table cell, a ReqIF attribute value."""

    name: str
    """The column header or attribute name."""
    value: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class SourceRecord:
    """What a reader found for one requirement."""

    document: str
    """The document it belongs to (sheet, ReqIF specification, file)."""
    label: str
    """What to call it in messages: ``row 5``, ``SPEC-OBJECT REQUIREMENT-9391``."""
    values: tuple[SourceValue, ...]
    line: int = 0
    parents: tuple[str, ...] = ()
    """Parent ids found outside the values (ReqIF parent relations)."""
    attributes: tuple[tuple[str, str], ...] = ()
    """Attributes found outside the values (a ReqIF section heading, other relations)."""


@dataclass(frozen=True)
class ImportOptions:
    """How an import reads its records."""

    id_pattern: IdPattern = DEFAULT_ID_PATTERN
    """The pattern the target mission's ids follow."""
    level: Level | None = None
    """Level of a requirement the source gives none; ``None``: from its depth in the
    parent trace (roots ``mission``, their children ``system``, ...)."""
    names: Mapping[str, str] = field(default_factory=dict)
    """Column or attribute name → okaeri field (or ``"attribute"``), over the defaults."""


@dataclass(frozen=True)
class ImportResult:
    """What an import read: the requirements by document, what it kept as attributes,
    and what it could not read (errors) or changed (warnings), located."""

    source: str
    """The file read, as shown to the user."""
    documents: tuple[Document, ...]
    kept: tuple[tuple[str, int], ...]
    """Attribute names kept as attributes, with the number of requirements carrying each."""
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """No error: every record became a requirement."""
        return not any(f.severity == "error" for f in self.findings)

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        """Every requirement read, document by document."""
        return tuple(r for d in self.documents for r in d.requirements)

    def summary(self) -> str:
        """What was read and kept, in a few lines."""
        count = len(self.requirements)
        lines = [f"{self.source}: {count} requirement{'s' if count != 1 else ''} in "
                 f"{len(self.documents)} document{'s' if len(self.documents) != 1 else ''}"]
        lines += [f"  {d.name}: {len(d.requirements)}" for d in self.documents]
        if self.kept:
            lines.append("kept as attributes: " + ", ".join(
                f"{name} ({n})" for name, n in self.kept))
        return "\n".join(lines)


@dataclass
class _Draft:
    record: SourceRecord
    data: dict[str, Any] = field(default_factory=dict)
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)

    def location(self, source: str) -> Location:
        return Location(source, self.record.line, 1 if self.record.line else 0,
                        str(self.data.get("id") or self.record.label))


def interpret(records: Sequence[SourceRecord], source: str,
              options: ImportOptions | None = None,
              findings: Iterable[Finding] = ()) -> ImportResult:
    """Map, complete and validate the records of one file.

    Parameters
    ----------
    records : sequence of SourceRecord
        What the reader found, in document order.
    source : str
        The file, as shown in messages.
    options : ImportOptions, optional
        Id pattern, default level, name mapping.
    findings : iterable of Finding
        The reader's own findings, passed through.
    """
    options = options or ImportOptions()
    found = list(findings)
    drafts = [_draft(record, options, source, found) for record in records]
    _complete_levels(drafts, options, source, found)
    options = _check_ids(drafts, options, source, found)
    by_document: dict[str, list[Requirement]] = {}
    first_seen: dict[str, _Draft] = {}
    for draft in drafts:
        requirement = _validate(draft, options, source, found)
        if requirement is None:
            continue
        if requirement.id in first_seen:
            found.append(Finding(draft.location(source), "okaeri.duplicate_id",
                                 f"'{requirement.id}' is read twice (first "
                                 f"{first_seen[requirement.id].record.label})",
                                 "give each requirement its own id"))
            continue
        first_seen[requirement.id] = draft
        by_document.setdefault(draft.record.document, []).append(requirement)
    kept = Counter(name for d in drafts for name in d.attributes)
    return ImportResult(source, tuple(Document(n, tuple(r)) for n, r in by_document.items()),
                        tuple(sorted(kept.items())), tuple(sorted(found)))


def _draft(record: SourceRecord, options: ImportOptions, source: str,
           found: list[Finding]) -> _Draft:
    draft = _Draft(record)
    for item in record.values:
        value = item.value.replace("\r\n", "\n")
        if not value.strip():
            continue
        column = field_for(item.name, options.names)
        if column == DOCUMENT_COLUMN:
            continue
        if column != ATTRIBUTE and column in draft.sources:
            found.append(Finding(draft.location(source), "okaeri.kept_as_attribute",
                                 f"'{item.name}' gives the {column} again (it is read from "
                                 f"'{draft.sources[column]}'): kept as an attribute",
                                 "choose the field's source with --map NAME=FIELD",
                                 severity="warning"))
            column = ATTRIBUTE
        if column == ATTRIBUTE:
            _keep(draft, attribute_name(item.name), value)
            continue
        draft.sources[column] = item.name
        _set_field(draft, column, value, (item.line, item.column or 1))
    if record.parents:
        parents = draft.data.get("parents", [])
        draft.data["parents"] = list(dict.fromkeys([*parents, *record.parents]))
    for name, value in record.attributes:
        _keep(draft, name, value)
    if "title" not in draft.data and isinstance(draft.data.get("text"), str):
        draft.data["title"] = _title_from(draft.data["text"])
        found.append(Finding(draft.location(source), "okaeri.title_from_text",
                             f"no title: made from the text ('{draft.data['title']}')",
                             "give the requirements a title column or attribute",
                             severity="warning"))
    draft.data.setdefault("rationale", "")
    if draft.attributes:
        draft.data["attributes"] = draft.attributes
    return draft


def _keep(draft: _Draft, name: str, value: str) -> None:
    key, number = name, 2
    while key in draft.attributes:
        key, number = f"{name} ({number})", number + 1
    draft.attributes[key] = value


def _set_field(draft: _Draft, column: str, value: str, where: tuple[int, int]) -> None:
    item: Any = value
    if column == "id":
        item = value.strip()
    elif column in LIST_COLUMNS and column in _ENUM_COLUMNS:
        item = ["_".join(v.lower().split()) for v in split_list(value)]
    elif column in LIST_COLUMNS:
        item = split_list(value)
    elif column in _ENUM_COLUMNS:
        item = "_".join(value.strip().lower().split())
    if column.startswith("criterion."):
        key = column.split(".", 1)[1]
        criterion = draft.data.setdefault("criterion", {})
        criterion[key] = parse_statistic(value) if key == "statistic" else value.strip()
        draft.positions[("criterion", key)] = where
    else:
        draft.data[column] = item
        draft.positions[(column,)] = where


def _title_from(text: str) -> str:
    line = " ".join(text.split())
    if len(line) <= _TITLE_LENGTH:
        return line
    cut = line[:_TITLE_LENGTH].rsplit(" ", 1)[0]
    return cut + "..."


def _suggest_pattern(ids: Sequence[str]) -> str:
    """A pattern all ``ids`` match: the first id with its numbers generalised, or ''."""
    parts = [p for p in re.split(r"(\d+)", ids[0]) if p]
    for exact in (True, False):
        body = "".join((f"\\d{{{len(p)}}}" if exact else "\\d+") if p.isdigit()
                       else re.escape(p).replace("\\-", "-") for p in parts)
        if all(re.fullmatch(body, i) for i in ids):
            return f"^{body}$"
    return ""


def _check_ids(drafts: list[_Draft], options: ImportOptions, source: str,
               found: list[Finding]) -> ImportOptions:
    """One finding for ids that do not match the mission's pattern (rather than one per
    id and parent), and options that let the rest of the validation go on."""
    ids = [d.data["id"] for d in drafts if isinstance(d.data.get("id"), str)]
    bad = [i for i in ids if not options.id_pattern.matches(i)]
    if not bad:
        return options
    pattern = options.id_pattern
    suggestion = _suggest_pattern(ids)
    found.append(Finding(
        Location(source), "okaeri.invalid_id",
        f"{len(bad)} of {len(ids)} ids do not match the mission's requirement id pattern "
        f"{pattern.pattern} (like '{pattern.example}'), e.g. '{bad[0]}'",
        "set the mission's id pattern (requirements/settings.yaml, or 'okaeri requirements "
        "import --id-pattern REGEX --id-example ID')"
        + (f", e.g. {suggestion} with example {ids[0]}" if suggestion else "")))
    return replace(options, id_pattern=IdPattern(r".+", bad[0]))


def _complete_levels(drafts: list[_Draft], options: ImportOptions, source: str,
                     found: list[Finding]) -> None:
    missing = [d for d in drafts if "level" not in d.data]
    if not missing:
        return
    if options.level is not None:
        for draft in missing:
            draft.data["level"] = str(options.level)
        how = f"set to '{options.level}' (--level)"
    else:
        parents = {str(d.data.get("id")): [str(p) for p in d.data.get("parents", [])]
                   for d in drafts}
        for draft in missing:
            depth = _depth(str(draft.data.get("id")), parents, set())
            draft.data["level"] = str(list(Level)[min(depth, len(Level) - 1)])
        how = ("set from their depth in the parent trace (a requirement without a parent "
               "is 'mission', its children 'system', then 'segment', ...)")
    found.append(Finding(Location(source), "okaeri.level_assumed",
                         f"{len(missing)} requirement{'s have' if len(missing) != 1 else ' has'}"
                         f" no level: {how}",
                         "give a level column or attribute, or choose one with --level",
                         severity="warning"))


def _depth(requirement_id: str, parents: Mapping[str, list[str]], seen: set[str]) -> int:
    if requirement_id in seen:
        return 0
    known = [p for p in parents.get(requirement_id, []) if p in parents]
    if not known:
        return 0
    return 1 + max(_depth(p, parents, seen | {requirement_id}) for p in known)


def _validate(draft: _Draft, options: ImportOptions, source: str,
              found: list[Finding]) -> Requirement | None:
    data = {"requirements": [draft.data]}
    try:
        model = RequirementsFile.model_validate(data, context=options.id_pattern.context())
    except ValidationError as exc:
        positions = {("requirements", 0, *path): where
                     for path, where in draft.positions.items()}
        positions[("requirements", 0)] = (draft.record.line, 1)
        positions[()] = (draft.record.line, 1)
        document = SourceDocument(source, data, positions)
        for finding in findings_from_validation(exc, document, RequirementsFile):
            column = finding.location.path.rsplit(".", 1)[-1]
            read_from = draft.sources.get(column) or draft.sources.get(
                f"criterion.{column}")
            note = f"{draft.record.label}" + (f", from '{read_from}'" if read_from else "")
            found.append(replace(finding, hint="; ".join(filter(None, (finding.hint,
                                                                      note)))))
        return None
    return model.requirements[0]


# ---------------------------------------------------------------------------------------
# Into a mission folder
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedFile:
    """A file an import writes: where, and its text."""

    path: Path
    text: str
    replaces: bool
    """The file exists already."""


def file_stem(name: str) -> str:
    """A document name as a file stem: ``System requirements`` → ``system_requirements``."""
    return "_".join(re.findall(r"[a-z0-9]+", name.lower())) or "requirements"


def plan_import(result: ImportResult, mission: Path, file_name: str | None = None,
                header: Iterable[str] = ()) -> tuple[list[PlannedFile], list[Finding]]:
    """The files that would hold ``result`` in ``mission/requirements/``, and what stands
    in the way: a file that exists (an error the caller may override), an id that
    another file of the mission defines (error), a parent found nowhere (warning).

    ``file_name`` puts every requirement in one file (``NAME`` or ``NAME.yaml``); by
    default each document goes to a file named after it.
    """
    folder = mission / REQUIREMENTS_DIR
    groups: dict[str, list[Requirement]] = {}
    for document in result.documents:
        stem = (Path(file_name).stem if file_name else file_stem(document.name))
        groups.setdefault(stem, []).extend(document.requirements)
    header = list(header)
    planned = [PlannedFile(folder / f"{stem}.yaml", requirements_yaml(items, header),
                           (folder / f"{stem}.yaml").exists())
               for stem, items in groups.items()]
    findings = [Finding(Location(f"{REQUIREMENTS_DIR}/{p.path.name}"), "okaeri.file_exists",
                        "the file exists already", "pass --force to replace it, or choose "
                        "another name with --file") for p in planned if p.replaces]
    if any(p.path.name == SETTINGS_FILE for p in planned):
        findings.append(Finding(Location(f"{REQUIREMENTS_DIR}/{SETTINGS_FILE}"),
                                "okaeri.reserved_name", "this file holds the mission's "
                                "settings, not requirements", "choose another --file"))
    findings += _clashes(result, folder, {p.path.name for p in planned})
    return planned, findings


def _clashes(result: ImportResult, folder: Path, replaced: set[str]) -> list[Finding]:
    existing: dict[str, Location] = {}
    for path in yaml_files(folder):
        if path.name in replaced or path.name == SETTINGS_FILE:
            continue
        document, _ = read_yaml(path, f"{REQUIREMENTS_DIR}/{path.name}")
        items = document.get(("requirements",)) if document is not None else None
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("id"), str) and document:
                existing.setdefault(item["id"], document.location(("requirements", index)))
    findings = []
    imported = {r.id for r in result.requirements}
    for requirement in result.requirements:
        if requirement.id in existing:
            findings.append(Finding(Location(result.source, path=requirement.id),
                                    "okaeri.duplicate_id",
                                    f"the mission defines '{requirement.id}' already, at "
                                    f"{existing[requirement.id]}",
                                    "remove it there, or import into another mission"))
        findings += [Finding(Location(result.source, path=f"{requirement.id}.parents"),
                             "okaeri.dangling_ref", f"parent '{parent}' is neither imported "
                             "nor in the mission", "import the parent's document too",
                             severity="warning")
                     for parent in requirement.parents
                     if parent not in imported and parent not in existing]
    return findings


def write_import(planned: Iterable[PlannedFile]) -> None:
    """Write the planned files, each atomically (a reader sees the old file or the new)."""
    from okaeri.fileio import write_text_atomic

    for item in planned:
        write_text_atomic(item.path, item.text)
