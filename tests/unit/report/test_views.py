"""View objects: formatting in display units, verdict classes, ordering."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from okaeri.report import report_view
from okaeri.report.budget_views import budgets_view
from okaeri.report.requirement_views import requirement_row
from okaeri.report.trace_views import trace_view
from okaeri.report.view_basics import VERDICT_CSS
from okaeri.report.views import ReportView, open_items_view, provenance_view, summary_view
from okaeri.verification import Verdict, VerificationRun
from okaeri.verification.results import Counts


@pytest.fixture(scope="module")
def view(run: VerificationRun) -> ReportView:
    return report_view(run, plots=False)


def test_summary_counts_and_status(view: ReportView) -> None:
    summary = view.summary
    assert (summary.mission, summary.status, summary.total) == ("LSR-1", "INCOMPLETE", 30)
    assert [(c.key, c.count) for c in summary.counts] == [
        ("pass", 26), ("fail", 0), ("error", 0), ("inconclusive", 4), ("low", 0)]
    assert [c.css for c in summary.counts] == [
        "verdict-pass", "verdict-fail", "verdict-error", "verdict-inconclusive", "verdict-low"]
    assert summary.sentence == ("26 pass, 0 fail, 4 inconclusive, 0 error; "
                                "0 below required margin")
    coverage = {c.label: c.value for c in summary.coverage}
    # MIS-001 (inspection) and MIS-002 (review of design) need their own evidence
    assert coverage["with a planned closure"] == "28 of 30"


def test_matrix_rows_are_in_id_order_and_formatted_in_display_units(view: ReportView) -> None:
    ids = [row.id for row in view.verification.rows]
    assert ids == sorted(ids) and len(ids) == view.verification.count == 30
    cap010 = view.requirement("CAP-010")
    # P99.87 of the peak heat flux against the heat shield's 10 MW/m^2, 20 % required
    # the value judged is the 90 % upper bound; the sample estimate is beside it
    assert re.fullmatch(r"\d\.\d{3} MW/m\^2 \(P99\.87 est\. \d\.\d{3}\)", cap010.value)
    assert cap010.limit == "10.00 MW/m^2"
    assert cap010.required_margin == "20.0 %" and cap010.margin.endswith(" %")
    assert (cap010.verdict, cap010.verdict_label, cap010.css) == ("pass", "PASS", "verdict-pass")
    assert cap010.anchor == "req-cap-010"
    assert cap010.evidence[0].startswith(
        "analysis: ANA-ENT-003 Entry Monte Carlo (entry.monte_carlo: samples 4093, seed "
        "20261124) — P99.87 at 90 % confidence: upper bound = sample ")
    assert view.requirement("CAP-030").limit == "50.00 g0"  # m/s^2 shown in g0
    assert view.requirement("CAP-060").limit == "50.00 km"
    assert view.requirement("MIS-002").method == "review of design"
    # a requirement without a criterion shows no margin, not "0.0 %"
    assert view.requirement("SYS-050").required_margin == ""
    with pytest.raises(KeyError):
        view.requirement("CAP-999")


def test_every_verdict_has_its_label_and_class(run: VerificationRun) -> None:
    base = run.result("SYS-010")
    rows = {
        key: requirement_row(replace(base, verdict=verdict, below_required_margin=low))
        for key, verdict, low in (("pass", Verdict.PASS, False), ("low", Verdict.PASS, True),
                                  ("fail", Verdict.FAIL, False), ("error", Verdict.ERROR, False),
                                  ("inconclusive", Verdict.INCONCLUSIVE, False))}
    assert {k: r.verdict_label for k, r in rows.items()} == {
        "pass": "PASS", "low": "PASS (LOW MARGIN)", "fail": "FAIL", "error": "ERROR",
        "inconclusive": "INCONCLUSIVE"}
    assert {k: r.css for k, r in rows.items()} == VERDICT_CSS
    assert [k for k, r in rows.items() if r.open] == ["low", "fail", "error", "inconclusive"]


def degraded(run: VerificationRun) -> VerificationRun:
    """The reference run with a failure, an error and a low margin."""
    changed = {
        "SYS-010": {"verdict": Verdict.FAIL, "reason": "the value does not meet the limit"},
        "OTV-020": {"verdict": Verdict.ERROR, "reason": "analysis failed"},
        "CAP-020": {"verdict": Verdict.FAIL, "below_required_margin": True,
                    "reason": "margin below 30 %"},
    }
    results = tuple(replace(r, **changed.get(r.id, {})) for r in run.requirements)
    return replace(run, requirements=results,
                   counts=Counts(30, 23, 2, 4, 1, 1))


def test_open_items_are_worst_first(run: VerificationRun) -> None:
    items = open_items_view(degraded(run)).items
    assert [(i.id, i.kind, i.derived) for i in items] == [
        ("OTV-020", "error", False), ("CAP-020", "fail", False), ("SYS-010", "fail", False),
        ("CAP-070", "inconclusive", False), ("MIS-001", "inconclusive", False),
        ("MIS-002", "inconclusive", False), ("SYS-050", "inconclusive", True)]
    assert items[2].reason == "the value does not meet the limit"
    launch = run.result("SYS-010").value_si
    assert launch is not None
    assert items[2].value == f"{launch:,.0f} kg" and items[2].limit == "2,000 kg"
    assert summary_view(degraded(run)).status == "FAILED"


def test_reference_open_items(view: ReportView) -> None:
    # MIS-001 waits for its own post-landing inspection, not only for SYS-050
    assert [i.id for i in view.open_items.items] == ["CAP-070", "MIS-001", "MIS-002",
                                                     "SYS-050"]
    assert view.open_items.items[0].reason.endswith(": pending")
    assert not view.open_items.empty


def test_trace_tree_matrix_and_allocation(view: ReportView) -> None:
    trace = view.trace
    tree = [(r.id, r.depth, r.repeated) for r in trace.tree]
    assert tree[:3] == [("MIS-001", 0, False), ("SYS-030", 1, False), ("SYS-040", 1, False)]
    # OTV-010 derives from SYS-040 and MIS-003: listed twice, the second time as a repeat
    assert [t for t in tree if t[0] == "OTV-010"] == [("OTV-010", 2, False),
                                                      ("OTV-010", 1, True)]
    assert trace.tree[1].indent == "\u2003\u2003"
    rows = {r.id: r for r in trace.rows}
    assert rows["SYS-040"].children == ("OTV-010", "OTV-020", "OTV-030", "OTV-040")
    assert rows["OTV-010"].parents == ("MIS-003", "SYS-040")
    sys050 = next(m for m in trace.matrix if m.id == "SYS-050")
    marked = [c for c, cell in zip(trace.matrix_columns, sys050.cells, strict=True) if cell]
    assert marked == ["CAP-010", "CAP-020", "CAP-030", "CAP-040", "CAP-050", "CAP-060",
                      "CAP-070", "CAP-080"]
    elements = [a.element for a in trace.allocation]
    assert elements == sorted(elements) and "capsule.heat_shield" in elements


def test_trace_of_a_selection_drops_links_outside_it(run: VerificationRun) -> None:
    selection = replace(run, requirements=tuple(
        r for r in run.requirements if r.id in ("CAP-030", "CAP-031")))
    trace = trace_view(selection)
    assert [(r.id, r.depth) for r in trace.tree] == [("CAP-030", 0), ("CAP-031", 1)]
    assert trace.rows[0].parents == ()


def test_budgets_are_formatted_with_units_in_the_view(view: ReportView) -> None:
    budgets = view.budgets
    assert budgets is not None
    mass = budgets.mass
    assert mass.unit == "kg" and [v.vehicle for v in mass.vehicles] == [
        "capsule", "otv", "launch_adapter"]
    capsule = mass.vehicles[0]
    shield = capsule.lines[0]
    assert (shield.component, shield.basic, shield.growth, shield.predicted) == (
        "heat_shield_tps", "10.00", "20.0 %", "12.00")
    assert capsule.nominal_dry == "38.48" and capsule.system_margin_fraction == "20.0 %"
    assert mass.phases[0].phase == "launcher_separation" and mass.launch_allowance == "2,000.00"
    assert mass.phases[0].name == "Separation from the launcher (launch_adapter leaves)"
    assert mass.phases[0].delta_v == "" and mass.phases[1].phase == "gto_alignment"
    assert budgets.delta_v.unit == "m/s" and budgets.delta_v.lines[2].margin == "100.0 %"
    assert budgets.propellant.residual_fraction == "2.0 %"
    heat = budgets.heat
    assert heat is not None and heat.lines[0].limit == "10.00 MW/m^2"
    assert heat.lines[0].css == "verdict-pass"
    assert budgets_view(None) is None


def test_provenance_outside_git(run: VerificationRun) -> None:
    provenance = provenance_view(run.provenance)
    assert provenance.git_revision == "" and provenance.git_state == "not under git"
    assert provenance.timestamp == "2024-01-01T00:00:00Z"
    assert len(provenance.model_sha256) == 64 and provenance.model_sha256_short == \
        provenance.model_sha256[:12]
    assert [r.label for r in provenance.rows][:3] == ["mission", "mission folder",
                                                      "git revision"]


def test_provenance_with_a_dirty_revision(run: VerificationRun) -> None:
    provenance = provenance_view(replace(run.provenance, git_revision="ab" * 20,
                                         git_dirty=True))
    assert provenance.git_revision_short == "ab" * 6
    assert provenance.git_state == "uncommitted changes" and provenance.dirty


def test_views_are_frozen(view: ReportView) -> None:
    with pytest.raises(AttributeError):
        view.title = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        view.verification.rows[0].value = "0 kg"  # type: ignore[misc]


def degraded_run_stub() -> VerificationRun:
    from okaeri.verification.results import Provenance

    return VerificationRun(
        provenance=Provenance("X", "x", "0", "0" * 64, None, None, "2024-01-01T00:00:00Z"),
        requirements=(), counts=Counts(0, 0, 0, 0, 0, 0), budgets=None, entry_history=None,
        monte_carlo=None)


def test_an_empty_run_has_no_open_items_and_no_plots() -> None:
    view = report_view(degraded_run_stub())
    assert view.open_items.empty and view.plots == () and view.budgets is None
    assert view.summary.status == "OK" and view.verification.count == 0
