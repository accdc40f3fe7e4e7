"""Input checks shared by the core modules (plain ValueError, never assert)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray


def check_positive(name: str, value: float, unit: str) -> None:
    """Raise :class:`ValueError` unless ``value`` is a finite number > 0 (in ``unit``)."""
    if not (math.isfinite(value) and value > 0.0):
        raise ValueError(f"{name} must be a finite number > 0 {unit}, got {value!r}")


def check_finite(name: str, value: float, unit: str) -> None:
    """Raise :class:`ValueError` unless ``value`` is a finite number (in ``unit``)."""
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number ({unit}), got {value!r}")


def check_vector3(name: str, value: Sequence[float] | NDArray[np.float64]) -> NDArray[np.float64]:
    """``value`` as a float array of shape (3,); :class:`ValueError` unless finite."""
    array = np.asarray(value, dtype=np.float64)
    if array.shape != (3,):
        raise ValueError(f"{name} must be a 3-vector, got an array of shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers, got {array.tolist()}")
    return array


def check_angle(name: str, value: float, high: float = math.pi) -> None:
    """Raise :class:`ValueError` unless ``value`` is an angle in [0, ``high``] (rad)."""
    if not (math.isfinite(value) and 0.0 <= value <= high):
        raise ValueError(f"{name} must lie in [0, {high!r}] rad, got {value!r} rad")


def check_non_negative(name: str, value: float, unit: str = "") -> None:
    """Raise :class:`ValueError` unless ``value`` is a finite number >= 0 (in ``unit``)."""
    if not (math.isfinite(value) and value >= 0.0):
        in_unit = f" {unit}" if unit else ""
        raise ValueError(f"{name} must be a finite number >= 0{in_unit}, got {value!r}")
