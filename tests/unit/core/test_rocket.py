"""Rocket equation (exact identities) and the finite-burn gravity loss (convergence and
Robbins's quadratic law)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okaeri.core import rocket
from okaeri.core.constants import G0, MOON_SEMI_MAJOR_AXIS, MU_EARTH, R_EARTH

GTO_PERIGEE = R_EARTH + 185e3
GTO_APOGEE = R_EARTH + 35_786e3


def test_halving_the_mass_gives_g0_isp_ln2() -> None:
    # Tsiolkovsky (Curtis 3rd ed. eq. 6.1): m0/mf = 2 gives g0 Isp ln 2.
    assert rocket.delta_v(300.0, 2000.0, 1000.0) == pytest.approx(G0 * 300.0 * math.log(2.0))
    assert rocket.mass_ratio(G0 * 300.0 * math.log(2.0), 300.0) == pytest.approx(2.0)
    assert rocket.propellant_mass(G0 * 300.0 * math.log(2.0), 300.0, initial_mass=2000.0) == (
        pytest.approx(1000.0)
    )
    assert rocket.propellant_mass(G0 * 300.0 * math.log(2.0), 300.0, final_mass=1000.0) == (
        pytest.approx(1000.0)
    )


def test_reference_mission_tli_propellant() -> None:
    # OTV at the 1,600 kg rideshare limit, Isp 320 s, 680 m/s:
    # m_p = 1600 (1 - exp(-680 / (9.80665 * 320))) = 311.71 kg (hand calculation).
    assert rocket.propellant_mass(680.0, 320.0, initial_mass=1600.0) == pytest.approx(
        311.71, abs=0.01
    )


@settings(max_examples=100, deadline=None)
@given(
    delta_v=st.floats(min_value=0.0, max_value=10_000.0),
    isp=st.floats(min_value=200.0, max_value=5000.0),  # mass ratios up to ~160
    initial_mass=st.floats(min_value=1.0, max_value=1e6),
)
def test_rocket_equation_round_trips(delta_v: float, isp: float, initial_mass: float) -> None:
    propellant = rocket.propellant_mass(delta_v, isp, initial_mass=initial_mass)
    final_mass = initial_mass - propellant
    assert rocket.propellant_mass(delta_v, isp, final_mass=final_mass) == pytest.approx(
        propellant, rel=1e-9, abs=1e-9 * initial_mass
    )
    if propellant < initial_mass:
        assert rocket.delta_v_from_propellant(isp, initial_mass, propellant) == pytest.approx(
            delta_v, rel=1e-9, abs=1e-6
        )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: rocket.propellant_mass(100.0, 300.0), "give exactly one of initial_mass"),
        (lambda: rocket.propellant_mass(100.0, 300.0, initial_mass=1.0, final_mass=1.0),
         "give exactly one of initial_mass"),
        (lambda: rocket.propellant_mass(-1.0, 300.0, initial_mass=1.0),
         "delta_v must be a finite number >= 0 m/s, got -1.0"),
        (lambda: rocket.delta_v(0.0, 2.0, 1.0), "isp must be a finite number > 0 s, got 0.0"),
        (lambda: rocket.delta_v(300.0, 1.0, 2.0), "final_mass must be <= initial_mass"),
        (lambda: rocket.delta_v_from_propellant(300.0, 10.0, 10.0),
         r"propellant_mass must lie in \[0, initial_mass"),
    ],
)
def test_invalid_rocket_inputs_raise_value_error(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()


# ---------------------------------------------------------------------------------------
# Finite perigee burn
# ---------------------------------------------------------------------------------------


def tli_burn(thrust: float, step_angle: float = rocket.DEFAULT_STEP_ANGLE
             ) -> rocket.FiniteBurn:
    return rocket.finite_perigee_burn(
        MU_EARTH, GTO_PERIGEE, GTO_APOGEE, MOON_SEMI_MAJOR_AXIS, thrust, 320.0, 1600.0,
        step_angle=step_angle,
    )


def test_finite_burn_loss_is_converged_at_the_default_step() -> None:
    # Accuracy shown by convergence: 0.5 deg and 0.125 deg steps agree to 1e-4 m/s, and
    # the difference falls about 16-fold per halving (fourth-order Runge-Kutta).
    coarse, default, fine, finest = (tli_burn(2000.0, math.radians(a)).gravity_loss
                                     for a in (1.0, 0.5, 0.25, 0.125))
    assert default == pytest.approx(finest, abs=1e-4)
    assert abs(coarse - default) / abs(default - fine) == pytest.approx(16.0, rel=0.25)


def _time_integrated_burn(thrust: float) -> tuple[float, float]:
    """Loss (m/s) and burn time (s) of the same burn integrated independently: against
    time, by scipy's DOP853 at rtol 1e-12, the cut-off located as an event."""
    from scipy.integrate import solve_ivp

    from okaeri.core.orbits import kepler_propagate, periapsis_speed, perigee_burn

    isp, mass = 320.0, 1600.0
    exhaust_speed = G0 * isp
    mass_flow = thrust / exhaust_speed
    impulsive = perigee_burn(MU_EARTH, GTO_PERIGEE, GTO_APOGEE, MOON_SEMI_MAJOR_AXIS)
    burn_time = mass * (1.0 - math.exp(-impulsive / exhaust_speed)) / mass_flow
    speed = periapsis_speed(MU_EARTH, GTO_PERIGEE, GTO_APOGEE)
    r0, v0 = kepler_propagate(MU_EARTH, [GTO_PERIGEE, 0.0, 0.0], [0.0, speed, 0.0],
                              -0.5 * burn_time)
    target = -MU_EARTH / (GTO_PERIGEE + MOON_SEMI_MAJOR_AXIS)

    def rhs(_t: float, y: list[float]) -> list[float]:
        x, yy, vx, vy, m = y
        r3 = (x * x + yy * yy) ** 1.5
        a = thrust / m / math.hypot(vx, vy)
        return [vx, vy, -MU_EARTH * x / r3 + a * vx, -MU_EARTH * yy / r3 + a * vy, -mass_flow]

    def cut_off(_t: float, y: list[float]) -> float:
        return 0.5 * (y[2] ** 2 + y[3] ** 2) - MU_EARTH / math.hypot(y[0], y[1]) - target

    cut_off.terminal = True  # type: ignore[attr-defined]
    solution = solve_ivp(rhs, (0.0, 3.0 * burn_time), [r0[0], r0[1], v0[0], v0[1], mass],
                         method="DOP853", rtol=1e-12, atol=1e-6, events=cut_off)
    final_mass = solution.y_events[0][0][4]
    return exhaust_speed * math.log(mass / final_mass) - impulsive, solution.t_events[0][0]


