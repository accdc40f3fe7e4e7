"""Start-up of ``okaeri``: the first run after installing, a warm run, and ``--help``.

Each figure is a whole command in a fresh interpreter, wall and CPU seconds:

- ``okaeri --help`` (median of 5); target under 0.2 s (issue 17);
- the kernels compiled at install: ``python -m okaeri.core.precompile`` into an empty
  numba cache, which is what building okaeri (``pip install .``, ``setup.py``) runs;
- ``okaeri verify`` of the reference mission (4,093-sample entry Monte Carlo, corridor,
  finite lunar burns, budgets):
  - **first run**: the kernels compiled at install, an empty analysis cache
    (``OKAERI_CACHE_DIR`` a new folder), as for the first command after
    ``pip install .`` on a new machine, or of CI on a fresh clone;
  - **first run, nothing compiled**: an empty numba cache as well, as for an editable
    install, or a package built on another CPU or numba;
  - **warm**: both caches filled; target at most 0.6 s;
  - ``first_over_warm``: the first run over the warm one (medians); target at most 3.

  First and warm runs alternate, in ``--repeats`` pairs (default 5), each pair with a
  new analysis cache, so that both medians see the same state of a shared machine.

Run: ``python benchmarks/startup.py`` (prints JSON). Compiling the kernels takes about
20 s on an idle 2-core machine, twice: ``--skip-uncompiled`` leaves out the first run
with nothing compiled.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from _command import Timed, base_env, okaeri, python_module
from _machine import machine

TARGETS = {"help_s": 0.2, "warm_verify_s": 0.6, "first_over_warm": 3.0}


def _median(runs: list[Timed]) -> dict[str, float]:
    return {"wall_s": round(statistics.median(r.wall_s for r in runs), 3),
            "cpu_s": round(statistics.median(r.cpu_s for r in runs), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5,
                        help="pairs of a first and a warm run (medians)")
    parser.add_argument("--skip-uncompiled", action="store_true",
                        help="leave out the first run with nothing compiled")
    args = parser.parse_args()
    env = base_env()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        uncompiled = None
        if not args.skip_uncompiled:
            env["NUMBA_CACHE_DIR"] = str(root / "numba-empty")
            env["OKAERI_CACHE_DIR"] = str(root / "okaeri-empty")
            uncompiled = okaeri("verify", "-q", env=env)
        env["NUMBA_CACHE_DIR"] = str(root / "numba")
        install = python_module("okaeri.core.precompile", env=env)
        firsts, warm = [], []
        for pair in range(args.repeats):  # each pair close in time on a noisy machine
            env["OKAERI_CACHE_DIR"] = str(root / f"okaeri-{pair}")
            firsts.append(okaeri("verify", "-q", env=env))
            warm.append(okaeri("verify", "-q", env=env))
        helps = [okaeri("--help", env=env) for _ in range(5)]
    warm_figure = _median(warm)
    first = _median(firsts)

    def ratio(run: dict[str, float]) -> dict[str, float]:
        return {"wall": round(run["wall_s"] / warm_figure["wall_s"], 2),
                "cpu": round(run["cpu_s"] / warm_figure["cpu_s"], 2)}

    report = {
        "benchmark": "startup",
        "machine": machine(),
        "help": _median(helps),
        "kernels_compiled_at_install": _figure(install),
        "verify_reference_first_run": first,
        "verify_reference_first_runs_wall_s": [round(r.wall_s, 3) for r in firsts],
        "verify_reference_warm": warm_figure,
        "verify_reference_warm_runs_wall_s": [round(r.wall_s, 3) for r in warm],
        "first_over_warm": ratio(first),
        "verify_reference_first_run_nothing_compiled": (
            None if uncompiled is None else _figure(uncompiled)),
        "nothing_compiled_over_warm": (None if uncompiled is None
                                       else ratio(_figure(uncompiled))),
        "targets": TARGETS,
        "peer": "none: no other tool verifies this mission's requirements",
        "note": "whole commands in a new interpreter, imports included; CPU is the "
                "child's user + system time",
    }
    print(json.dumps(report, indent=2))


def _figure(run: Timed) -> dict[str, float]:
    return {"wall_s": round(run.wall_s, 3), "cpu_s": round(run.cpu_s, 3)}


if __name__ == "__main__":
    main()
