"""Published values the core is validated against, typed from their sources: one copy,
read by the tests (``tests/unit/core``) and the documentation's validation page
(:mod:`okaeri.sphinxext.validation`).

Sources
-------
- [Vallado] and [Curtis]: the worked examples of orbital mechanics below.
- [US76] NOAA-S/T 76-1562, "U.S. Standard Atmosphere, 1976", Table I (geometric
  altitude, metric units) and Table III (speed of sound). Table I prints 5 significant
  digits for pressure, and for density below 86 km, 4 for density above; temperature to
  0.001 K below 86 km and 0.01 K above.
"""

from __future__ import annotations

__all__ = [
    "CURTIS_3_5_PERIGEE_RADIUS_KM",
    "CURTIS_3_5_PERIGEE_SPEED_KM_S",
    "CURTIS_3_5_RADIUS_KM",
    "CURTIS_3_5_SPEED_KM_S",
    "CURTIS_3_5_TIME_S",
    "CURTIS_4_3_ECCENTRICITY",
    "CURTIS_4_3_R_KM",
    "CURTIS_4_3_SEMI_MAJOR_AXIS_KM",
    "CURTIS_4_3_V_KM_S",
    "CURTIS_6_1_ALTITUDES_KM",
    "CURTIS_6_1_PERIGEE_SPEEDS_KM_S",
    "CURTIS_MU_KM3_S2",
    "CURTIS_RADIUS_KM",
    "US76_TABLE_III_SOUND",
    "US76_TABLE_I_LOWER",
    "US76_TABLE_I_TEMPERATURE",
    "US76_TABLE_I_UPPER",
    "VALLADO_2_4_MINUTES",
    "VALLADO_2_4_R0_KM",
    "VALLADO_2_4_R_KM",
    "VALLADO_2_4_V0_KM_S",
    "VALLADO_2_4_V_KM_S",
    "VALLADO_6_1_ALTITUDES_KM",
    "VALLADO_6_1_DELTA_V_KM_S",
    "VALLADO_6_1_TIME_H",
    "VALLADO_6_2_ALTITUDES_KM",
    "VALLADO_6_2_DELTA_V_KM_S",
    "VALLADO_6_2_TIME_H",
    "VALLADO_6_4_DELTA_V_KM_S",
    "VALLADO_6_4_SPEED_KM_S",
    "VALLADO_6_4_TURN_DEG",
]

US76_TABLE_I_LOWER: dict[float, tuple[float, float, float]] = {
    0.0: (288.150, 1.01325e5, 1.2250),
    500.0: (284.900, 9.5461e4, 1.1673),
    1000.0: (281.651, 8.9876e4, 1.1117),
    5000.0: (255.676, 5.4048e4, 7.3643e-1),
    10000.0: (223.252, 2.6499e4, 4.1351e-1),
    20000.0: (216.650, 5.5293e3, 8.8910e-2),
    25000.0: (221.552, 2.5492e3, 4.0084e-2),
    30000.0: (226.509, 1.1970e3, 1.8410e-2),
    40000.0: (250.350, 2.8714e2, 3.9957e-3),
    50000.0: (270.650, 7.9779e1, 1.0269e-3),
    60000.0: (247.021, 2.1958e1, 3.0968e-4),
    70000.0: (219.585, 5.2209e0, 8.2829e-5),
    77000.0: (204.493, 1.7286e0, 2.9448e-5),
    80000.0: (198.639, 1.0524e0, 1.8458e-5),
}
"""[US76] Table I below 86 km: altitude (m) -> (temperature K, pressure Pa, density kg/m^3)."""

US76_TABLE_I_UPPER: dict[float, tuple[float, float, float]] = {
    86000.0: (186.87, 3.7338e-1, 6.958e-6),
    90000.0: (186.87, 1.8359e-1, 3.416e-6),
    92000.0: (186.96, 1.2887e-1, 2.393e-6),
    95000.0: (188.42, 7.5966e-2, 1.393e-6),
    100000.0: (195.08, 3.2011e-2, 5.604e-7),
    110000.0: (240.00, 7.1042e-3, 9.708e-8),
    120000.0: (360.00, 2.5382e-3, 2.222e-8),
    130000.0: (469.27, 1.2505e-3, 8.152e-9),
    150000.0: (634.39, 4.5422e-4, 2.076e-9),
    200000.0: (854.56, 8.4736e-5, 2.541e-10),
    230000.0: (915.78, 3.9276e-5, 1.029e-10),
    300000.0: (976.01, 8.7704e-6, 1.916e-11),
    400000.0: (995.83, 1.4518e-6, 2.803e-12),
    500000.0: (999.24, 3.0236e-7, 5.215e-13),
    600000.0: (999.85, 8.2130e-8, 1.137e-13),
    700000.0: (999.97, 3.1908e-8, 3.070e-14),
    800000.0: (999.99, 1.7036e-8, 1.136e-14),
    900000.0: (1000.00, 1.0873e-8, 5.759e-15),
    1000000.0: (1000.00, 7.5138e-9, 3.561e-15),
}
"""[US76] Table I from 86 to 1,000 km: altitude (m) -> (temperature K, pressure Pa, density
kg/m^3, 4 digits)."""

