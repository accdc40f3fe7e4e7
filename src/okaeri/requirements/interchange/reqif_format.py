"""ReqIF (OMG Requirements Interchange Format 1.2) in and out, through the ``reqif`` package.

**Writing** (:func:`reqif_text`): one SPECIFICATION per document (requirement file), one
SPEC-OBJECT per requirement, one SPEC-RELATION of type ``Parent`` from each requirement
to each of its parents (source the child, target the parent, as StrictDoc writes
them). Fields are attributes named as the ProSTEP ReqIF Implementation Guide names
them where it does (``ReqIF.ForeignID`` the id, ``ReqIF.Name`` the title, ``ReqIF.Text``
the text) and as :data:`ATTRIBUTE_NAMES` says otherwise; okaeri's ``attributes`` are
attributes of their own name. Prose (text, rationale, source, notes) and any value
with a line break or tab is XHTML, one paragraph per line; the rest are strings.
Identifiers derive from the requirement ids, so that exporting twice gives the same
identifiers (a receiving tool updates its objects instead of adding new ones), and
the timestamp is an argument, so that the output is reproducible. A parent that is not
in the export cannot be a relation: the requirement then also lists all its parents
in a ``Parents`` attribute.

**Reading** (:func:`read_reqif`): every SPEC-OBJECT reached from a SPECIFICATION is a
requirement when it has an id (``ReqIF.ForeignID``, ``UID``, ...); a heading
(``ReqIF.ChapterName`` and no text) is a section, whose titles are kept in the
``section`` attribute of the requirements under it; anything else is skipped with a
warning. ``Parent`` relations (and ``derived from``, ``refines``; ``child`` reversed)
are parents; other relations are kept as attributes ``relation: TYPE`` listing the
targets' ids. Enumeration values are read by their names. Files written by StrictDoc
escape line breaks and non-ASCII characters in strings (``\\n``, ``\\u2265``); reading
undoes that for files whose header names StrictDoc as the tool.
"""

from __future__ import annotations

import codecs
import datetime
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okaeri.errors import Finding, Location
from okaeri.requirements.interchange.fields import (
    ATTRIBUTE,
    COLUMNS,
    Document,
    field_for,
    normalise_name,
    to_record,
)
from okaeri.requirements.interchange.imported import (
    ImportOptions,
    ImportResult,
    SourceRecord,
    SourceValue,
    interpret,
)
from okaeri.requirements.interchange.xhtml import XHTML_NAMESPACE, text_to_xhtml, xhtml_to_text

__all__ = ["ATTRIBUTE_NAMES", "read_reqif", "reqif_text"]

REQIF_NAMESPACE = "http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"
ATTRIBUTE_NAMES: Mapping[str, str] = {
    "id": "ReqIF.ForeignID",
    "title": "ReqIF.Name",
    "text": "ReqIF.Text",
    "rationale": "Rationale",
    "source": "Source",
    "level": "Requirement level",
    "allocated_to": "Allocated to",
    "methods": "Verification methods",
    "stage": "Verification stage",
    "phases": "Mission phases",
    "notes": "Notes",
    "criterion.quantity": "Criterion quantity",
    "criterion.statistic": "Criterion statistic",
    "criterion.comparator": "Criterion comparator",
    "criterion.limit": "Criterion limit",
    "criterion.required_margin": "Criterion required margin",
}
"""ReqIF attribute name of each okaeri field (parents are relations)."""
PARENTS_ATTRIBUTE = "Parents"
SECTION_ATTRIBUTE = "section"
RELATION_PREFIX = "relation: "
_PROSE = frozenset({"text", "rationale", "source", "notes"})
_PARENT_RELATIONS = frozenset({"parent", "derived from", "derives from", "refines"})
_CHILD_RELATIONS = frozenset({"child"})
_STRING_MAX_LENGTH = "1000000"


def _ncname(prefix: str, text: str) -> str:
    """An XML identifier (NCName) made from ``text``, one-to-one."""
    return prefix + "-" + re.sub(r"[^A-Za-z0-9.\-]", lambda m: f"_{ord(m.group()):x}_", text)


