"""Start-up of ``okaeri``: the first run after installing, a warm run, and ``--help``.

Each figure is a whole command in a fresh interpreter, wall and CPU seconds:

- ``okaeri --help`` (median of 5); target under 0.2 s (issue 17);
- ``okaeri verify`` of the reference mission (2,000-sample entry Monte Carlo, corridor,
  budgets):
  - **first run**: an empty numba cache (``NUMBA_CACHE_DIR`` a new folder, so every
    kernel compiles) and an empty analysis cache (``OKAERI_CACHE_DIR`` a new folder), as
    after ``pip install`` on a new machine or in CI on a fresh clone;
  - **compiled, cold**: the numba cache filled, the analysis cache empty;
  - **warm**: both filled (median of 3); target at most 0.6 s;
  - ``first_over_warm``: the first run over the warm one; target at most 3.

Run: ``python benchmarks/startup.py`` (prints JSON). The first run compiles every entry
kernel: about a minute on a loaded 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from _command import Timed, base_env, okaeri
from _machine import machine

TARGETS = {"help_s": 0.2, "warm_verify_s": 0.6, "first_over_warm": 3.0}


def _median(runs: list[Timed]) -> dict[str, float]:
    return {"wall_s": round(statistics.median(r.wall_s for r in runs), 3),
            "cpu_s": round(statistics.median(r.cpu_s for r in runs), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="warm runs (median)")
    parser.add_argument("--skip-first", action="store_true",
                        help="leave out the first run (it compiles every kernel)")
    args = parser.parse_args()
    env = base_env()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env["NUMBA_CACHE_DIR"] = str(root / "numba")
        env["OKAERI_CACHE_DIR"] = str(root / "okaeri-first")
        first = None if args.skip_first else okaeri("verify", "-q", env=env)
        if first is None:  # still compile once, outside the figures
            okaeri("verify", "-q", env=env)
        env["OKAERI_CACHE_DIR"] = str(root / "okaeri-cold")
        cold = okaeri("verify", "-q", env=env)
        warm = [okaeri("verify", "-q", env=env) for _ in range(args.repeats)]
        helps = [okaeri("--help", env=env) for _ in range(5)]
    warm_figure = _median(warm)
    report = {
        "benchmark": "startup",
        "machine": machine(),
        "help": _median(helps),
        "verify_reference_first_run": (None if first is None else
                                       {"wall_s": round(first.wall_s, 2),
                                        "cpu_s": round(first.cpu_s, 2)}),
        "verify_reference_compiled_cold_cache": {"wall_s": round(cold.wall_s, 3),
                                                 "cpu_s": round(cold.cpu_s, 3)},
        "verify_reference_warm": warm_figure,
        "first_over_warm": None if first is None else {
            "wall": round(first.wall_s / warm_figure["wall_s"], 1),
            "cpu": round(first.cpu_s / warm_figure["cpu_s"], 1)},
        "targets": TARGETS,
        "peer": "none: no other tool verifies this mission's requirements",
        "note": "whole commands in a new interpreter, imports included; CPU is the "
                "child's user + system time",
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
