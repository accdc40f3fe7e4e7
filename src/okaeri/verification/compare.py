"""What changed between two snapshots of a mission, worst first.

:func:`compare` takes two :class:`~okaeri.verification.snapshot.Snapshot` and returns a
:class:`SnapshotDiff`:

- ``flips``: requirements whose verdict changed, worst first (a pass that now errors or
  fails before one that became inconclusive; improvements last). ``pass`` below the
  required margin counts as its own state (``pass (low margin)``);
- ``margins``: requirements whose value, limit or margin changed, the largest margin
  burn first, with the change in percentage points;
- ``budgets``: the budgets' own totals that moved, budget by budget (in the order of
  the budgets, values before margins, the largest relative change first), and
  ``budget_items``: the lines, phases and vehicles inside them that moved (the deepest
  items first: the components before the vehicles' totals), the items that moved them;
- ``parameters``: model values changed, added or removed, with ``file:line`` on each side;
- ``requirements``: requirements added, removed, or reworded (title, text or criterion).

:func:`parse_fail_rule` and :func:`failures` decide what makes ``okaeri diff`` exit 1:
``flip`` (a requirement fails or errors that did not, new requirements included),
``worse`` (any verdict got worse) and ``burn:N`` (a margin fell by more than N
percentage points).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from okaeri.verification.snapshot import BudgetValue, ParameterValue, RequirementState, Snapshot

STATE_RANK = {"pass": 0, "pass (low margin)": 1, "inconclusive": 2, "fail": 3, "error": 4}
"""How bad a requirement's state is (a flip is worse when the rank rises)."""

FAILING = frozenset({"fail", "error"})

RELATIVE_TOLERANCE = 1e-9
"""Numbers closer than this (relative) are the same: the graph's coupled loops converge to
1e-10 relative (:class:`okaeri.graph.solve.SolverOptions`), so two runs of one model may
differ by that much; a change of the model moves a value by far more."""


def same(a: float | None, b: float | None) -> bool:
    """Equal numbers (to :data:`RELATIVE_TOLERANCE`), or both missing."""
    if a is None or b is None:
        return a is b
    return a == b or abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b))


@dataclass(frozen=True)
class VerdictFlip:
    """A requirement whose state changed."""

    id: str
    title: str
    before: str
    after: str
    reason: str
    """Why the new verdict is what it is."""

    @property
    def change(self) -> int:
        """Rank after minus rank before (> 0: worse)."""
        return STATE_RANK[self.after] - STATE_RANK[self.before]


@dataclass(frozen=True)
class MarginChange:
    """A requirement whose value, limit or margin changed."""

    id: str
    title: str
    unit_si: str
    value_before: float | None
    value_after: float | None
    limit_before: float | None
    limit_after: float | None
    margin_before: float | None
    margin_after: float | None
    required_margin: float
    state_after: str

    @property
    def delta(self) -> float | None:
        """Margin after minus margin before (a fraction: -0.011 is -1.1 percentage
        points), ``None`` when either is missing."""
        if self.margin_before is None or self.margin_after is None:
            return None
        return self.margin_after - self.margin_before


@dataclass(frozen=True)
class ValueChange:
    """A budget number or a parameter that changed, appeared or disappeared."""

    key: str
    unit_si: str
    before: float | None
    after: float | None
    fraction: bool = False
    """A ratio, shown in %."""
    depth: int = 0
    """For budgets: 0 for a budget's total, more for the items inside it."""
    origin_before: str = ""
    """For parameters: ``file:line`` before."""
    origin_after: str = ""
    present_before: bool = True
    present_after: bool = True

    @property
    def budget(self) -> str:
        """The budget a budget number belongs to (``mass``)."""
        return self.key.split(".", 1)[0].split("[", 1)[0]

    @property
    def delta(self) -> float | None:
        """After minus before, ``None`` when either is missing."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def relative(self) -> float | None:
        """The change relative to the value before (``None`` from zero or missing)."""
        delta = self.delta
        if delta is None or self.before == 0.0 or self.before is None:
            return None
        return delta / abs(self.before)


@dataclass(frozen=True)
class FieldChange:
    """One field of a requirement, before and after."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RequirementChange:
    """A requirement added, removed or reworded."""

    id: str
    title: str
    change: str
    """``added``, ``removed`` or ``reworded``."""
    state: str
    """Its state after (before, for a removed one)."""
    fields: tuple[FieldChange, ...] = ()
    """For a reworded one: the fields that changed (``title``, ``text``, ``criterion``)."""


