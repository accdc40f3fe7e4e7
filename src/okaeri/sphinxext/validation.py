"""Validation tables: okaeri's numerical core against published and analytic values.

Every :class:`Case` computes one number with the core *when the documentation is
built* and compares it with the value its source gives, at the tolerance the source
supports (the digits it prints, or the accuracy of a correlation). The tables of
``.. okaeri-validation:: GROUP`` therefore show what the installed code computes, not
numbers copied into a page; a case outside its tolerance is an
``okaeri.validation_failed`` warning, which fails a ``-W`` build.

The same oracles are asserted, with the same tolerances, by the tests under
``tests/unit/core/`` (the test names say which source they use).
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from okaeri.core import references as ref
from okaeri.core.constants import G0
from okaeri.sphinxext.rst import note_module_dependencies, parse_rst, table

KM = 1.0e3
MU_BOOK = ref.CURTIS_MU_KM3_S2 * KM**3
"""Curtis's mu of the Earth (m^3/s^2), which his examples use."""


@dataclass(frozen=True)
class Case:
    """One comparison of a computed value with a reference value."""

    group: str
    """Table the case belongs to (``atmosphere``, ``heating``, ``entry``, ...)."""
    name: str
    """What is compared (reStructuredText)."""
    source: str
    """Where the reference value comes from (short citation)."""
    unit: str
    """Unit of ``reference`` and of what ``compute`` returns."""
    reference: float
    """The published or analytic value."""
    compute: Callable[[], float]
    """Computes okaeri's value (in ``unit``) with the numerical core."""
    rtol: float | None = None
    """Relative tolerance (the source's printed digits or stated accuracy)."""
    atol: float | None = None
    """Absolute tolerance, in ``unit``, when the source gives one."""

    def tolerance_text(self) -> str:
        """The tolerance as shown in the table."""
        if self.atol is not None:
            return f"± {self.atol:g} {self.unit}".strip()
        return f"{_percent(self.rtol or 0.0)} relative"

    def within(self, value: float) -> bool:
        """Whether ``value`` is within the tolerance of the reference."""
        if not math.isfinite(value):
            return False
        if self.atol is not None:
            return abs(value - self.reference) <= self.atol * (1 + 1e-12)
        return abs(value - self.reference) <= (self.rtol or 0.0) * abs(self.reference)


def _significant_digits(value: float) -> int:
    """Significant digits of ``value`` as written (its shortest repr), at most 10."""
    mantissa = f"{abs(value):.10e}".split("e")[0].replace(".", "").rstrip("0")
    return max(1, min(len(mantissa), 10))


def _number(value: float, digits: int | None = None) -> str:
    """``value`` with ``digits`` significant digits (default: as written), thousands
    separated; scientific notation below 1e-3 and from 1e7."""
    if value == 0.0 or not math.isfinite(value):
        return f"{value:g}"
    digits = digits or _significant_digits(value)
    magnitude = abs(value)
    if magnitude >= 1e7 or magnitude < 1e-3:
        return f"{value:.{digits - 1}e}".replace("e-0", "e-").replace("e+0", "e")
    decimals = max(0, digits - 1 - math.floor(math.log10(magnitude)))
    return f"{value:,.{decimals}f}"


def _computed(value: float, reference: float) -> str:
    """okaeri's value, two digits finer than the reference is written."""
    return _number(value, min(max(_significant_digits(reference) + 2, 6), 10))


def _percent(fraction: float) -> str:
    if fraction == 0.0:
        return "0 %"
    if fraction >= 1e-3:
        return f"{100 * fraction:g} %"
    return f"{fraction:.0e}".replace("e-0", "e-")


def _signed_relative(value: float, reference: float) -> str:
    if reference == 0.0:
        return "—"
    difference = (value - reference) / abs(reference)
    if difference == 0.0:
        return "0"
    return f"{difference:+.2e}".replace("e-0", "e-").replace("e+0", "e+")


# ---------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------

US76 = "US76 Table I"
"""NOAA-S/T 76-1562, U.S. Standard Atmosphere 1976, Table I (geometric altitude)."""

_US76_DENSITY_AT = (0.0, 10000.0, 20000.0, 30000.0, 50000.0, 70000.0, 86000.0, 100000.0,
                   120000.0, 200000.0)
