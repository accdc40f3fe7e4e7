"""The unit boundary shared by the analysis modules: a quantity checked and converted to
SI once on the way in, and the core's errors turned into okaeri's on the way out.

A core function raises :class:`ValueError` for an input outside its range and
:class:`okaeri.core.kepler.KeplerConvergenceError` when Kepler's equation does not
converge; callers see :class:`okaeri.errors.OutOfRangeError` and
:class:`okaeri.errors.ConvergenceError`, each naming the function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import numpy as np
from pydantic_core import PydanticCustomError

from okaeri.core.constants import MU_EARTH
from okaeri.core.kepler import KeplerConvergenceError
from okaeri.errors import ConvergenceError, OutOfRangeError
from okaeri.units import AnyQuantity, Quantity, check_quantity, si

__all__ = ["call_core", "core_errors", "magnitude", "mu_si", "to_si"]

_T = TypeVar("_T")


def to_si(family: str, name: str, value: Any) -> float:
    """``value`` checked as ``family`` (``"a length"``) and converted to SI (rad for angles)."""
    try:
        quantity = check_quantity(family, value)
    except PydanticCustomError as exc:
        raise OutOfRangeError(f"{name}: {exc.message()}") from None
    return si(quantity)


def magnitude(name: str, value: Any, unit: str, what: str) -> Any:
    """``value`` (a quantity, or a string with a unit) in ``unit``: float or array."""
    try:
        quantity = Quantity(value) if isinstance(value, str) else value
        number = quantity.m_as(unit)
    except Exception as exc:  # pint DimensionalityError, undefined unit, or not a quantity
        raise OutOfRangeError(
            f"{name}: expected {what} (e.g. '80 km'), got {value!r}"
        ) from exc
    return float(number) if np.ndim(number) == 0 else np.asarray(number, dtype=float)


def mu_si(mu: AnyQuantity | None) -> float:
    """``mu`` in m^3/s^2; Earth's when ``None``."""
    if mu is None:
        return MU_EARTH
    try:
        return float(mu.m_as("m^3/s^2"))
    except Exception as exc:  # pint raises DimensionalityError, or AttributeError for floats
        raise OutOfRangeError(
            f"mu: expected a gravitational parameter (e.g. '3.986e14 m^3/s^2'), got {mu!r}"
        ) from exc


@contextmanager
def core_errors(function: str) -> Iterator[None]:
    """Turn the core's ValueError and convergence failure into okaeri errors."""
    try:
        yield
    except KeplerConvergenceError as exc:
        raise ConvergenceError(f"{function}: {exc}", exc.history) from exc
    except ValueError as exc:
        raise OutOfRangeError(f"{function}: {exc}") from exc


def call_core(function: str, core: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """``core(*args, **kwargs)`` with its errors named after ``function``."""
    with core_errors(function):
        return core(*args, **kwargs)
