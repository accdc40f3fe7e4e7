"""The numerical core: floats and numpy arrays in SI units, nothing else.

Every argument and return value is in SI base units (m, s, kg, K, Pa, rad, W/m^2,
J/m^2); angles are radians. The core does **not** check units: call it through
:mod:`okaeri.analysis`, which converts pint quantities once at the boundary.
This package imports only numpy, scipy, numba and the standard library.
"""