_US76_TEMPERATURE_AT = (0.0, 11000.0, 50000.0, 86000.0, 120000.0, 1000000.0)
_US76_PRESSURE_AT = (10000.0, 50000.0, 100000.0)
_US76_SOUND_AT = (0.0, 10000.0, 50000.0)


def _table_i(altitude: float, column: int) -> float:
    """[US76] Table I at ``altitude``: 0 temperature, 1 pressure, 2 density
    (:mod:`okaeri.core.references`)."""
    from okaeri.core import references as us76

    row = us76.US76_TABLE_I_LOWER.get(altitude) or us76.US76_TABLE_I_UPPER.get(altitude)
    if row is None:
        return us76.US76_TABLE_I_TEMPERATURE[altitude]
    return row[column]


def _atmosphere(altitude: float, what: str) -> Callable[[], float]:
    def compute() -> float:
        from okaeri.core import atmosphere

        return float(getattr(atmosphere.us1976(altitude), what))

    return compute


def _atmosphere_cases() -> list[Case]:
    from okaeri.core.references import US76_TABLE_III_SOUND

    cases = [Case("atmosphere", f"density at {z / KM:g} km", US76, "kg/m³", _table_i(z, 2),
                  _atmosphere(z, "density"), rtol=1e-4 if z < 86000.0 else 5e-4)
             for z in _US76_DENSITY_AT]
    cases += [Case("atmosphere", f"temperature at {z / KM:g} km", US76, "K", _table_i(z, 0),
                   _atmosphere(z, "temperature"), atol=1.5e-3 if z < 86000.0 else 0.01)
              for z in _US76_TEMPERATURE_AT]
    cases += [Case("atmosphere", f"pressure at {z / KM:g} km", US76, "Pa", _table_i(z, 1),
                   _atmosphere(z, "pressure"), rtol=1e-4)
              for z in _US76_PRESSURE_AT]
    cases += [Case("atmosphere", f"speed of sound at {z / KM:g} km", "US76 Table III", "m/s",
                   US76_TABLE_III_SOUND[z], _atmosphere(z, "speed_of_sound"), rtol=5e-5)
              for z in _US76_SOUND_AT]
    return cases


def _sutton_graves() -> float:
    from okaeri.core import aerothermo

    return float(aerothermo.sutton_graves(1.0e-4, 10_000.0, 0.5)) / 1e6


def _tauber_sutton_f(speed: float) -> Callable[[], float]:
    def compute() -> float:
        from okaeri.core import aerothermo

        return float(aerothermo.tauber_sutton_velocity_function(speed))

    return compute


def _tauber_sutton_q() -> float:
    from okaeri.core import aerothermo

    return float(aerothermo.tauber_sutton(3.0e-4, 11_000.0, 0.4)) / 1e6


def _tauber_sutton_by_hand() -> float:
    rho, v, rn = 3.0e-4, 11_000.0, 0.4
    a = min(1.072e6 * v**-1.88 * rho**-0.325, 1.0)
    return float(4.736e4 * rn**a * rho**1.22 * 151.0 * 1.0e4 / 1e6)


def _heating_cases() -> list[Case]:
    return [
        Case("heating", "Sutton–Graves q at ρ = 1e-4 kg/m³, V = 10 km/s, R\\ :sub:`n` = 0.5 m",
             "Sutton & Graves 1971, k = 1.7415e-4 (by hand)", "MW/m²", 2.4628, _sutton_graves,
             rtol=1e-4),
        *[Case("heating", f"Tauber–Sutton f(V) at {v / KM:g} km/s", "Tauber & Sutton 1991 table",
               "", f, _tauber_sutton_f(v), rtol=1e-9)
          for v, f in ((9000.0, 1.5), (10000.0, 35.0), (11000.0, 151.0), (12500.0, 495.0),
                       (16000.0, 2040.0))],
        Case("heating", "Tauber–Sutton q at ρ = 3e-4 kg/m³, V = 11 km/s, R\\ :sub:`n` = 0.4 m",
             "Tauber & Sutton 1991 formula (by hand)", "MW/m²", _tauber_sutton_by_hand(),
             _tauber_sutton_q, rtol=1e-9),
    ]