US76_TABLE_I_TEMPERATURE: dict[float, float] = {11000.0: 216.774}
"""[US76] Table I temperatures (K) at altitudes (m) whose other columns are not typed here."""

US76_TABLE_III_SOUND: dict[float, float] = {
    0.0: 340.29, 500.0: 338.37, 10000.0: 299.53, 24000.0: 297.72, 50000.0: 329.80,
}
"""[US76] Table III: altitude (m) -> speed of sound (m/s)."""


# Orbital mechanics: worked examples, in the units the books print them.
# [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed., 2013.
# [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed., 2014
#          (mu = 398,600 km^3/s^2, R = 6378 km: CURTIS_MU_KM3_S2, CURTIS_RADIUS_KM).

CURTIS_MU_KM3_S2 = 398_600.0
"""[Curtis] Table A.3: the Earth's gravitational parameter the examples use (km^3/s^2)."""
CURTIS_RADIUS_KM = 6378.0
"""[Curtis] Table A.1: the Earth's radius the examples use (km)."""

VALLADO_6_1_ALTITUDES_KM = (191.34411, 35_781.34857)
"""[Vallado] Ex. 6-1, Hohmann transfer: initial and final circular altitudes (km)."""
VALLADO_6_1_DELTA_V_KM_S = (2.457038, 1.478187, 3.935224)
"""[Vallado] Ex. 6-1: first burn, second burn, total (km/s, 7 digits)."""
VALLADO_6_1_TIME_H = 5.256713
"""[Vallado] Ex. 6-1: transfer time (h)."""

VALLADO_6_2_ALTITUDES_KM = (191.34411, 503_873.0, 376_310.0)
"""[Vallado] Ex. 6-2, bi-elliptic transfer: initial, intermediate apoapsis and final
altitudes (km)."""
VALLADO_6_2_DELTA_V_KM_S = (3.156234, 0.677358, 0.070466, 3.904057)
"""[Vallado] Ex. 6-2: the three burns and the total (km/s)."""
VALLADO_6_2_TIME_H = 593.919803
"""[Vallado] Ex. 6-2: transfer time (h)."""

VALLADO_6_4_SPEED_KM_S = 5.892311
"""[Vallado] Ex. 6-4, inclination-only change: circular speed (km/s)."""
VALLADO_6_4_TURN_DEG = 15.0
"""[Vallado] Ex. 6-4: inclination change (deg)."""
VALLADO_6_4_DELTA_V_KM_S = 1.538202
"""[Vallado] Ex. 6-4: the burn (km/s)."""

VALLADO_2_4_R0_KM = (1131.340, -2282.343, 6672.423)
"""[Vallado] Ex. 2-4 (KEPLER): initial position (km)."""
VALLADO_2_4_V0_KM_S = (-5.64305, 4.30333, 2.42879)
"""[Vallado] Ex. 2-4: initial velocity (km/s)."""
VALLADO_2_4_MINUTES = 40.0
"""[Vallado] Ex. 2-4: time of flight (min)."""
VALLADO_2_4_R_KM = (-4219.7527, 4363.0292, -3958.7666)
"""[Vallado] Ex. 2-4: final position (km, 8 digits)."""
VALLADO_2_4_V_KM_S = (3.689866, -1.916735, -6.112511)
"""[Vallado] Ex. 2-4: final velocity (km/s, 7 digits)."""

CURTIS_6_1_ALTITUDES_KM = (480.0, 800.0, 16_000.0)
"""[Curtis] Ex. 6.1(a): perigee and apogee altitudes of the initial orbit, apogee altitude
of the transfer orbit (km)."""
CURTIS_6_1_PERIGEE_SPEEDS_KM_S = (7.7102, 9.4327)
"""[Curtis] Ex. 6.1(a): perigee speed on the initial and on the transfer orbit (km/s)."""

CURTIS_4_3_R_KM = (-6045.0, -3490.0, 2500.0)
"""[Curtis] Ex. 4.3, state to elements: position (km)."""
CURTIS_4_3_V_KM_S = (-3.457, 6.618, 2.533)
"""[Curtis] Ex. 4.3: velocity (km/s)."""
CURTIS_4_3_ECCENTRICITY = 0.1712
"""[Curtis] Ex. 4.3: eccentricity (4 digits)."""
CURTIS_4_3_SEMI_MAJOR_AXIS_KM = 8788.0
"""[Curtis] Ex. 4.3: semi-major axis (km, 4 digits)."""

CURTIS_3_5_PERIGEE_RADIUS_KM = 6678.0
"""[Curtis] Ex. 3.5, hyperbola: perigee radius (300 km altitude, km)."""
CURTIS_3_5_PERIGEE_SPEED_KM_S = 15.0
"""[Curtis] Ex. 3.5: perigee speed (km/s)."""
CURTIS_3_5_TIME_S = 14_941.0
"""[Curtis] Ex. 3.5: time past perigee (s)."""
CURTIS_3_5_RADIUS_KM = 163_180.0
"""[Curtis] Ex. 3.5: radius then (km, 5 digits)."""
CURTIS_3_5_SPEED_KM_S = 10.51
"""[Curtis] Ex. 3.5: speed then (km/s, 4 digits)."""
