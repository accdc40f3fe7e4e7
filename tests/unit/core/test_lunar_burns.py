"""Finite burns at the Moon: the impulsive limit (Robbins's second order), agreement with
an independent integration (scipy, polar coordinates, forward in time, an energy event),
convergence in the step, the split capture's identities, and the LSR-1 figures."""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from okaeri.core import lunar_burns
from okaeri.core.constants import G0, MOON_SOI_RADIUS, MU_MOON, R_EARTH, R_MOON
from okaeri.core.patched_conics import earth_moon_legs, lunar_orbit_insertion

LLO = R_MOON + 100e3
ISP = 320.0


def lsr1_v_inf() -> tuple[float, float]:
    """Arrival and departure excess speeds of the reference mission's patched conics
    (GTO 185 x 35,786 km, 100 km lunar orbit, 120 km entry interface, -15 km vacuum
    perigee)."""
    legs = earth_moon_legs(R_EARTH + 185e3, R_EARTH + 35_786e3, LLO, R_EARTH + 120e3,
                           R_EARTH - 15e3)
    return legs.arrival_v_inf, legs.departure_v_inf


V_ARRIVAL, V_DEPARTURE = lsr1_v_inf()


# ---------------------------------------------------------------------------------------
# Independent integration: polar coordinates, forward in time, scipy's DOP853, an event
# ---------------------------------------------------------------------------------------


def polar_burn(
    r_periapsis: float, energy_start: float, true_anomaly: float, mass: float,
    thrust: float, sign: float, energy_end: float,
) -> tuple[float, float, float, float]:
    """Integrate a tangential burn forward in time from the conic of periapsis
    ``r_periapsis`` and energy ``energy_start`` at ``true_anomaly`` until the energy is
    ``energy_end``. Returns (final mass, burn time, periapsis radius, eccentricity) of
    the orbit at cut-off."""
    ecc = 1.0 + 2.0 * energy_start * r_periapsis / MU_MOON
    p = r_periapsis * (1.0 + ecc)
    radius = p / (1.0 + ecc * math.cos(true_anomaly))
    speed_scale = math.sqrt(MU_MOON / p)
    y0 = [radius, true_anomaly, speed_scale * ecc * math.sin(true_anomaly),
          speed_scale * (1.0 + ecc * math.cos(true_anomaly)), mass]
    mass_flow = thrust / (G0 * ISP)

    def rhs(_t: float, y: np.ndarray) -> list[float]:
        r, _theta, vr, vt, m = y
        along = sign * thrust / m / math.hypot(vr, vt)
        return [vr, vt / r, vt * vt / r - MU_MOON / r**2 + along * vr,
                -vr * vt / r + along * vt, -mass_flow]

    def energy_reached(_t: float, y: np.ndarray) -> float:
        return 0.5 * (y[2] ** 2 + y[3] ** 2) - MU_MOON / y[0] - energy_end

    energy_reached.terminal = True  # type: ignore[attr-defined]
    solution = solve_ivp(rhs, (0.0, 1e5), y0, method="DOP853", rtol=1e-12, atol=1e-9,
                         events=energy_reached)
    assert solution.status == 1
    r, _theta, _vr, vt, m = solution.y_events[0][0]
    h = r * vt
    ecc_end = math.sqrt(max(1.0 + 2.0 * energy_end * h * h / MU_MOON**2, 0.0))
    return float(m), float(solution.t_events[0][0]), h * h / MU_MOON / (1.0 + ecc_end), ecc_end


def energy_of(r_periapsis: float, r_apoapsis: float) -> float:
    return -MU_MOON / (r_periapsis + r_apoapsis)


