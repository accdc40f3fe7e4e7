"""The design review data package: a Sphinx project for a mission, and its build.

:func:`write_source` writes ``DIR/source`` (``conf.py`` using :mod:`okaeri.sphinxext`
with ``okaeri_mission`` pointing at the mission folder, and one page per review
topic); :func:`build` builds it to ``DIR/html`` with warnings as errors, except
okaeri's own verdict warnings: a failing or inconclusive requirement is content of the
package (the open items page lists it), not an error of the package. The source is
plain reStructuredText with okaeri directives, so a project may keep it in git, add
pages, and build it with ``sphinx-build`` as well.

:func:`print_pdf` prints the single-page edition to PDF with headless Chromium (the
figures are inline SVG, which Chromium renders as vectors).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okaeri.verification.results import VerificationRun

VERDICT_SUBTYPES = ("okaeri.analysis_error", "okaeri.failing_requirement",
                    "okaeri.inconclusive", "okaeri.low_margin", "okaeri.stale_evidence")
"""Warnings that report verdicts: shown on the open items page, not build errors."""

PAGES: dict[str, tuple[str, str]] = {
    "documents": ("Applicable and reference documents", """\
Applicable documents are binding on the design reviewed; reference documents are cited
for information. The list is the mission's ``review.yaml``.

.. okaeri-documents::
"""),
    "changes": ("Changes since the previous baseline", """\