@cache
def _allen_eggers() -> tuple[Any, dict[str, float]]:
    """The ballistic entry of Allen and Eggers: exponential atmosphere, no gravity, a flat
    planet (radius 1e12 m), 40 kg, Cd 1.05, 0.8 m, 11 km/s at -8.5 deg from 150 km."""
    from okaeri.core.entry import EntryOptions, simulate

    rho0, scale, v0, h0, gamma = 1.225, 7200.0, 11000.0, 150e3, math.radians(-8.5)
    mass, area, cd = 40.0, math.pi * 0.4**2, 1.05
    options = EntryOptions(gravity="none", rotation=False, atmosphere="exponential",
                           surface_density=rho0, scale_height=scale, planet_radius=1.0e12,
                           radiative=False, deploy_altitude=30e3)
    summary = simulate(mass=mass, reference_area=area, drag_coefficient=cd, nose_radius=0.4,
                       altitude=h0, latitude=0.0, longitude=0.0, speed=v0,
                       flight_path_angle=gamma, heading=math.radians(90.0), frame="relative",
                       options=options).summary
    beta = mass / (cd * area)
    s = math.sin(-gamma)
    rho_star = beta * s / scale
    v_star = v0 * math.exp(-(rho_star - rho0 * math.exp(-h0 / scale)) * scale / (2 * beta * s))
    oracle = {"deceleration": rho_star * v_star**2 / (2 * beta) / G0, "speed": v_star,
              "altitude": scale * math.log(rho0 / rho_star)}
    return summary, oracle


def _allen_eggers_speed() -> float:
    summary, _ = _allen_eggers()
    rho = 1.225 * math.exp(-summary.altitude_at_peak_deceleration / 7200.0)
    return math.sqrt(2.0 * summary.peak_dynamic_pressure / rho) / KM


def _corridor_steep_end() -> float:
    from okaeri.core.corridor import entry_corridor
    from okaeri.core.entry import EntryOptions

    options = EntryOptions(gravity="none", rotation=False, atmosphere="exponential",
                           planet_radius=1.0e12, radiative=False, deploy_altitude=30e3)
    corridor = entry_corridor(mass=40.0, reference_area=math.pi * 0.4**2, drag_coefficient=1.05,
                              nose_radius=0.4, altitude=150e3, latitude=0.0, longitude=0.0,
                              speed=11000.0, heading=math.radians(90.0), frame="relative",
                              max_deceleration_g=30.0, options=options)
    return math.degrees(corridor.steepest_fpa)


def _entry_cases() -> list[Case]:
    ae = "Allen & Eggers 1958 (NACA 1381)"
    return [
        Case("entry", "peak deceleration", ae, "g",
             _allen_eggers()[1]["deceleration"],
             lambda: float(_allen_eggers()[0].peak_deceleration_g), rtol=5e-3),
        Case("entry", "speed at peak deceleration", ae, "km/s",
             _allen_eggers()[1]["speed"] / KM, _allen_eggers_speed, rtol=5e-3),
        Case("entry", "altitude at peak deceleration", ae, "km",
             _allen_eggers()[1]["altitude"] / KM,
             lambda: float(_allen_eggers()[0].altitude_at_peak_deceleration) / KM, rtol=5e-3),
        Case("entry", "steepest entry angle for a 30 g limit (corridor)",
             ae + r": sin \|γ\| = 2 e H a / V²", "deg",
             -math.degrees(math.asin(2 * math.e * 7200.0 * 30.0 * G0 / 11000.0**2)),
             _corridor_steep_end, rtol=5e-3),
    ]


def _hohmann(part: str) -> Callable[[], float]:
    def compute() -> float:
        from okaeri.core import orbits
        from okaeri.core.constants import MU_EARTH, R_EARTH

        low, high = (R_EARTH + h * KM for h in ref.VALLADO_6_1_ALTITUDES_KM)
        value = float(getattr(orbits.hohmann(MU_EARTH, low, high), part))
        return value / 3600.0 if part == "transfer_time" else value / KM

    return compute


def _bielliptic() -> float:
    from okaeri.core import orbits
    from okaeri.core.constants import MU_EARTH, R_EARTH

    r1, rb, r2 = (R_EARTH + h * KM for h in ref.VALLADO_6_2_ALTITUDES_KM)
    return orbits.bielliptic(MU_EARTH, r1, rb, r2).total_delta_v / KM


def _plane_change() -> float:
    from okaeri.core import orbits

    return orbits.plane_change(ref.VALLADO_6_4_SPEED_KM_S * KM,
                               math.radians(ref.VALLADO_6_4_TURN_DEG)) / KM