def test_capture_agrees_with_an_independent_polar_integration() -> None:
    """Oracle: a forward integration written here (polar coordinates, time as the
    variable, scipy's DOP853 at rtol 1e-12, an energy event) from the returned ignition
    state on the arrival hyperbola. It must end on the circular orbit with the same mass:
    the loss agrees to 0.1 % (the brief's bar; the achieved agreement is ~1e-8)."""
    burn = lunar_burns.finite_capture_burn(V_ARRIVAL, LLO, LLO, 500.0, ISP, 1200.0)
    final_mass, burn_time, r_periapsis, ecc = polar_burn(
        burn.ignition_periapsis_radius, 0.5 * V_ARRIVAL**2, burn.ignition_true_anomaly,
        1200.0, 500.0, -1.0, energy_of(LLO, LLO),
    )
    loss = G0 * ISP * math.log(1200.0 / final_mass) - burn.impulsive_delta_v
    assert loss == pytest.approx(burn.gravity_loss, rel=1e-3)
    assert loss == pytest.approx(burn.gravity_loss, rel=1e-6)  # what is achieved
    assert burn_time == pytest.approx(burn.burn_time, rel=1e-6)
    assert ecc < 1e-6 and r_periapsis == pytest.approx(LLO, abs=5.0)  # on the target


def test_capture_into_an_ellipse_agrees_with_an_independent_integration() -> None:
    """Same oracle for a capture into a 100 x 5,000 km ellipse: the cut-off orbit has the
    target's apsides (periapsis within 5 m), the loss agrees to 0.1 %."""
    apoapsis = R_MOON + 5000e3
    burn = lunar_burns.finite_capture_burn(V_ARRIVAL, LLO, apoapsis, 500.0, ISP, 1200.0)
    final_mass, _time, r_periapsis, _ecc = polar_burn(
        burn.ignition_periapsis_radius, 0.5 * V_ARRIVAL**2, burn.ignition_true_anomaly,
        1200.0, 500.0, -1.0, energy_of(LLO, apoapsis),
    )
    loss = G0 * ISP * math.log(1200.0 / final_mass) - burn.impulsive_delta_v
    assert loss == pytest.approx(burn.gravity_loss, rel=1e-3)
    assert r_periapsis == pytest.approx(LLO, abs=5.0)
    # the burn is centred on the target's periapsis: it cuts off half its arc past it
    assert burn.cutoff_true_anomaly == pytest.approx(0.5 * burn.burn_arc, rel=1e-9)


def test_departure_agrees_with_an_independent_polar_integration() -> None:
    """Oracle: the same forward integration from the circular orbit, thrust along the
    velocity, to the energy v_inf^2/2: loss and burn time agree to 0.1 %."""
    burn = lunar_burns.finite_departure_burn(V_DEPARTURE, LLO, 500.0, ISP, 900.0)
    final_mass, burn_time, r_periapsis, _ecc = polar_burn(
        LLO, energy_of(LLO, LLO), 0.0, 900.0, 500.0, 1.0, 0.5 * V_DEPARTURE**2
    )
    loss = G0 * ISP * math.log(900.0 / final_mass) - burn.impulsive_delta_v
    assert loss == pytest.approx(burn.gravity_loss, rel=1e-3)
    assert burn_time == pytest.approx(burn.burn_time, rel=1e-6)
    assert r_periapsis == pytest.approx(burn.cutoff_periapsis_radius, rel=1e-6)


def test_split_capture_agrees_with_an_independent_integration_burn_by_burn() -> None:
    """Oracle: each burn of a 3-burn capture integrated forward on its own from its
    ignition state, with the mass the previous one left; each cuts off on the orbit the
    next one starts from, the last on the circular orbit; the total loss agrees to 0.1 %."""
    split = lunar_burns.split_capture_burn(V_ARRIVAL, LLO, 500.0, ISP, 1200.0, 3)
    energies = [0.5 * V_ARRIVAL**2] + [energy_of(LLO, r) for r in split.apoapsis_radii]
    mass = 1200.0
    for k, burn in enumerate(split.burns):
        assert burn.initial_mass == pytest.approx(mass, rel=1e-9)
        mass, _time, r_periapsis, ecc = polar_burn(
            burn.ignition_periapsis_radius, energies[k], burn.ignition_true_anomaly, mass,
            500.0, -1.0, energies[k + 1],
        )
        if k + 1 < len(split.burns):
            assert r_periapsis == pytest.approx(
                split.burns[k + 1].ignition_periapsis_radius, abs=5.0)
    assert r_periapsis == pytest.approx(LLO, abs=5.0) and ecc < 1e-6
    loss = G0 * ISP * math.log(1200.0 / mass) - split.impulsive_delta_v
    assert loss == pytest.approx(split.gravity_loss, rel=1e-3)


