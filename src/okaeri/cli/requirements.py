"""``okaeri requirements``: requirements in and out (ReqIF, CSV, XLSX), and the VCRM."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.cli._common import (
    HelpFormatter,
    add_path_argument,
    cached_project,
    fail,
    mission_folder,
)

if TYPE_CHECKING:
    from okaeri.requirements.ids import IdPattern
    from okaeri.requirements.interchange.imported import ImportResult

_FORMATS = {".reqif": "reqif", ".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}

_IMPORT_EPILOG = """Mapping: ids, titles, texts and rationales are found under the names tools give
them (ReqIF.ForeignID / UID / id, ReqIF.Name / TITLE, ReqIF.Text / STATEMENT / Object
Text, RATIONALE, ...); 'Parent' relations (ReqIF) or a 'parents' column give the
parents. Every other attribute or column is kept in the requirement's 'attributes'
and listed. Nothing is written when a requirement cannot be read: each problem is
shown with where it is (file:line, object or row).

Id pattern: imported ids must match the mission's pattern (requirements/settings.yaml;
default CAP-010 style). For StrictDoc ids, for example:
    okaeri requirements import project.reqif --into my-mission \\
        --id-pattern '^SYS-\\d{5}$' --id-example SYS-00001

exit codes:
  0  imported (or, with --dry-run, would import)
  2  nothing written: unreadable or invalid input, a file exists (see --force), an id
     the mission defines already"""

_EXPORT_EPILOG = """The requirement set: one ReqIF specification, CSV 'document' value or XLSX
worksheet per requirement file; reading the export back with 'okaeri requirements
import' gives the same requirements. Without --out, ReqIF and CSV go to standard
output.

The VCRM (--matrix): one row per requirement with its method, stage, criterion,
value, limit (in display units, the unit in its own column), margin, verdict and
evidence; it runs the verification (cached as 'okaeri verify') unless --from-json
gives a run saved by 'okaeri verify --json FILE'.

exit codes:
  0  written (whatever the verdicts in a matrix)
  2  invalid input: findings in the mission's files, a bad option"""


def register(sub: Any) -> None:
    """Add the ``requirements`` sub-command and its ``import`` and ``export``."""
    parser = sub.add_parser(
        "requirements",
        help="import and export requirements (ReqIF, CSV, XLSX) and the VCRM",
        description="Exchange requirements with other tools: import a ReqIF, CSV or XLSX "
        "file into a mission's requirements/ folder, export the requirement set as ReqIF, "
        "CSV or XLSX, and export the verification cross-reference matrix (VCRM).",
        formatter_class=HelpFormatter,
    )
    parser.set_defaults(run=lambda _args: _help(parser))
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    _register_import(actions)
    _register_export(actions)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _register_import(actions: Any) -> None:
    parser = actions.add_parser(
        "import", help="write requirement YAML files from a ReqIF, CSV or XLSX file",
        description="Read FILE (.reqif, .csv or .xlsx) and write its requirements into "
        "MISSION/requirements/, one YAML file per document (ReqIF specification, CSV "
        "'document' value, XLSX worksheet) unless --file names one.",
        epilog=_IMPORT_EPILOG, formatter_class=HelpFormatter)
    parser.add_argument("file", type=Path, metavar="FILE", help="the .reqif, .csv or .xlsx file")
    parser.add_argument("--into", type=Path, metavar="MISSION", default=None,
                        help="mission folder to write into (default: the current folder)")
    parser.add_argument("--file", dest="file_name", metavar="NAME",
                        help="write every requirement to requirements/NAME.yaml")
    parser.add_argument("--force", action="store_true",
                        help="replace requirement files (and settings.yaml) that exist")
    parser.add_argument("--level", default="auto", metavar="LEVEL",
                        choices=["auto", "mission", "system", "segment", "subsystem",
                                 "component"],
                        help="level of requirements the file gives none: mission, system, "
                        "segment, subsystem, component, or auto (from the depth in the "
                        "parent trace; default)")
    parser.add_argument("--map", action="append", default=[], metavar="NAME=FIELD",
                        help="read column or attribute NAME as okaeri FIELD (id, title, "
                        "text, rationale, level, method, ...), or as 'attribute'; repeatable")
    parser.add_argument("--id-pattern", metavar="REGEX",
                        help="the mission's requirement id pattern, written to "
                        "requirements/settings.yaml (needs --id-example)")
    parser.add_argument("--id-example", metavar="ID", help="an id matching --id-pattern")
    parser.add_argument("--dry-run", action="store_true",
                        help="read and check, list what would be written, write nothing")
    parser.set_defaults(run=run_import)