def _curtis_perigee_burn() -> float:
    from okaeri.core import orbits

    rp, ra, ra_new = ((ref.CURTIS_RADIUS_KM + h) * KM for h in ref.CURTIS_6_1_ALTITUDES_KM)
    return orbits.perigee_burn(MU_BOOK, rp, ra, ra_new) / KM


def _vallado_kepler(index: int) -> float:
    import numpy as np

    from okaeri.core import kepler
    from okaeri.core.constants import MU_EARTH

    r, v = kepler.kepler_propagate(MU_EARTH, np.array(ref.VALLADO_2_4_R0_KM) * KM,
                                   np.array(ref.VALLADO_2_4_V0_KM_S) * KM,
                                   ref.VALLADO_2_4_MINUTES * 60.0)
    return float((r if index < 3 else v)[index % 3]) / KM


def _curtis_elements(what: str) -> float:
    import numpy as np

    from okaeri.core import twobody

    elements = twobody.state_to_elements(MU_BOOK, np.array(ref.CURTIS_4_3_R_KM) * KM,
                                         np.array(ref.CURTIS_4_3_V_KM_S) * KM)
    return float(elements.ecc) if what == "ecc" else float(elements.a) / KM


def _curtis_hyperbola(what: str) -> float:
    import numpy as np

    from okaeri.core import kepler

    r, v = kepler.kepler_propagate(MU_BOOK, [ref.CURTIS_3_5_PERIGEE_RADIUS_KM * KM, 0, 0],
                                   [0, ref.CURTIS_3_5_PERIGEE_SPEED_KM_S * KM, 0],
                                   ref.CURTIS_3_5_TIME_S)
    return float(np.linalg.norm(r if what == "r" else v)) / KM


def _orbit_cases() -> list[Case]:
    v61 = "Vallado 4th ed. Ex. 6-1"
    first, second, total = ref.VALLADO_6_1_DELTA_V_KM_S
    before, after = ref.CURTIS_6_1_PERIGEE_SPEEDS_KM_S
    return [
        Case("orbits", "Hohmann 191 → 35,781 km: first burn", v61, "km/s", first,
             _hohmann("delta_v1"), rtol=1e-6),
        Case("orbits", "Hohmann 191 → 35,781 km: second burn", v61, "km/s", second,
             _hohmann("delta_v2"), rtol=1e-6),
        Case("orbits", "Hohmann 191 → 35,781 km: total", v61, "km/s", total,
             _hohmann("total_delta_v"), rtol=1e-6),
        Case("orbits", "Hohmann 191 → 35,781 km: transfer time", v61, "h",
             ref.VALLADO_6_1_TIME_H, _hohmann("transfer_time"), rtol=1e-6),
        Case("orbits", "bi-elliptic 191 → 376,310 km via 503,873 km: total",
             "Vallado 4th ed. Ex. 6-2", "km/s", ref.VALLADO_6_2_DELTA_V_KM_S[-1], _bielliptic,
             rtol=1e-6),
        Case("orbits", "15° inclination change at 5.892 311 km/s", "Vallado 4th ed. Ex. 6-4",
             "km/s", ref.VALLADO_6_4_DELTA_V_KM_S, _plane_change, rtol=1e-6),
        Case("orbits", "perigee burn 480 × 800 km → 480 × 16,000 km",
             "Curtis 3rd ed. Ex. 6.1", "km/s", after - before, _curtis_perigee_burn,
             atol=1e-4),
        Case("orbits", "Kepler 40 min: r\\ :sub:`x`", "Vallado 4th ed. Ex. 2-4", "km",
             ref.VALLADO_2_4_R_KM[0], lambda: _vallado_kepler(0), rtol=1e-7),
        Case("orbits", "Kepler 40 min: v\\ :sub:`z`", "Vallado 4th ed. Ex. 2-4", "km/s",
             ref.VALLADO_2_4_V_KM_S[2], lambda: _vallado_kepler(5), rtol=1e-6),
        Case("orbits", "state → eccentricity", "Curtis 3rd ed. Ex. 4.3", "",
             ref.CURTIS_4_3_ECCENTRICITY, lambda: _curtis_elements("ecc"), atol=5e-5),
        Case("orbits", "state → semi-major axis", "Curtis 3rd ed. Ex. 4.3", "km",
             ref.CURTIS_4_3_SEMI_MAJOR_AXIS_KM, lambda: _curtis_elements("a"), atol=0.5),
        Case("orbits", "hyperbola after 14,941 s: radius", "Curtis 3rd ed. Ex. 3.5", "km",
             ref.CURTIS_3_5_RADIUS_KM, lambda: _curtis_hyperbola("r"), rtol=1e-4),
        Case("orbits", "hyperbola after 14,941 s: speed", "Curtis 3rd ed. Ex. 3.5", "km/s",
             ref.CURTIS_3_5_SPEED_KM_S, lambda: _curtis_hyperbola("v"), rtol=1e-3),
    ]


