"""The physics of the analysis in the "Write an analysis" tutorial, against independent
oracles: the U.S. Standard Atmosphere 1976's printed sea-level density, and a numerical
integration of the descent from a faster speed down to its steady state."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ValidationError
from scipy.integrate import solve_ivp

from okaeri.core.constants import G0

MODULE = Path(__file__).resolve().parents[2] / "docs" / "tutorials" / "write-an-analysis" / (
    "descent.py")


@pytest.fixture(scope="module")
def tutorial() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tutorial_descent", MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as okaeri imports a mission's module
    spec.loader.exec_module(module)
    return module


def _run(tutorial: ModuleType, altitude: str, **inputs: float) -> dict[str, float]:
    settings = tutorial.DescentSettings(site_altitude=altitude)
    result: dict[str, float] = tutorial.descent.compute(**inputs, settings=settings)
    return result


def test_sea_level_density_is_the_standard_atmosphere_s(tutorial: ModuleType) -> None:
    # U.S. Standard Atmosphere 1976, Table I: 1.2250 kg/m^3 at 0 m (5 printed digits).
    out = _run(tutorial, "0 m", mass=46.0, canopy_diameter=4.0, drag_coefficient=0.8)
    assert out["air_density"] == pytest.approx(1.2250, abs=0.5e-4)


@pytest.mark.parametrize(("mass", "diameter", "cd", "altitude"),
                         [(46.0, 4.0, 0.8, "170 m"), (500.0, 12.0, 0.75, "1.5 km")])
def test_descent_rate_is_the_steady_state_of_the_integrated_descent(
        tutorial: ModuleType, mass: float, diameter: float, cd: float, altitude: str) -> None:
    out = _run(tutorial, altitude, mass=mass, canopy_diameter=diameter, drag_coefficient=cd)
    drag = 0.5 * out["air_density"] * cd * math.pi * diameter**2 / 4.0

    def deceleration(_: float, v: list[float]) -> list[float]:
        return [G0 - drag * v[0] ** 2 / mass]

    # From 40 m/s (faster than steady) the speed relaxes with a time scale v/g < 2 s.
    found = solve_ivp(deceleration, (0.0, 120.0), [40.0], rtol=1e-11, atol=1e-12)
    assert found.success
    assert found.y[0, -1] == pytest.approx(out["descent_rate"], rel=1e-8)
    assert out["touchdown_energy"] == pytest.approx(0.5 * mass * out["descent_rate"] ** 2,
                                                    rel=1e-14)


def test_site_altitude_outside_its_range_is_refused(tutorial: ModuleType) -> None:
    with pytest.raises(ValidationError, match="5 km"):
        tutorial.DescentSettings(site_altitude="6 km")
