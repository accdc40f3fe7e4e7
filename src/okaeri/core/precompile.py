"""Compile okaeri's numba kernels into numba's cache before the first run needs them.

Building okaeri (``pip install .``) runs this module (``setup.py``), so the compiled
kernels ship inside the installed package, in numba's in-tree cache
(``okaeri/core/__pycache__``): the first ``okaeri verify`` after installing loads them
instead of compiling them, which takes about 11 CPU-s. numba keys the cache by the
source's content, the numba version and this machine's CPU, so a package built on
another machine, or run with another numba, compiles its kernels once on first use, as
without this step.

Run ``python -m okaeri.core.precompile`` to fill the cache by hand (an editable
install, or a ``NUMBA_CACHE_DIR`` of your own); it prints the seconds each group of
kernels took (compiled, or loaded when the cache already holds them).

The calls below give every kernel that a Python function calls the argument types the
analyses give it: a single trajectory with Mach-dependent drag, density and wind
tables and a parachute descent; a batch of two; a lunar finite burn; and the density
functions that :func:`okaeri.core.entry.simulate` evaluates on its histories. The
test ``tests/unit/core/test_precompile.py`` checks that ``okaeri verify`` of the reference
mission compiles nothing after this has run.
"""

from __future__ import annotations

import math
import sys
import time
from typing import Any

__all__ = ["compile_kernels", "main"]


def compile_kernels() -> dict[str, float]:
    """Compile (or load from numba's cache) every kernel okaeri calls; returns the
    seconds each group of calls took, by name."""
    import numpy as np

    from okaeri.core import _entry_layout as layout
    from okaeri.core import _entry_physics as physics
    from okaeri.core import entry
    from okaeri.core._entry_packing import atmosphere_tables
    from okaeri.core.constants import MU_MOON, R_MOON
    from okaeri.core.tangential_burn import Engine, integrate_burn

    seconds: dict[str, float] = {}
    tables: dict[str, Any] = dict(
        drag_coefficient_mach=([0.5, 2.0, 10.0], [0.8, 1.2, 1.0]),
        density_profile=([0.0, 50_000.0, 120_000.0], [1.0, 1.05, 1.0]),
        wind_profile=([0.0, 10_000.0], [5.0, 10.0], [0.0, -3.0]),
    )
    capsule: dict[str, Any] = dict(
        mass=40.0, reference_area=0.5, drag_coefficient=1.0, nose_radius=0.3,
        altitude=120_000.0, latitude=-0.5, longitude=2.3, speed=11_000.0,
        flight_path_angle=math.radians(-10.0), heading=math.radians(120.0))
    options = entry.EntryOptions(deploy_trigger="g_switch", descent=True)
    chute: dict[str, Any] = dict(g_switch_level=30.0, deploy_delay=20.0,
                                 drogue_drag_area=0.8, main_drag_area=6.0,
                                 main_deploy_altitude=3_000.0)

    start = time.perf_counter()
    entry.simulate(**capsule, options=options, **tables, **chute)
    seconds["entry, one trajectory"] = time.perf_counter() - start

    start = time.perf_counter()
    batch: dict[str, Any] = {k: np.full(2, v) for k, v in capsule.items()}
    entry.simulate_batch(**batch, options=options, parallel=False,
                         **tables, **chute)
    seconds["entry, batch"] = time.perf_counter() - start

    start = time.perf_counter()  # the density below sea level, for the histories
    physics.density(-100.0, np.zeros(layout.NP), *atmosphere_tables())
    seconds["entry, density"] = time.perf_counter() - start

    start = time.perf_counter()  # a braking burn in a 100 km circular lunar orbit
    moon = Engine(mu=MU_MOON, thrust=1_000.0, exhaust_speed=3_100.0, step_angle=0.01)
    r = R_MOON + 100e3
    v = math.sqrt(moon.mu / r)
    integrate_burn(moon, (r, 0.0, 0.0, v), 1_000.0, -1.0, -0.5 * v * v, -0.55 * v * v, 10)
    seconds["lunar finite burn"] = time.perf_counter() - start
    return seconds


def main() -> None:
    """Compile the kernels and print the seconds each group took."""
    start = time.perf_counter()
    for name, took in compile_kernels().items():
        print(f"okaeri: compiled kernels, {name}: {took:.1f} s", file=sys.stderr)
    print(f"okaeri: kernels compiled in {time.perf_counter() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
