"""The compliance matrix and the TBD/TBC list of the reference mission's run."""

from __future__ import annotations

from okaeri.report import report_view
from okaeri.report.budget_views import subsystem_masses
from okaeri.report.compliance import compliance_view, markers_view
from okaeri.report.render import render_fragment, render_view
from okaeri.verification import VerificationRun
from okaeri.verification.results import Compliance


def test_compliance_follows_the_verdicts(run: VerificationRun) -> None:
    view = compliance_view(run)
    counts = {c.abbreviation: c.count for c in view.counts}
    expected = {"C": 0, "PC": 0, "NC": 0}
    for result in run.requirements:
        expected[result.compliance.abbreviation] += 1
    assert counts == expected and sum(counts.values()) == len(run.requirements)
    assert counts == {"C": 26, "PC": 4, "NC": 0}
    rows = {r.id: r for r in view.rows}
    assert rows["CAP-070"].compliance == str(Compliance.PARTIALLY_COMPLIANT)
    assert rows["MIS-001"].methods == ("analysis", "inspection")
    assert rows["MIS-001"].methods_closed == "1 of 2"
    assert [g.level for g in view.groups] == ["mission", "system", "segment", "subsystem",
                                             "component"]


def test_open_values_read_by_a_criterion_are_flagged(run: VerificationRun) -> None:
    view = compliance_view(run)
    assert view.markers["CAP-060"] == ("TBC-001", "TBC (descent.recovery_zone.radius)")
    markers = markers_view(run)
    assert (markers.count, markers.tbd, markers.tbc) == (3, 0, 3)
    assert [m.where.split(":")[0] for m in markers.rows] == [
        "model/mission.yaml", "model/otv.yaml", "requirements/capsule.yaml"]


def test_report_shows_the_compliance_matrix_and_the_tbd_list(run: VerificationRun) -> None:
    view = report_view(run, plots=False)
    html = render_view(view, "html")
    assert 'id="compliance"' in html and 'class="okaeri-table okaeri-compliance-matrix"' in html
    assert "TBC-001" in html and "model/otv.yaml:" in html
    markdown = render_view(view, "md")
    assert "## Compliance matrix" in markdown and "## TBD and TBC list" in markdown
    assert "| MIS-001 | Lunar sample returned | mission | analysis: PASS; inspection: " \
           "INCONCLUSIVE | 1 of 2 | PC (partially compliant) |" in markdown


def test_long_keys_wrap_between_their_parts_only(run: VerificationRun) -> None:
    html = render_fragment("verification_matrix", view=report_view(run, plots=False)
                           .verification)
    assert "entry.<wbr>monte_<wbr>carlo.<wbr>peak_<wbr>heat_<wbr>flux_<wbr>total" in html
    assert "P99.87(" in html  # never inside a number
    assert "CAP-<span" not in html  # an id is not a number with a unit


def test_mass_by_subsystem_sums_the_components(run: VerificationRun) -> None:
    budget = run.budgets.mass
    for vehicle in budget.vehicles:
        rows = subsystem_masses(vehicle.lines)
        total = sum(float(r.predicted.replace(",", "")) for r in rows)
        assert abs(total - vehicle.predicted_mass_kg) < 0.01 * len(rows)
        assert {r.subsystem for r in rows} == {
            line.subsystem.replace("_", " ") for line in vehicle.lines}
        assert sum(r.components for r in rows) == len(vehicle.lines)