def _timestamp(when: datetime.datetime) -> str:
    return when.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class _Writer:
    documents: Sequence[Document]
    stamp: str
    records: dict[str, dict[str, str]] = field(default_factory=dict)
    definitions: dict[str, tuple[str, bool]] = field(default_factory=dict)
    """Column → (attribute definition id, is XHTML)."""

    def __post_init__(self) -> None:
        ids = {r.id for d in self.documents for r in d.requirements}
        for document in self.documents:
            for requirement in document.requirements:
                record = {k: v for k, v in to_record(requirement).items() if v}
                record.pop("parents", None)
                if any(p not in ids for p in requirement.parents):
                    record[PARENTS_ATTRIBUTE] = ", ".join(requirement.parents)
                self.records[requirement.id] = record
        columns = [c for c in COLUMNS if c != "parents"]
        columns += sorted({c for r in self.records.values() for c in r} - set(columns))
        for column in columns:
            values = [r[column] for r in self.records.values() if column in r]
            xhtml = column in _PROSE or any(re.search(r"[\n\r\t]", v) for v in values)
            self.definitions[column] = (_ncname("okaeri-attribute", column), xhtml)

    def name(self, column: str) -> str:
        return ATTRIBUTE_NAMES.get(column, column)

    def spec_types(self) -> list[Any]:
        from reqif.models.reqif_spec_object_type import ReqIFSpecObjectType, SpecAttributeDefinition
        from reqif.models.reqif_spec_relation_type import ReqIFSpecRelationType
        from reqif.models.reqif_specification_type import ReqIFSpecificationType
        from reqif.models.reqif_types import SpecObjectAttributeType as Kind

        definitions = [SpecAttributeDefinition(
            attribute_type=Kind.XHTML if xhtml else Kind.STRING, identifier=identifier,
            datatype_definition="okaeri-datatype-xhtml" if xhtml else "okaeri-datatype-string",
            long_name=self.name(column), last_change=self.stamp)
            for column, (identifier, xhtml) in self.definitions.items()]
        return [
            ReqIFSpecObjectType(identifier="okaeri-requirement-type", long_name="Requirement",
                                last_change=self.stamp, attribute_definitions=definitions),
            ReqIFSpecRelationType(identifier="okaeri-relation-parent", long_name="Parent",
                                  last_change=self.stamp),
            ReqIFSpecificationType(identifier="okaeri-specification-type",
                                   long_name="Requirement file", last_change=self.stamp,
                                   is_self_closed=True),
        ]

    def spec_objects(self) -> list[Any]:
        from reqif.models.reqif_spec_object import ReqIFSpecObject, SpecObjectAttribute
        from reqif.models.reqif_types import SpecObjectAttributeType as Kind

        objects = []
        for requirement_id, record in self.records.items():
            values = []
            for column, (identifier, xhtml) in self.definitions.items():
                if column in record:
                    value = text_to_xhtml(record[column]) if xhtml else record[column]
                    values.append(SpecObjectAttribute(
                        attribute_type=Kind.XHTML if xhtml else Kind.STRING,
                        definition_ref=identifier, value=value))
            objects.append(ReqIFSpecObject(
                identifier=_ncname("okaeri-requirement", requirement_id), attributes=values,
                spec_object_type="okaeri-requirement-type", last_change=self.stamp,
                long_name=requirement_id))
        return objects

    def relations(self) -> list[Any]:
        from reqif.models.reqif_spec_relation import ReqIFSpecRelation

        return [ReqIFSpecRelation(
            identifier=_ncname("okaeri-parent", f"{requirement.id}-{index}"),
            relation_type_ref="okaeri-relation-parent", last_change=self.stamp,
            source=_ncname("okaeri-requirement", requirement.id),
            target=_ncname("okaeri-requirement", parent))
            for document in self.documents for requirement in document.requirements
            for index, parent in enumerate(dict.fromkeys(requirement.parents))
            if parent in self.records]

    def specifications(self) -> list[Any]:
        from reqif.models.reqif_spec_hierarchy import ReqIFSpecHierarchy
        from reqif.models.reqif_specification import ReqIFSpecification

        return [ReqIFSpecification(
            identifier=_ncname("okaeri-specification", document.name),
            long_name=document.name, last_change=self.stamp,
            specification_type="okaeri-specification-type",
            children=[ReqIFSpecHierarchy(
                identifier=_ncname("okaeri-hierarchy", requirement.id),
                spec_object=_ncname("okaeri-requirement", requirement.id), level=1,
                last_change=self.stamp, is_self_closed=False)
                for requirement in document.requirements]) for document in self.documents]