def _register_export(actions: Any) -> None:
    parser = actions.add_parser(
        "export", help="write the requirement set or the VCRM as ReqIF, CSV or XLSX",
        description="Write the mission's requirements (or, with --matrix, its verification "
        "cross-reference matrix) in another format.",
        epilog=_EXPORT_EPILOG, formatter_class=HelpFormatter)
    add_path_argument(parser)
    parser.add_argument("--format", required=True, choices=["reqif", "csv", "xlsx"],
                        help="output format (the matrix: csv or xlsx)")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="write to FILE (needed for xlsx; default: standard output)")
    parser.add_argument("--matrix", action="store_true",
                        help="export the verification cross-reference matrix (VCRM)")
    parser.add_argument("--from-json", type=Path, metavar="RUN",
                        help="with --matrix: read the run from RUN (okaeri verify --json) "
                        "instead of verifying")
    parser.add_argument("--no-cache", action="store_true",
                        help="with --matrix: do not read or write the cache (analysis results, "
                             "parsed files)")
    parser.set_defaults(run=run_export)


# ---------------------------------------------------------------------------------------
# import
# ---------------------------------------------------------------------------------------


def _names(pairs: list[str]) -> dict[str, str] | str:
    """``--map`` values as a mapping, or the message of the first bad one."""
    from okaeri.requirements.interchange.fields import ATTRIBUTE, COLUMNS

    names: dict[str, str] = {}
    allowed = (*COLUMNS, ATTRIBUTE)
    for pair in pairs:
        name, _, target = pair.partition("=")
        if not name.strip() or target.strip() not in allowed:
            return (f"--map {pair!r}: expected NAME=FIELD with FIELD one of "
                    f"{', '.join(allowed)}")
        names[name.strip()] = target.strip()
    return names


def _id_pattern(args: argparse.Namespace, mission: Path) -> tuple[IdPattern, bool] | str:
    """The id pattern to import with, whether settings.yaml must be (re)written, or an
    error message."""
    from okaeri.requirements.ids import IdPattern
    from okaeri.requirements.settings import load_settings

    settings, findings = load_settings(mission)
    if findings:
        return "\n".join(str(f) for f in findings)
    current = settings.id_pattern_object
    if args.id_pattern is None:
        return ("--id-example needs --id-pattern" if args.id_example else (current, False))
    if not args.id_example:
        return "--id-pattern needs --id-example (an id that matches it)"
    try:
        wanted = IdPattern(args.id_pattern, args.id_example)
    except ValueError as exc:
        return f"--id-pattern: {exc}"
    return wanted, wanted != current


def _read(path: Path, options: Any) -> ImportResult:
    from okaeri.requirements.interchange.reqif_format import read_reqif
    from okaeri.requirements.interchange.spreadsheet import (
        read_requirements_csv,
        read_requirements_xlsx,
    )

    reader = {"reqif": read_reqif, "csv": read_requirements_csv,
              "xlsx": read_requirements_xlsx}[_FORMATS[path.suffix.lower()]]
    return reader(path, path.name, options)


def run_import(args: argparse.Namespace) -> int:
    """Read, check and write; nothing is written unless everything can be."""
    from okaeri.errors import format_findings
    from okaeri.requirements.interchange.imported import ImportOptions, plan_import
    from okaeri.requirements.model import Level

    path: Path = args.file
    if path.suffix.lower() not in _FORMATS:
        return fail(f"okaeri requirements import: expected a .reqif, .csv or .xlsx file, "
                    f"got '{path.name}'")
    if not path.is_file():
        return fail(f"okaeri requirements import: {path}: no such file")
    mission: Path = args.into if args.into is not None else Path.cwd()
    if not mission.is_dir():
        return fail(f"okaeri requirements import: mission folder {mission} not found "
                    "(create one with 'okaeri init DIR', or give --into)")
    names = _names(args.map)
    pattern = _id_pattern(args, mission)
    if isinstance(names, str) or isinstance(pattern, str):
        return fail(f"okaeri requirements import: {names if isinstance(names, str) else pattern}")
    id_pattern, new_settings = pattern
    level = None if args.level == "auto" else Level(args.level)
    result = _read(path, ImportOptions(id_pattern, level, names))
    print(result.summary())
    planned, problems = plan_import(result, mission, args.file_name,
                                    [f"Imported from {path.name} by 'okaeri requirements "
                                     "import'."])
    if args.force:
        problems = [p for p in problems if p.code != "okaeri.file_exists"]
    problems += _settings_problem(mission, new_settings, args.force)
    findings = [*result.findings, *problems]
    if findings:
        print(format_findings(findings), file=sys.stderr)
    if any(f.severity == "error" for f in findings) or not result.requirements:
        print("nothing written", file=sys.stderr)
        return 2
    return _write(planned, mission, id_pattern if new_settings else None, args.dry_run)


