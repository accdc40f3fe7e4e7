"""Unit-aware faces of :mod:`okaeri.core`.

Twin modules share the core's names (``analysis/entry.py`` calls ``core/entry.py``):
quantities in, one conversion to SI at the boundary, a core call, quantities out.
"""
