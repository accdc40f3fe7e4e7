"""Requirements: typed requirements with criteria, loading them, and trace checks.

- :mod:`okaeri.requirements.model`: ids, levels, methods, :class:`Criterion` and its
  :func:`margin`, :class:`Requirement`, :class:`RequirementSet`.
- :mod:`okaeri.requirements.load`: :func:`load_requirements` from ``requirements/*.yaml``.
- :mod:`okaeri.requirements.trace`: :func:`check_trace` (duplicates, dangling parents,
  cycles, orphans, methods, criteria, allocation, verification), :func:`coverage` and
  :func:`affected_requirements`.
"""

from okaeri.errors import did_you_mean
from okaeri.requirements.criteria import Criterion, NodeRef, Statistic, StatisticKind
from okaeri.requirements.load import load_requirements
from okaeri.requirements.model import (
    Assessment,
    Comparator,
    Level,
    Method,
    Origin,
    Requirement,
    RequirementSet,
    RequirementsFile,
    Stage,
    assess,
    margin,
    satisfies,
)
from okaeri.requirements.trace import (
    Coverage,
    affected_requirements,
    check_trace,
    coverage,
    element_ids,
    find_cycles,
    verified_ids,
)

__all__ = [
    "Assessment",
    "Comparator",
    "Coverage",
    "Criterion",
    "Level",
    "Method",
    "NodeRef",
    "Origin",
    "Requirement",
    "RequirementSet",
    "RequirementsFile",
    "Stage",
    "Statistic",
    "StatisticKind",
    "affected_requirements",
    "assess",
    "check_trace",
    "coverage",
    "did_you_mean",
    "element_ids",
    "find_cycles",
    "load_requirements",
    "margin",
    "satisfies",
    "verified_ids",
]
