"""View objects: a verification run prepared for display, every value already a string.

Templates (HTML, Markdown, reStructuredText; :mod:`okaeri.report.render`) only loop over
these objects and print their attributes: numbers are formatted in their display unit
(:mod:`okaeri.report.format`), verdicts carry their label and CSS class, rows are
sorted. Nothing in a template computes or converts. All classes are frozen dataclasses.

API (for the report, the Sphinx extension and anyone rendering a run)
---------------------------------------------------------------------

``report_view(run, plots=True) -> ReportView``
    Everything below for one :class:`~okaeri.verification.results.VerificationRun`.
    ``plots=False`` skips drawing the figures (matplotlib), ``ReportView.plots`` is then
    empty. Section constructors, usable alone: ``summary_view(run)``,
    ``provenance_view(run.provenance)``, ``verification_matrix_view(run)``,
    ``requirement_row(result)``, ``open_items_view(run)``; the trace and the budgets
    have their own modules, :mod:`okaeri.report.trace_views` (``trace_view(run)``) and
    :mod:`okaeri.report.budget_views` (``budgets_view(run.budgets)``, ``None`` for
    ``None``); what they share is :mod:`okaeri.report.view_basics`.

:class:`ReportView`
    ``title`` (``"LSR-1 verification report"``), ``mission``, ``generator``
    (``"okaeri 0.1.0"``), ``summary`` (:class:`SummaryView`), ``provenance``
    (:class:`ProvenanceView`), ``verification`` (:class:`VerificationMatrixView`),
    ``trace`` (:class:`OpenItemsView`),
    ``plots`` (tuple of :class:`~okaeri.report.plot_style.Plot`: ``name``, ``title``,
    ``caption``, ``svg`` text ready to inline, ``filename`` = ``<name>.svg``;
    ``entry_plots`` and ``monte_carlo_plots`` split them), and
    ``requirement(id) -> RequirementRow`` (:class:`KeyError` for an id not in the run).

:class:`SummaryView`
    ``mission``, ``status`` (``"OK"``/``"FAILED"``), ``status_css``, ``total``,
    ``counts`` (tuple of :class:`CountView`: ``key`` pass/fail/inconclusive/error/low,
    ``label``, ``count``, ``css``, ``zero``), ``sentence`` (``"19 pass, 0 fail, ..."``),
    ``coverage`` (tuple of :class:`LabelValue`), ``warnings`` (trace warnings, text).

:class:`ProvenanceView`
    ``mission``, ``mission_folder``, ``git_revision`` (``""`` outside git),
    ``git_revision_short``, ``git_state`` (``"clean"``, ``"uncommitted changes"``,
    ``"not under git"``), ``dirty`` (bool), ``model_sha256``, ``model_sha256_short``,
    ``package_version``, ``timestamp``, ``rows`` (tuple of :class:`LabelValue` for a
    two-column table).

:class:`VerificationMatrixView` (the verification cross-reference matrix)
    ``rows``: tuple of :class:`RequirementRow` in id order; ``count``.

:class:`RequirementRow` (one requirement; also the view of ``requirement.rst.j2``)
    ``id``, ``anchor`` (``"req-cap-010"``), ``title``, ``text``, ``level``, ``method``,
    ``stage``, ``criterion``, ``value``, ``limit`` (with display unit), ``margin``,
    ``required_margin`` (``"20.0 %"``; ``""`` without a criterion), ``verdict``
    (``"pass"``...), ``verdict_label`` (``"PASS"``, ``"PASS (LOW MARGIN)"``, ``"FAIL"``,
    ``"INCONCLUSIVE"``, ``"ERROR"``), ``css`` (``verdict-pass``, ``verdict-low``,
    ``verdict-fail``, ``verdict-error``, ``verdict-inconclusive``), ``low_margin``,
    ``open`` (anything but a plain pass), ``evidence`` (tuple of str, ``"analysis:
    ANA-ENT-003 Entry Monte Carlo — P99.87 of 2000 samples, seed 1"``),
    ``verified_by``, ``parents``, ``children``, ``allocated_to``, ``marked_by`` (tuples
    of str), ``reason``, ``location`` (``requirements/capsule.yaml:4``).

:class:`TraceView`
    ``rows`` (tuple of :class:`TraceRow`: ``id``, ``anchor``, ``title``, ``level``,
    ``parents``, ``children``, ``allocated_to``, ``verified_by``, ``verdict_label``,
    ``css``; id order), ``tree`` (tuple of :class:`TreeRow`, depth first from the top
    requirements: ``id``, ``anchor``, ``title``, ``depth``, ``indent`` (em spaces),
    ``verdict_label``, ``css``, ``repeated`` (already shown under another parent, its
    children are not repeated)), ``matrix_columns`` (ids of derived requirements),
    ``matrix`` (tuple of :class:`MatrixRow`: ``id``, ``cells`` = ``"x"`` or ``""`` per
    column), ``allocation`` (tuple of :class:`AllocationRow`: ``element``,
    ``requirements``), ``warnings``.

:class:`BudgetsView`
    ``mission``, ``mass`` (:class:`MassBudgetView`), ``delta_v``
    (:class:`DeltaVBudgetView`), ``propellant`` (:class:`PropellantBudgetView`),
    ``heat`` (:class:`HeatBudgetView` or ``None``), ``loops`` (tuple of
    :class:`LoopRow`). Every budget view has ``unit`` for its table headers.

:class:`OpenItemsView`
    ``items`` (tuple of :class:`OpenItem`: ``id``, ``anchor``, ``title``, ``kind``
    (``error``, ``fail``, ``low margin``, ``inconclusive``), ``verdict_label``, ``css``,
    ``reason``, ``value``, ``limit``, ``margin``, ``required_margin``, ``derived``
    (the verdict only follows from derived requirements)); ordered errors, failures,
    low margins, inconclusive, then by id), ``count``, ``empty``, ``warnings``.

Templates: ``report.html.j2``, ``report.md.j2`` (whole report) and the
reStructuredText fragments ``verification_matrix``, ``trace_matrix``, ``budget_mass``,
``budget_delta_v``, ``budget_propellant``, ``budget_heat``, ``requirement``,
``open_items`` (``<name>.rst.j2``), rendered with
:func:`okaeri.report.render.render_rst` (see there for which view each one takes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from okaeri.report.budget_views import BudgetsView, budgets_view
from okaeri.report.requirement_views import RequirementRow, requirement_row
from okaeri.report.trace_views import TraceView, trace_view
from okaeri.report.view_basics import (
    VERDICT_CSS,
    LabelValue,
    anchor,
    verdict_key,
)

if TYPE_CHECKING:
    from pathlib import Path

    from okaeri.report.compliance import ComplianceView, MarkersView
    from okaeri.report.plot_style import Plot
    from okaeri.verification.results import (
        Provenance,
        VerificationRun,
    )

_KIND_ORDER = {"error": 0, "fail": 1, "low margin": 2, "inconclusive": 3}

@dataclass(frozen=True)
class VerificationMatrixView:
    """The verification cross-reference matrix: every requirement of the run, by id."""

    rows: tuple[RequirementRow, ...]

    @property
    def count(self) -> int:
        """Number of requirements."""
        return len(self.rows)


def verification_matrix_view(run: VerificationRun) -> VerificationMatrixView:
    """The run's requirements as matrix rows, in id order."""
    return VerificationMatrixView(tuple(requirement_row(r)
                                        for r in sorted(run.requirements, key=lambda r: r.id)))


