"""The change log of a design review package, prepared for display.

:func:`change_log_view` turns a :class:`~okaeri.verification.baselines.ChangeLog` (what
changed since the previous baseline) into a :class:`ChangeLogView`: the sentence that
states the baseline reviewed, the commits since the previous baseline, the diff's tables
(:class:`~okaeri.report.diff.DiffView`) and the margin trend plots of the requirements
whose verdict or margin moved (:func:`okaeri.report.history.margin_plot`).
:func:`render_change_log` renders the text part as reStructuredText
(``change_log.rst.j2``); the plots are inlined by the Sphinx directive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from okaeri.report.diff import DiffView, diff_view

if TYPE_CHECKING:
    from okaeri.report.plot_style import Plot
    from okaeri.verification.baselines import ChangeLog

TREND_PLOTS = 6
"""At most this many margin trend plots: the flipped requirements, then the largest burns."""


@dataclass(frozen=True)
class CommitRow:
    """One commit of the change log."""

    short: str
    date: str
    subject: str


@dataclass(frozen=True)
class ChangeLogView:
    """The change log, ready to render."""

    statement: str
    """Which baseline is reviewed, and the previous one."""
    previous: str
    """The previous baseline tag; ``""`` without one."""
    commits: tuple[CommitRow, ...]
    uncommitted: bool
    """The reviewed files have changes that are not committed."""
    diff: DiffView | None
    plots: tuple[Plot, ...]


def trend_requirements(log: ChangeLog) -> list[str]:
    """Requirements whose margin trend is drawn: those with a margin that moved, the
    flipped ones first, then the largest margin burns."""
    if log.diff is None:
        return []
    moved = [m.id for m in log.diff.margins
             if m.margin_before is not None or m.margin_after is not None]
    flipped = [f.id for f in log.diff.flips if f.id in moved]
    return list(dict.fromkeys(flipped + moved))[:TREND_PLOTS]


def change_log_view(log: ChangeLog, plots: bool = True) -> ChangeLogView:
    """``log`` prepared for display; ``plots=False`` skips drawing (matplotlib)."""
    from okaeri.report.history import margin_plot

    drawn: tuple[Plot, ...] = ()
    if plots and log.history is not None and len(log.history.points) > 1:
        drawn = tuple(margin_plot(log.history, i) for i in trend_requirements(log))
    return ChangeLogView(
        statement=log.state.describe(), previous=log.state.previous or "",
        commits=tuple(CommitRow(c.short, c.date[:10], c.subject) for c in log.commits),
        uncommitted=log.state.dirty,
        diff=diff_view(log.diff) if log.diff is not None else None, plots=drawn)


def render_change_log(view: ChangeLogView) -> str:
    """The change log's text and tables as reStructuredText (``change_log.rst.j2``)."""
    from okaeri.report.environment import environment

    return environment().get_template("change_log.rst.j2").render(view=view)


__all__ = ["TREND_PLOTS", "ChangeLogView", "CommitRow", "change_log_view",
           "render_change_log", "trend_requirements"]
