"""A diff of two snapshots prepared for display: a terminal table, Markdown and rst.

:func:`diff_view` turns a :class:`~okaeri.verification.compare.SnapshotDiff` into a
:class:`DiffView`: a title, a summary sentence, and :class:`TableSection` objects (verdict
flips, margins, budgets, the budget items that moved them, parameters, requirements),
every cell already a string in display units. The same sections print as terminal
tables (``okaeri diff``), as GitHub Markdown (:func:`render_diff_markdown`, the
``diff.md.j2`` template, sized for a pull-request comment: at most ``limit`` rows per
section) and as reStructuredText (the ``change_log.rst.j2`` template of the review's
change log).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okaeri.report.format import display_unit, in_display_unit, number, percent, quantity

if TYPE_CHECKING:
    from okaeri.verification.compare import (
        MarginChange,
        RequirementChange,
        SnapshotDiff,
        ValueChange,
    )

MARKDOWN_ROWS = 25
"""Rows per section of the Markdown diff (a pull-request comment holds 65,536 characters)."""

ITEMS_PER_BUDGET = 5
"""Items shown per budget as the ones that moved it (the deepest first)."""

TEXT_CHARACTERS = 400
"""Longest requirement text shown in a cell."""

ARROW = " → "


def state_label(state: str) -> str:
    """``pass``, ``pass (LOW MARGIN)``, ``FAIL``, ``INCONCLUSIVE``, ``ERROR``, ``—``."""
    if state == "pass":
        return "pass"
    if state == "pass (low margin)":
        return "pass (LOW MARGIN)"
    return state.upper() if state else "—"


def points(delta: float | None) -> str:
    """A change of a fraction in percentage points: ``-1.1 pp``; ``""`` for ``None``."""
    if delta is None or not math.isfinite(delta):
        return ""
    value = 100.0 * delta
    if value != 0.0 and abs(value) < 0.05:
        return f"{value:+.1g} pp"
    return f"{value:+.1f} pp"


def signed(delta_si: float, unit_si: str) -> str:
    """A change in display units with its sign: ``+2.400 kg``."""
    shown = in_display_unit(delta_si, unit_si)
    text = number(abs(shown))
    sign = "-" if shown < 0 else "+"
    return f"{sign}{text} {display_unit(unit_si)}".strip()


def value_text(value: float | None, unit_si: str, fraction: bool = False) -> str:
    """A value in display units (a fraction in %)."""
    return percent(value) if fraction else quantity(value, unit_si)


def change_text(change: ValueChange) -> str:
    """The change of a budget value or a parameter: ``+2.400 kg (+20.0 %)``, ``added``."""
    if not change.present_before:
        return "added"
    if not change.present_after:
        return "removed"
    delta = change.delta
    if delta is None:
        return "now missing" if change.after is None else "now computed"
    if change.fraction:
        return points(delta)
    relative = change.relative
    return signed(delta, change.unit_si) + (f" ({100 * relative:+.1f} %)"
                                            if relative is not None else "")


def _pair(before: str, after: str) -> str:
    return after if before == after else f"{before or '—'}{ARROW}{after or '—'}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_CHARACTERS else text[:TEXT_CHARACTERS - 1] + "…"


@dataclass(frozen=True)
class TableSection:
    """One group of changes as a table."""

    key: str
    """``flips``, ``margins``, ``budgets``, ``budget_items``, ``parameters``,
    ``requirements``."""
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: frozenset[int] = frozenset()
    """Columns of numbers (right-aligned)."""
    code: frozenset[int] = frozenset()
    """Columns of keys (shown as code)."""
    more: int = 0
    """Rows left out (see ``okaeri diff --json``)."""
    note: str = ""
    """A sentence under the title."""


@dataclass(frozen=True)
class DiffView:
    """A diff, ready to print."""

    title: str
    mission: str
    before: str
    after: str
    summary: str
    problems: tuple[str, ...]
    sections: tuple[TableSection, ...]
    """Only the groups that have changes, worst group first."""
    gate: str
    """The result of ``--fail-on`` (``""`` without rules)."""
    failures: tuple[str, ...]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_sentence(diff: SnapshotDiff) -> str:
    """``1 verdict flip (1 worse), 12 margins changed, ...``."""
    worse = sum(1 for f in diff.flips if f.change > 0)
    parts = [_count(len(diff.flips), "verdict flip", "verdict flips")
             + (f" ({worse} worse)" if worse else ""),
             _count(len(diff.margins), "margin changed", "margins changed"),
             _count(len(diff.budgets), "budget value moved", "budget values moved")
             + (f" ({_count(len(diff.budget_items), 'item', 'items')} inside them)"
                if diff.budget_items else ""),
             _count(len(diff.parameters), "parameter changed", "parameters changed"),
             _count(len(diff.requirements), "requirement added, removed or reworded",
                    "requirements added, removed or reworded")]
    return ", ".join(parts) + "."


def diff_view(diff: SnapshotDiff, limit: int | None = None, failures: tuple[str, ...] = (),
              rules: tuple[str, ...] = ()) -> DiffView:
    """``diff`` prepared for display; ``limit`` caps the rows of each section."""
    sections = [s for s in (_flips(diff, limit), _margins(diff, limit), _budgets(diff, limit),
                            _budget_items(diff, limit), _parameters(diff, limit),
                            _requirements(diff, limit)) if s is not None]
    gate = ""
    if rules and diff.problems:
        gate = f"NOT EVALUATED (--fail-on {', '.join(rules)}): a side does not load"
    elif rules:
        gate = (f"{'FAILED' if failures else 'PASSED'} (--fail-on {', '.join(rules)})"
                + (f": {'; '.join(failures)}" if failures else ""))
    title = f"{diff.mission}: {diff.before}{ARROW}{diff.after}" if diff.mission \
        else f"{diff.before}{ARROW}{diff.after}"
    summary = ("Not compared: a side does not load." if diff.problems
               else "No change." if diff.empty else summary_sentence(diff))
    return DiffView(title, diff.mission, diff.before, diff.after, summary,
                    diff.problems, tuple(sections), gate, failures)


def _capped(rows: list[tuple[str, ...]], limit: int | None) -> tuple[tuple[tuple[str, ...], ...],
                                                                       int]:
    if limit is None or len(rows) <= limit:
        return tuple(rows), 0
    return tuple(rows[:limit]), len(rows) - limit


def _flips(diff: SnapshotDiff, limit: int | None) -> TableSection | None:
    if not diff.flips:
        return None
    rows, more = _capped([(f.id, f.title, state_label(f.before), state_label(f.after),
                           "worse" if f.change > 0 else "better", f.reason)
                          for f in diff.flips], limit)
    return TableSection("flips", "Verdict flips",
                        ("Requirement", "Title", "Before", "After", "Change", "Reason"), rows,
                        more=more)


def _margin_row(m: MarginChange) -> tuple[str, ...]:
    return (m.id, _pair(quantity(m.value_before, m.unit_si), quantity(m.value_after, m.unit_si)),
            _pair(quantity(m.limit_before, m.unit_si), quantity(m.limit_after, m.unit_si)),
            _pair(percent(m.margin_before), percent(m.margin_after)), points(m.delta),
            percent(m.required_margin) if m.required_margin else "", state_label(m.state_after))


def _margins(diff: SnapshotDiff, limit: int | None) -> TableSection | None:
    if not diff.margins:
        return None
    rows, more = _capped([_margin_row(m) for m in diff.margins], limit)
    return TableSection("margins", "Margins",
                        ("Requirement", "Value", "Limit", "Margin", "Change", "Required",
                         "Verdict"), rows, right=frozenset({1, 2, 3, 4, 5}), more=more,
                        note="Largest margin burn first; the change in percentage points.")


def _value_row(c: ValueChange) -> tuple[str, ...]:
    return (c.key, value_text(c.before, c.unit_si, c.fraction) if c.present_before else "—",
            value_text(c.after, c.unit_si, c.fraction) if c.present_after else "—",
            change_text(c))


def _budgets(diff: SnapshotDiff, limit: int | None) -> TableSection | None:
    if not diff.budgets:
        return None
    rows, more = _capped([_value_row(c) for c in diff.budgets], limit)
    return TableSection("budgets", "Budgets", ("Budget value", "Before", "After", "Change"),
                        rows, right=frozenset({1, 2, 3}), code=frozenset({0}), more=more)


def _budget_items(diff: SnapshotDiff, limit: int | None) -> TableSection | None:
    if not diff.budget_items:
        return None
    rows: list[tuple[str, ...]] = []
    left_out = 0
    budgets = dict.fromkeys(c.budget for c in diff.budget_items)
    for budget in budgets:
        items = [c for c in diff.budget_items if c.budget == budget]
        rows += [_value_row(c) for c in items[:ITEMS_PER_BUDGET]]
        left_out += max(0, len(items) - ITEMS_PER_BUDGET)
    shown, more = _capped(rows, limit)
    return TableSection("budget_items", "Items that moved the budgets",
                        ("Item", "Before", "After", "Change"), shown,
                        right=frozenset({1, 2, 3}), code=frozenset({0}), more=more + left_out,
                        note=f"Per budget, the deepest items first (components before "
                        f"vehicles and phases), at most {ITEMS_PER_BUDGET}.")


def _parameters(diff: SnapshotDiff, limit: int | None) -> TableSection | None:
    if not diff.parameters:
        return None
    rows, more = _capped([(*_value_row(c), c.origin_before or "—", c.origin_after or "—")
                          for c in diff.parameters], limit)
    return TableSection("parameters", "Parameters",
                        ("Parameter", "Before", "After", "Change", f"Where ({diff.before})",
                         f"Where ({diff.after})"), rows, right=frozenset({1, 2, 3}),
                        code=frozenset({0}), more=more)


def _requirement_rows(r: RequirementChange) -> list[tuple[str, ...]]:
    if r.change != "reworded":
        return [(r.id, f"{r.change} ({state_label(r.state)})", r.title, "", "")]
    return [(r.id, r.change, f.field, _short(f.before), _short(f.after)) for f in r.fields]


def _requirements(diff: SnapshotDiff, limit: int | None) -> TableSection | None:
    if not diff.requirements:
        return None
    rows, more = _capped([row for r in diff.requirements for row in _requirement_rows(r)],
                         limit)
    return TableSection("requirements", "Requirements added, removed or reworded",
                        ("Requirement", "Change", "Field / title", "Before", "After"), rows,
                        more=more)


def render_diff_markdown(view: DiffView) -> str:
    """The diff as GitHub-flavoured Markdown (``diff.md.j2``)."""
    from okaeri.report.environment import environment

    return environment().get_template("diff.md.j2").render(view=view)


__all__ = [
    "ITEMS_PER_BUDGET",
    "MARKDOWN_ROWS",
    "DiffView",
    "TableSection",
    "change_text",
    "diff_view",
    "points",
    "render_diff_markdown",
    "signed",
    "state_label",
    "summary_sentence",
    "value_text",
]
