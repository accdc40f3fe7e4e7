"""``okaeri review``: generate and build the design review data package of a mission."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

from okaeri.cli._common import HelpFormatter, add_path_argument, fail, mission_folder

DOCS_EXTRA = "pip install 'okaeri[docs]'"
"""How to install what the package needs (Sphinx, furo, matplotlib)."""

_EPILOG = """exit codes:
  0  the package is built and no requirement fails or errors
  1  the package is built and a requirement fails or its analysis errors (the package
     shows it: open items page); or the Sphinx build reported problems (printed), or
     --pdf failed
  2  invalid input: findings in the mission's files (review.yaml included), a bad
     --out, or Sphinx missing

The package needs the docs extra: pip install 'okaeri[docs]'. --pdf also needs
Chromium (Debian: apt-get install chromium); it prints the single-page edition.
SOURCE_DATE_EPOCH, when set, is the timestamp of the results (reproducible packages)."""


def register(sub: Any) -> None:
    """Add the ``review`` sub-command."""
    parser = sub.add_parser(
        "review",
        help="generate the design review data package (Sphinx: budgets, matrices, plots)",
        description="Write a Sphinx project for the mission to DIR/source (mission "
        "overview and concept of operations, configuration, mass, delta-v and propellant "
        "budgets, entry analysis with plots and dispersion statistics, verification and "
        "trace matrices, open items, provenance) and build it to DIR/html. The cover "
        "states the document number, issue, date and the baseline reviewed (a git tag "
        "baseline/*) with the approval block; the documents, actions and cover details "
        "come from the mission's review.yaml. Compliance matrix, TBD/TBC list, mass "
        "summary by subsystem and the entry corridor plot are included; a first page "
        "shows the changes since the previous baseline. Every table and figure is "
        "computed from the mission's files while the package is built.",
        epilog=_EPILOG,
        formatter_class=HelpFormatter,
    )
    add_path_argument(parser)
    parser.add_argument("--out", "-o", type=Path, required=True, metavar="DIR",
                        help="folder of the package (DIR/source, DIR/html)")
    parser.add_argument("--pdf", action="store_true",
                        help="also print the package to DIR/<mission>-review.pdf with "
                        "headless Chromium")
    parser.add_argument("--source-only", action="store_true",
                        help="write DIR/source and do not build it")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="show Sphinx's progress")
    parser.set_defaults(run=run)


def missing_packages() -> list[str]:
    """The packages of the docs extra that are not installed."""
    return [name for name in ("sphinx", "furo", "matplotlib")
            if importlib.util.find_spec(name) is None]


def run(args: argparse.Namespace) -> int:
    """Write the package's source, build it, optionally print it; return the exit code."""
    missing = missing_packages()
    if missing:
        return fail(f"okaeri review: {', '.join(missing)} not installed; the design review "
                    f"package needs the docs extra: {DOCS_EXTRA}")
    from okaeri.report.package import load_package
    from okaeri.report.terminal import summary_line
    from okaeri.sphinxext import review
    from okaeri.sphinxext.data import preloaded
    from okaeri.verification.project import load_project

    out: Path = args.out
    if out.exists() and not out.is_dir():
        return fail(f"okaeri review: --out {out} is a file; give a folder")
    folder = mission_folder(args.path)
    project = load_project(folder)  # findings are input errors (exit 2), before any build
    load_package(folder)  # so are those of review.yaml (cover, documents, actions)
    source = review.write_source(out, args.path, project.mission.name)
    if args.source_only:
        print(f"wrote {source}; build it with: sphinx-build -W -b html {source} {out / 'html'}")
        return 0
    with preloaded(project):
        result = review.build(out, "html", quiet=not args.verbose)
    if result.warnings.strip():
        sys.stderr.write(result.warnings)
    if result.run is not None:
        print(summary_line(result.run))
    if not result.ok:
        print(f"okaeri review: the build of {source} reported problems (above)",
              file=sys.stderr)
        return 1
    print(f"design review data package: {result.output / 'index.html'}")
    code = result.run.exit_code() if result.run is not None else 0
    if args.pdf:
        with preloaded(project, result.run):
            return _pdf(out, project.mission.name, not args.verbose) or code
    return code


def _pdf(out: Path, mission: str, quiet: bool) -> int:
    from okaeri.errors import ReportError
    from okaeri.sphinxext import review

    browser = review.chromium()
    if browser is None:
        print("okaeri review: --pdf needs Chromium (Debian: apt-get install chromium); the "
              "HTML package was built", file=sys.stderr)
        return 1
    single = review.build(out, "singlehtml", quiet=quiet)
    if not single.ok:
        sys.stderr.write(single.warnings)
        return 1
    pdf = out / f"{mission}-review.pdf"
    try:
        review.print_pdf(single.output / "index.html", pdf, browser)
    except ReportError as exc:
        print(f"okaeri review: {exc}", file=sys.stderr)
        return 1
    print(f"PDF: {pdf}")
    return 0


__all__ = ["DOCS_EXTRA", "missing_packages", "register", "run"]