def _reference_legs() -> Any:
    from okaeri.core import patched_conics as pc
    from okaeri.core.constants import R_EARTH, R_MOON

    return pc.earth_moon_legs(R_EARTH + 185e3, R_EARTH + 35_786e3, R_MOON + 100e3,
                              R_EARTH + 120e3, R_EARTH - 15e3)


def _apollo_tli() -> float:
    from okaeri.core import patched_conics as pc
    from okaeri.core.constants import R_EARTH

    parking = R_EARTH + 185e3
    return pc.translunar_injection(parking, parking).delta_v / KM


def _apollo_loi() -> float:
    from okaeri.core import patched_conics as pc
    from okaeri.core.constants import R_EARTH, R_MOON

    parking = R_EARTH + 185e3
    arrival = pc.translunar_injection(parking, parking)
    return pc.lunar_orbit_insertion(arrival.v_inf, R_MOON + 110e3) / KM


def _leg_cases() -> list[Case]:
    rm = "reference-mission.md (two-digit estimate)"
    return [
        Case("legs", "LSR-1 trans-lunar injection from GTO", rm, "km/s", 0.68,
             lambda: _reference_legs().tli_delta_v / KM, rtol=0.02),
        Case("legs", "LSR-1 lunar orbit insertion, 100 km", rm, "km/s", 0.82,
             lambda: _reference_legs().loi_delta_v / KM, rtol=0.02),
        Case("legs", "LSR-1 trans-Earth injection, 100 km", rm, "km/s", 0.82,
             lambda: _reference_legs().tei_delta_v / KM, rtol=0.02),
        Case("legs", "LSR-1 inertial speed at the 120 km entry interface", rm, "km/s", 11.0,
             lambda: _reference_legs().entry_speed / KM, rtol=0.01),
        Case("legs", "Apollo TLI from a 185 km parking orbit",
             "Apollo mission reports (≈3.1 km/s)", "km/s", 3.1, _apollo_tli, rtol=0.03),
        Case("legs", "Apollo LOI into a 110 km lunar orbit",
             "Apollo 11 LOI-1 (0.8–0.9 km/s)", "km/s", 0.85, _apollo_loi, atol=0.05),
    ]


def _flown(name: str, key: str) -> Callable[[], float]:
    def compute() -> float:
        from okaeri.core import flown_entries

        return flown_entries.computed_value(flown_entries.FLOWN_ENTRIES[name], key)

    return compute


_FLOWN_LABELS = {
    "peak_deceleration_g": "peak deceleration",
    "time_at_drogue_altitude": "time at the drogue opening altitude (31.03 km)",
    "mach_at_drogue_altitude": "Mach number at the drogue opening altitude",
    "peak_heat_flux_total": "peak stagnation heat flux (convective + radiative)",
}


def _flown_cases() -> list[Case]:
    from okaeri.core.flown_entries import FLOWN_ENTRIES

    cases = []
    for name, entry in FLOWN_ENTRIES.items():
        for key, published in entry.references.items():
            source = (published.source if published.checked
                      else f"{published.source} (secondary)")
            cases.append(Case("flown", f"{entry.name}: {_FLOWN_LABELS[key]}", source,
                              published.unit, published.value, _flown(name, key),
                              rtol=published.rtol))
    return cases


