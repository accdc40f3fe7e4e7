"""Input checks shared by the core modules (plain ValueError, never assert)."""

from __future__ import annotations

import math


def check_positive(name: str, value: float, unit: str) -> None:
    """Raise :class:`ValueError` unless ``value`` is a finite number > 0 (in ``unit``)."""
    if not (math.isfinite(value) and value > 0.0):
        raise ValueError(f"{name} must be a finite number > 0 {unit}, got {value!r}")
