"""okaeri's own analyses, registered like any other (and wired to a mission by okaeri)."""

from __future__ import annotations

from okaeri.analysis.entry_runs import (
    ENTRY_CORRIDOR,
    ENTRY_HISTORY,
    ENTRY_MONTE_CARLO,
    ENTRY_NOMINAL,
)
from okaeri.analysis.lunar import DEPARTURE_GEOMETRY, LOI_FINITE_BURN, TEI_FINITE_BURN
from okaeri.analysis.propellant import CAPABILITY, PROPELLANT_WALK
from okaeri.analysis.registry import Analysis
from okaeri.analysis.transfer import LUNAR_ECLIPSE, TLI_FINITE_BURN, TRAJECTORY

__all__ = ["BUILTINS"]

BUILTINS: tuple[Analysis, ...] = (
    TRAJECTORY,
    TLI_FINITE_BURN,
    DEPARTURE_GEOMETRY,
    LOI_FINITE_BURN,
    TEI_FINITE_BURN,
    LUNAR_ECLIPSE,
    PROPELLANT_WALK,
    CAPABILITY,
    ENTRY_NOMINAL,
    ENTRY_HISTORY,
    ENTRY_CORRIDOR,
    ENTRY_MONTE_CARLO,
)
"""Analyses okaeri wires from the mission's own model (in this order)."""