@dataclass(frozen=True)
class SnapshotDiff:
    """Everything that changed from ``before`` to ``after`` (see the module docstring)."""

    mission: str
    before: str
    """Label of the state before (``HEAD~1 (a1b2c3d)``, a folder)."""
    after: str
    flips: tuple[VerdictFlip, ...]
    margins: tuple[MarginChange, ...]
    budgets: tuple[ValueChange, ...]
    budget_items: tuple[ValueChange, ...]
    parameters: tuple[ValueChange, ...]
    requirements: tuple[RequirementChange, ...]
    problems: tuple[str, ...] = ()
    """A side that did not load: ``before: the mission does not load: ...``; the diff
    then has nothing else."""

    @property
    def empty(self) -> bool:
        """Nothing changed (and both sides loaded)."""
        return not (self.flips or self.margins or self.budgets or self.budget_items
                    or self.parameters or self.requirements or self.problems)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, with each change's delta (fractions for margins) and each
        flip's change of rank."""
        data = asdict(self)
        for entry, flip in zip(data["flips"], self.flips, strict=True):
            entry["change"] = flip.change
        for entry, margin in zip(data["margins"], self.margins, strict=True):
            entry["delta"] = _json_number(margin.delta)
        for name in ("budgets", "budget_items", "parameters"):
            for entry, value in zip(data[name], getattr(self, name), strict=True):
                entry["delta"] = _json_number(value.delta)
                entry["relative"] = _json_number(value.relative)
        return data