# --- summary and provenance -------------------------------------------------------------


@dataclass(frozen=True)
class CountView:
    """How many requirements ended with one verdict."""

    key: str
    label: str
    count: int
    css: str
    zero: bool


@dataclass(frozen=True)
class SummaryView:
    """Counts by verdict, the overall status, coverage and trace warnings."""

    mission: str
    status: str
    status_css: str
    total: int
    counts: tuple[CountView, ...]
    sentence: str
    coverage: tuple[LabelValue, ...]
    warnings: tuple[str, ...]


def _joined_counts(counts: Any) -> str:
    if not isinstance(counts, dict):
        return ""
    return ", ".join(f"{str(k).replace('_', ' ')} {v}" for k, v in counts.items() if v)


def summary_view(run: VerificationRun) -> SummaryView:
    """Counts, status (:meth:`VerificationRun.status`), coverage, warnings."""
    c = run.counts
    counts = tuple(CountView(key, label, n, VERDICT_CSS[key], n == 0) for key, label, n in (
        ("pass", "pass", c.passed), ("fail", "fail", c.failed), ("error", "error", c.errors),
        ("inconclusive", "inconclusive", c.inconclusive),
        ("low", "below required margin", c.below_required_margin)))
    status = run.status()
    cov = run.coverage
    coverage: list[LabelValue] = []
    if cov:
        coverage = [
            LabelValue("requirements", f"{cov.get('total', c.total)} "
                                       f"({cov.get('leaves', 0)} leaves)"),
            LabelValue("with a criterion", str(cov.get("with_criterion", ""))),
            LabelValue("with a verification activity", str(cov.get("with_activity", ""))),
            LabelValue("with an evidence record", str(cov.get("with_evidence", ""))),
            LabelValue("with a planned closure", f"{cov.get('verified', '')} of "
                                                 f"{cov.get('total', c.total)}"),
            LabelValue("by verification method", _joined_counts(cov.get("by_method"))),
            LabelValue("by level", _joined_counts(cov.get("by_level"))),
        ]
        unverified = cov.get("unverified_ids") or ()
        if unverified:
            coverage.append(LabelValue("without a planned closure",
                                       ", ".join(str(i) for i in unverified)))
    return SummaryView(
        mission=run.provenance.mission,
        status=status,
        status_css=VERDICT_CSS[{"FAILED": "fail", "INCOMPLETE": "inconclusive"}.get(
            status, "pass")],
        total=c.total, counts=counts,
        sentence=(f"{c.passed} pass, {c.failed} fail, {c.inconclusive} inconclusive, "
                  f"{c.errors} error; {c.below_required_margin} below required margin"),
        coverage=tuple(coverage), warnings=tuple(run.warnings))