def _settings_problem(mission: Path, new_settings: bool, force: bool) -> list[Any]:
    from okaeri.errors import Finding, Location
    from okaeri.requirements.settings import SETTINGS_FILE, settings_path

    if new_settings and settings_path(mission).exists() and not force:
        return [Finding(Location(f"requirements/{SETTINGS_FILE}"), "okaeri.file_exists",
                        "the mission has another id pattern already",
                        "pass --force to replace it")]
    return []


def _write(planned: list[Any], mission: Path, pattern: IdPattern | None, dry_run: bool) -> int:
    from okaeri.requirements.interchange.imported import write_import
    from okaeri.requirements.settings import (
        RequirementSettings,
        settings_path,
        settings_yaml,
    )

    verb = "would write" if dry_run else "wrote"
    if pattern is not None:
        if not dry_run:
            from okaeri.fileio import write_text_atomic

            write_text_atomic(settings_path(mission), settings_yaml(RequirementSettings(
                id_pattern=pattern.pattern, id_example=pattern.example)))
        print(f"{verb} {settings_path(mission)} (id pattern {pattern.pattern})")
    if not dry_run:
        write_import(planned)
    for item in planned:
        print(f"{verb} {item.path}" + (" (replaced)" if item.replaces else ""))
    return 0


# ---------------------------------------------------------------------------------------
# export
# ---------------------------------------------------------------------------------------


def _moment() -> datetime.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible files)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _emit(data: str | bytes, out: Path | None, what: str) -> int:
    from okaeri.fileio import write_bytes_atomic

    if out is None:
        if isinstance(data, bytes):
            return fail("okaeri requirements export: xlsx needs --out FILE")
        sys.stdout.write(data)
        return 0
    write_bytes_atomic(out, data if isinstance(data, bytes) else data.encode("utf-8"))
    print(f"wrote {out} ({what})")
    return 0


def _mission_name(folder: Path) -> str:
    from okaeri.errors import ModelError
    from okaeri.model import load_mission

    try:
        return load_mission(folder).name
    except ModelError:
        return folder.name


def run_export(args: argparse.Namespace) -> int:
    """Write the requirement set or the matrix in the chosen format."""
    if args.matrix:
        return _export_matrix(args)
    if args.from_json is not None:
        return fail("okaeri requirements export: --from-json applies to --matrix only")
    from okaeri.requirements.interchange.fields import documents_of
    from okaeri.requirements.load import load_requirements

    folder = mission_folder(args.path)
    requirements = load_requirements(folder)
    documents = documents_of(requirements)
    what = f"{len(requirements)} requirements in {len(documents)} documents"
    if args.format == "reqif":
        from okaeri.requirements.interchange.reqif_format import reqif_text

        return _emit(reqif_text(documents, _mission_name(folder), _moment()), args.out, what)
    from okaeri.requirements.interchange.spreadsheet import csv_text, xlsx_bytes

    if args.format == "csv":
        return _emit(csv_text(documents), args.out, what)
    if args.out is None:
        return fail("okaeri requirements export: xlsx needs --out FILE")
    return _emit(xlsx_bytes(documents, _moment()), args.out, what)


def _export_matrix(args: argparse.Namespace) -> int:
    from okaeri.report.vcrm import vcrm_csv, vcrm_xlsx

    if args.format == "reqif":
        return fail("okaeri requirements export: the matrix is written as csv or xlsx")
    if args.format == "xlsx" and args.out is None:
        return fail("okaeri requirements export: xlsx needs --out FILE")
    results = _matrix_results(args)
    if isinstance(results, int):
        return results
    what = f"VCRM of {len(results)} requirements"
    if args.format == "csv":
        return _emit(vcrm_csv(results), args.out, what)
    return _emit(vcrm_xlsx(results, _moment()), args.out, what)


def _matrix_results(args: argparse.Namespace) -> Any:
    """The requirement results of a saved or a fresh run, or an exit code."""
    if args.from_json is not None:
        import json

        from okaeri.report.vcrm import results_from_json

        try:
            data = json.loads(args.from_json.read_text(encoding="utf-8"))
            return results_from_json(data)
        except OSError as exc:
            return fail(f"okaeri requirements export: cannot read {args.from_json}: "
                        f"{exc.strerror or exc}")
        except ValueError as exc:  # JSONDecodeError is a ValueError
            return fail(f"okaeri requirements export: {args.from_json}: {exc}")
    from okaeri.verification.runner import run_verification

    project, cache = cached_project(args.path, args.no_cache)
    return run_verification(project, cache=cache).requirements


__all__ = ["register", "run_export", "run_import"]
