"""The entry Monte Carlo an activity asks for, completed from the requirements and checked
against the mission, before the graph is built.

- **Sample count.** When the activity leaves out ``samples``, the count follows from the
  percentile criteria on the Monte Carlo's outputs
  (:func:`okaeri.analysis.entry_runs.default_samples`: the third most extreme sample must
  bound each percentile at its confidence; P99.87 at 90 % needs 4,093 samples). Without
  such a criterion the count cannot follow: a located finding asks for ``samples``.
- **Dispersions the mission can apply.** A dispersion of an input the mission does not
  have (a g-switch level with an ideal Mach trigger, a jet stream without a wind or a
  parachute descent) is a located finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from okaeri.analysis.entry_dispersions import unmatched
from okaeri.analysis.entry_runs import ENTRY_MONTE_CARLO, default_samples
from okaeri.analysis.entry_setup import state_keys
from okaeri.budgets import AnalysisUse
from okaeri.errors import Finding, Location
from okaeri.model import Mission
from okaeri.requirements import RequirementSet
from okaeri.verification.activities import VerificationPlan

__all__ = ["plan_monte_carlo"]


def _percentiles(requirements: RequirementSet, key: str) -> list[tuple[float, float, str]]:
    found = []
    for requirement in requirements.with_criterion():
        criterion = requirement.criterion
        if (criterion is None or criterion.statistic is None
                or criterion.statistic.percentile is None
                or not criterion.quantity.startswith(f"{key}.")):
            continue
        side = "upper" if criterion.comparator in ("<=", "<") else "lower"
        found.append((criterion.statistic.percentile, criterion.statistic.confidence_si, side))
    return found


def plan_monte_carlo(uses: Sequence[AnalysisUse], requirements: RequirementSet,
                     plan: VerificationPlan, mission: Mission
                     ) -> tuple[list[AnalysisUse], list[Finding]]:
    """``uses`` with the entry Monte Carlo's sample count filled in, and the findings."""
    origins = {a.analysis: o for a, o in plan.activity_entries if a.analysis is not None}
    ports = set(state_keys(mission) or {})
    completed, findings = [], []
    for use in uses:
        settings = use.settings
        if use.analysis.name != ENTRY_MONTE_CARLO.name or settings is None:
            completed.append(use)
            continue
        origin = origins.get(use.analysis.name)
        for setting, needs in unmatched(settings.dispersions, ports):
            where = (origin.location("settings", "dispersions", setting) if origin
                     else Location(path=use.key))
            findings.append(Finding(where, "okaeri.invalid_value",
                                    f"the {setting} dispersion needs {needs}, which the "
                                    "mission's entering vehicle does not have",
                                    "remove the dispersion or add what it disperses"))
        if settings.samples is None:
            count = default_samples(_percentiles(requirements, use.key))
            if count is None:
                where = origin.location("settings") if origin else Location(path=use.key)
                findings.append(Finding(where, "okaeri.missing_key",
                                        "the Monte Carlo's sample count cannot follow from "
                                        "its criteria: no percentile criterion reads its "
                                        "outputs", "give 'samples' under settings"))
            else:
                use = replace(use, settings=settings.model_copy(update={"samples": count}))
        completed.append(use)
    return completed, findings