@dataclass(frozen=True)
class ProvenanceView:
    """What the run was made from."""

    mission: str
    mission_folder: str
    git_revision: str
    git_revision_short: str
    git_state: str
    dirty: bool
    model_sha256: str
    model_sha256_short: str
    package_version: str
    timestamp: str
    rows: tuple[LabelValue, ...]


def provenance_view(provenance: Provenance) -> ProvenanceView:
    """Git revision and state, model hash, okaeri version, timestamp."""
    revision = provenance.git_revision or ""
    state = ("not under git" if provenance.git_dirty is None else
             "uncommitted changes" if provenance.git_dirty else "clean")
    rows = (
        LabelValue("mission", provenance.mission),
        LabelValue("mission folder", provenance.mission_folder),
        LabelValue("git revision", revision or "none"),
        LabelValue("working tree", state),
        LabelValue("model sha256", provenance.model_sha256),
        LabelValue("okaeri version", provenance.package_version),
        LabelValue("timestamp (UTC)", provenance.timestamp),
    )
    return ProvenanceView(
        mission=provenance.mission, mission_folder=provenance.mission_folder,
        git_revision=revision, git_revision_short=revision[:12], git_state=state,
        dirty=bool(provenance.git_dirty), model_sha256=provenance.model_sha256,
        model_sha256_short=provenance.model_sha256[:12],
        package_version=provenance.package_version, timestamp=provenance.timestamp,
        rows=rows)


# --- open items -------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenItem:
    """A requirement that is not a plain pass, and why."""

    id: str
    anchor: str
    title: str
    kind: str
    verdict_label: str
    css: str
    reason: str
    value: str
    limit: str
    margin: str
    required_margin: str
    derived: bool


