"""Speed of requirement interchange: ReqIF, CSV and XLSX of a generated requirement set.

A mission of N requirements (default 2,000) in three levels (1 % top, 10 % system, the
rest below, each with one parent a level up, as the peer harness ``req_scale.py`` of
the StrictDoc/sphinx-needs comparison generates them), multi-line statements and one
attribute each. Measured as whole commands (a new process each, as a user runs them),
median of ``--repeats`` runs:

- ``okaeri requirements export --format reqif|csv|xlsx`` (load the YAML, write the file);
- ``okaeri requirements import`` of each export into an empty mission (read, check,
  write the YAML);
- with ``--strictdoc EXE`` (a StrictDoc 0.30 executable in its own virtual environment),
  the peer doing the same work on the same requirements: ``strictdoc export
  --formats=reqif-sdoc`` of the equivalent ``.sdoc`` project, ``strictdoc convert`` of
  that ReqIF back to ``.sdoc``, and ``okaeri requirements import`` of StrictDoc's ReqIF;
  okaeri's figures are also given as ratios to the peer's.

Run: ``python benchmarks/interchange.py [--n 2000] [--strictdoc VENV/bin/strictdoc]``
(prints JSON).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WORDS = ("capsule", "heat", "shield", "parachute", "beacon", "battery", "tank", "thruster",
         "antenna", "sample", "canister", "telemetry", "frame", "margin", "limit", "entry",
         "descent", "landing", "orbit", "transfer", "vehicle")


def generated(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """N requirements: ids SYS-00001..., three levels; child i of C in a level has parent
    floor(i * P / C) of the P requirements a level up (contiguous blocks)."""
    rng = random.Random(seed)
    top, system = max(1, round(n * 0.01)), max(1, round(n * 0.10))
    by_level = {"mission": list(range(top)), "system": list(range(top, top + system)),
                "subsystem": list(range(top + system, n))}
    above = {"system": "mission", "subsystem": "system"}
    items = []
    for level, numbers in by_level.items():
        for position, index in enumerate(numbers):
            words = [rng.choice(WORDS) for _ in range(40)]
            item: dict[str, Any] = {
                "id": f"SYS-{index + 1:05d}", "title": " ".join(words[:6]).capitalize(),
                "text": f"The {words[0]} shall {' '.join(words[1:20])}.\n"
                        f"The {words[20]} {' '.join(words[21:])}.",
                "rationale": f"Derived from the {words[3]} analysis.", "level": level,
                "attributes": {"STATUS": rng.choice(["Draft", "Approved"])}}
            if level in above:
                parents = by_level[above[level]]
                parent = parents[position * len(parents) // len(numbers)]
                item["parents"] = [f"SYS-{parent + 1:05d}"]
            items.append(item)
    return items


def write_mission(folder: Path, items: list[dict[str, Any]]) -> None:
    from okaeri.requirements import Requirement
    from okaeri.requirements.interchange.yaml_writer import requirements_yaml
    from okaeri.requirements.settings import RequirementSettings, settings_yaml

    (folder / "requirements").mkdir(parents=True)
    (folder / "requirements" / "settings.yaml").write_text(settings_yaml(RequirementSettings(
        id_pattern=r"^SYS-\d{5}$", id_example="SYS-00001")))
    from okaeri.requirements.ids import IdPattern

    context = IdPattern(r"^SYS-\d{5}$", "SYS-00001").context()
    for level in ("mission", "system", "subsystem"):
        requirements = [Requirement.model_validate(i, context=context) for i in items
                        if i["level"] == level]
        (folder / "requirements" / f"{level}.yaml").write_text(requirements_yaml(requirements))


def write_sdoc(folder: Path, items: list[dict[str, Any]]) -> None:
    (folder / "docs").mkdir(parents=True)
    for level in ("mission", "system", "subsystem"):
        lines = ["[DOCUMENT]", f"TITLE: {level}", ""]
        for item in (i for i in items if i["level"] == level):
            lines += ["[REQUIREMENT]", f"UID: {item['id']}", f"STATUS: "
                      f"{item['attributes']['STATUS']}", f"TITLE: {item['title']}",
                      "STATEMENT: >>>", item["text"], "<<<", "RATIONALE: >>>",
                      item["rationale"], "<<<"]
            if item.get("parents"):
                lines += ["RELATIONS:", "- TYPE: Parent", f"  VALUE: {item['parents'][0]}"]
            lines.append("")
        (folder / "docs" / f"{level}.sdoc").write_text("\n".join(lines), encoding="utf-8")


def timed(command: list[str], repeats: int, before: Any = None) -> float:
    """Median wall time of ``command`` (s); ``before`` runs untimed before each run."""
    times = []
    for _ in range(repeats):
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=600)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def okaeri(*args: str) -> list[str]:
    return [sys.executable, "-m", "okaeri", "requirements", *args]


def measure(n: int, repeats: int, strictdoc: str | None) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="okaeri-interchange-"))
    try:
        items = generated(n)
        mission = work / "mission"
        write_mission(mission, items)
        target = work / "target"
        pattern = ["--id-pattern", r"^SYS-\d{5}$", "--id-example", "SYS-00001"]

        def empty_target() -> None:
            shutil.rmtree(target, ignore_errors=True)
            (target / "requirements").mkdir(parents=True)

        figures: dict[str, Any] = {"requirements": n, "repeats": repeats}
        for fmt in ("reqif", "csv", "xlsx"):
            out = work / f"export.{fmt}"
            figures[f"okaeri_export_{fmt}_s"] = timed(
                okaeri("export", str(mission), "--format", fmt, "--out", str(out)), repeats)
            figures[f"okaeri_import_{fmt}_s"] = timed(
                okaeri("import", str(out), "--into", str(target), *pattern), repeats,
                empty_target)
        if strictdoc:
            figures |= measure_peer(strictdoc, work, items, repeats, pattern, empty_target)
            figures["ratio_export_reqif_okaeri_to_strictdoc"] = (
                figures["okaeri_export_reqif_s"] / figures["strictdoc_export_reqif_s"])
            figures["ratio_import_reqif_okaeri_to_strictdoc_convert"] = (
                figures["okaeri_import_strictdoc_reqif_s"]
                / figures["strictdoc_convert_reqif_s"])
        return figures
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure_peer(strictdoc: str, work: Path, items: list[dict[str, Any]], repeats: int,
                 pattern: list[str], empty_target: Any) -> dict[str, Any]:
    project, out = work / "sdoc", work / "sdoc-out"
    write_sdoc(project, items)
    figures: dict[str, Any] = {"strictdoc_version": subprocess.run(
        [strictdoc, "version"], capture_output=True, text=True).stdout.strip()}
    figures["strictdoc_export_reqif_s"] = timed(
        [strictdoc, "export", "--formats=reqif-sdoc", "--output-dir", str(out), str(project)],
        repeats, lambda: shutil.rmtree(out, ignore_errors=True))
    peer_reqif = out / "reqif" / "output.reqif"
    kept = work / "strictdoc.reqif"
    shutil.copy(peer_reqif, kept)
    converted = work / "sdoc-converted"
    figures["strictdoc_convert_reqif_s"] = timed(
        [strictdoc, "convert", "--output-format", "sdoc", str(kept), str(converted)], repeats,
        lambda: shutil.rmtree(converted, ignore_errors=True))
    figures["okaeri_import_strictdoc_reqif_s"] = timed(
        okaeri("import", str(kept), "--into", str(work / "target"), *pattern), repeats,
        empty_target)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="requirements (default 2000)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--strictdoc", help="StrictDoc executable, for the peer figures")
    args = parser.parse_args()
    figures = measure(args.n, args.repeats, args.strictdoc)
    print(json.dumps(figures, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
