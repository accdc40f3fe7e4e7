"""Descent under the main parachute: the capsule's steady descent rate at the landing site.

A mission-folder analysis (``my-mission/analyses/descent.py``). okaeri imports it when it
loads the mission, checks the unit of every value bound to its ports, and adds its outputs
to the dependency graph as ``parachute.descent.<output>``.

Near the ground the capsule falls at the speed where the canopy's drag carries its
weight (Knacke, "Parachute Recovery Systems Design Manual", NWC TP 6575, 1991, ch. 5)::

    m g = 1/2 rho v^2 C_D S_0,   S_0 = pi D_0^2 / 4
    v   = sqrt(2 m g / (rho C_D S_0))                      [m/s]
    E   = 1/2 m v^2                                        [J]

with m the suspended mass, D_0 the canopy's nominal diameter, C_D its drag coefficient
on S_0, g the standard gravity and rho the air density at the site's altitude from the
U.S. Standard Atmosphere 1976 (okaeri.core.atmosphere).
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import BaseModel, ConfigDict

from okaeri.analysis import Port, analysis
from okaeri.core.atmosphere import us1976
from okaeri.core.constants import G0
from okaeri.units import Length, si, within


class DescentSettings(BaseModel):
    """Where the capsule lands."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    site_altitude: Annotated[Length, *within(ge="-0.4 km", le="5 km")]
    """Altitude of the landing site above sea level."""


@analysis("parachute.descent", version="1", settings=DescentSettings, inputs={
    "mass": Port("kg", "mass under the main canopy"),
    "canopy_diameter": Port("m", "nominal diameter D_0 of the main canopy"),
    "drag_coefficient": Port("", "drag coefficient of the canopy on its nominal area"),
}, outputs={
    "descent_rate": Port("m/s", "steady descent speed at the landing site"),
    "touchdown_energy": Port("J", "kinetic energy at touchdown"),
    "air_density": Port("kg/m^3", "air density at the landing site"),
})
def descent(mass: float, canopy_diameter: float, drag_coefficient: float,
            settings: DescentSettings) -> dict[str, float]:
    """Steady descent under the main parachute (equations in the module docstring)."""
    density = float(us1976(si(settings.site_altitude)).density)
    area = math.pi * canopy_diameter**2 / 4.0
    rate = math.sqrt(2.0 * mass * G0 / (density * drag_coefficient * area))
    return {"descent_rate": rate, "touchdown_energy": 0.5 * mass * rate**2,
            "air_density": density}
