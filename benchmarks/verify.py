"""Speed of ``okaeri verify``: the reference mission cold and warm, and 2,000 requirements.

Measured as whole commands in a fresh interpreter (start-up and imports included):

- ``okaeri verify`` on the reference mission, which runs a 2,000-sample entry Monte
  Carlo, the corridor and the budgets: *cold* with an empty analysis cache (compiled
  numba code already on disk, as after the first run of an installation), and *warm*
  with the cache filled by a previous run; targets 3 s and 0.5 s (issue 6);
- a generated mission with 2,000 requirements (20 parents of 100 derived requirements
  with criteria on budget, entry and component quantities), verified and reported (the
  JUnit XML, the JSON run and, when ``okaeri report`` exists, the HTML report); target 5 s.

Run: ``python benchmarks/verify.py`` (prints JSON; the median of 3 runs each).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEATS = 3
REQUIREMENTS = 2_000
PARENTS = 20

QUANTITIES = [
    ("budget.mass.launch", "<=", "1600 kg"),
    ("budget.propellant.required", "<=", "= otv.propulsion.usable_propellant"),
    ("entry.nominal.peak_heat_flux_total", "<=", "= capsule.heat_shield.max_heat_flux"),
    ("entry.nominal.heat_load_total", "<=", "350 MJ/m^2"),
    ("entry.nominal.peak_deceleration", "<=", "50 g0"),
    ("otv.structure.predicted_mass", "<=", "150 kg"),
    ("budget.mass.capsule.with_margin", "<=", "50 kg"),
    ("trajectory.tei_delta_v", "<=", "900 m/s"),
]


def okaeri(*args: str, env: dict[str, str]) -> float:
    """Seconds one ``okaeri`` command takes in a new interpreter (exit 0 or 1 expected:
    a command refusing its input would be timed wrongly)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "okaeri", *args], env=env, check=False,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"okaeri {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return elapsed


def generated_id(i: int) -> str:
    """``GAA-000`` ... : a valid requirement id for the i-th generated requirement."""
    return f"G{chr(65 + i // 1000)}{chr(65 + (i // 100) % 10)}-{i % 1000:03d}"


def generate(folder: Path) -> None:
    """The reference mission with 2,000 generated requirements in one more file."""
    from okaeri.model import reference_mission_path

    shutil.copytree(reference_mission_path(), folder)
    lines = ["requirements:"]
    for p in range(PARENTS):
        lines += [f"  - id: GPR-{p:03d}", f"    title: Generated parent {p}",
                  "    text: The generated system shall meet its derived requirements.",
                  "    rationale: scale benchmark", "    level: system", "    method: analysis"]
    for i in range(REQUIREMENTS - PARENTS):
        quantity, comparator, limit = QUANTITIES[i % len(QUANTITIES)]
        lines += [f"  - id: {generated_id(i)}", f"    title: Generated {i}",
                  "    text: The generated quantity shall stay within its limit.",
                  "    rationale: scale benchmark", "    level: subsystem",
                  f"    parents: [GPR-{i % PARENTS:03d}]", "    method: analysis",
                  "    criterion:", f"      quantity: {quantity}",
                  f"      comparator: \"{comparator}\"", f"      limit: \"{limit}\""]
    (folder / "requirements" / "generated.yaml").write_text("\n".join(lines) + "\n")
    activity = folder / "verification" / "budgets.yaml"
    ids = [generated_id(i) for i in range(REQUIREMENTS - PARENTS)]
    activity.write_text(activity.read_text() + "\n  - id: ANA-GEN-001\n    kind: budgets\n"
                        "    title: Generated checks\n"
                        f"    verifies: [{', '.join(ids)}]\n")


def main() -> None:
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env["OKAERI_CACHE_DIR"] = str(root / "warm-up")
        okaeri("verify", "-q", env=env)  # compiles or loads numba code, fills pint's cache
        cold, warm = [], []
        for run in range(REPEATS):
            env["OKAERI_CACHE_DIR"] = str(root / f"cache-{run}")
            cold.append(okaeri("verify", "-q", env=env))
            warm.append(okaeri("verify", "-q", env=env))
        folder = root / "generated"
        generate(folder)
        outputs = ["--junit", str(root / "v.xml"), "--json", str(root / "v.json")]
        okaeri("verify", str(folder), "-q", *outputs, env=env)
        large = [okaeri("verify", str(folder), "-q", *outputs, env=env)
                 for _ in range(REPEATS)]
        from okaeri.cli import COMMANDS

        report = []
        if "report" in COMMANDS:
            for _ in range(REPEATS):
                report.append(okaeri("report", str(folder), "--format", "html", "--out",
                                     str(root / "report"), env=env))
        print(json.dumps({
            "reference_mission_cold_s": statistics.median(cold),
            "reference_mission_warm_s": statistics.median(warm),
            "targets_s": {"cold": 3.0, "warm": 0.5, "requirements_2000": 5.0},
            "requirements_2000_verify_junit_json_s": statistics.median(large),
            "requirements_2000_html_report_s": statistics.median(report) if report else None,
            "monte_carlo_samples": 2000,
            "note": "whole commands in a new interpreter, start-up and imports included",
        }, indent=2))


if __name__ == "__main__":
    main()
