"""Entry with a Mach-dependent drag coefficient, density perturbations, deployment sensors
and the parachute descent to the ground.

Oracles, each named in its test:

* An independent planar Cartesian integration (scipy DOP853) of the entry with C_D(M) and
  a perturbed density profile.
* The closed-form vertical fall with quadratic drag in air of constant density:
  z(t) = z0 - (V_t^2 / g) ln(cosh(g t / V_t) + (U0 / V_t) sinh(g t / V_t)), U0 <= V_t
  (e.g. F. M. White, *Fluid Mechanics*, the falling-body problem; derived from
  dU/dt = g - g U^2 / V_t^2).
* An independent integration (scipy DOP853) of the descent's point-mass equations with
  drag on the air-relative velocity, through a wind profile, drogue then main.
* Step convergence of the descent.
* The sensor models by their definitions: a g-switch closes where the sensed aerodynamic
  acceleration equals its level; a timer runs for exactly its time.
"""

from __future__ import annotations

import math
from dataclasses import fields, replace

import numpy as np
import pytest

from okaeri.core import _entry_descent as descent
from okaeri.core import _entry_kernel as kernel
from okaeri.core import _entry_layout as layout
from okaeri.core import atmosphere as atm
from okaeri.core import entry as core_entry
from okaeri.core._entry_packing import batch_tables
from okaeri.core.constants import G0, MU_EARTH, R_EARTH
from okaeri.core.entry import EntryOptions, simulate, simulate_batch

CAPSULE = dict(mass=45.8, reference_area=math.pi * 0.8128**2 / 4, drag_coefficient=1.47,
               nose_radius=0.2202)
ENTRY = dict(altitude=125e3, latitude=math.radians(40.0), longitude=math.radians(-123.0),
             speed=12900.0, flight_path_angle=math.radians(-8.21),
             heading=math.radians(100.0), frame="inertial")
MACH = [0.0, 0.6, 0.9, 1.2, 2.0, 5.0, 10.0]
CD = [0.85, 0.95, 1.15, 1.35, 1.45, 1.47, 1.47]
ALT = np.linspace(0.0, 40e3, 161)
WIND_E = 50.0 * np.exp(-0.5 * ((ALT - 11e3) / 3e3) ** 2) + 5.0
WIND_N = -10.0 * np.exp(-0.5 * ((ALT - 8e3) / 4e3) ** 2)
DROGUE, MAIN = 0.5, 35.0  # drag areas (m^2)
DESCENT = EntryOptions(deploy_trigger="timer", descent=True, rotation=False)


def _descent(options: EntryOptions = DESCENT, **change: object) -> core_entry.EntrySummary:
    inputs: dict[str, object] = dict(
        CAPSULE, **ENTRY, options=options, deploy_delay=120.0, drogue_drag_area=DROGUE,
        main_drag_area=MAIN, main_deploy_altitude=3000.0, wind_profile=(ALT, WIND_E, WIND_N))
    inputs.update(change)
    return simulate(**inputs).summary  # type: ignore[arg-type]


# --- neutral extensions ---------------------------------------------------------------

def test_neutral_profiles_and_constant_drag_table_change_nothing() -> None:
    options = EntryOptions(deploy_mach=0.8)
    plain = simulate(**CAPSULE, **ENTRY, options=options).summary
    neutral = simulate(**CAPSULE, **ENTRY, options=options,
                       density_profile=(ALT, np.ones_like(ALT)),
                       drag_coefficient_mach=(MACH, [2.0] * len(MACH))).summary
    for f in fields(plain):
        a, b = getattr(plain, f.name), getattr(neutral, f.name)
        if isinstance(a, float) and math.isfinite(a):
            # a factor of exactly 1 is exact; the load factor's peak is refined on its own
            # with a Mach table instead of following the dynamic pressure's
            assert b == pytest.approx(a, rel=1e-9, abs=1e-12), f.name
        else:
            assert a == b or (a != a and b != b), f.name


# --- independent integration of C_D(M) and a density profile ---------------------------