@pytest.mark.parametrize("thrust", [500.0, 2000.0, 8000.0])
def test_finite_burn_agrees_with_an_independent_time_integration(thrust: float) -> None:
    loss, burn_time = _time_integrated_burn(thrust)
    burn = tli_burn(thrust)
    assert burn.gravity_loss == pytest.approx(loss, abs=1e-4)
    assert burn.burn_time == pytest.approx(burn_time, rel=1e-8)


def test_finite_burn_loss_follows_robbins_quadratic_law() -> None:
    """Robbins (AIAA J. 4(8), 1966): for short burns centred on the impulse point the loss
    grows with the square of the burn arc, so halving the thrust quadruples it. Checked
    to 5 % where the arc is below about 25 deg."""
    losses = [tli_burn(thrust).gravity_loss for thrust in (4000.0, 8000.0, 16_000.0)]
    assert losses[0] / losses[1] == pytest.approx(4.0, rel=0.05)
    assert losses[1] / losses[2] == pytest.approx(4.0, rel=0.05)
    assert tli_burn(128_000.0).gravity_loss < 0.01  # the impulsive limit


def test_finite_burn_spends_the_propellant_of_its_delta_v() -> None:
    burn = tli_burn(2000.0)
    assert burn.finite_delta_v > burn.impulsive_delta_v
    assert burn.propellant_mass == pytest.approx(
        rocket.propellant_mass(burn.finite_delta_v, 320.0, initial_mass=1600.0), rel=1e-9
    )
    mass_flow = 2000.0 / (G0 * 320.0)
    assert burn.burn_time == pytest.approx(burn.propellant_mass / mass_flow, rel=1e-9)
    assert 0.0 < burn.burn_arc < math.pi


def test_finite_burn_that_cannot_reach_the_target_raises() -> None:
    with pytest.raises(ValueError, match="does not reach the target energy"):
        rocket.finite_perigee_burn(
            MU_EARTH, GTO_PERIGEE, GTO_APOGEE, MOON_SEMI_MAJOR_AXIS, 500.0, 1.0, 1600.0
        )
    with pytest.raises(ValueError, match="r_apogee_target must be > r_apogee"):
        rocket.finite_perigee_burn(MU_EARTH, GTO_PERIGEE, GTO_APOGEE, GTO_APOGEE, 500.0, 320.0, 1.0)


def test_finite_burn_with_a_very_low_thrust_stops_at_apogee() -> None:
    """A user's hang: 1e-4 N gives an impulsive burn time of about 3e10 s, which the
    integration used to follow for thousands of revolutions. A burn still under way at
    apogee is not a perigee burn: the integration stops there, within one revolution."""
    for thrust in (1e-4, 1.0):
        with pytest.raises(ValueError, match="before apogee: thrust too low"):
            rocket.finite_perigee_burn(
                MU_EARTH, GTO_PERIGEE, GTO_APOGEE, MOON_SEMI_MAJOR_AXIS, thrust, 320.0, 1600.0
            )


def test_split_perigee_burn_single_equals_finite_perigee_burn() -> None:
    from okaeri.core.rocket import finite_perigee_burn, split_perigee_burn

    args = (MU_EARTH, R_EARTH + 185e3, R_EARTH + 35786e3, 384400e3, 500.0, 320.0, 1600.0)
    assert split_perigee_burn(*args, 1) == finite_perigee_burn(*args)


def test_split_perigee_burns_add_up_to_the_impulsive_burn() -> None:
    # Perigee burns at one perigee: the perigee speeds telescope, so the impulsive
    # delta-v of n burns equals the single burn's (Curtis ch. 6, vis-viva at perigee).
    from okaeri.core.rocket import split_perigee_burn

    args = (MU_EARTH, R_EARTH + 185e3, R_EARTH + 35786e3, 384400e3, 500.0, 320.0, 1600.0)
    single = split_perigee_burn(*args, 1)
    losses = []
    for n in (2, 3, 4):
        split = split_perigee_burn(*args, n)
        assert split.impulsive_delta_v == pytest.approx(single.impulsive_delta_v, rel=1e-12)
        # the propellant is the rocket equation of the total finite delta-v
        assert split.finite_delta_v == pytest.approx(
            G0 * 320.0 * math.log(1600.0 / (1600.0 - split.propellant_mass)), rel=1e-9)
        losses.append(split.gravity_loss)
    assert single.gravity_loss > losses[0] > losses[1] > losses[2] > 0.0


def test_split_perigee_burn_needs_a_burn() -> None:
    from okaeri.core.rocket import split_perigee_burn

    with pytest.raises(ValueError, match="burns must be a whole number >= 1"):
        split_perigee_burn(MU_EARTH, 6.6e6, 4.2e7, 3.8e8, 500.0, 320.0, 1600.0, 0)