def _rocket_cases() -> list[Case]:
    def halving() -> float:
        from okaeri.core import rocket

        return rocket.delta_v(300.0, 2000.0, 1000.0)

    def tli_propellant() -> float:
        from okaeri.core import rocket

        return rocket.propellant_mass(680.0, 320.0, initial_mass=1600.0)

    def walk() -> float:
        from okaeri.core.propellant import BURN, JOIN, LEAVE, Step, walk_backward

        steps = [Step("a", BURN, 800.0), Step("c", JOIN, 2.0), Step("b", BURN, 900.0),
                 Step("s", LEAVE, 40.0), Step("d", BURN, 20.0)]
        return walk_backward(500.0, steps, 320.0).initial_mass

    def walk_by_hand() -> float:
        def ratio(dv: float) -> float:
            return math.exp(dv / (G0 * 320.0))

        before_d = 500.0 * ratio(20.0)
        before_b = (before_d + 40.0) * ratio(900.0)
        return (before_b - 2.0) * ratio(800.0)

    return [
        Case("rocket", "Δv for m\\ :sub:`0`/m\\ :sub:`f` = 2 at I\\ :sub:`sp` = 300 s",
             "Tsiolkovsky: g₀ I\\ :sub:`sp` ln 2", "m/s", G0 * 300.0 * math.log(2.0),
             halving, rtol=1e-12),
        Case("rocket", "TLI propellant: 1,600 kg, 320 s, 680 m/s",
             "by hand: 1600 (1 − e\\ :sup:`−680/(g₀·320)`)", "kg", 311.71, tli_propellant,
             atol=0.01),
        Case("rocket", "backward walk: 3 burns, a 2 kg join, a 40 kg separation",
             "rocket equation step by step (by hand)", "kg", walk_by_hand(), walk, rtol=1e-12),
    ]


GROUPS: dict[str, tuple[str, Callable[[], list[Case]]]] = {
    "atmosphere": ("U.S. Standard Atmosphere 1976", _atmosphere_cases),
    "heating": ("Stagnation-point heating", _heating_cases),
    "entry": ("Entry dynamics", _entry_cases),
    "orbits": ("Two-body orbits and manoeuvres", _orbit_cases),
    "legs": ("Patched-conic Earth–Moon legs", _leg_cases),
    "rocket": ("Rocket equation and propellant walk", _rocket_cases),
    "flown": ("Flown capsules against their reconstructions", _flown_cases),
}
"""The registered groups of cases: name -> (title, factory)."""


def cases(group: str) -> list[Case]:
    """The cases of ``group`` (:class:`KeyError` for an unknown group)."""
    return GROUPS[group][1]()


@dataclass(frozen=True)
class Outcome:
    """A case with the value computed now."""

    case: Case
    value: float

    @property
    def ok(self) -> bool:
        """Within tolerance."""
        return self.case.within(self.value)


def evaluate(group: str) -> list[Outcome]:
    """Compute every case of ``group``."""
    return [Outcome(case, float(case.compute())) for case in cases(group)]


def validation_rst(outcomes: list[Outcome]) -> str:
    """The table of a group's outcomes."""
    rows = []
    for o in outcomes:
        unit = f" {o.case.unit}" if o.case.unit else ""
        rows.append([o.case.name, f"{_computed(o.value, o.case.reference)}{unit}",
                     f"{_number(o.case.reference)}{unit}",
                     _signed_relative(o.value, o.case.reference), o.case.tolerance_text(),
                     "yes" if o.ok else "**NO**", o.case.source])
    lines = table(["case", "okaeri", "reference", "relative difference", "tolerance",
                   "within", "source"], rows, widths=[24, 13, 13, 10, 10, 6, 24],
                  css_class="okaeri-validation")
    return "\n".join(lines) + "\n"


class ValidationDirective(SphinxDirective):  # type: ignore[misc,unused-ignore]
    """``.. okaeri-validation:: GROUP`` (``atmosphere``, ``heating``, ``entry``,
    ``orbits``, ``legs``, ``rocket``, ``flown``)."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from okaeri.sphinxext.logs import warn

        group = self.arguments[0]
        if group not in GROUPS:
            warn("unknown_option", f"okaeri-validation: unknown group {group!r}; expected "
                 f"one of {', '.join(GROUPS)}", self.get_location())
            return []
        import pkgutil

        import okaeri.core

        core = [importlib.import_module(f"okaeri.core.{m.name}")
                for m in pkgutil.iter_modules(okaeri.core.__path__)]
        note_module_dependencies(self, *core)
        outcomes = evaluate(group)
        for o in outcomes:
            if not o.ok:
                warn("validation_failed", f"{group}: {o.case.name}: okaeri gives "
                     f"{_number(o.value)} {o.case.unit}, {o.case.source} gives "
                     f"{_number(o.case.reference)} (tolerance {o.case.tolerance_text()})",
                     self.get_location())
        return parse_rst(self, validation_rst(outcomes))


__all__ = ["GROUPS", "Case", "Outcome", "ValidationDirective", "cases", "evaluate",
           "validation_rst"]