# ---------------------------------------------------------------------------------------
# The impulsive limit and convergence
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "loss",
    [
        lambda thrust: lunar_burns.finite_capture_burn(
            V_ARRIVAL, LLO, LLO, thrust, ISP, 1200.0).gravity_loss,
        lambda thrust: lunar_burns.finite_departure_burn(
            V_DEPARTURE, LLO, thrust, ISP, 900.0).gravity_loss,
        lambda thrust: lunar_burns.split_capture_burn(
            V_ARRIVAL, LLO, thrust, ISP, 1200.0, 2).gravity_loss,
    ],
    ids=["capture", "departure", "split-capture"],
)
def test_loss_vanishes_at_second_order_in_the_impulsive_limit(
    loss: Callable[[float], float],
) -> None:
    """Robbins (AIAA J. 4(8), 1966): the loss of a burn centred on the impulse point grows
    with the square of its arc, so it falls as 1/thrust^2. The observed order
    log2(loss(T)/loss(2T)) tends to 2 (1.95 from 1 to 2 kN, 2.000 at 32 to 64 kN)."""
    thrusts = [2000.0, 4000.0, 8000.0, 16_000.0, 32_000.0]
    losses = [loss(thrust) for thrust in thrusts]
    orders = [math.log2(a / b) for a, b in pairwise(losses)]
    assert all(1.95 < order < 2.05 for order in orders)
    assert abs(orders[-1] - 2.0) < abs(orders[0] - 2.0)  # converging to the order
    assert losses[-1] < 0.02  # m/s: the impulsive limit


def test_loss_is_converged_at_fourth_order_in_the_step() -> None:
    """The RK4 kernel: halving the step angle divides the error by about 16; at the
    default step (0.5 deg) the capture loss is converged to 1e-6 m/s."""
    def loss(step: float) -> float:
        return lunar_burns.finite_capture_burn(
            V_ARRIVAL, LLO, R_MOON + 5000e3, 500.0, ISP, 1200.0, step_angle=math.radians(step)
        ).gravity_loss

    reference = loss(0.0625)
    errors = [abs(loss(step) - reference) for step in (4.0, 2.0, 1.0)]
    assert errors[0] / errors[1] == pytest.approx(16.0, rel=0.25)
    assert errors[1] / errors[2] == pytest.approx(16.0, rel=0.25)
    assert abs(loss(0.5) - reference) < 1e-6


# ---------------------------------------------------------------------------------------
# Identities of the split capture
# ---------------------------------------------------------------------------------------


def test_split_capture_burns_add_up_to_the_impulsive_capture() -> None:
    """Periapsis burns at one radius: the periapsis speeds telescope, so the impulsive
    delta-v of the steps add up to the single burn's (Curtis ch. 8, capture at periapsis);
    every step has the same impulsive delta-v; the loss falls with the number of burns."""
    single = lunar_orbit_insertion(V_ARRIVAL, LLO)
    losses = []
    for burns in (1, 2, 3):
        split = lunar_burns.split_capture_burn(V_ARRIVAL, LLO, 500.0, ISP, 1200.0, burns)
        assert split.impulsive_delta_v == pytest.approx(single, rel=1e-12)
        for burn in split.burns:
            assert burn.impulsive_delta_v == pytest.approx(single / burns, rel=1e-12)
        assert split.propellant_mass == pytest.approx(
            1200.0 * -math.expm1(-split.finite_delta_v / (G0 * ISP)), rel=1e-9)
        losses.append(split.gravity_loss)
    assert losses[0] > losses[1] > losses[2] > 0.0


