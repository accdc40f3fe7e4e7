"""Benchmark and figures of the finite burns at the Moon (okaeri.core.lunar_burns).

Scenario: LSR-1 (reference mission): 100 km circular lunar orbit, arrival and departure
excess speeds of the patched conics (GTO 185 x 35,786 km, 120 km entry interface,
-15 km vacuum perigee), Isp 320 s, 500 / 1,000 / 2,000 N, 1,100 to 1,300 kg at LOI. The
TEI mass follows from LOI at 1,200 kg: the LOI propellant, the lunar operations
allocation (30 m/s, +100 % margin) and the 2 kg canister.

Timing: the median of ``--repeat`` warm calls of each function (the numba kernel is
compiled, or loaded from its cache, by a first call that is timed on its own), and, as
the reference, one forward integration of the same capture with scipy's DOP853
(rtol 1e-10, an energy event, a Python right-hand side), which is what each of the
burns inside one call would cost without the kernel.

Prints one JSON document. Run by hand::

    python benchmarks/lunar_burns.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections.abc import Callable
from typing import Any

from _machine import machine

from okaeri.core import lunar_burns
from okaeri.core.constants import G0, MU_MOON, R_EARTH, R_MOON
from okaeri.core.patched_conics import earth_moon_legs

LLO = R_MOON + 100e3
ISP = 320.0
LEGS = earth_moon_legs(R_EARTH + 185e3, R_EARTH + 35_786e3, LLO, R_EARTH + 120e3,
                       R_EARTH - 15e3)
V_ARRIVAL, V_DEPARTURE = LEGS.arrival_v_inf, LEGS.departure_v_inf


def _median_time(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _scipy_capture(burn: lunar_burns.LunarBurn, thrust: float) -> float:
    """One forward integration of the capture from its ignition state (scipy)."""
    from scipy.integrate import solve_ivp

    ecc = 1.0 + burn.ignition_periapsis_radius * V_ARRIVAL**2 / MU_MOON
    p = burn.ignition_periapsis_radius * (1.0 + ecc)
    nu = burn.ignition_true_anomaly
    r = p / (1.0 + ecc * math.cos(nu))
    scale = math.sqrt(MU_MOON / p)
    state = [r * math.cos(nu), r * math.sin(nu),
             scale * -math.sin(nu), scale * (ecc + math.cos(nu)), burn.initial_mass]
    mass_flow = thrust / (G0 * ISP)

    def rhs(_t: float, y: Any) -> list[float]:
        x, yy, vx, vy, m = y
        r3 = (x * x + yy * yy) ** 1.5
        a = -thrust / m / math.hypot(vx, vy)
        return [vx, vy, -MU_MOON * x / r3 + a * vx, -MU_MOON * yy / r3 + a * vy, -mass_flow]

    def circular(_t: float, y: Any) -> float:
        return 0.5 * (y[2] ** 2 + y[3] ** 2) - MU_MOON / math.hypot(y[0], y[1]) + (
            0.5 * MU_MOON / LLO)

    circular.terminal = True  # type: ignore[attr-defined]
    solution = solve_ivp(rhs, (0.0, 1e5), state, method="DOP853", rtol=1e-10, atol=1e-6,
                         events=circular)
    return float(solution.y_events[0][0][4])


def _timing(repeat: int) -> dict[str, Any]:
    start = time.perf_counter()
    lunar_burns.finite_departure_burn(V_DEPARTURE, LLO, 500.0, ISP, 900.0)
    first = time.perf_counter() - start
    capture = lunar_burns.finite_capture_burn(V_ARRIVAL, LLO, LLO, 500.0, ISP, 1200.0)
    calls: dict[str, Callable[[], object]] = {
        "capture_s": lambda: lunar_burns.finite_capture_burn(
            V_ARRIVAL, LLO, LLO, 500.0, ISP, 1200.0),
        "split_capture_2_s": lambda: lunar_burns.split_capture_burn(
            V_ARRIVAL, LLO, 500.0, ISP, 1200.0, 2),
        "split_capture_3_s": lambda: lunar_burns.split_capture_burn(
            V_ARRIVAL, LLO, 500.0, ISP, 1200.0, 3),
        "departure_s": lambda: lunar_burns.finite_departure_burn(
            V_DEPARTURE, LLO, 500.0, ISP, 900.0),
    }
    result: dict[str, Any] = {"first_call_s": first}
    result.update({name: _median_time(call, repeat) for name, call in calls.items()})
    scipy_time = _median_time(lambda: _scipy_capture(capture, 500.0), max(3, repeat // 5))
    result["scipy_single_integration_s"] = scipy_time
    result["scipy_integration_over_capture_call"] = scipy_time / result["capture_s"]
    return result


def _burn(burn: lunar_burns.LunarBurn | lunar_burns.SplitCapture) -> dict[str, float]:
    return {
        "impulsive_delta_v_m_s": round(burn.impulsive_delta_v, 3),
        "gravity_loss_m_s": round(burn.gravity_loss, 3),
        "propellant_kg": round(burn.propellant_mass, 2),
        "burn_time_min": round(burn.burn_time / 60.0, 2),
        "longest_arc_deg": round(math.degrees(burn.burn_arc), 1),
    }


def _tei_mass(loi_mass: float, loi_propellant: float) -> float:
    after_operations = (loi_mass - loi_propellant) * math.exp(-60.0 / (G0 * ISP))
    return after_operations + 2.0


def _figures() -> dict[str, Any]:
    figures: dict[str, Any] = {"v_inf_arrival_m_s": V_ARRIVAL,
                               "v_inf_departure_m_s": V_DEPARTURE}
    for thrust in (500.0, 1000.0, 2000.0):
        entry: dict[str, Any] = {}
        for mass in (1100.0, 1200.0, 1300.0):
            capture = lunar_burns.finite_capture_burn(V_ARRIVAL, LLO, LLO, thrust, ISP, mass)
            entry[f"loi_{mass:.0f}_kg"] = _burn(capture) | {
                "aim_periapsis_altitude_km": round(
                    (capture.ignition_periapsis_radius - R_MOON) / 1e3, 1)}
        for burns in (2, 3):
            split = lunar_burns.split_capture_burn(V_ARRIVAL, LLO, thrust, ISP, 1200.0, burns)
            entry[f"loi_{burns}_burns_1200_kg"] = _burn(split) | {
                "apoapsis_altitudes_km": [round((r - R_MOON) / 1e3) for r in
                                          split.apoapsis_radii]}
        capture = lunar_burns.finite_capture_burn(V_ARRIVAL, LLO, LLO, thrust, ISP, 1200.0)
        mass = _tei_mass(1200.0, capture.propellant_mass)
        departure = lunar_burns.finite_departure_burn(V_DEPARTURE, LLO, thrust, ISP, mass)
        entry["tei_after_loi_at_1200_kg"] = _burn(departure) | {"mass_kg": round(mass, 1)}
        figures[f"{thrust:.0f}_N"] = entry
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    print(json.dumps({
        "machine": machine(),
        "timing": _timing(args.repeat),
        "figures": _figures(),
    }, indent=2))


if __name__ == "__main__":
    main()
