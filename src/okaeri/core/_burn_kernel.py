r"""Compiled kernel of a planar, constant-thrust burn steered along the velocity (private;
use :mod:`okaeri.core.lunar_burns`).

The specific orbital energy is the independent variable. With the thrust along
:math:`s\,\hat{\mathbf v}` (:math:`s = +1` prograde, :math:`-1` retrograde) the energy
changes at :math:`\dot\varepsilon = s T v / m`, which never vanishes, so every quantity
can be integrated against :math:`\varepsilon` from one energy to another, and the burn
ends *exactly* at the target energy (no event to locate):

.. math::

    \frac{d}{d\varepsilon}(\mathbf r, \mathbf v, t, \theta)
        = \frac{m}{s T v}\left(\mathbf v,\;
          -\frac{\mu}{r^3}\mathbf r + \frac{s T}{m}\hat{\mathbf v},\; 1,\;
          \frac{(\mathbf r \times \mathbf v)_z}{r^2}\right),
    \qquad m = m_{ref} - \dot m\, t

with :math:`\theta` the polar angle swept. The integrator is the classical fourth-order
Runge-Kutta method with a fixed number of equal energy steps: the solution is then a
smooth function of the inputs (no step-size control to switch), which the outer root
finders of :mod:`okaeri.core.lunar_burns` rely on, and its accuracy is shown by halving
the step (the tests check the fourth-order convergence). Integrating backwards in time
is the same call with the energies in the other order: :math:`t` then decreases.

Equal energy steps are only as good as the guess of how many the burn needs: with a
thrust far too low, one energy step lasts several revolutions, and the integration runs
through them unresolved to a finite, wrong end state. Each step is therefore checked
before it is taken: its duration times the largest angular rate there, :math:`v/r`,
bounds the arc it sweeps, and a step whose bound exceeds ``max_step_arc`` stops the
integration with :data:`COARSE_STEP` (the caller takes more steps, or refuses the burn).

State vector (SI): x, y (m), vx, vy (m/s), t (s, 0 at the start energy), theta (rad).
"""

from __future__ import annotations

import math

import numpy as np

from okaeri.core._jit import njit

OK, MASS_EXHAUSTED, ARC_EXCEEDED, NOT_FINITE, COARSE_STEP = 0, 1, 2, 3, 4
"""Status codes returned in the last slot of :func:`tangential_burn`'s result."""

NY = 6


@njit(cache=True)
def _derivatives(
    y: np.ndarray, mu: float, thrust: float, mass_ref: float, mass_flow: float,
    out: np.ndarray,
) -> float:
    """Fill ``out`` with d(state)/d(energy); return the mass (kg) at this state."""
    x, yy, vx, vy, t = y[0], y[1], y[2], y[3], y[4]
    r2 = x * x + yy * yy
    r = math.sqrt(r2)
    v = math.sqrt(vx * vx + vy * vy)
    mass: float = mass_ref - mass_flow * t
    dt_de = mass / (thrust * v)
    acceleration = thrust / (mass * v)
    gravity = -mu / (r2 * r)
    out[0] = vx * dt_de
    out[1] = vy * dt_de
    out[2] = (gravity * x + acceleration * vx) * dt_de
    out[3] = (gravity * yy + acceleration * vy) * dt_de
    out[4] = dt_de
    out[5] = (x * vy - yy * vx) / r2 * dt_de
    return mass


@njit(cache=True)
def tangential_burn(
    x: float, y: float, vx: float, vy: float,
    mu: float, thrust: float, mass_ref: float, mass_flow: float,
    energy_from: float, energy_to: float, steps: int, max_arc: float, max_step_arc: float,
) -> np.ndarray:
    """Integrate a tangential burn from ``energy_from`` to ``energy_to`` (J/kg).

    ``thrust`` is signed (N; > 0 along the velocity, < 0 against it), ``mass_ref`` the
    mass (kg) at the start (t = 0), ``mass_flow`` (kg/s) > 0. Returns
    ``[x, y, vx, vy, t, theta, status]`` at ``energy_to`` (or where it stopped):
    status :data:`OK`, :data:`MASS_EXHAUSTED` (the mass reached zero),
    :data:`ARC_EXCEEDED` (|theta| above ``max_arc``), :data:`NOT_FINITE`, or
    :data:`COARSE_STEP` (a step would sweep more than ``max_step_arc``, rad).
    """
    state = np.array([x, y, vx, vy, 0.0, 0.0])
    result = np.zeros(NY + 1)
    k1 = np.empty(NY)
    k2 = np.empty(NY)
    k3 = np.empty(NY)
    k4 = np.empty(NY)
    trial = np.empty(NY)
    h = (energy_to - energy_from) / steps
    status = OK
    for _ in range(steps):
        if _derivatives(state, mu, thrust, mass_ref, mass_flow, k1) <= 0.0:
            status = MASS_EXHAUSTED
            break
        speed = math.sqrt(state[2] * state[2] + state[3] * state[3])
        radius = math.sqrt(state[0] * state[0] + state[1] * state[1])
        if abs(h * k1[4]) * speed / radius > max_step_arc:
            status = COARSE_STEP
            break
        for i in range(NY):
            trial[i] = state[i] + 0.5 * h * k1[i]
        mass_mid = _derivatives(trial, mu, thrust, mass_ref, mass_flow, k2)
        for i in range(NY):
            trial[i] = state[i] + 0.5 * h * k2[i]
        _derivatives(trial, mu, thrust, mass_ref, mass_flow, k3)
        for i in range(NY):
            trial[i] = state[i] + h * k3[i]
        mass_end = _derivatives(trial, mu, thrust, mass_ref, mass_flow, k4)
        if mass_mid <= 0.0 or mass_end <= 0.0:
            status = MASS_EXHAUSTED
            break
        for i in range(NY):
            state[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])
        if not np.all(np.isfinite(state)):
            status = NOT_FINITE
            break
        if abs(state[5]) > max_arc:
            status = ARC_EXCEEDED
            break
    for i in range(NY):  # a loop, not a slice: no shape check to compile (1.6 s)
        result[i] = state[i]
    result[NY] = status
    return result
