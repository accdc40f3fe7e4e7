"""Speed of the design review package at scale, against sphinx-needs in the same run.

For each N (default 2,000, 10,000 and 50,000) the peers' generator
(``shared/peers/req_scale.py gen N``) writes N requirements in three levels (1 % top,
10 % system, the rest leaves; each with one parent one level up; title, a statement of
3-4 sentences and a rationale). The same requirements are added to a copy of the
reference mission (its 30 requirements stay): the top level derives from MIS-001, every
leaf is verified by analysis with a criterion over a budget or entry quantity, every
tenth leaf also by test (no test evidence yet: it stays inconclusive, partially
compliant), and every fiftieth statement carries a ``TBD-nnn`` marker.

Timed, one after the other, each as a whole command in a new process (start-up and
imports included), with the peers' ``measure`` (``/usr/bin/time -v``: wall seconds and
the largest process's maximum RSS):

- ``okaeri verify --junit --json``;
- ``okaeri report --format html``;
- ``okaeri review`` (the HTML design review data package, cold: a fresh output folder;
  the analysis cache is warm, as in CI after the first command);
- ``sphinx-build -b html -j 1`` of the peers' sphinx-needs project of the same N (cold:
  ``_build`` removed), when ``--sphinx-build`` is given.

Run::

    python benchmarks/review.py --peers ../shared/peers \\
        --sphinx-build /tmp/sn-venv/bin/sphinx-build --sizes 2000 10000 50000

(sphinx-needs in a throw-away venv: ``python3 -m venv /tmp/sn-venv &&
/tmp/sn-venv/bin/pip install sphinx sphinx-needs``). Prints one JSON document: the
machine, the tool versions, per N every timing, and the ratio sphinx-needs / okaeri
review (the target at N = 10,000 is at least 4).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from _machine import machine

QUANTITIES = [
    ("budget.mass.launch", "<=", "2000 kg"),
    ("budget.propellant.required", "<=", "= otv.propulsion.usable_propellant"),
    ("entry.nominal.peak_heat_flux_total", "<=", "= capsule.heat_shield.max_heat_flux"),
    ("entry.nominal.heat_load_total", "<=", "350 MJ/m^2"),
    ("entry.nominal.peak_deceleration", "<=", "50 g0"),
    ("budget.mass.capsule.with_margin", "<=", "60 kg"),
    ("trajectory.tei_delta_v", "<=", "1200 m/s"),
]
"""What the generated leaves check (all of them pass on the reference mission)."""

ACTIVITIES = {"budget": "ANA-BUD-001", "entry": "ANA-ENT-001", "trajectory": "ANA-TRJ-001"}
"""The reference mission's activity that verifies the generated leaves reading each kind
of quantity (by the first part of its key)."""

LEVELS = {1: "system", 2: "subsystem", 3: "component"}
"""okaeri level of the peers' levels 1 (top), 2 (system) and 3 (leaves)."""

ID_PATTERN = r"^(?:[A-Z]{2,5}-\d{3}[A-Z]?|SYS-\d{5})$"
"""The reference mission's ids and the peers' (``SYS-00001``)."""

TIMEOUT_S = 1800.0