def test_mach_drag_and_density_profile_match_independent_cartesian_integration() -> None:
    """Planar entry over a non-rotating sphere, inverse-square gravity, integrated in
    Cartesian axes by scipy DOP853 with the same US 1976 air, C_D(M) (linear in Mach) and
    density factors (cubic Hermite in altitude)."""
    from scipy.integrate import solve_ivp
    from scipy.interpolate import CubicHermiteSpline

    mass, area, cd_ref = 45.8, math.pi * 0.8128**2 / 4, 1.47
    prof_h = np.array([0.0, 30e3, 50e3, 70e3, 130e3])
    prof_f = np.array([1.0, 1.1, 0.85, 1.2, 1.0])
    h0, v0, gamma0, t_end = 125e3, 12000.0, math.radians(-10.0), 200.0
    options = EntryOptions(rotation=False, max_time=t_end, rtol=1e-11, max_step=2.0,
                           radiative=False)
    s = simulate(mass=mass, reference_area=area, drag_coefficient=cd_ref, nose_radius=0.2,
                 altitude=h0, latitude=0.0, longitude=0.0, speed=v0, flight_path_angle=gamma0,
                 heading=math.pi / 2, frame="relative", options=options,
                 drag_coefficient_mach=(MACH, CD), density_profile=(prof_h, prof_f)).summary
    assert s.end_event == "time_limit"
    ratio = np.array(CD) / CD[-1]
    # the kernel's smooth interpolation of a density profile: cubic Hermite with centred
    # slopes, one-sided at the ends
    slopes = np.gradient(prof_f, prof_h, edge_order=1)
    slopes[1:-1] = (prof_f[2:] - prof_f[:-2]) / (prof_h[2:] - prof_h[:-2])
    profile = CubicHermiteSpline(prof_h, prof_f, slopes)

    def rates(_t: float, y: np.ndarray) -> np.ndarray:
        r, v = y[:2], y[2:]
        rn = float(np.linalg.norm(r))
        air = atm.us1976(rn - R_EARTH)
        rho = air.density * profile(np.clip(rn - R_EARTH, prof_h[0], prof_h[-1]))
        speed = float(np.linalg.norm(v))
        cd = cd_ref * np.interp(speed / air.speed_of_sound, MACH, ratio)
        acc = -MU_EARTH / rn**3 * r - 0.5 * rho * speed * cd * area / mass * v
        return np.concatenate([v, acc])

    y0 = [R_EARTH + h0, 0.0, v0 * math.sin(gamma0), v0 * math.cos(gamma0)]
    sol = solve_ivp(rates, (0.0, t_end), y0, method="DOP853", rtol=1e-12, atol=1e-6)
    r_end = (R_EARTH + s.end_altitude) * np.array([math.cos(s.end_longitude),
                                                    math.sin(s.end_longitude)])
    # positions agree to 1 m after 200 s, through the drag pulse and the subsonic regime
    assert np.linalg.norm(sol.y[:2, -1] - r_end) < 1.0
    assert abs(np.linalg.norm(sol.y[2:, -1]) - s.end_speed_relative) < 1e-3
    assert s.end_mach < 0.9  # the table's subsonic part was used


# --- deployment sensors ---------------------------------------------------------------

@pytest.mark.parametrize("edge", ["falling", "rising"])
def test_g_switch_closes_where_the_sensed_acceleration_equals_its_level(edge: str) -> None:
    level = 3.0 * G0
    options = EntryOptions(deploy_trigger="g_switch", g_switch_edge=edge)  # type: ignore[arg-type]
    s = simulate(**CAPSULE, **ENTRY, options=options, drag_coefficient_mach=(MACH, CD),
                 g_switch_level=level).summary
    assert s.end_event == "deploy"
    assert s.g_switch_time == s.deploy_time
    cd = CAPSULE["drag_coefficient"] * np.interp(s.deploy_mach, MACH, np.array(CD) / CD[-1])
    sensed = s.deploy_dynamic_pressure * cd * CAPSULE["reference_area"] / CAPSULE["mass"]
    assert sensed == pytest.approx(level, rel=1e-7)
    if edge == "falling":
        assert s.deploy_time > s.time_at_peak_deceleration
    else:  # still rising: the run ends at the highest acceleration so far
        assert s.peak_deceleration == pytest.approx(level, rel=1e-7)


