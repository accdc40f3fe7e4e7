"""A diff rendered as Markdown (exact expected output), terminal tables and sections."""

from __future__ import annotations

from dataclasses import replace

from okaeri.report.diff import (
    DiffView,
    change_text,
    diff_view,
    points,
    render_diff_markdown,
    signed,
)
from okaeri.verification.compare import (
    FailRule,
    ValueChange,
    VerdictFlip,
    compare,
    failures,
)
from okaeri.verification.snapshot import (
    BudgetValue,
    ParameterValue,
    RequirementState,
    Snapshot,
)


def _requirement(rid: str, title: str, verdict: str, value: float, limit: float,
                 unit: str, margin: float, text: str = "", criterion: str = "",
                 reason: str = "") -> RequirementState:
    return RequirementState(rid, title, text or f"{title} shall hold.", criterion or
                            f"q <= {limit}", verdict, False, value, limit, unit, margin,
                            0.0, reason, "requirements/system.yaml:3")


def before() -> Snapshot:
    return Snapshot("LSR-1", "a", (
        _requirement("CAP-060", "Landing | zone", "pass", 34482.6, 50000.0, "m", 0.310347),
        _requirement("SYS-010", "Launch mass", "pass", 1586.0, 1600.0, "kg", 0.00875),
        _requirement("SYS-030", "Sample mass", "pass", 0.1, 0.1, "kg", 0.0)),
        budgets=(BudgetValue("mass.launch_mass", 1586.0, "kg", False, 0),
                 BudgetValue("mass.launch_margin", 0.00875, "", True, 0),
                 BudgetValue("mass.vehicles[capsule].lines[heat_shield_tps].predicted_mass",
                             12.0, "kg", False, 2)),
        parameters=(ParameterValue("capsule.heat_shield_tps.basic_mass", 10.0, "kg",
                                   "model/capsule.yaml:37"),))


def after() -> Snapshot:
    return Snapshot("LSR-1", "b", (
        _requirement("CAP-060", "Landing | zone", "pass", 38207.9, 50000.0, "m", 0.235841),
        _requirement("SYS-010", "Launch mass", "fail", 1603.0, 1600.0, "kg", -0.0018750,
                     reason="the value does not meet the limit"),
        _requirement("SYS-030", "Sample mass", "pass", 0.1, 0.1, "kg", 0.0,
                     text="The capsule shall carry *at least* 100 g.")),
        budgets=(BudgetValue("mass.launch_mass", 1603.0, "kg", False, 0),
                 BudgetValue("mass.launch_margin", -0.001875, "", True, 0),
                 BudgetValue("mass.vehicles[capsule].lines[heat_shield_tps].predicted_mass",
                             26.4, "kg", False, 2)),
        parameters=(ParameterValue("capsule.heat_shield_tps.basic_mass", 22.0, "kg",
                                   "model/capsule.yaml:38"),))


EXPECTED_MARKDOWN = """\
### okaeri diff: LSR-1: HEAD~1 (4591cbb) → HEAD (a79c20b)

1 verdict flip (1 worse), 2 margins changed, 2 budget values moved (1 item inside them), \
1 parameter changed, 1 requirement added, removed or reworded.

**FAILED (--fail-on flip): SYS-010: pass → fail**

#### Verdict flips

| Requirement | Title | Before | After | Change | Reason |
|---|---|---|---|---|---|
| SYS-010 | Launch mass | pass | FAIL | worse | the value does not meet the limit |

#### Margins

Largest margin burn first; the change in percentage points.

| Requirement | Value | Limit | Margin | Change | Required | Verdict |
|---|--:|--:|--:|--:|--:|---|
| CAP-060 | 34.48 km → 38.21 km | 50.00 km | 31.0 % → 23.6 % | -7.5 pp |  | pass |
| SYS-010 | 1,586 kg → 1,603 kg | 1,600 kg | 0.9 % → -0.2 % | -1.1 pp |  | FAIL |

#### Budgets

| Budget value | Before | After | Change |
|---|--:|--:|--:|
| `mass.launch_mass` | 1,586 kg | 1,603 kg | +17.00 kg (+1.1 %) |
| `mass.launch_margin` | 0.9 % | -0.2 % | -1.1 pp |

#### Items that moved the budgets

Per budget, the deepest items first (components before vehicles and phases), at most 5.

| Item | Before | After | Change |
|---|--:|--:|--:|
| `mass.vehicles[capsule].lines[heat_shield_tps].predicted_mass` | 12.00 kg | 26.40 kg | \
+14.40 kg (+120.0 %) |

#### Parameters

| Parameter | Before | After | Change | Where (HEAD~1 (4591cbb)) | Where (HEAD (a79c20b)) |
|---|--:|--:|--:|---|---|
| `capsule.heat_shield_tps.basic_mass` | 10.00 kg | 22.00 kg | +12.00 kg (+120.0 %) | \
model/capsule.yaml:37 | model/capsule.yaml:38 |

#### Requirements added, removed or reworded

| Requirement | Change | Field / title | Before | After |
|---|---|---|---|---|
| SYS-030 | reworded | text | Sample mass shall hold. | \
The capsule shall carry \\*at least\\* 100 g. |
"""


def _view(limit: int | None = 25) -> tuple[DiffView, list[str]]:
    diff = compare(before(), after(), "HEAD~1 (4591cbb)", "HEAD (a79c20b)")
    broken = failures(diff, [FailRule("flip")])
    return diff_view(diff, limit, tuple(broken), ("flip",)), broken


def test_markdown_diff_is_exactly_the_expected_text() -> None:
    view, broken = _view()
    assert broken == ["SYS-010: pass → fail"]
    assert render_diff_markdown(view) == EXPECTED_MARKDOWN


def test_markdown_escapes_user_text_in_cells() -> None:
    diff = replace(compare(before(), after()),
                   flips=(VerdictFlip("X-1", "a | b <c>", "pass", "fail", "`x`"),))
    text = render_diff_markdown(diff_view(diff))
    assert "| a \\| b &lt;c&gt; |" in text and "\\`x\\`" in text


def test_sections_are_capped_for_a_pull_request_comment() -> None:
    many = Snapshot("M", "a", tuple(_requirement(f"R-{i:03d}", "t", "pass", 1.0, 2.0, "kg", 0.5)
                                    for i in range(60)))
    moved = Snapshot("M", "b", tuple(_requirement(f"R-{i:03d}", "t", "pass", 1.5, 2.0, "kg",
                                                  0.25) for i in range(60)))
    view = diff_view(compare(many, moved), limit=25)
    (margins,) = view.sections
    assert len(margins.rows) == 25 and margins.more == 35
    text = render_diff_markdown(view)
    assert "… and 35 more (`okaeri diff --json` lists every change)." in text
    assert len(text) < 65536


def test_numbers_of_changes() -> None:
    assert points(-0.0107) == "-1.1 pp" and points(0.0001) == "+0.01 pp"
    assert points(None) == "" and points(0.0) == "+0.0 pp"
    assert signed(-9.69, "m/s") == "-9.690 m/s" and signed(2e6, "W/m^2") == "+2.000 MW/m^2"
    assert change_text(ValueChange("k", "kg", None, 2.0, present_before=False)) == "added"
    assert change_text(ValueChange("k", "kg", 1.0, None, present_after=False)) == "removed"
    assert change_text(ValueChange("k", "", 0.2, 0.25, fraction=True)) == "+5.0 pp"


def test_no_change_says_so() -> None:
    view = diff_view(compare(before(), before()))
    assert view.summary == "No change." and view.sections == () and view.gate == ""
