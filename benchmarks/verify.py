"""Speed of ``okaeri verify`` at scale: N generated requirements, with JUnit and JSON,
and the HTML report; and how both grow with N.

A generated mission is the reference mission plus N requirements (20 parents of N - 20
derived requirements with criteria on budget, entry, trajectory and component
quantities) in one more file. Each figure is a whole command in a fresh interpreter
(start-up and imports included), the median of ``--repeats`` runs, wall and CPU seconds,
with the analysis cache warm (the analyses do not depend on N) and the report's figures
drawn once before the timed runs (they are kept in the cache folder):

- ``okaeri verify MISSION --junit FILE --json FILE``: target at most 3 s at 10,000
  requirements (issue 17);
- ``okaeri report MISSION --format html``: target at most 5 s at 10,000;
- ``--growth 10000,20000,50000`` repeats both at each N (one run each) and gives the
  seconds per 1,000 requirements, which stays flat when the cost grows linearly.

The reference mission's first run, cold and warm figures are in ``startup.py``. There
is no peer for this command: ``review.py`` compares the requirement documents with
sphinx-needs.

Run: ``python benchmarks/verify.py [--requirements 10000] [--growth 10000,50000]``
(prints JSON).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from _command import Timed, base_env, okaeri
from _machine import machine

PARENTS = 20
TARGETS_S = {"verify_junit_json_10000": 3.0, "html_report_10000": 5.0}

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


def generated_id(i: int) -> str:
    """``GAA-000`` ... : a valid requirement id for the i-th generated requirement (up to
    26,000 * 26 of them: three letters, then the number)."""
    return (f"G{chr(65 + (i // 26_000) % 26)}{chr(65 + (i // 1000) % 26)}"
            f"{chr(65 + (i // 100) % 10)}-{i % 1000:03d}")


def generate(folder: Path, requirements: int) -> None:
    """The reference mission with ``requirements`` generated requirements in one more
    file."""
    from okaeri.model import reference_mission_path

    shutil.copytree(reference_mission_path(), folder)
    lines = ["requirements:"]
    for p in range(PARENTS):
        lines += [f"  - id: GPR-{p:03d}", f"    title: Generated parent {p}",
                  "    text: The generated system shall meet its derived requirements.",
                  "    rationale: scale benchmark", "    level: system", "    method: analysis"]
    for i in range(requirements - PARENTS):
        quantity, comparator, limit = QUANTITIES[i % len(QUANTITIES)]
        lines += [f"  - id: {generated_id(i)}", f"    title: Generated {i}",
                  "    text: The generated quantity shall stay within its limit.",
                  "    rationale: scale benchmark", "    level: subsystem",
                  f"    parents: [GPR-{i % PARENTS:03d}]", "    method: analysis",
                  "    criterion:", f"      quantity: {quantity}",
                  f"      comparator: \"{comparator}\"", f"      limit: \"{limit}\""]
    (folder / "requirements" / "generated.yaml").write_text("\n".join(lines) + "\n")
    activity = folder / "verification" / "budgets.yaml"
    ids = [generated_id(i) for i in range(requirements - PARENTS)]
    activity.write_text(activity.read_text() + "\n  - id: ANA-GEN-001\n    kind: budgets\n"
                        "    title: Generated checks\n"
                        f"    verifies: [{', '.join(ids)}]\n")


def _figure(runs: list[Timed]) -> dict[str, float]:
    return {"wall_s": round(statistics.median(r.wall_s for r in runs), 3),
            "cpu_s": round(statistics.median(r.cpu_s for r in runs), 3)}


def measure(root: Path, n: int, repeats: int, env: dict[str, str]) -> dict[str, Any]:
    """Verify (JUnit + JSON) and the HTML report of a mission with ``n`` requirements."""
    folder = root / f"mission-{n}"
    generate(folder, n)
    outputs = ["--junit", str(root / "v.xml"), "--json", str(root / "v.json")]
    okaeri("verify", str(folder), "-q", *outputs, env=env)  # fills the analysis cache
    verify = [okaeri("verify", str(folder), "-q", *outputs, env=env) for _ in range(repeats)]
    html = ["report", str(folder), "--format", "html", "--out", str(root / f"report-{n}")]
    okaeri(*html, env=env)  # draws the figures once into the cache, as a second run finds
    report = [okaeri(*html, env=env) for _ in range(repeats)]
    shutil.rmtree(folder)
    found = {"requirements": n, "verify_junit_json": _figure(verify),
             "html_report": _figure(report)}
    for name in ("verify_junit_json", "html_report"):
        found[name]["wall_s_per_1000"] = round(found[name]["wall_s"] * 1000 / n, 3)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", type=int, default=10_000,
                        help="generated requirements (default 10,000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--growth", default="",
                        help="comma-separated further N, one run each (e.g. 20000,50000)")
    args = parser.parse_args()
    if args.requirements <= PARENTS:
        parser.error(f"--requirements must be more than {PARENTS}")
    growth = [int(n) for n in args.growth.split(",") if n.strip()]
    env = base_env()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env["OKAERI_CACHE_DIR"] = str(root / "cache")
        main_figure = measure(root, args.requirements, args.repeats, env)
        grown = [measure(root, n, 1, env) for n in growth if n > PARENTS]
    print(json.dumps({
        "benchmark": "verify",
        "machine": machine(),
        **main_figure,
        "growth": grown,
        "targets_s": TARGETS_S,
        "peer": "none for this command (review.py compares documents with sphinx-needs)",
        "note": "whole commands in a new interpreter, start-up and imports included, "
                "analysis cache warm; CPU is the child's user + system time",
    }, indent=2))


if __name__ == "__main__":
    main()
