"""A mission's history prepared for display: a margin table and burn-down plots.

- :func:`history_rows`: one row per commit (id, date, each requirement's margin with
  its verdict when it is not a plain pass, subject), for the terminal;
- :func:`margin_plot`: one requirement's margin over the commits as deterministic SVG
  (:class:`~okaeri.report.plot_style.Plot`), with its required margin, the limit (zero
  margin), and every verdict change marked and labelled.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from okaeri.report.diff import state_label
from okaeri.report.format import percent

if TYPE_CHECKING:
    from okaeri.report.plot_style import Plot
    from okaeri.verification.baselines import History
    from okaeri.verification.snapshot import RequirementState

STATE_COLOURS = {"pass": "#1f4e79", "pass (low margin)": "#9a6700", "inconclusive": "#6e6e6e",
                 "fail": "#b3261e", "error": "#b3261e"}
"""Marker colour of each state in the plots."""

MAX_TICK_LABELS = 12
"""At most this many commit ids under the x axis (every n-th one beyond)."""

LIMIT_COLOUR = "#c0392b"
_REQUIRED = "#333333"


def with_margins(history: History) -> list[str]:
    """Requirements that have a margin at some point of ``history``, sorted."""
    return sorted({r.id for p in history.points for r in p.snapshot.requirements
                   if r.margin is not None})


def cell(state: RequirementState | None) -> str:
    """A table cell: the margin, and the verdict unless a plain pass; ``—`` if absent."""
    if state is None:
        return "—"
    margin = percent(state.margin)
    if state.state == "pass":
        return margin
    return f"{margin} {state_label(state.state)}".strip()


def history_rows(history: History, requirements: list[str]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the history table (oldest commit first)."""
    headers = ["commit", "date", *requirements, "subject"]
    rows = []
    for point in history.points:
        commit = point.commit
        subject = commit.subject if commit else ""
        if point.snapshot.problem:
            subject = f"(does not load) {subject}".strip()
        rows.append([point.label, commit.date[:10] if commit else "",
                     *(cell(point.snapshot.requirement(i)) for i in requirements),
                     subject if len(subject) <= 50 else subject[:49] + "…"])
    return headers, rows


def plot_name(requirement_id: str) -> str:
    """``margin_history_SYS-010``: the plot's name and file stem."""
    return f"margin_history_{requirement_id}"


def margin_plot(history: History, requirement_id: str) -> Plot:
    """The margin of one requirement over the commits of ``history`` (SVG).

    A point without a margin (the requirement is absent, errors, or the mission does
    not load) is a gap in the line; each change of verdict is a dotted vertical line
    labelled ``before → after``.
    """
    from okaeri.report.plot_style import Plot, new_figure, svg_text

    states = [p.snapshot.requirement(requirement_id) for p in history.points]
    margins = [100.0 * s.margin if s is not None and s.margin is not None else math.nan
               for s in states]
    labels = [p.label for p in history.points]
    changes = _changes(states)
    title_of = next((s.title for s in reversed(states) if s is not None), "")
    title = f"{requirement_id} {title_of}: margin over the commits".replace("  ", " ")
    name = plot_name(requirement_id)
    x = list(range(len(states)))
    with new_figure() as figure:
        ax = figure.add_subplot()
        ax.plot(x, margins, color=STATE_COLOURS["pass"], linewidth=1.4, label="margin")
        for state_name, colour in STATE_COLOURS.items():
            chosen = [i for i, s in enumerate(states)
                      if s is not None and s.state == state_name and math.isfinite(margins[i])]
            if chosen:
                ax.plot(chosen, [margins[i] for i in chosen], linestyle="none", marker="o",
                        markersize=4, color=colour, label=state_label(state_name))
        ax.axhline(0.0, color=LIMIT_COLOUR, linewidth=1.4, label="limit (zero margin)")
        required = max((s.required_margin for s in states if s is not None), default=0.0)
        if required > 0.0:
            ax.axhline(100.0 * required, color=_REQUIRED, linewidth=1.0, linestyle="--",
                       label=f"required margin {percent(required)}")
        for i, before, after in changes:
            ax.axvline(i, color=STATE_COLOURS.get(after, _REQUIRED), linewidth=0.9,
                       linestyle=":")
            ax.annotate(f"{state_label(before)} → {state_label(after)}", (i, 1.0),
                        xycoords=("data", "axes fraction"), xytext=(3, -3),
                        textcoords="offset points", ha="left", va="top", fontsize=7,
                        rotation=90, color=STATE_COLOURS.get(after, _REQUIRED))
        step = max(1, math.ceil(len(x) / MAX_TICK_LABELS))
        ax.set_xticks(x[::step], labels[::step], rotation=45, ha="right", fontsize=7)
        ax.set_xlim(-0.5, max(len(x) - 0.5, 0.5))
        ax.set_xlabel("commit (oldest first)")
        ax.set_ylabel("margin (%)")
        figure.legend(loc="outside lower center", ncols=4)
        svg = svg_text(figure, name, title)
    return Plot(name, title, _caption(requirement_id, labels, margins, changes), svg)


def _changes(states: list[RequirementState | None]) -> list[tuple[int, str, str]]:
    names = [s.state if s is not None else "" for s in states]
    return [(i, names[i - 1], names[i]) for i in range(1, len(names))
            if names[i - 1] and names[i] and names[i - 1] != names[i]]


def _caption(requirement_id: str, labels: list[str], margins: list[float],
             changes: list[tuple[int, str, str]]) -> str:
    known = [(label, m) for label, m in zip(labels, margins, strict=True) if math.isfinite(m)]
    if not known:
        return f"{requirement_id} has no margin in these {len(labels)} commits."
    text = (f"Margin of {requirement_id} over {len(labels)} commits, from "
            f"{known[0][1]:.1f} % ({known[0][0]}) to {known[-1][1]:.1f} % ({known[-1][0]})")
    if changes:
        text += "; verdict changes: " + ", ".join(
            f"{labels[i]} {state_label(a)} → {state_label(b)}" for i, a, b in changes)
    return text + "."


__all__ = ["STATE_COLOURS", "cell", "history_rows", "margin_plot", "plot_name",
           "with_margins"]