def reqif_text(documents: Sequence[Document], title: str,
               when: datetime.datetime | None = None) -> str:
    """The requirements as a ReqIF document.

    Parameters
    ----------
    documents : sequence of Document
        The requirements, one specification per document.
    title : str
        Title of the ReqIF header (the mission's name).
    when : datetime, optional
        Creation and last-change time of every element (default: now); pass a fixed
        time for reproducible output.
    """
    from reqif.models.reqif_core_content import ReqIFCoreContent
    from reqif.models.reqif_data_type import (
        ReqIFDataTypeDefinitionString,
        ReqIFDataTypeDefinitionXHTML,
    )
    from reqif.models.reqif_namespace_info import ReqIFNamespaceInfo
    from reqif.models.reqif_req_if_content import ReqIFReqIFContent
    from reqif.models.reqif_reqif_header import ReqIFReqIFHeader
    from reqif.object_lookup import ReqIFObjectLookup
    from reqif.reqif_bundle import ReqIFBundle
    from reqif.unparser import ReqIFUnparser

    from okaeri import __version__

    stamp = _timestamp(when or datetime.datetime.now(datetime.UTC))
    writer = _Writer(documents, stamp)
    content = ReqIFReqIFContent(
        data_types=[ReqIFDataTypeDefinitionString(
            identifier="okaeri-datatype-string", long_name="Text", last_change=stamp,
            max_length=_STRING_MAX_LENGTH),
            ReqIFDataTypeDefinitionXHTML(identifier="okaeri-datatype-xhtml",
                                         long_name="Formatted text", last_change=stamp,
                                         is_self_closed=True)],
        spec_types=writer.spec_types(), spec_objects=writer.spec_objects(),
        spec_relations=writer.relations(), specifications=writer.specifications())
    namespace = ReqIFNamespaceInfo.empty(namespace=REQIF_NAMESPACE, configuration=None)
    namespace.namespace_xhtml = XHTML_NAMESPACE
    header = ReqIFReqIFHeader(identifier=_ncname("okaeri-header", title), creation_time=stamp,
                              title=title, req_if_tool_id=f"okaeri {__version__}",
                              req_if_version="1.0", source_tool_id="okaeri")
    bundle = ReqIFBundle(namespace_info=namespace, req_if_header=header,
                         core_content=ReqIFCoreContent(content),
                         tool_extensions_tag_exists=False, lookup=ReqIFObjectLookup.empty(),
                         exceptions=[])
    return str(ReqIFUnparser.unparse(bundle))


# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------


@dataclass
class _Reading:
    """Look-up tables over one parsed ReqIF bundle."""

    display: str
    options: ImportOptions
    strictdoc: bool
    definitions: dict[str, str] = field(default_factory=dict)
    enum_names: dict[str, str] = field(default_factory=dict)
    relation_types: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    flattened: int = 0
    read: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def where(self, item: Any, what: str = "") -> Location:
        node = getattr(item, "xml_node", None)
        line = int(getattr(node, "sourceline", 0) or 0)
        return Location(self.display, line, 1 if line else 0, what)

    def text(self, attribute: Any) -> str:
        from reqif.models.reqif_types import SpecObjectAttributeType as Kind

        value = attribute.value
        if attribute.attribute_type == Kind.ENUMERATION:
            return ", ".join(self.enum_names.get(ref, ref) for ref in value or [])
        if attribute.attribute_type == Kind.XHTML:
            text, rich = xhtml_to_text(str(value or ""))
            self.flattened += rich
            return text
        text = "" if value is None else str(value)
        if self.strictdoc and attribute.attribute_type == Kind.STRING and text.isascii():
            try:
                return codecs.decode(text, "unicode_escape")
            except UnicodeDecodeError:
                return text
        return text

    def values(self, spec_object: Any) -> list[tuple[str, str]]:
        """(attribute name, text) of each value of an object (read once)."""
        found = self.read.get(spec_object.identifier)
        if found is None:
            found = [(self.definitions.get(a.definition_ref, a.definition_ref), self.text(a))
                     for a in spec_object.attributes or []]
            self.read[spec_object.identifier] = found
        return found