def test_g_switch_arm_level_ignores_a_dip_before_the_peak() -> None:
    """A density hole at 72 km makes the sensed acceleration exceed 3 g and fall back
    before the peak: a switch armed at its own level closes there; armed at 10 g, after
    the peak."""
    hole = (np.array([0.0, 68e3, 70e3, 72e3, 74e3, 76e3, 130e3]),
            np.array([1.0, 1.0, 1.0, 0.25, 1.0, 1.0, 1.0]))
    options = EntryOptions(deploy_trigger="g_switch")
    early = simulate(**CAPSULE, **ENTRY, options=options, density_profile=hole,
                     g_switch_level=3.0 * G0).summary
    assert early.deploy_altitude > 70e3
    armed = simulate(**CAPSULE, **ENTRY, options=options, density_profile=hole,
                     g_switch_level=3.0 * G0, g_switch_arm_level=10.0 * G0).summary
    assert armed.deploy_time > armed.time_at_peak_deceleration
    assert armed.peak_deceleration_g > 30.0
    with pytest.raises(ValueError, match="at least g_switch_level"):
        simulate(**CAPSULE, **ENTRY, options=options, g_switch_level=3.0 * G0,
                 g_switch_arm_level=2.0 * G0)


def test_g_switch_timer_and_entry_timer_run_exactly_their_time() -> None:
    options = EntryOptions(deploy_trigger="g_switch")
    s = simulate(**CAPSULE, **ENTRY, options=options, g_switch_level=3.0 * G0,
                 deploy_delay=12.5).summary
    assert s.deploy_time - s.g_switch_time == pytest.approx(12.5, abs=1e-9)
    timer = simulate(**CAPSULE, **ENTRY, options=EntryOptions(deploy_trigger="timer"),
                     deploy_delay=137.9).summary
    assert timer.end_event == "deploy"
    assert timer.deploy_time == pytest.approx(137.9, abs=1e-9)
    assert timer.g_switch_time != timer.g_switch_time  # NaN: no switch


def test_timer_beyond_ground_impact_never_deploys() -> None:
    s = simulate(**CAPSULE, **ENTRY, options=EntryOptions(deploy_trigger="timer"),
                 deploy_delay=3000.0).summary
    assert s.end_event == "ground"
    assert math.isnan(s.deploy_time)


# --- descent: analytic fall --------------------------------------------------------------

def test_vertical_fall_matches_closed_form_quadratic_drag_solution() -> None:
    """Constant density (exponential air, 1e12 m scale height), constant gravity (a flat
    planet), a vertical start below terminal speed: z(t) = z0 - (Vt^2/g) ln(cosh(g t/Vt)
    + (U0/Vt) sinh(g t/Vt))."""
    rho, cda_m, z0, u0 = 1.0, 0.5, 5000.0, 5.0
    radius = 1.0e12
    g = G0
    p = np.zeros(layout.NP)
    p[layout.P_RHO_FACTOR] = 1.0
    p[layout.P_ATM] = 1.0
    p[layout.P_RHO0] = rho
    p[layout.P_HSCALE] = 1.0e12
    p[layout.P_RADIUS] = radius
    p[layout.P_MU] = g * (radius + z0 / 2) ** 2
    p[layout.P_DROGUE_CDA_M] = cda_m
    p[layout.P_MAIN_CDA_M] = math.nan
    p[layout.P_MAIN_ALT] = math.nan
    p[layout.P_MAIN_DELAY] = math.nan
    p[layout.P_DESCENT_STEP] = 50.0
    p[layout.P_MAX_STEP] = 1.0
    p[layout.P_MAX_STEPS] = 100_000
    y = np.zeros(layout.NY)
    y[layout.Y_H] = z0
    y[layout.Y_V] = u0
    y[layout.Y_GAMMA] = -math.pi / 2
    summary = np.full(layout.NS, math.nan)
    env = kernel.env_row(batch_tables(1, None, None, None), 0)
    descent.descend(0.0, y, p, env, summary)
    assert summary[layout.S_EVENT] == layout.EVENT_GROUND
    vt = math.sqrt(2.0 * g / (rho * cda_m))
    t = summary[layout.S_LAND_T]
    x, a = g * t / vt, u0 / vt  # ln(cosh x + a sinh x), written not to overflow
    fallen = vt * vt / g * (x + math.log((1 + a) / 2 + (1 - a) / 2 * math.exp(-2 * x)))
    # gravity varies by 2 z0 / R ~ 1e-8 over the fall; the integrator is second order
    assert fallen == pytest.approx(z0, rel=1e-5)
    assert summary[layout.S_LAND_VZ] == pytest.approx(
        vt * math.tanh(g * t / vt + math.atanh(u0 / vt)), rel=1e-5)
    assert summary[layout.S_LAND_LAT] == pytest.approx(0.0, abs=1e-15)


