"""Analyses: unit-aware faces of :mod:`okaeri.core`, and callables with declared ports.

Twin modules share the core's names (``analysis/entry.py`` calls ``core/entry.py``):
quantities in, one conversion to SI at the boundary, a core call, quantities out.
:mod:`okaeri.analysis.registry` declares analyses with ports (okaeri's own, a package's, or a
mission's own in its ``analyses/`` folder); this package is the only caller of the core.
"""

from okaeri.analysis.registry import Analysis, Binding, Port, Registry, analysis

__all__ = ["Analysis", "Binding", "Port", "Registry", "analysis"]