def _lookups(bundle: Any, reading: _Reading) -> None:
    from reqif.models.reqif_data_type import ReqIFDataTypeDefinitionEnumeration
    from reqif.models.reqif_spec_object_type import ReqIFSpecObjectType
    from reqif.models.reqif_spec_relation_type import ReqIFSpecRelationType

    content = bundle.core_content.req_if_content
    for data_type in content.data_types or []:
        if isinstance(data_type, ReqIFDataTypeDefinitionEnumeration):
            for value in data_type.values or []:
                reading.enum_names[value.identifier] = (
                    value.long_name or value.key or value.identifier)
    for spec_type in content.spec_types or []:
        if isinstance(spec_type, ReqIFSpecObjectType):
            for definition in spec_type.attribute_definitions or []:
                reading.definitions[definition.identifier] = (
                    definition.long_name or definition.identifier)
        elif isinstance(spec_type, ReqIFSpecRelationType):
            reading.relation_types[spec_type.identifier] = (
                spec_type.long_name or spec_type.identifier)
    reading.objects = {o.identifier: o for o in content.spec_objects or []}


def _object_id(values: list[tuple[str, str]], options: ImportOptions) -> str:
    return next((v.strip() for n, v in values if field_for(n, options.names) == "id"
                 and v.strip()), "")


def _is_heading(values: list[tuple[str, str]], options: ImportOptions) -> str:
    """The heading of a section object ('' for anything else)."""
    names = {normalise_name(n): v for n, v in values if v.strip()}
    has_text = any(field_for(n, options.names) == "text" for n, v in values if v.strip())
    heading = names.get("reqif chaptername", "")
    return heading.strip() if heading and not has_text else ""


def _walk(bundle: Any, reading: _Reading) -> Iterator[tuple[str, str, Any]]:
    """(specification name, section path, spec object) of every requirement object,
    in document order; sections and other objects are noted and skipped."""
    seen: set[str] = set()
    for specification in bundle.core_content.req_if_content.specifications or []:
        name = specification.long_name or specification.identifier
        sections: list[tuple[int, str]] = []
        for node in bundle.iterate_specification_hierarchy(specification):
            sections = [s for s in sections if s[0] < node.level]
            spec_object = reading.objects.get(node.spec_object)
            if spec_object is None:
                reading.findings.append(Finding(
                    reading.where(node, name), "okaeri.dangling_ref",
                    f"the hierarchy refers to '{node.spec_object}', which is no object",
                    "", severity="warning"))
                continue
            values = reading.values(spec_object)
            heading = _is_heading(values, reading.options)
            if heading:
                sections.append((node.level, heading))
            elif spec_object.identifier not in seen:
                seen.add(spec_object.identifier)
                yield name, " / ".join(s[1] for s in sections), spec_object
    for identifier, spec_object in reading.objects.items():
        if identifier not in seen and not _is_heading(reading.values(spec_object),
                                                      reading.options):
            yield Path(reading.display).stem, "", spec_object


_Links = dict[str, list[str]]