# --- descent: independent integration -----------------------------------------------------

def _full_descent(s: core_entry.EntrySummary) -> tuple[float, float, float]:
    """Landing (latitude, longitude rad, time s) by scipy DOP853: point mass in local
    east-north-up axes, drag on the air-relative velocity, inverse-square gravity,
    latitude and longitude rates v_n / r and v_e / (r cos lat)."""
    from scipy.integrate import solve_ivp

    mass = CAPSULE["mass"]

    def rates(_t: float, y: np.ndarray, cda: float) -> list[float]:
        z, lat = y[2], y[6]
        w = np.array([np.interp(z, ALT, WIND_E), np.interp(z, ALT, WIND_N), 0.0])
        u = y[3:6] - w
        rho = atm.us1976(max(z, 0.0)).density
        r = R_EARTH + z
        acc = -0.5 * rho * float(np.linalg.norm(u)) * cda / mass * u
        acc[2] -= MU_EARTH / r**2
        return [y[3], y[4], y[5], *acc, y[4] / r, y[3] / (r * math.cos(lat))]

    v, gam, psi = s.deploy_speed_relative, s.deploy_flight_path_angle, s.deploy_heading
    y0 = [0.0, 0.0, s.deploy_altitude, v * math.cos(gam) * math.sin(psi),
          v * math.cos(gam) * math.cos(psi), v * math.sin(gam), s.deploy_latitude,
          s.deploy_longitude]

    def at(level: float):  # type: ignore[no-untyped-def]
        def event(_t: float, y: np.ndarray, _c: float) -> float:
            return float(y[2] - level)
        event.terminal = True  # type: ignore[attr-defined]
        return event

    first = solve_ivp(rates, (0.0, 1e4), y0, args=(DROGUE,), events=at(3000.0),
                      method="DOP853", rtol=1e-11, atol=1e-7)
    second = solve_ivp(rates, (first.t[-1], 1e4), first.y[:, -1], args=(MAIN,),
                       events=at(0.0), method="DOP853", rtol=1e-11, atol=1e-7)
    end = second.y[:, -1]
    return float(end[6]), float(end[7]), s.deploy_time + float(second.t[-1])


def test_descent_matches_independent_point_mass_integration_through_the_wind() -> None:
    s = _descent()
    assert s.end_event == "ground"
    assert s.main_deploy_altitude == pytest.approx(3000.0, abs=1e-3)
    lat, lon, t = _full_descent(s)
    miss = core_entry.great_circle_distance(lat, lon, s.landing_latitude, s.landing_longitude)
    assert s.drift > 15e3  # the jet stream carries it far
    assert miss < 40.0  # default step: 0.25 % of the drift
    assert s.landing_time == pytest.approx(t, abs=1.0)
    fine = _descent(replace(DESCENT, descent_step=50.0, max_step=1.0))
    miss_fine = core_entry.great_circle_distance(lat, lon, fine.landing_latitude,
                                                 fine.landing_longitude)
    assert miss_fine < 2.0
    assert fine.landing_time == pytest.approx(t, abs=0.02)


def test_descent_converges_with_the_step() -> None:
    steps = (2000.0, 1000.0, 500.0, 250.0, 50.0)
    runs = [_descent(replace(DESCENT, descent_step=dz)) for dz in steps]
    ref = runs[-1]
    errors = [core_entry.great_circle_distance(r.landing_latitude, r.landing_longitude,
                                               ref.landing_latitude, ref.landing_longitude)
              for r in runs[:-1]]
    assert errors[-1] < errors[0]
    assert max(errors) < 60.0