def test_split_capture_with_one_burn_is_the_single_capture() -> None:
    single = lunar_burns.finite_capture_burn(V_ARRIVAL, LLO, LLO, 500.0, ISP, 1200.0)
    split = lunar_burns.split_capture_burn(V_ARRIVAL, LLO, 500.0, ISP, 1200.0, 1)
    assert split.burns == (single,)
    assert split.gravity_loss == single.gravity_loss


def test_equal_delta_v_apoapsis_steps_follow_vis_viva() -> None:
    """Each planned orbit (periapsis r, apoapsis r_a,k) has the periapsis speed
    sqrt(2 mu r_a / (r (r + r_a))) (vis-viva), falling in equal steps to circular."""
    radii = lunar_burns.split_capture_apoapsis_radii(V_ARRIVAL, LLO, 3)
    v0 = math.sqrt(V_ARRIVAL**2 + 2.0 * MU_MOON / LLO)
    vc = math.sqrt(MU_MOON / LLO)
    for k, apoapsis in enumerate(radii, start=1):
        speed = math.sqrt(2.0 * MU_MOON * apoapsis / (LLO * (LLO + apoapsis)))
        assert speed == pytest.approx(v0 - k / 3 * (v0 - vc), rel=1e-12)
    assert radii[-1] == LLO


def test_split_capture_takes_given_apoapsis_radii() -> None:
    split = lunar_burns.split_capture_burn(
        V_ARRIVAL, LLO, 500.0, ISP, 1200.0, 2, apoapsis_radii=[R_MOON + 3000e3])
    assert split.apoapsis_radii == (R_MOON + 3000e3, LLO)
    assert split.burns[0].impulsive_delta_v > split.burns[1].impulsive_delta_v


# ---------------------------------------------------------------------------------------
# LSR-1 sanity figures
# ---------------------------------------------------------------------------------------


def test_lsr1_capture_is_the_size_the_issue_quotes() -> None:
    """Sanity check against issue 12's independent estimate for LSR-1 (500 N, Isp 320 s,
    1,100 to 1,300 kg at LOI, 100 km orbit): about 298 kg in 31 min over about 95 deg, and
    about 51 m/s of loss with a different aim and an impulsive trim. The targeted burn
    here loses less (36 to 49 m/s): the bounds are the issue's figures +-20 %, not a
    published oracle."""
    for mass in (1100.0, 1200.0, 1300.0):
        burn = lunar_burns.finite_capture_burn(V_ARRIVAL, LLO, LLO, 500.0, ISP, mass)
        assert 0.8 * 31 * 60 < burn.burn_time < 1.2 * 31 * 60
        assert 0.8 * 298 < burn.propellant_mass < 1.2 * 298
        assert math.radians(0.8 * 95) < burn.burn_arc < math.radians(1.2 * 95)
        assert 30.0 < burn.gravity_loss < 1.2 * 51
        assert LLO < burn.ignition_periapsis_radius < LLO + 200e3


def test_lsr1_departure_is_the_size_the_issue_quotes() -> None:
    """Issue 12 quotes about 25 m/s for TEI; the OTV leaves lunar orbit at about 850 to
    950 kg (1,200 kg less the LOI propellant, plus the canister): 24 to 28 m/s here."""
    for mass in (850.0, 900.0, 950.0):
        burn = lunar_burns.finite_departure_burn(V_DEPARTURE, LLO, 500.0, ISP, mass)
        assert 0.8 * 25 < burn.gravity_loss < 1.2 * 25
        assert burn.cutoff_periapsis_radius > LLO


