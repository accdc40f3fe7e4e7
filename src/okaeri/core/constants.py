"""Physical constants in SI units (floats), each with its source.

Sources
-------
- [WGS84] NIMA TR8350.2, "Department of Defense World Geodetic System 1984", 3rd ed., 2000.
- [IERS] IERS Conventions (2010), IERS Technical Note 36, table 1.1.
- [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
  2013, appendix D (planetary constants).
- [CODATA] standard acceleration of gravity, 9.80665 m/s^2 (exact, CGPM 1901).
"""

G0 = 9.80665
"""Standard acceleration of gravity (m/s^2) [CODATA]; converts specific impulse and g-loads."""

MU_EARTH = 3.986004418e14
"""Earth's gravitational parameter GM (m^3/s^2) [WGS84, IERS]."""

R_EARTH = 6378137.0
"""Earth's equatorial radius (m) [WGS84]; the spherical Earth of the entry model."""

OMEGA_EARTH = 7.292115e-5
"""Earth's rotation rate (rad/s) [WGS84]."""

J2_EARTH = 1.08262668e-3
"""Earth's second zonal harmonic (dimensionless) [IERS 2010, J2 = 1.0826359e-3 rounded;
WGS84 C20-derived value 1.08262668e-3 used here]."""

MU_MOON = 4.902800066e12
"""Moon's gravitational parameter GM (m^3/s^2) [Vallado app. D: 4902.800066 km^3/s^2]."""

R_MOON = 1738.0e3
"""Moon's mean equatorial radius (m) [Vallado app. D: 1738.0 km]."""

MOON_SEMI_MAJOR_AXIS = 384400.0e3
"""Semi-major axis of the Moon's orbit about Earth (m) [Vallado app. D: 384,400 km]."""

MOON_SOI_RADIUS = MOON_SEMI_MAJOR_AXIS * (MU_MOON / MU_EARTH) ** 0.4
"""Radius of the Moon's sphere of influence about Earth (m), Laplace's definition
r_SOI = D (mu_Moon / mu_Earth)^(2/5), about 66,190 km with the values above
[Curtis, "Orbital Mechanics for Engineering Students", 3rd ed., ch. 8 (sphere of
influence); Bate, Mueller, White, "Fundamentals of Astrodynamics", 1971, ch. 7]."""