def load_harness(peers: Path) -> ModuleType:
    """The peers' ``req_scale.py`` as a module (its generator and its ``measure``)."""
    path = peers / "req_scale.py"
    if not path.is_file():
        raise SystemExit(f"no {path}: give --peers, the folder of the peer harnesses")
    spec = importlib.util.spec_from_file_location("req_scale", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _requirement_lines(req: Any, index: int) -> list[str]:
    statement = " ".join(req.paragraphs)
    if req.level == 3 and index % 50 == 0:
        statement += f" The allowed limit is TBD-{index // 50:03d} until the test campaign."
    lines = [f"  - id: {req.uid}", f"    title: {_quoted(req.title)}",
             f"    text: {_quoted(statement)}", f"    rationale: {_quoted(req.rationale)}",
             f"    level: {LEVELS[req.level]}",
             f"    parents: [{req.parent or 'MIS-001'}]"]
    if req.level < 3:
        return [*lines, "    method: analysis"]
    quantity, comparator, limit = QUANTITIES[index % len(QUANTITIES)]
    methods = "[analysis, test]" if index % 10 == 0 else "[analysis]"
    return [*lines, f"    methods: {methods}", "    criterion:",
            f"      quantity: {quantity}", f"      comparator: \"{comparator}\"",
            f"      limit: \"{limit}\""]


def generate_mission(folder: Path, files: list[dict[str, Any]]) -> int:
    """The reference mission plus the peers' requirements in ``folder``; returns the
    number of requirements added."""
    from okaeri.model import reference_mission_path

    shutil.copytree(reference_mission_path(), folder,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "requirements" / "settings.yaml").write_text(
        f"settings:\n  id_pattern: '{ID_PATTERN}'\n  id_example: SYS-00001\n",
        encoding="utf-8")
    by_producer: dict[str, list[str]] = {producer: [] for producer in ACTIVITIES}
    count = 0
    for f in files:
        lines = [f"# {f['title']} (generated by benchmarks/review.py)", "requirements:"]
        for req in f["reqs"]:
            lines += _requirement_lines(req, count)
            if req.level == 3:
                quantity = QUANTITIES[count % len(QUANTITIES)][0]
                by_producer[quantity.split(".")[0]].append(req.uid)
            count += 1
        (folder / "requirements" / f"{f['name']}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8")
    import yaml

    for path in sorted((folder / "verification").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        changed = False
        for activity in data.get("activities") or ():
            for producer, activity_id in ACTIVITIES.items():
                if activity.get("id") == activity_id:
                    activity["verifies"] = [*activity["verifies"], *by_producer[producer]]
                    changed = True
        if changed:
            path.write_text(yaml.safe_dump(data, sort_keys=False, width=100),
                            encoding="utf-8")
    return count


def _measure(harness: ModuleType, label: str, logs: Path, cwd: Path | None,
             command: list[str]) -> dict[str, Any]:
    """One timed command (the harness's ``measure``: /usr/bin/time -v)."""
    out = subprocess.run(
        [sys.executable, harness.__file__, "measure", "--label", label, "--timeout-s",
         str(TIMEOUT_S), "--log", str(logs / f"{label}.log"), "--", *command],
        capture_output=True, text=True, cwd=cwd, check=True)
    row: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    log = Path(row.pop("log"))
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        label, _, value = line.strip().partition(": ")
        if label in ("User time (seconds)", "System time (seconds)"):
            row["cpu_s"] = round(row.get("cpu_s", 0.0) + float(value), 2)
    if row["rc"] not in (0, 1) or row["timed_out"]:
        raise SystemExit(f"{label} failed (exit {row['rc']}); see {logs / label}.log")
    return row


def measure_size(n: int, harness: ModuleType, root: Path, sphinx_build: str | None,
                 env: dict[str, str]) -> dict[str, Any]:
    """Every timing at ``n`` requirements."""
    peers_out = root / f"peers-{n}"
    subprocess.run([sys.executable, harness.__file__, "gen", str(n), str(peers_out)],
                   check=True, capture_output=True)
    _, files = harness.build_model(n, 1, 200)
    mission = root / f"mission-{n}"
    added = generate_mission(mission, files)
    logs = root / f"logs-{n}"
    okaeri = [sys.executable, "-m", "okaeri"]
    os.environ.update(env)
    # Warm the analysis cache and numba's compiled code once (not timed).
    subprocess.run([*okaeri, "verify", str(mission), "-q"], check=False, capture_output=True)
    rows = {
        "verify_junit_json": _measure(harness, f"okaeri-verify-{n}", logs, None, [
            *okaeri, "verify", str(mission), "-q", "--junit", str(root / "v.xml"),
            "--json", str(root / "v.json")]),
        "report_html": _measure(harness, f"okaeri-report-{n}", logs, None, [
            *okaeri, "report", str(mission), "--format", "html", "--out",
            str(root / f"report-{n}")]),
    }
    shutil.rmtree(root / f"review-{n}", ignore_errors=True)
    rows["review_html"] = _measure(harness, f"okaeri-review-{n}", logs, None, [
        *okaeri, "review", str(mission), "--out", str(root / f"review-{n}")])
    result: dict[str, Any] = {"requirements_okaeri": added + 30, "requirements_peer": n,
                              "okaeri": rows}
    html = root / f"review-{n}" / "html"
    result["review_output_mb"] = round(sum(p.stat().st_size for p in html.rglob("*")
                                           if p.is_file()) / 2**20, 1)
    if sphinx_build:
        project = peers_out / "sphinx"
        shutil.rmtree(project / "_build", ignore_errors=True)
        peer = _measure(harness, f"sphinx-needs-{n}", logs, project,
                        [sphinx_build, "-b", "html", "-j", "1", ".", "_build/html"])
        result["sphinx_needs_html_j1"] = peer
        result["ratio_sphinx_needs_over_okaeri_review"] = round(
            peer["wall_s"] / rows["review_html"]["wall_s"], 2)
        result["ratio_cpu_sphinx_needs_over_okaeri_review"] = round(
            peer["cpu_s"] / rows["review_html"]["cpu_s"], 2)
    return result


def _versions(sphinx_build: str | None) -> dict[str, str]:
    from importlib.metadata import version

    found = {name: version(name) for name in ("okaeri", "sphinx", "docutils", "furo")}
    if sphinx_build:
        python = Path(sphinx_build).parent / "python"
        out = subprocess.run([str(python), "-c", "from importlib.metadata import version; "
                              "print(version('sphinx'), version('sphinx-needs'))"],
                             capture_output=True, text=True, check=False)
        sphinx, _, needs = out.stdout.strip().partition(" ")
        found.update({"peer sphinx": sphinx, "peer sphinx-needs": needs})
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", type=Path,
                        default=Path(__file__).resolve().parents[1].parent / "shared" / "peers",
                        help="folder of the peer harnesses (req_scale.py)")
    parser.add_argument("--sphinx-build", default=None,
                        help="sphinx-build of a venv with sphinx-needs (the peer)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 10_000, 50_000])
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the generated projects and outputs in this folder")
    args = parser.parse_args(argv)
    harness = load_harness(args.peers)
    with tempfile.TemporaryDirectory(prefix="okaeri-review-bench-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        env = {"OKAERI_CACHE_DIR": str(root / "cache"), "SOURCE_DATE_EPOCH": "1790000000"}
        sizes = {str(n): measure_size(n, harness, root, args.sphinx_build, env)
                 for n in args.sizes}
    print(json.dumps({"machine": machine(), "versions": _versions(args.sphinx_build),
                      "target": "okaeri review at 10,000 requirements at least 4x faster "
                      "than sphinx-needs' HTML build (-j 1) measured in the same run",
                      "sizes": sizes,
                      "note": "whole commands in a new process (start-up and imports "
                      "included), one after the other; wall seconds and max RSS from "
                      "/usr/bin/time -v"}, indent=2))


if __name__ == "__main__":
    main()