# ---------------------------------------------------------------------------------------
# Caps and bad input
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: lunar_burns.finite_capture_burn(V_ARRIVAL, LLO, LLO, 1e-4, ISP, 1200.0),
        lambda: lunar_burns.finite_capture_burn(V_ARRIVAL, LLO, LLO, 20.0, ISP, 1200.0),
        lambda: lunar_burns.finite_departure_burn(V_DEPARTURE, LLO, 1e-4, ISP, 900.0),
        lambda: lunar_burns.split_capture_burn(V_ARRIVAL, LLO, 1e-4, ISP, 1200.0, 3),
    ],
    ids=["capture-1e-4N", "capture-20N", "departure-1e-4N", "split-1e-4N"],
)
def test_thrust_too_low_raises_instead_of_hanging(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="thrust too low"):
        call()


@pytest.mark.parametrize("thrust", [0.1, 1.0, 50.0])
def test_a_burn_of_many_revolutions_per_energy_step_is_refused(thrust: float) -> None:
    """With 0.1 N the departure used to integrate a burn of about 600 revolutions in 720
    energy steps, each lasting hours, to a finite but wrong end: a gravity loss of
    -359 m/s. Each step's sweep is now bounded before it is taken."""
    with pytest.raises(ValueError, match="thrust too low"):
        lunar_burns.finite_departure_burn(800.0, R_MOON + 100e3, thrust, 320.0, 1000.0)


def test_too_few_steps_are_refined_to_the_same_burn() -> None:
    # Two energy steps for a burn of about 1.4 rad: the kernel stops at the first step's
    # sweep bound, and the integration is redone with more steps until none exceeds it.
    from okaeri.core.tangential_burn import Engine, integrate_burn

    engine = Engine(MU_MOON, 500.0, G0 * ISP, math.radians(0.5))
    circular = math.sqrt(MU_MOON / LLO)
    args = (engine, (LLO, 0.0, 0.0, circular), 900.0, 1.0, -0.5 * MU_MOON / LLO,
            0.5 * V_DEPARTURE**2)
    refined = integrate_burn(*args, 2)
    planned = integrate_burn(*args, 400)
    assert refined[1] == pytest.approx(planned[1], rel=1e-9)
    assert refined[2] == pytest.approx(planned[2], rel=1e-9)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: lunar_burns.finite_capture_burn(-1.0, LLO, LLO, 500.0, ISP, 1.0),
         "v_inf must be a finite number >= 0 m/s"),
        (lambda: lunar_burns.finite_capture_burn(800.0, LLO, LLO - 1.0, 500.0, ISP, 1.0),
         r"r_apoapsis must lie in \[r_periapsis"),
        (lambda: lunar_burns.finite_capture_burn(800.0, LLO, MOON_SOI_RADIUS, 500.0, ISP, 1.0),
         r"r_apoapsis must lie in \[r_periapsis"),
        (lambda: lunar_burns.finite_capture_burn(800.0, LLO, LLO, 0.0, ISP, 1.0),
         "thrust must be a finite number > 0 N"),
        (lambda: lunar_burns.finite_departure_burn(800.0, LLO, 500.0, ISP, math.nan),
         "initial_mass must be a finite number > 0 kg"),
        (lambda: lunar_burns.finite_departure_burn(800.0, LLO, 500.0, ISP, 1.0,
                                                   step_angle=0.5),
         r"step_angle must lie in \(0, 0.0873\] rad"),
        (lambda: lunar_burns.split_capture_burn(800.0, LLO, 500.0, ISP, 1.0, 0),
         "burns must be a whole number >= 1"),
        (lambda: lunar_burns.split_capture_burn(800.0, LLO, 500.0, ISP, 1.0, 9),
         "does not capture: .* use fewer burns"),
        (lambda: lunar_burns.split_capture_burn(800.0, LLO, 500.0, ISP, 1.0, 5),
         "outside the sphere of influence .* use fewer burns"),
        (lambda: lunar_burns.split_capture_burn(800.0, LLO, 500.0, ISP, 1.0, 3,
                                                apoapsis_radii=[LLO + 1e6, LLO + 2e6]),
         "apoapsis_radii must hold burns - 1 = 2 decreasing radii"),
    ],
)
def test_invalid_inputs_raise_value_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
