"""Speed of ``okaeri history`` and ``okaeri diff`` over a generated history of 50 commits.

The history is a git repository holding the reference mission (as ``okaeri init`` writes
it) and 50 commits after it; commit *i* changes, in turn:

- the heat shield's basic mass (``model/capsule.yaml``): the entry analyses and the
  2,000-sample entry Monte Carlo run again;
- the OTV structure's basic mass (``model/otv.yaml``): the budgets change, the entry
  analyses come from the analysis cache;
- SYS-010's launch-mass limit (``requirements/system.yaml``): only the verdict changes.

Measured as whole commands in a fresh interpreter (start-up and imports included):

- ``okaeri history --json`` over the 51 states, *cold* (empty snapshot and analysis
  caches; numba's compiled code already on disk, as after the first run of an
  installation) and *warm* (the same command again: every snapshot read back);
- ``okaeri diff HEAD~50 HEAD`` warm (two cached snapshots).

No peer tool re-verifies past revisions (Valispace and COMET keep stored values, SysML v2
tools diff models), so the figures are absolute, with warm as a fraction of cold.

Run: ``python benchmarks/history.py`` (prints JSON; warm figures are medians of 3 runs,
cold is one run).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _machine import machine

COMMITS = 50
WARM_REPEATS = 3
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
           "GIT_CONFIG_NOSYSTEM": "1"}

EDITS = (
    ("model/capsule.yaml", 'basic_mass: "10 kg"', 'basic_mass: "{value:.1f} kg"',
     lambda k: 10.0 + 0.1 * k),
    ("model/otv.yaml", 'basic_mass: "120 kg"', 'basic_mass: "{value:.1f} kg"',
     lambda k: 120.0 + 0.2 * k),
    ("requirements/system.yaml", 'limit: "1600 kg"', 'limit: "{value:.0f} kg"',
     lambda k: 1600.0 + k),
)
"""(file, text in the reference mission, replacement, value of the k-th change)."""


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                   capture_output=True, env={**os.environ, **GIT_ENV})


def generate(mission: Path) -> None:
    """The repository: the reference mission, then :data:`COMMITS` commits."""
    subprocess.run([sys.executable, "-m", "okaeri", "init", str(mission)], check=True,
                   capture_output=True)
    git(mission, "init", "-q", "-b", "main")
    git(mission, "add", "-A")
    git(mission, "commit", "-q", "-m", "LSR-1 from okaeri init")
    current = {file: old for file, old, _, _ in EDITS}
    for i in range(COMMITS):
        file, _, new, value = EDITS[i % len(EDITS)]
        path = mission / file
        text = path.read_text(encoding="utf-8")
        if text.count(current[file]) != 1:
            raise SystemExit(f"{file}: {current[file]!r} is not there once")
        replacement = new.format(value=value(i // len(EDITS) + 1))
        path.write_text(text.replace(current[file], replacement), encoding="utf-8")
        current[file] = replacement
        git(mission, "commit", "-q", "-am", f"change {i + 1}: {file} {replacement}")


def okaeri(*args: str, env: dict[str, str]) -> tuple[float, str]:
    """Seconds one ``okaeri`` command takes in a new interpreter, and its output."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "okaeri", *args], env=env, check=False,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"okaeri {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return elapsed, done.stdout


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="okaeri-bench-history-") as tmp:
        root = Path(tmp)
        mission = root / "mission"
        generate(mission)
        env = {**os.environ, "OKAERI_CACHE_DIR": str(root / "cache")}
        history = ("history", "--mission", str(mission), "--json")
        cold, output = okaeri(*history, env=env)
        points = len(json.loads(output)["points"])
        warm = statistics.median(okaeri(*history, env=env)[0] for _ in range(WARM_REPEATS))
        diff = statistics.median(
            okaeri("diff", "HEAD~50", "HEAD", "--mission", str(mission), "--json", env=env)[0]
            for _ in range(WARM_REPEATS))
    print(json.dumps({
        "commits": COMMITS,
        "states_verified": points,
        "history_cold_s": round(cold, 2),
        "history_cold_per_state_s": round(cold / points, 3),
        "history_warm_s": round(warm, 2),
        "warm_over_cold": round(warm / cold, 4),
        "diff_warm_s": round(diff, 2),
        "machine": machine(),
    }, indent=2))


if __name__ == "__main__":
    main()