def _relations(bundle: Any, reading: _Reading,
               ids: Mapping[str, str]) -> tuple[_Links, dict[str, _Links]]:
    """Parents of each requirement id, and its other relations by type."""
    parents: _Links = {}
    others: dict[str, _Links] = {}
    for relation in bundle.core_content.req_if_content.spec_relations or []:
        kind = reading.relation_types.get(relation.relation_type_ref,
                                          relation.relation_type_ref)
        source, target = ids.get(relation.source), ids.get(relation.target)
        if source is None or target is None:
            reading.findings.append(Finding(
                reading.where(relation, f"relation {relation.identifier}"),
                "okaeri.dangling_ref", f"a '{kind}' relation links an object that is not a "
                f"requirement ({relation.source} → {relation.target}): not read", "",
                severity="warning"))
            continue
        if normalise_name(kind) in _CHILD_RELATIONS:
            source, target = target, source
        if normalise_name(kind) in _PARENT_RELATIONS | _CHILD_RELATIONS:
            parents.setdefault(source, []).append(target)
        else:
            others.setdefault(source, {}).setdefault(kind, []).append(target)
    return parents, others


def _records(bundle: Any, reading: _Reading) -> list[SourceRecord]:
    found = list(_walk(bundle, reading))
    ids: dict[str, str] = {}
    kept: list[tuple[str, str, Any, list[tuple[str, str]]]] = []
    for document, section, spec_object in found:
        values = reading.values(spec_object)
        requirement_id = _object_id(values, reading.options)
        if not requirement_id:
            text = next((v for n, v in values if field_for(n) == "text"), "")
            reading.findings.append(Finding(
                reading.where(spec_object, spec_object.identifier), "okaeri.not_a_requirement",
                "an object without an id is not read as a requirement" + (
                    f" (its text begins '{' '.join(text.split())[:50]}')" if text else ""),
                "give it an id attribute (ReqIF.ForeignID) to import it", severity="warning"))
            continue
        ids[spec_object.identifier] = requirement_id
        kept.append((document, section, spec_object, values))
    parents, others = _relations(bundle, reading, ids)
    records = []
    for document, section, spec_object, values in kept:
        requirement_id = ids[spec_object.identifier]
        extra = [(SECTION_ATTRIBUTE, section)] if section else []
        extra += [(RELATION_PREFIX + kind, ", ".join(targets))
                  for kind, targets in others.get(requirement_id, {}).items()]
        where = reading.where(spec_object)
        records.append(SourceRecord(
            document, f"SPEC-OBJECT {spec_object.identifier}",
            tuple(SourceValue(n, v, where.line, 1) for n, v in values), where.line,
            tuple(parents.get(requirement_id, [])), tuple(extra)))
    return records


def read_reqif(path: Path, display: str, options: ImportOptions | None = None) -> ImportResult:
    """Read the requirements of a ``.reqif`` file (see the module's description).

    Never raises for a bad file: an unreadable one gives a result with no requirement
    and an error finding.
    """
    from reqif.parser import ReqIFParser

    options = options or ImportOptions()
    try:
        bundle = ReqIFParser.parse(str(path))
    except Exception as exc:  # the parser raises its own, lxml's and plain errors alike
        return ImportResult(display, (), (), (Finding(
            Location(display), "okaeri.unreadable_file",
            f"not a readable ReqIF file ({type(exc).__name__}: {exc})",
            "check that the file is ReqIF XML (a .reqifz archive must be unpacked first)"),))
    if bundle.core_content is None or bundle.core_content.req_if_content is None:
        return ImportResult(display, (), (), (Finding(
            Location(display), "okaeri.empty_file", "the ReqIF file has no content", ""),))
    header = bundle.req_if_header
    tools = {str(getattr(header, n, "") or "").lower()
             for n in ("req_if_tool_id", "source_tool_id")}
    reading = _Reading(display, options, strictdoc="strictdoc" in tools)
    _lookups(bundle, reading)
    records = _records(bundle, reading)
    if reading.flattened:
        reading.findings.append(Finding(
            Location(display), "okaeri.formatting_flattened",
            f"{reading.flattened} XHTML value{'s' if reading.flattened != 1 else ''} "
            "held formatting (lists, tables, emphasis): read as plain text", "",
            severity="warning"))
    return interpret(records, display, options, reading.findings)


__all__ += ["ATTRIBUTE", "PARENTS_ATTRIBUTE", "SECTION_ATTRIBUTE"]