def test_main_parachute_after_a_delay_and_without_wind_lands_downrange() -> None:
    s = _descent(main_deploy_altitude=math.nan, main_deploy_delay=200.0, wind_profile=None)
    assert s.main_deploy_time - s.deploy_time == pytest.approx(200.0, abs=1e-6)
    # without wind only the deceleration after deployment carries it, along its heading
    assert 1e3 < s.drift < 10e3
    assert s.landing_longitude > s.deploy_longitude
    # at sea level the main falls at its terminal speed sqrt(2 g m / (rho0 Cd S)); a step's
    # end velocity is that of its midpoint altitude (first order in the step), so the
    # default step is 0.2 % off and a fine one 0.01 %
    vt = math.sqrt(2 * MU_EARTH / R_EARTH**2 * CAPSULE["mass"] / (1.225 * MAIN))
    assert s.landing_descent_rate == pytest.approx(vt, rel=2e-3)
    fine = _descent(replace(DESCENT, descent_step=50.0, max_step=1.0),
                    main_deploy_altitude=math.nan, main_deploy_delay=200.0, wind_profile=None)
    assert fine.landing_descent_rate == pytest.approx(vt, rel=1e-4)


# --- batch -----------------------------------------------------------------------------------

def test_batch_with_profiles_and_sensors_equals_single_runs() -> None:
    rng = np.random.default_rng(11)
    n = 6
    factors = 1.0 + 0.05 * rng.standard_normal((n, ALT.size))
    east = WIND_E[None, :] * rng.uniform(0.5, 1.5, (n, 1))
    north = WIND_N[None, :] * rng.uniform(0.5, 1.5, (n, 1))
    level = 3.0 * G0 * (1 + 0.05 * rng.standard_normal(n))
    delay = 10.0 + rng.uniform(-0.5, 0.5, n)
    options = EntryOptions(deploy_trigger="g_switch", descent=True)
    common = dict(CAPSULE, **ENTRY, options=options, drag_coefficient_mach=(MACH, CD),
                  drogue_drag_area=DROGUE, main_drag_area=MAIN, main_deploy_altitude=3000.0)
    batch = simulate_batch(**common, density_profile=(ALT, factors),
                           wind_profile=(ALT, east, north), g_switch_level=level,
                           deploy_delay=delay, parallel=False)
    assert set(batch.end_event) == {"ground"}
    for i in range(n):
        single = simulate(**common, density_profile=(ALT, factors[i]),
                          wind_profile=(ALT, east[i], north[i]),
                          g_switch_level=float(level[i]), deploy_delay=float(delay[i])).summary
        row = batch.row(i)
        for f in fields(single):
            a, b = getattr(row, f.name), getattr(single, f.name)
            assert a == b or (a != a and b != b), f.name


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "text"), [
    ({"drogue_drag_area": math.nan}, "needs drogue_drag_area"),
    ({"main_deploy_altitude": math.nan}, "exactly one of main_deploy_altitude"),
    ({"main_deploy_delay": 10.0}, "exactly one of main_deploy_altitude"),
    ({"drogue_drag_area": -1.0}, "drogue_drag_area must be above 0"),
    ({"deploy_delay": 0.0}, "deploy_delay 0 s is outside"),
    ({"wind_profile": (ALT, WIND_E[:-1], WIND_N)}, "one value per altitude"),
    ({"wind_profile": (ALT[::-1], WIND_E, WIND_N)}, "strictly increasing"),
    ({"density_profile": (ALT, -np.ones_like(ALT))}, "must be positive"),
    ({"drag_coefficient_mach": (MACH, CD[:-1])}, "one positive, finite drag coefficient"),
])
def test_invalid_descent_and_profile_inputs_say_what_is_wrong(change: dict[str, object],
                                                              text: str) -> None:
    with pytest.raises(ValueError, match=text):
        _descent(**change)


def test_g_switch_needs_a_level_and_options_are_checked() -> None:
    with pytest.raises(ValueError, match="g_switch_level"):
        simulate(**CAPSULE, **ENTRY, options=EntryOptions(deploy_trigger="g_switch"))
    with pytest.raises(ValueError, match="deploy_trigger"):
        EntryOptions(deploy_trigger="radar").validate()  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="descent_step"):
        EntryOptions(descent_step=0.0).validate()
