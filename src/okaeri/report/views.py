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
    ``requirement_row(result)``, ``trace_view(run)``, ``budgets_view(run.budgets)``
    (``None`` for ``None``), ``open_items_view(run)``.

:class:`ReportView`
    ``title`` (``"LSR-1 verification report"``), ``mission``, ``generator``
    (``"okaeri 0.1.0"``), ``summary`` (:class:`SummaryView`), ``provenance``
    (:class:`ProvenanceView`), ``verification`` (:class:`VerificationMatrixView`),
    ``trace`` (:class:`TraceView`), ``budgets`` (:class:`BudgetsView` or ``None`` when
    the budgets could not be evaluated), ``open_items`` (:class:`OpenItemsView`),
    ``plots`` (tuple of :class:`~okaeri.report.plots.Plot`: ``name``, ``title``,
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

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from okaeri.report.format import (
    number,
    percent,
    quantity,
    result_limit,
    result_margin,
    result_value,
)

if TYPE_CHECKING:
    from pathlib import Path

    from okaeri.report.compliance import ComplianceView, MarkersView
    from okaeri.report.plots import Plot
    from okaeri.verification.results import (
        Evidence,
        Provenance,
        RequirementResult,
        VerificationRun,
    )

VERDICT_CSS = {
    "pass": "verdict-pass",
    "low": "verdict-low",
    "fail": "verdict-fail",
    "error": "verdict-error",
    "inconclusive": "verdict-inconclusive",
}
"""CSS class of each verdict (``low``: a pass below its required margin)."""

_KIND_ORDER = {"error": 0, "fail": 1, "low margin": 2, "inconclusive": 3}

MATRIX_COLUMNS = 120
"""Most derived requirements the parent → derived requirement matrix shows as columns;
beyond, a matrix of thousands of columns is unreadable (and costs parents × children
cells), and the trace table says the same row by row."""
_EMSPACE = "\u2003"


def _kg(value: float) -> str:
    return f"{value:,.2f}"


def _m_s(value: float) -> str:
    return f"{value:,.1f}"


def anchor(requirement_id: str) -> str:
    """HTML anchor of a requirement: ``req-cap-010``."""
    return "req-" + requirement_id.lower()


@dataclass(frozen=True)
class LabelValue:
    """One row of a two-column table."""

    label: str
    value: str


# --- requirements -----------------------------------------------------------------------


@dataclass(frozen=True)
class RequirementRow:
    """One requirement, formatted: a row of the verification matrix."""

    id: str
    anchor: str
    title: str
    text: str
    level: str
    method: str
    stage: str
    criterion: str
    value: str
    limit: str
    margin: str
    required_margin: str
    verdict: str
    verdict_label: str
    css: str
    low_margin: bool
    open: bool
    evidence: tuple[str, ...]
    verified_by: tuple[str, ...]
    parents: tuple[str, ...]
    children: tuple[str, ...]
    allocated_to: tuple[str, ...]
    marked_by: tuple[str, ...]
    reason: str
    location: str
    methods: tuple[str, ...] = ()
    method_results: tuple[MethodRow, ...] = ()
    compliance: str = ""
    compliance_abbreviation: str = ""
    compliance_css: str = ""
    methods_closed: str = ""


@dataclass(frozen=True)
class MethodRow:
    """One verification method of a requirement and how it closed."""

    method: str
    """``analysis``, ``review of design``."""
    verdict: str
    verdict_label: str
    css: str
    reason: str


COMPLIANCE_CSS = {
    "compliant": "compliance-c",
    "partially compliant": "compliance-pc",
    "non-compliant": "compliance-nc",
}
"""CSS class of each compliance status."""


def verdict_key(result: RequirementResult) -> str:
    """``pass``, ``low``, ``fail``, ``error`` or ``inconclusive``."""
    verdict = str(result.verdict)
    return "low" if verdict == "pass" and result.below_required_margin else verdict


def verdict_label(result: RequirementResult) -> str:
    """``PASS``, ``PASS (LOW MARGIN)``, ``FAIL``, ``INCONCLUSIVE`` or ``ERROR``."""
    label = str(result.verdict).upper()
    return label + " (LOW MARGIN)" if result.below_required_margin else label


def evidence_text(evidence: Evidence) -> str:
    """``"analysis: ANA-ENT-003 Entry Monte Carlo — P99.87 of 2000 samples, seed 1"``."""
    text = f"{evidence.kind}: {evidence.source}"
    return f"{text} — {evidence.detail}" if evidence.detail else text


def _methods_closed(result: RequirementResult) -> str:
    passed, total = result.methods_closed
    return f"{passed} of {total}" if total else ""


def method_rows(result: RequirementResult) -> tuple[MethodRow, ...]:
    """Each method's own verdict (:attr:`RequirementResult.method_results`)."""
    return tuple(MethodRow(m.method.replace("_", " "), str(m.verdict), str(m.verdict).upper(),
                           VERDICT_CSS[str(m.verdict)], m.reason)
                 for m in result.method_results)


def requirement_row(result: RequirementResult) -> RequirementRow:
    """One :class:`~okaeri.verification.results.RequirementResult`, formatted."""
    key = verdict_key(result)
    compliance = result.compliance
    return RequirementRow(
        id=result.id, anchor=anchor(result.id), title=result.title, text=result.text,
        level=result.level, method=result.method.replace("_", " "), stage=result.stage,
        criterion=result.criterion,
        value=result_value(result), limit=result_limit(result),
        margin=result_margin(result),
        required_margin=percent(result.required_margin) if result.criterion else "",
        verdict=str(result.verdict), verdict_label=verdict_label(result),
        css=VERDICT_CSS[key], low_margin=result.below_required_margin, open=key != "pass",
        evidence=tuple(evidence_text(e) for e in result.evidence),
        verified_by=result.verified_by, parents=result.parents, children=result.children,
        allocated_to=result.allocated_to, marked_by=result.marked_by, reason=result.reason,
        location=result.location,
        methods=tuple(m.replace("_", " ") for m in result.methods),
        method_results=method_rows(result), compliance=str(compliance),
        compliance_abbreviation=compliance.abbreviation,
        compliance_css=COMPLIANCE_CSS[str(compliance)], methods_closed=_methods_closed(result),
    )


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


# --- trace ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TraceRow:
    """A requirement with its parents, children and allocation."""

    id: str
    anchor: str
    title: str
    level: str
    parents: tuple[str, ...]
    children: tuple[str, ...]
    allocated_to: tuple[str, ...]
    verified_by: tuple[str, ...]
    verdict_label: str
    css: str


@dataclass(frozen=True)
class TreeRow:
    """A requirement in the hierarchy, depth first from the top requirements."""

    id: str
    anchor: str
    title: str
    depth: int
    indent: str
    verdict_label: str
    css: str
    repeated: bool


@dataclass(frozen=True)
class MatrixRow:
    """A parent requirement's row of the parent → child matrix."""

    id: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class AllocationRow:
    """A system element and the requirements allocated to it."""

    element: str
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class TraceView:
    """Trace: hierarchy, parent → child matrix, allocation."""

    rows: tuple[TraceRow, ...]
    tree: tuple[TreeRow, ...]
    matrix_columns: tuple[str, ...]
    matrix: tuple[MatrixRow, ...]
    allocation: tuple[AllocationRow, ...]
    warnings: tuple[str, ...]
    matrix_omitted: int = 0
    """Derived requirements when there are more than :data:`MATRIX_COLUMNS` (the matrix
    is then left out: the trace table lists each requirement's links); else 0."""


def trace_view(run: VerificationRun) -> TraceView:
    """Trace of the run's requirements (links to requirements outside the run dropped)."""
    results = {r.id: r for r in run.requirements}
    ids = sorted(results)

    def inside(links: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(i for i in links if i in results))

    rows = tuple(TraceRow(
        id=r.id, anchor=anchor(r.id), title=r.title, level=r.level,
        parents=inside(r.parents), children=inside(r.children),
        allocated_to=tuple(sorted(r.allocated_to)), verified_by=tuple(sorted(r.verified_by)),
        verdict_label=verdict_label(r), css=VERDICT_CSS[verdict_key(r)])
        for r in (results[i] for i in ids))
    by_id = {row.id: row for row in rows}

    tree: list[TreeRow] = []
    shown: set[str] = set()

    def visit(requirement_id: str, depth: int) -> None:
        r = results[requirement_id]
        repeated = requirement_id in shown
        tree.append(TreeRow(r.id, anchor(r.id), r.title, depth, _EMSPACE * (2 * depth),
                            verdict_label(r), VERDICT_CSS[verdict_key(r)], repeated))
        if repeated:
            return
        shown.add(requirement_id)
        for child in by_id[requirement_id].children:
            visit(child, depth + 1)

    for requirement_id in ids:
        if not by_id[requirement_id].parents:
            visit(requirement_id, 0)

    derived = tuple(row.id for row in rows if row.parents)
    columns = derived if len(derived) <= MATRIX_COLUMNS else ()
    matrix = tuple(MatrixRow(row.id, tuple("x" if c in row.children else "" for c in columns))
                   for row in rows if row.children) if columns else ()
    elements: dict[str, list[str]] = {}
    for row in rows:
        for element in row.allocated_to:
            elements.setdefault(element, []).append(row.id)
    allocation = tuple(AllocationRow(e, tuple(elements[e])) for e in sorted(elements))
    return TraceView(rows, tuple(tree), columns, matrix, allocation, tuple(run.warnings),
                     matrix_omitted=len(derived) if not columns else 0)


# --- budgets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MassLineView:
    """One component of a vehicle's mass budget (kg)."""

    component: str
    name: str
    subsystem: str
    category: str
    maturity: str
    basic: str
    growth: str
    predicted: str
    origin: str


@dataclass(frozen=True)
class SubsystemMassView:
    """One subsystem's share of a vehicle's dry mass (kg)."""

    subsystem: str
    components: int
    basic: str
    growth: str
    growth_percent: str
    predicted: str
    share: str
    """Of the vehicle's predicted component mass."""


@dataclass(frozen=True)
class VehicleMassView:
    """A vehicle's dry-mass roll-up (kg)."""

    vehicle: str
    name: str
    lines: tuple[MassLineView, ...]
    basic: str
    predicted: str
    growth: str
    harness: str
    nominal_dry: str
    system_margin_fraction: str
    system_margin: str
    with_margin: str
    by_subsystem: tuple[SubsystemMassView, ...] = ()
    """The components' masses summed by subsystem, largest predicted mass first."""


@dataclass(frozen=True)
class PhaseMassView:
    """The stack around one burn or mass event (kg, delta-v in m/s)."""

    phase: str
    name: str
    stack: str
    delta_v: str
    mass_before: str
    propellant: str
    mass_after: str


@dataclass(frozen=True)
class MassBudgetView:
    """Dry masses per vehicle, masses per phase, launch mass against the allowance."""

    unit: str
    vehicles: tuple[VehicleMassView, ...]
    phases: tuple[PhaseMassView, ...]
    launch_mass: str
    launch_allowance: str
    launch_margin: str
    available_system_margin: str
    summary: tuple[LabelValue, ...]


@dataclass(frozen=True)
class DeltaVLineView:
    """One manoeuvre (m/s)."""

    phase: str
    name: str
    source: str
    nominal: str
    margin: str
    with_margin: str
    origin: str


@dataclass(frozen=True)
class DeltaVBudgetView:
    """Delta-v per phase with margins against the vehicle's capability."""

    unit: str
    vehicle: str
    lines: tuple[DeltaVLineView, ...]
    total_nominal: str
    total_with_margin: str
    capability: str
    margin: str
    summary: tuple[LabelValue, ...]


@dataclass(frozen=True)
class PropellantBudgetView:
    """Propellant per burn, residuals, required load against the tanks."""

    unit: str
    vehicle: str
    isp: str
    phases: tuple[PhaseMassView, ...]
    used: str
    residual_fraction: str
    residual: str
    required: str
    usable_capacity: str
    margin: str
    summary: tuple[LabelValue, ...]


@dataclass(frozen=True)
class HeatLineView:
    """A predicted stagnation-point quantity against the heat shield's limit."""

    quantity: str
    key: str
    value: str
    limit: str
    margin: str
    required_margin: str
    meets_required_margin: bool
    status: str
    css: str


@dataclass(frozen=True)
class HeatBudgetView:
    """Nominal entry heating against the heat shield's qualification."""

    vehicle: str
    lines: tuple[HeatLineView, ...]
    summary: tuple[LabelValue, ...]


@dataclass(frozen=True)
class LoopRow:
    """How a coupled loop of the graph converged."""

    nodes: str
    iterations: str
    final_residual: str


@dataclass(frozen=True)
class BudgetsView:
    """Every budget of the run."""

    mission: str
    mass: MassBudgetView
    delta_v: DeltaVBudgetView
    propellant: PropellantBudgetView
    heat: HeatBudgetView | None
    loops: tuple[LoopRow, ...] = field(default=())


def _phase(p: Any) -> PhaseMassView:
    """A burn, or a mass event (no delta-v, no propellant; its name says what changes)."""
    if p.event:
        return PhaseMassView(p.phase, f"{p.name} ({p.event})", p.stack.replace("_", " "), "",
                             _kg(p.mass_before_kg), "", _kg(p.mass_after_kg))
    return PhaseMassView(p.phase, p.name, p.stack.replace("_", " "), _m_s(p.delta_v_m_s),
                         _kg(p.mass_before_kg), _kg(p.propellant_kg), _kg(p.mass_after_kg))


def subsystem_masses(lines: Any) -> tuple[SubsystemMassView, ...]:
    """Basic and predicted masses of the components summed by subsystem (kg), with the
    growth and each subsystem's share of the predicted total; largest first."""
    sums: dict[str, list[float]] = {}
    for line in lines:
        entry = sums.setdefault(line.subsystem, [0.0, 0.0, 0.0])
        entry[0] += 1
        entry[1] += line.basic_mass_kg
        entry[2] += line.predicted_mass_kg
    total = sum(v[2] for v in sums.values())
    ordered = sorted(sums.items(), key=lambda item: (-item[1][2], item[0]))
    return tuple(SubsystemMassView(
        subsystem.replace("_", " "), int(count), _kg(basic), _kg(predicted - basic),
        percent((predicted - basic) / basic) if basic else "",
        _kg(predicted), percent(predicted / total) if total else "")
        for subsystem, (count, basic, predicted) in ordered)


def mass_budget_view(mass: Any) -> MassBudgetView:
    """:class:`~okaeri.budgets.results.MassBudget` formatted (kg)."""
    vehicles = tuple(VehicleMassView(
        vehicle=v.vehicle, name=v.name,
        lines=tuple(MassLineView(
            line.component, line.name, line.subsystem.replace("_", " "),
            line.category.replace("_", " "), line.maturity.replace("_", " "),
            _kg(line.basic_mass_kg), percent(line.growth_fraction),
            _kg(line.predicted_mass_kg), line.origin) for line in v.lines),
        basic=_kg(v.basic_mass_kg), predicted=_kg(v.predicted_mass_kg),
        growth=_kg(v.predicted_mass_kg - v.basic_mass_kg),
        harness=_kg(v.harness_kg), nominal_dry=_kg(v.nominal_dry_mass_kg),
        system_margin_fraction=percent(v.system_margin_fraction),
        system_margin=_kg(v.system_margin_kg), with_margin=_kg(v.dry_mass_with_margin_kg),
        by_subsystem=subsystem_masses(v.lines))
        for v in mass.vehicles)
    summary = (
        LabelValue("launch mass", f"{_kg(mass.launch_mass_kg)} kg"),
        LabelValue("launch allowance", f"{_kg(mass.launch_allowance_kg)} kg"),
        LabelValue("launch margin", percent(mass.launch_margin_fraction)),
        LabelValue("available system margin (of the nominal dry mass)",
                   percent(mass.available_system_margin_fraction)),
    )
    return MassBudgetView(
        unit="kg", vehicles=vehicles, phases=tuple(_phase(p) for p in mass.phases),
        launch_mass=_kg(mass.launch_mass_kg), launch_allowance=_kg(mass.launch_allowance_kg),
        launch_margin=percent(mass.launch_margin_fraction),
        available_system_margin=percent(mass.available_system_margin_fraction),
        summary=summary)


def delta_v_budget_view(delta_v: Any) -> DeltaVBudgetView:
    """:class:`~okaeri.budgets.results.DeltaVBudget` formatted (m/s)."""
    lines = tuple(DeltaVLineView(line.phase, line.name, line.source, _m_s(line.nominal_m_s),
                                 percent(line.margin_fraction), _m_s(line.with_margin_m_s),
                                 line.origin) for line in delta_v.lines)
    summary = (
        LabelValue("total, nominal", f"{_m_s(delta_v.total_nominal_m_s)} m/s"),
        LabelValue("total, with margins", f"{_m_s(delta_v.total_with_margin_m_s)} m/s"),
        LabelValue(f"capability of {delta_v.vehicle}", f"{_m_s(delta_v.capability_m_s)} m/s"),
        LabelValue("capability margin", percent(delta_v.margin_fraction)),
    )
    return DeltaVBudgetView(
        unit="m/s", vehicle=delta_v.vehicle, lines=lines,
        total_nominal=_m_s(delta_v.total_nominal_m_s),
        total_with_margin=_m_s(delta_v.total_with_margin_m_s),
        capability=_m_s(delta_v.capability_m_s), margin=percent(delta_v.margin_fraction),
        summary=summary)


def propellant_budget_view(propellant: Any) -> PropellantBudgetView:
    """:class:`~okaeri.budgets.results.PropellantBudget` formatted (kg)."""
    summary = (
        LabelValue("specific impulse", quantity(propellant.isp_s, "s")),
        LabelValue("propellant used", f"{_kg(propellant.used_kg)} kg"),
        LabelValue(f"residuals ({percent(propellant.residual_fraction)})",
                   f"{_kg(propellant.residual_kg)} kg"),
        LabelValue("attitude control, with its margin", f"{_kg(propellant.acs_kg)} kg"),
        LabelValue("required load", f"{_kg(propellant.required_kg)} kg"),
        LabelValue("usable tank capacity", f"{_kg(propellant.usable_capacity_kg)} kg"),
        LabelValue("capacity margin", percent(propellant.margin_fraction)),
    )
    return PropellantBudgetView(
        unit="kg", vehicle=propellant.vehicle, isp=quantity(propellant.isp_s, "s"),
        phases=tuple(_phase(p) for p in propellant.phases), used=_kg(propellant.used_kg),
        residual_fraction=percent(propellant.residual_fraction),
        residual=_kg(propellant.residual_kg), required=_kg(propellant.required_kg),
        usable_capacity=_kg(propellant.usable_capacity_kg),
        margin=percent(propellant.margin_fraction), summary=summary)


def heat_budget_view(heat: Any) -> HeatBudgetView:
    """:class:`~okaeri.budgets.results.HeatBudget` formatted (display units)."""
    lines = tuple(HeatLineView(
        quantity=line.quantity, key=line.key, value=quantity(line.value_si, line.unit_si),
        limit=quantity(line.limit_si, line.unit_si), margin=percent(line.margin_fraction),
        required_margin=percent(line.required_margin_fraction),
        meets_required_margin=line.meets_required_margin,
        status=("meets the required margin" if line.meets_required_margin else
                "exceeds the limit" if line.margin_fraction < 0 else
                "below the required margin"),
        css=VERDICT_CSS["pass" if line.meets_required_margin else
                        "fail" if line.margin_fraction < 0 else "low"])
        for line in heat.lines)
    summary = (
        LabelValue("entry mass", quantity(heat.entry_mass_kg, "kg")),
        LabelValue("entry speed (inertial)", quantity(heat.entry_speed_inertial_m_s, "m/s")),
        LabelValue("entry flight path angle (inertial)",
                   f"{number(heat.entry_fpa_inertial_deg)} deg"),
        LabelValue("peak convective heat flux",
                   quantity(heat.peak_heat_flux_convective_W_m2, "W/m^2")),
        LabelValue("peak radiative heat flux",
                   quantity(heat.peak_heat_flux_radiative_W_m2, "W/m^2")),
    )
    return HeatBudgetView(vehicle=heat.vehicle, lines=lines, summary=summary)


def budgets_view(budgets: Any) -> BudgetsView | None:
    """:class:`~okaeri.budgets.Budgets` formatted; ``None`` for ``None``."""
    if budgets is None:
        return None
    loops = tuple(LoopRow(", ".join(loop.nodes), str(loop.iterations),
                          f"{loop.residual_history[-1]:.1e}" if loop.residual_history else "")
                  for loop in budgets.loops)
    return BudgetsView(
        mission=budgets.mission, mass=mass_budget_view(budgets.mass),
        delta_v=delta_v_budget_view(budgets.delta_v),
        propellant=propellant_budget_view(budgets.propellant),
        heat=heat_budget_view(budgets.heat) if budgets.heat is not None else None,
        loops=loops)


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
    "COMPLIANCE_CSS",
    "MATRIX_COLUMNS",
    "VERDICT_CSS",
    "AllocationRow",
    "BudgetsView",
    "CountView",
    "DeltaVBudgetView",
    "DeltaVLineView",
    "HeatBudgetView",
    "HeatLineView",
    "LabelValue",
    "LoopRow",
    "MassBudgetView",
    "MassLineView",
    "MatrixRow",
    "MethodRow",
    "OpenItem",
    "OpenItemsView",
    "PhaseMassView",
    "PropellantBudgetView",
    "ProvenanceView",
    "ReportView",
    "RequirementRow",
    "SubsystemMassView",
    "SummaryView",
    "TraceRow",
    "TraceView",
    "TreeRow",
    "VehicleMassView",
    "VerificationMatrixView",
    "anchor",
    "budgets_view",
    "delta_v_budget_view",
    "evidence_text",
    "heat_budget_view",
    "mass_budget_view",
    "method_rows",
    "open_items_view",
    "propellant_budget_view",
    "provenance_view",
    "report_view",
    "requirement_row",
    "subsystem_masses",
    "summary_view",
    "trace_view",
    "verdict_key",
    "verdict_label",
    "verification_matrix_view",
]
