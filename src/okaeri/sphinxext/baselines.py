"""Directives of :mod:`okaeri.sphinxext`: the baseline a package reviews, and the change
log since the previous one.

Setting (``conf.py``): ``okaeri_baseline_pattern = "baseline/*"`` (the default), the
glob of the tags that mark a baseline.

- ``.. okaeri-baseline::``: one sentence for the cover page: the baseline reviewed (a
  tag matching the pattern on ``HEAD`` while the mission's files are as committed), or
  the commit and whether it has uncommitted changes, and the previous baseline;
- ``.. okaeri-change-log::``: the commits since the previous baseline that changed the
  mission, what changed since then (verdict flips, margins, budgets, parameters,
  requirements: the tables of ``okaeri diff``), and the margin trend of the requirements
  that moved, over those commits.

The previous baseline is verified from its files in git by the installed okaeri
(cached by content in the analysis cache folder, see
:mod:`okaeri.verification.snapshot`); the reviewed side is the build's own run. A
mission folder outside git, or a repository without a baseline tag, gets a sentence
saying so, not a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from okaeri.sphinxext.data import MissionData, mission_data
from okaeri.sphinxext.rst import parse_rst

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from okaeri.report.change_log import ChangeLogView


def change_log_data(data: MissionData, pattern: str, use_cache: bool) -> ChangeLogView | str:
    """The change log view of the build's mission (drawn once per build), or a sentence
    saying why there is none."""
    key = f"change_log:{pattern}"
    if key not in data.cache:
        data.cache[key] = _compute(data, pattern, use_cache)
    found: ChangeLogView | str = data.cache[key]
    return found


def _compute(data: MissionData, pattern: str, use_cache: bool) -> ChangeLogView | str:
    from okaeri.report.change_log import change_log_view
    from okaeri.verification.baselines import Snapshots, change_log, reviewed_state
    from okaeri.verification.cache import AnalysisCache, default_cache_dir
    from okaeri.verification.revisions import MissionRepository, RevisionError
    from okaeri.verification.snapshot import (
        SnapshotStore,
        build_snapshot,
        content_key,
        folder_files,
    )

    if data.project is None or data.run is None:
        return data.problem or "the mission could not be verified"
    repo = MissionRepository.find(data.folder)
    if repo is None:
        return ("The mission folder is not in a git repository: this package reviews its "
                "files as they are, not a baseline.")
    try:
        state = reviewed_state(repo, pattern)
        current = build_snapshot(data.project, data.run,
                                 content_key(folder_files(data.folder, repo.object_format())))
        snapshots = Snapshots(SnapshotStore.default() if use_cache else SnapshotStore(None),
                              AnalysisCache(default_cache_dir() if use_cache else None))
        return change_log_view(change_log(repo, snapshots, state, current))
    except RevisionError as exc:
        return f"The change log could not be read from git: {exc}"


class _BaselineDirective(SphinxDirective):  # type: ignore[misc,unused-ignore]
    def change_log(self) -> ChangeLogView | str:
        data = mission_data(self.env)
        for path in data.files:
            self.env.note_dependency(str(path))
        return change_log_data(data, str(self.config.okaeri_baseline_pattern),
                     bool(self.config.okaeri_cache))


class BaselineDirective(_BaselineDirective):
    """``.. okaeri-baseline::``: the baseline the package reviews, in one sentence."""

    def run(self) -> list[nodes.Node]:
        from okaeri.report.environment import rst_escape

        found = self.change_log()
        text = found if isinstance(found, str) else found.statement
        return parse_rst(self, f"**Reviewed:** {rst_escape(text)}")


class ChangeLogDirective(_BaselineDirective):
    """``.. okaeri-change-log::``: commits, changes and margin trends since the previous
    baseline."""

    def run(self) -> list[nodes.Node]:
        from okaeri.report.change_log import render_change_log
        from okaeri.report.environment import rst_escape
        from okaeri.sphinxext.nodes import okaeri_plot

        found = self.change_log()
        if isinstance(found, str):
            return parse_rst(self, rst_escape(found))
        result = parse_rst(self, render_change_log(found))
        if found.plots:
            result += parse_rst(self, f".. rubric:: Margin trends since "
                                f"{rst_escape(found.previous)}")
        for plot in found.plots:
            figure = nodes.figure(classes=["okaeri-figure"])
            figure += okaeri_plot(svg=plot.svg, name=plot.name, title=plot.title)
            figure += nodes.caption(plot.caption, "", nodes.strong(text=plot.title + ". "),
                                    nodes.Text(plot.caption))
            self.set_source_info(figure)
            result.append(figure)
        return result


def register(app: Sphinx) -> None:
    """Add the ``okaeri_baseline_pattern`` setting and the two directives to ``app``."""
    from okaeri.verification.baselines import BASELINE_PATTERN

    app.add_config_value("okaeri_baseline_pattern", BASELINE_PATTERN, "env", types=[str])
    app.add_directive("okaeri-baseline", BaselineDirective)
    app.add_directive("okaeri-change-log", ChangeLogDirective)


__all__ = ["BaselineDirective", "ChangeLogDirective", "register"]