def _json_number(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def compare(before: Snapshot, after: Snapshot, before_label: str = "before",
            after_label: str = "after") -> SnapshotDiff:
    """What changed from ``before`` to ``after``."""
    problems = tuple(f"{label}: {s.problem}" for label, s in
                     ((before_label, before), (after_label, after)) if s.problem)
    if problems:  # a side without results: its requirements are unknown, not removed
        return SnapshotDiff(after.mission or before.mission, before_label, after_label,
                            (), (), (), (), (), (), problems)
    old = {r.id: r for r in before.requirements}
    new = {r.id: r for r in after.requirements}
    both = sorted(old.keys() & new.keys())
    budgets = _value_changes({b.key: b for b in before.budgets},
                             {b.key: b for b in after.budgets})
    rank = {name: i for i, name in enumerate(dict.fromkeys(
        b.budget for b in (*after.budgets, *before.budgets)))}
    totals = sorted((c for c in budgets if c.depth == 0),
                    key=lambda c: (rank[c.budget], c.fraction, *_budget_order(c)))
    items = sorted((c for c in budgets if c.depth > 0),
                   key=lambda c: (rank[c.budget], -c.depth, c.fraction, *_budget_order(c)))
    return SnapshotDiff(
        mission=after.mission or before.mission, before=before_label, after=after_label,
        flips=_flips(old, new, both), margins=_margins(old, new, both),
        budgets=tuple(totals), budget_items=tuple(items),
        parameters=tuple(_value_changes({p.key: p for p in before.parameters},
                                        {p.key: p for p in after.parameters})),
        requirements=_requirement_changes(old, new), problems=problems)


def _flips(old: dict[str, RequirementState], new: dict[str, RequirementState],
           both: list[str]) -> tuple[VerdictFlip, ...]:
    flips = [VerdictFlip(i, new[i].title, old[i].state, new[i].state, new[i].reason)
             for i in both if old[i].state != new[i].state]
    return tuple(sorted(flips, key=lambda f: (-f.change, -STATE_RANK[f.after], f.id)))


def _margins(old: dict[str, RequirementState], new: dict[str, RequirementState],
             both: list[str]) -> tuple[MarginChange, ...]:
    changes = []
    for i in both:
        a, b = old[i], new[i]
        if same(a.value_si, b.value_si) and same(a.limit_si, b.limit_si) and same(
                a.margin, b.margin):
            continue
        changes.append(MarginChange(i, b.title, b.unit_si or a.unit_si, a.value_si, b.value_si,
                                    a.limit_si, b.limit_si, a.margin, b.margin,
                                    b.required_margin, b.state))

    def order(change: MarginChange) -> tuple[int, float, str]:
        delta = change.delta
        return (delta is None, delta if delta is not None else 0.0, change.id)

    return tuple(sorted(changes, key=order))


def _budget_order(change: ValueChange) -> tuple[float, str]:
    """Largest relative change first; equal changes (to 1e-9) by key, whatever the
    rounding of the platform."""
    relative = change.relative
    size = round(abs(relative), 9) if relative is not None else math.inf
    return -size, change.key


def _value_changes(old: dict[str, Any], new: dict[str, Any]) -> list[ValueChange]:
    """Budget values (:class:`BudgetValue`) or parameters (:class:`ParameterValue`) by key."""
    changes = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and same(a.value_si, b.value_si) and (
                a.unit_si == b.unit_si):
            continue
        either = b if b is not None else a
        if either is None:  # pragma: no cover - the key is in one of them
            continue
        changes.append(ValueChange(
            key, either.unit_si, a.value_si if a is not None else None,
            b.value_si if b is not None else None,
            fraction=either.fraction if isinstance(either, BudgetValue) else False,
            depth=either.depth if isinstance(either, BudgetValue) else 0,
            origin_before=a.origin if isinstance(a, ParameterValue) else "",
            origin_after=b.origin if isinstance(b, ParameterValue) else "",
            present_before=a is not None, present_after=b is not None))
    return changes


def _requirement_changes(old: dict[str, RequirementState], new: dict[str, RequirementState]
                         ) -> tuple[RequirementChange, ...]:
    changes = []
    for i in sorted(old.keys() | new.keys()):
        a, b = old.get(i), new.get(i)
        if a is None and b is not None:
            changes.append(RequirementChange(i, b.title, "added", b.state))
        elif b is None and a is not None:
            changes.append(RequirementChange(i, a.title, "removed", a.state))
        elif a is not None and b is not None:
            fields = tuple(FieldChange(name, getattr(a, name), getattr(b, name))
                           for name in ("title", "text", "criterion")
                           if getattr(a, name) != getattr(b, name))
            if fields:
                changes.append(RequirementChange(i, b.title, "reworded", b.state, fields))
    return tuple(changes)


# --- what fails a diff ----------------------------------------------------------------------


@dataclass(frozen=True)
class FailRule:
    """A condition that makes ``okaeri diff`` exit 1."""

    kind: str
    """``flip``, ``worse`` or ``burn``."""
    points: float = 0.0
    """For ``burn``: the largest margin burn allowed, in percentage points."""

    def __str__(self) -> str:
        return f"burn:{self.points:g}" if self.kind == "burn" else self.kind


FAIL_RULES_HELP = ("flip (a requirement fails or errors that did not), worse (any verdict "
                   "gets worse, low margins and inconclusive included), burn:N (a margin "
                   "falls by more than N percentage points)")


def parse_fail_rule(text: str) -> FailRule:
    """``flip``, ``worse`` or ``burn:N``; :class:`ValueError` (naming the forms) otherwise."""
    word, _, threshold = text.strip().partition(":")
    if word in ("flip", "worse") and not threshold:
        return FailRule(word)
    if word == "burn":
        try:
            points = float(threshold.removesuffix("pp").strip())
        except ValueError:
            points = math.nan
        if math.isfinite(points) and points >= 0.0:
            return FailRule("burn", points)
        raise ValueError(f"'{text}': burn takes a threshold in percentage points, a number "
                         "from 0, e.g. burn:5")
    raise ValueError(f"'{text}' is not a rule; expected {FAIL_RULES_HELP}")


def failures(diff: SnapshotDiff, rules: list[FailRule]) -> list[str]:
    """Why ``diff`` breaks ``rules``: one line per offending requirement and rule."""
    found: list[str] = []
    for rule in rules:
        if rule.kind == "flip":
            found += [f"{f.id}: {f.before} → {f.after}" for f in diff.flips
                      if f.after in FAILING and f.before not in FAILING]
            found += [f"{r.id}: added, {r.state}" for r in diff.requirements
                      if r.change == "added" and r.state in FAILING]
        elif rule.kind == "worse":
            found += [f"{f.id}: {f.before} → {f.after}" for f in diff.flips if f.change > 0]
        else:
            found += [f"{m.id}: margin {100 * m.delta:+.1f} percentage points (more than "
                      f"{rule.points:g} burnt)" for m in diff.margins
                      if m.delta is not None and -100.0 * m.delta > rule.points]
    return list(dict.fromkeys(found))


__all__ = [
    "FAILING",
    "FAIL_RULES_HELP",
    "RELATIVE_TOLERANCE",
    "STATE_RANK",
    "FailRule",
    "FieldChange",
    "MarginChange",
    "RequirementChange",
    "SnapshotDiff",
    "ValueChange",
    "VerdictFlip",
    "compare",
    "failures",
    "parse_fail_rule",
    "same",
]
