"""Timing one ``okaeri`` command in a fresh interpreter: wall seconds and CPU seconds.

The CPU time (user + system of the child, from ``getrusage(RUSAGE_CHILDREN)``) is printed
beside the wall time: on a shared machine whose load is above its core count the wall
time grows with the other processes' work, the CPU time much less.

The child's environment drops ``PYTHONDONTWRITEBYTECODE``: an installed package has its
bytecode compiled (pip does it at install), so a warm run must not compile okaeri's
sources again.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass

__all__ = ["Timed", "base_env", "okaeri", "python_module"]


@dataclass(frozen=True)
class Timed:
    """Seconds one command took."""

    wall_s: float
    cpu_s: float
    stdout: str


def base_env() -> dict[str, str]:
    """This process's environment for the children (see the module docstring)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def okaeri(*args: str, env: dict[str, str], ok: tuple[int, ...] = (0, 1)) -> Timed:
    """Run ``python -m okaeri ARGS``; exits other than ``ok`` stop the benchmark (a
    command refusing its input would be timed wrongly)."""
    return python_module("okaeri", *args, env=env, ok=ok)


def python_module(module: str, *args: str, env: dict[str, str],
                  ok: tuple[int, ...] = (0,)) -> Timed:
    """Run ``python -m MODULE ARGS`` in a fresh interpreter and time it."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", module, *args], env=env, check=False,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{module} {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return Timed(wall, _children_cpu() - cpu, done.stdout)