A baseline is a git tag matching ``okaeri_baseline_pattern`` in ``conf.py`` (default
``baseline/*``, e.g. ``baseline/PDR``). The commits since the previous baseline that
changed the mission's files, what changed in the results (verdict flips, margins,
budgets with the items that moved them, parameters with their file and line,
requirements added, removed or reworded), and the margin trend of the requirements that
moved; the previous baseline is verified from its files in git by this okaeri.

.. okaeri-change-log::
"""),
    "mission": ("Mission overview and concept of operations", """\
.. okaeri-mission-overview::

Concept of operations
---------------------

The phases in flight order, as the model defines them: what happens, which stack flies,
and where each phase's delta-v comes from (computed by the patched-conic trajectory
core, or allocated with a rationale).

.. okaeri-phases::
"""),
    "configuration": ("Configuration", """\
The stacks that fly together, and each vehicle's product breakdown as the model
defines it: the basic mass of every component as written in the model (a value or an
expression), its heritage (which selects the ESA maturity margin) and its design
maturity (which selects the AIAA growth allowance). The resulting masses are on the
mass budget page.

.. okaeri-configuration::
"""),
    "mass": ("Mass budget", """\
Basic masses, maturity margins (growth) by component, the harness allocation and the
system margin on the nominal dry mass, per vehicle; the launch mass against the
launcher's allowance, and the stack mass phase by phase.

.. okaeri-budget:: mass

Mass summary by subsystem
-------------------------

The components' basic and predicted masses (with the maturity margins of the growth
policy) summed by subsystem, the harness and the system margin, per vehicle.

.. okaeri-mass-summary::
"""),
    "delta-v": ("Delta-v budget", """\
Every manoeuvre by phase, computed (patched conics) or allocated, with the margin of its
class, against the capability of the propulsion system.

.. okaeri-budget:: delta-v
"""),
    "propellant": ("Propellant budget", """\
The propellant walk: the stack mass before and after each burn and mass event, the
residuals, and the propellant required against the usable tank capacity.

.. okaeri-budget:: propellant
"""),
    "entry": ("Entry analysis", """\
Nominal entry
-------------

The capsule's ballistic entry from the entry interface to parachute deployment
(3-DOF, US Standard Atmosphere 1976, Sutton–Graves convective and Tauber–Sutton
radiative stagnation heating), against the heat shield's qualification and the sample
canister's deceleration limit.

.. okaeri-budget:: heat

.. okaeri-entry-plot:: altitude-speed

.. okaeri-entry-plot:: heat-flux

.. okaeri-entry-plot:: deceleration

Entry corridor
--------------

The range of entry flight path angles the capsule accepts: skip-out bounds it on the
shallow side, the deceleration or heat flux limit on the steep side (computed by the
corridor analysis), with the nominal angle, its 3-sigma targeting dispersion and the
margins the requirements ask for on each side.

.. okaeri-entry-plot:: corridor

Dispersions
-----------

.. okaeri-monte-carlo::

.. okaeri-entry-plot:: heat-flux-histogram

.. okaeri-entry-plot:: deceleration-histogram

.. okaeri-entry-plot:: landing-miss-histogram

.. okaeri-entry-plot:: landing-footprint

.. okaeri-entry-plot:: heat-flux-fpa

.. okaeri-entry-plot:: percentile-convergence
"""),
    "compliance": ("Compliance matrix", """\
The compliance status of every requirement, by level, derived from its verdict:
**C** (compliant) when it passes, each of its verification methods closed by its own
means (a criterion or an analysis for analysis; an evidence record or a marked test for
test, inspection, review of design and demonstration) and every derived requirement
compliant; **PC** (partially compliant) when it is inconclusive: some methods pass and
the others have no evidence yet, or none has; **NC** (non-compliant) when a method or a
derived requirement fails, or its analysis errors. *Closed* counts the methods that
pass.

.. okaeri-compliance-matrix::
   :link-to: verification
"""),
    "verification": ("Verification matrix", """\
Every requirement with its verification method, its criterion, the value the analyses
give, the limit, the margin and the verdict. ``pass`` below the required margin is
flagged; ``inconclusive`` means that no automated evidence exists yet (or that the
evidence record is stale).

.. okaeri-verification-matrix::
"""),
    "trace": ("Trace matrix", """\
Derivation (parents and derived requirements), allocation to model elements, and the
activities that verify each requirement.

.. okaeri-trace-matrix::
   :link-to: verification
"""),
    "tbd": ("TBD and TBC list", """\
Every value and text the mission's files mark as still to be determined (TBD) or to be
confirmed (TBC), with its file and line: a value as ``"12 kg (TBD)"``, a text with the
word ``TBD``, ``TBC`` or a numbered ``TBD-001``.

.. okaeri-tbd-list::
   :link-to: verification
"""),
    "open-items": ("Open items and actions", """\
Failures, analysis errors, passes below their required margin, and inconclusive
requirements: what the review has to act on.

.. okaeri-open-items::
   :link-to: verification

Actions
-------

The actions of the review (the mission's ``review.yaml``), open ones first; an open
action past its due date is marked overdue.

.. okaeri-actions::
   :link-to: verification
"""),
    "provenance": ("Provenance", """\
What these results were computed from: the revision of the mission's files, the hash of
the model, and the version of okaeri. Rebuilding the package from the same revision
gives the same results.

.. okaeri-provenance::

Tool validation
---------------

The numerical core of the installed okaeri against published and analytic values,
computed while this package was built.

Atmosphere
~~~~~~~~~~

.. okaeri-validation:: atmosphere

Heating
~~~~~~~

.. okaeri-validation:: heating

Entry dynamics
~~~~~~~~~~~~~~

.. okaeri-validation:: entry

Orbits
~~~~~~

.. okaeri-validation:: orbits

Earth–Moon legs
~~~~~~~~~~~~~~~

.. okaeri-validation:: legs

Rocket equation
~~~~~~~~~~~~~~~

.. okaeri-validation:: rocket
"""),
}
"""Pages of the package: file stem -> (title, body)."""

_CSS = """\
/* okaeri design review data package */
.okaeri-plot svg { width: 100%; height: auto; max-width: 48rem; }
figure.okaeri-figure { margin: 1.5rem 0; break-inside: avoid; }
table.docutils td, table.docutils th { vertical-align: top; }
/* The budgets, statistics and mission tables: small type, as the matrices. */
table.docutils { font-size: .75rem; line-height: 1.35; }
table.docutils td p, table.docutils th p { margin: 0; }
table.docutils td.num, table.docutils th.num { white-space: nowrap; text-align: right; }
/* Tables of the package: small type; numbers, units and ids never wrap; words never
   break inside (long keys wrap at their dots and underscores, where <wbr> allows). */
table.okaeri-table { border-collapse: collapse; margin: .5rem 0 1.2rem; width: 100%;
  font-size: .75rem; line-height: 1.35; overflow-wrap: normal; word-break: normal;
  hyphens: manual; }
table.okaeri-table caption { caption-side: top; text-align: left; font-weight: 600;
  font-size: .85rem; padding: .2rem 0; }
table.okaeri-table th, table.okaeri-table td { border: 1px solid #d5dbe1;
  padding: .2rem .3rem; vertical-align: top; text-align: left; }
table.okaeri-table thead th { background: #eef2f6; }
table.okaeri-table thead { display: table-header-group; }
table.okaeri-table tfoot td { font-weight: 600; background: #f6f8fa; }
table.okaeri-table tr { break-inside: avoid; }
table.okaeri-table td.num, table.okaeri-table th.num { white-space: nowrap; text-align: right;
  font-variant-numeric: tabular-nums; }
table.okaeri-table td.id, table.okaeri-table .id, .nw, a.req { white-space: nowrap; }
table.okaeri-table td.id, table.okaeri-table span.id { font-weight: 600; }
table.okaeri-table thead th.num { white-space: normal; }
table.okaeri-table .text { display: block; color: #5b6670; }
table.okaeri-table ul { margin: 0; padding-left: 1rem; }
table.okaeri-table ul.methods { list-style: none; padding-left: 0; }
.okaeri-scroll { overflow-x: auto; }
table.okaeri-table td.requirement { min-width: 9rem; }
table.okaeri-table td.criterion, table.okaeri-table td.evidence, .mono {
  font-family: "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: .68rem; }
table.okaeri-table td.criterion { min-width: 8rem; }
table.okaeri-table td.evidence { min-width: 8rem; }
table.okaeri-table .small { font-size: .7rem; }
.badge { display: inline-block; padding: 0 .25rem; border-radius: 3px; font-weight: 700;
  font-size: .68rem; white-space: nowrap; border: 1px solid; }
table.okaeri-trace-matrix td { text-align: center; }
table.okaeri-trace-matrix th.col { writing-mode: vertical-rl; transform: rotate(180deg);
  white-space: nowrap; }
table.okaeri-trace-matrix td.hit { background: #1f4e79; color: #fff; }
.okaeri-note { border-left: 4px solid #8aa4bd; background: #f3f6f9; padding: .4rem .8rem; }
.okaeri-warnings { border-left: 4px solid #9a6700; background: #fff7e6; padding: .4rem .8rem;
  font-size: .75rem; }
/* The cover */
.okaeri-cover { margin: 1rem 0 2rem; }
.okaeri-cover-mission { font-size: 1rem; color: #5b6670; margin: 0; }
.okaeri-cover-title { font-size: 1.6rem; font-weight: 700; color: #1f4e79; margin: .2rem 0 1rem; }
table.okaeri-cover-identification { width: auto; font-size: .9rem; }
table.okaeri-cover-identification th { background: #eef2f6; white-space: nowrap; }
table.okaeri-signatures { font-size: .85rem; }
table.okaeri-signatures td.sign, table.okaeri-signatures th.sign { width: 9rem; }
table.okaeri-signatures td { height: 2.6rem; }
/* Verdicts and compliance */
.verdict-pass, .compliance-c { color: #1e7b34; }
.verdict-low { color: #9a6700; }
.verdict-inconclusive, .compliance-pc { color: #7a6300; }
.verdict-fail, .verdict-error, .compliance-nc { color: #b3261e; }
tr.row-verdict-fail td, tr.row-verdict-error td, tr.row-compliance-nc td { background: #fdf1f0; }
tr.row-verdict-inconclusive td, tr.row-compliance-pc td,
tr.row-verdict-low td { background: #fffcea; }
/* The content takes the width the navigation leaves (furo's is fixed at 46em). */
@media (min-width: 67em) {
  .sidebar-drawer { width: 15em; flex: 0 0 15em; }
  .main { min-width: 0; }
  .content { width: auto; flex: 1 1 auto; min-width: 0; max-width: 120em; }
}
@page { size: A4 landscape; margin: 12mm 10mm; }
@media print {
  /* the printed page is the content alone, as wide as the paper */
  .sidebar-drawer, .toc-drawer, .skip-to-content, .mobile-header, .back-to-top,
  .related-pages, .bottom-of-page { display: none !important; }
  .page, .main, .content, .article-container, article { display: block !important;
    width: 100% !important; min-width: 0 !important; max-width: none !important;
    margin: 0 !important; padding: 0 !important; }
  .okaeri-scroll { overflow: visible; }
  .okaeri-plot svg { max-width: 100%; }
  table.okaeri-table, table.docutils { font-size: 7.5pt; }
  table.okaeri-table td.criterion, table.okaeri-table td.evidence { font-size: 6.5pt; }
  .okaeri-cover { break-after: page; }
  section { break-inside: auto; }
}
"""


def _conf_py(mission: str, mission_setting: str | None, theme: str) -> str:
    setting = "None" if mission_setting is None else repr(mission_setting)
    return f'''"""Sphinx configuration of the {mission} design review data package.

Generated by ``okaeri review``; build with
``sphinx-build -W --keep-going -b html source html`` (or run ``okaeri review`` again).
"""

project = {f"{mission} design review data package"!r}
author = "okaeri"

extensions = ["okaeri.sphinxext"]

# The mission folder (relative to this file); None: the reference mission of okaeri.
okaeri_mission = {setting}

# Tags that mark a baseline (a glob): the cover states the baseline reviewed, and the
# change log starts at the previous one.
okaeri_baseline_pattern = "baseline/*"

# Verdicts are content of the package (see the open items page), not build errors.
suppress_warnings = {list(VERDICT_SUBTYPES)!r}

root_doc = "index"
exclude_patterns = []
html_theme = {theme!r}
html_title = {f"{mission} design review"!r}
html_static_path = ["_static"]
html_css_files = ["okaeri-review.css"]
html_last_updated_fmt = None
html_show_copyright = False
html_show_sourcelink = False
html_copy_source = False
'''


def _index(mission: str) -> str:
    title = f"{mission} design review data package"
    toc = "\n".join(f"   {stem}" for stem in PAGES)
    return f"""{title}
{"=" * len(title)}

.. okaeri-cover::

Generated by okaeri from the mission's model, requirement and verification files. Every
table, verdict and figure is computed from those files when the package is built.

.. okaeri-baseline::

.. okaeri-summary::

.. toctree::
   :maxdepth: 2
   :caption: Contents

{toc}
"""


def page(title: str, body: str) -> str:
    """A page: title and body."""
    return f"{title}\n{'=' * len(title)}\n\n{body}"


def mission_setting(mission_folder: Path | None, source: Path) -> str | None:
    """The ``okaeri_mission`` value for ``source/conf.py``: the folder relative to
    ``source`` when both are on one drive, else absolute; ``None`` for the reference."""
    if mission_folder is None:
        return None
    folder = mission_folder.resolve()
    try:
        return Path(os.path.relpath(folder, source.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return folder.as_posix()


def write_source(out: Path, mission_folder: Path | None, mission: str,
                 theme: str = "furo") -> Path:
    """Write the Sphinx project of the package to ``out/source``; returns that folder.

    Files okaeri writes are replaced; other files in ``source`` (pages a project added)
    are kept.
    """
    from okaeri.fileio import write_text_atomic

    source = out / "source"
    write_text_atomic(source / "conf.py",
                      _conf_py(mission, mission_setting(mission_folder, source), theme))
    write_text_atomic(source / "_static" / "okaeri-review.css", _CSS)
    write_text_atomic(source / "index.rst", _index(mission))
    for stem, (title, body) in PAGES.items():
        write_text_atomic(source / f"{stem}.rst", page(title, body))
    return source


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    ok: bool
    """No warning other than the verdict warnings (and no error)."""
    output: Path
    """The folder the builder wrote (``out/html``)."""
    warnings: str
    """Sphinx's warnings and errors, as text."""
    run: VerificationRun | None
    """The verification run the package shows."""


def build(out: Path, builder: str = "html", quiet: bool = True) -> BuildResult:
    """Build ``out/source`` with ``builder`` into ``out/<builder>`` (fresh environment,
    warnings as errors, keep going to report them all)."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from okaeri.sphinxext.data import mission_data

    source = out / "source"
    target = out / builder
    doctrees = out / ".doctrees" / builder
    shutil.rmtree(doctrees, ignore_errors=True)
    warnings = io.StringIO()
    status = None if quiet else io.StringIO()
    # As sphinx-build does: directives and roles registered by this build do not leak
    # into the next one in the same process (the PDF's second build, tests).
    with patch_docutils(str(source)), docutils_namespace():
        app = Sphinx(str(source), str(source), str(target), str(doctrees), builder,
                     status=status, warning=warnings, freshenv=True, warningiserror=True,
                     keep_going=True, parallel=0, verbosity=0)
        app.build()
    try:
        run = mission_data(app.env).run
    except Exception:  # the extension did not load: the warnings say why
        run = None
    text = _ANSI.sub("", warnings.getvalue())
    return BuildResult(app.statuscode == 0 and not text.strip(), target, text, run)


def chromium() -> str | None:
    """The Chromium executable, or ``None``."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_file: Path, pdf: Path, browser: str, timeout: float = 120.0) -> None:
    """Print ``html_file`` to ``pdf`` with headless Chromium (offline: no network use).

    Raises :class:`~okaeri.errors.ReportError` when Chromium fails or writes nothing.
    """
    from okaeri.errors import ReportError

    pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="okaeri-chromium-") as profile:
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--disable-extensions", f"--user-data-dir={profile}",
                   "--no-pdf-header-footer", "--print-to-pdf-no-header",
                   f"--print-to-pdf={pdf}", html_file.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ReportError(f"cannot print {html_file} to PDF with {browser}: {exc}") from exc
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise ReportError(f"{browser} did not print {html_file} to PDF (exit "
                          f"{done.returncode}): {done.stderr.strip()[-500:]}")


__all__ = ["PAGES", "VERDICT_SUBTYPES", "BuildResult", "build", "chromium", "mission_setting",
           "page", "print_pdf", "write_source"]