@dataclass(frozen=True)
class OpenItemsView:
    """Errors, failures, low margins and inconclusive requirements, worst first."""

    items: tuple[OpenItem, ...]
    warnings: tuple[str, ...]

    @property
    def count(self) -> int:
        """Number of open items."""
        return len(self.items)

    @property
    def empty(self) -> bool:
        """No open item and no trace warning."""
        return not self.items and not self.warnings


def open_items_view(run: VerificationRun) -> OpenItemsView:
    """Every requirement that errors, fails, passes below its margin or is inconclusive."""
    items = []
    for r in run.requirements:
        key = verdict_key(r)
        if key == "pass":
            continue
        kind = "low margin" if key == "low" else key
        derived = (bool(r.children) and all(e.kind == "children" for e in r.evidence)
                   and r.reason.startswith("derived requirement"))
        row = requirement_row(r)
        items.append(OpenItem(r.id, anchor(r.id), r.title, kind, row.verdict_label, row.css,
                              r.reason or "no reason recorded", row.value, row.limit,
                              row.margin, row.required_margin, derived))
    items.sort(key=lambda i: (_KIND_ORDER[i.kind], i.derived, i.id))
    return OpenItemsView(tuple(items), tuple(run.warnings))


# --- the whole report -------------------------------------------------------------------


@dataclass(frozen=True)
class ReportView:
    """Everything a report shows about one run."""

    title: str
    mission: str
    generator: str
    summary: SummaryView
    provenance: ProvenanceView
    verification: VerificationMatrixView
    trace: TraceView
    budgets: BudgetsView | None
    open_items: OpenItemsView
    plots: tuple[Plot, ...]
    compliance: ComplianceView | None = None
    """The compliance matrix (:mod:`okaeri.report.compliance`)."""
    markers: MarkersView | None = None
    """The TBD/TBC list (:mod:`okaeri.report.compliance`)."""

    @property
    def entry_plots(self) -> tuple[Plot, ...]:
        """The nominal entry's figures (``entry_*``)."""
        return tuple(p for p in self.plots if p.name.startswith("entry_"))

    @property
    def monte_carlo_plots(self) -> tuple[Plot, ...]:
        """The entry Monte Carlo's figures (``mc_*``)."""
        return tuple(p for p in self.plots if p.name.startswith("mc_"))

    @cached_property
    def _rows_by_id(self) -> dict[str, RequirementRow]:
        return {row.id: row for row in self.verification.rows}

    def requirement(self, requirement_id: str) -> RequirementRow:
        """The row of one requirement; :class:`KeyError` if it is not in the run."""
        return self._rows_by_id[requirement_id]


def report_view(run: VerificationRun, plots: bool = True,
                plot_cache: Path | None = None) -> ReportView:
    """The view of a whole run (figures drawn unless ``plots`` is false; kept in the
    folder ``plot_cache`` by what they are drawn from, :mod:`okaeri.report.plot_cache`)."""
    from okaeri.report.compliance import compliance_view, markers_view
    from okaeri.report.plots import report_plots

    verification = verification_matrix_view(run)
    return ReportView(
        title=f"{run.provenance.mission} verification report",
        mission=run.provenance.mission,
        generator=f"okaeri {run.provenance.package_version}",
        summary=summary_view(run), provenance=provenance_view(run.provenance),
        verification=verification, trace=trace_view(run),
        budgets=budgets_view(run.budgets), open_items=open_items_view(run),
        plots=report_plots(run, plot_cache) if plots else (),
        compliance=compliance_view(run, verification.rows), markers=markers_view(run))


__all__ = [
    "CountView",
    "OpenItem",
    "OpenItemsView",
    "ProvenanceView",
    "ReportView",
    "SummaryView",
    "VerificationMatrixView",
    "open_items_view",
    "provenance_view",
    "report_view",
    "summary_view",
    "verification_matrix_view",
]
