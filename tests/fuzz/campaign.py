"""Fuzz campaign: N mutated reference missions through ``okaeri check`` and, for a
seeded subset, ``okaeri verify`` with and without the analysis cache.

Every case is a copy of the reference mission with one to three random mutations
(:mod:`mission_mutations`: values set to zero, negative, tiny, huge or non-finite, scaled,
units swapped, expressions edited, keys deleted, list items duplicated or swapped, types
swapped), its Monte Carlo cut to :data:`mission_mutations.SAMPLES` samples. Each case runs
``okaeri check --json`` (and the text ``okaeri check`` when the mission is valid); a
seeded fraction (``--verify-fraction``) of the cases that ``check`` accepts also runs
``okaeri verify`` three times: ``--no-cache``, then with the campaign's shared cache
(filled by earlier cases: a hit from another mission that shares an analysis's inputs),
then again (a hit of its own entries). The runs go through ``okaeri.cli.main`` in
long-lived worker processes; a case that exceeds ``--timeout`` seconds is a hang (its
worker is killed and replaced).

Counted: tracebacks (an exception out of ``main`` or a traceback printed), hangs,
cache disagreements (a requirement's verdict, value, limit, margin or estimate differs
between the three verify runs, or their exit codes do), unlocated findings, exit codes
outside {0, 1, 2}, and workers that died. Each failure is written to ``--out`` as a
reproducer (``case-NNNNN.json``: the mutations and what went wrong); ``--replay FILE``
runs one again in this process and prints what it does.

Run: ``python tests/fuzz/campaign.py --cases 10000 --seed 1`` (prints JSON on stdout,
progress on stderr). The same seed gives the same cases.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cli_outcomes as outcomes
import mission_mutations as mutations

KINDS = ("tracebacks", "hangs", "cache_disagreements", "unlocated_findings",
         "bad_exit_codes", "worker_crashes")


def draw_case(seed: int, case: int, documents: dict[str, Any],
              verify_fraction: float) -> tuple[mutations.Mutant, bool]:
    """The mutations of case ``case`` of the campaign ``seed``, and whether it runs
    ``verify`` (independent draws: the split does not change the mutations)."""
    mutant = mutations.draw_mutations(random.Random(f"{seed}:{case}"), documents)
    return mutant, random.Random(f"{seed}:{case}:verify").random() < verify_fraction


def run_case(mutant: mutations.Mutant, with_verify: bool, work: Path, cache: Path,
             documents: dict[str, Any]) -> dict[str, Any]:
    """One case: write the mission, check it, verify it three times when asked."""
    folder = mutations.write_mission(work / "mission", mutant, documents)
    checked = outcomes.check(folder, text_when_invalid=False)
    result: dict[str, Any] = {"check_code": checked.code, "problems": checked.problems,
                              "disagreements": [], "verify_codes": []}
    if with_verify and checked.code in (0, 1):
        runs = [outcomes.verify(folder, work, None), outcomes.verify(folder, work, cache),
                outcomes.verify(folder, work, cache)]
        result["verify_codes"] = [r.code for r in runs]
        for name, run in zip(("uncached", "cached", "cache hit"), runs, strict=True):
            result["problems"] += [f"verify {name}: {p}" for p in run.problems]
        if len({r.code for r in runs}) > 1:
            result["disagreements"].append(f"exit codes {result['verify_codes']}")
        for name, run in zip(("cached", "cache hit"), runs[1:], strict=True):
            result["disagreements"] += [f"{name}: {d}" for d in
                                        outcomes.disagreements(runs[0].data, run.data)]
    return result


def _worker(connection: Connection, cache: str) -> None:
    """Run the cases the parent sends until it sends ``None``."""
    import warnings

    warnings.simplefilter("ignore")
    documents = mutations.load_documents()
    work = Path(tempfile.mkdtemp(prefix="okaeri-fuzz-"))
    try:
        while (task := connection.recv()) is not None:
            case, text, with_verify = task
            started = time.perf_counter()
            result = run_case(mutations.Mutant.from_json(text), with_verify, work,
                              Path(cache), documents)
            result["seconds"] = time.perf_counter() - started
            connection.send((case, result))
    finally:
        shutil.rmtree(work, ignore_errors=True)


@dataclass
class _Slot:
    process: Any
    connection: Connection
    task: tuple[int, str, bool] | None = None
    deadline: float = 0.0


def _start(context: Any, cache: Path) -> _Slot:
    parent, child = context.Pipe()
    process = context.Process(target=_worker, args=(child, str(cache)), daemon=True)
    process.start()
    child.close()
    return _Slot(process, parent)


def _kinds(result: dict[str, Any]) -> list[str]:
    """The failure kinds of a case's result."""
    problems = result.get("problems", [])
    kinds = []
    if any("traceback" in p for p in problems):
        kinds.append("tracebacks")
    if any("unlocated finding" in p or "without a finding" in p for p in problems):
        kinds.append("unlocated_findings")
    if any("exit code" in p or "exits" in p or "without its JSON" in p for p in problems):
        kinds.append("bad_exit_codes")
    if result.get("disagreements"):
        kinds.append("cache_disagreements")
    return kinds


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def campaign(args: argparse.Namespace) -> dict[str, Any]:
    """Run the campaign; the JSON summary."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    documents = mutations.load_documents()
    context = mp.get_context("spawn")
    cache = Path(tempfile.mkdtemp(prefix="okaeri-fuzz-cache-"))
    counts = dict.fromkeys(KINDS, 0)
    exit_codes: dict[str, int] = {}
    verified = 0
    verify_seconds = check_seconds = 0.0
    pending = list(range(args.cases))[::-1]
    slots = [_start(context, cache) for _ in range(args.workers)]
    done = 0
    started = time.perf_counter()

    def failed(case: int, text: str, kinds: list[str], detail: Any) -> None:
        for kind in kinds:
            counts[kind] += 1
        (out / f"case-{case:05d}.json").write_text(json.dumps(
            {"case": case, "seed": args.seed, "kinds": kinds, "detail": detail,
             "mutations": json.loads(text)}, indent=1, default=str))

    try:
        while pending or any(s.task for s in slots):
            for slot in slots:
                if slot.task is None and pending:
                    case = pending.pop()
                    mutant, with_verify = draw_case(args.seed, case, documents,
                                                    args.verify_fraction)
                    slot.task = (case, mutant.as_json(), with_verify)
                    slot.deadline = time.monotonic() + args.timeout * (3 if with_verify else 1)
                    slot.connection.send(slot.task)
            busy = [s for s in slots if s.task]
            ready = wait([s.connection for s in busy],
                         timeout=max(0.0, min(s.deadline for s in busy) - time.monotonic()))
            for slot in busy:
                assert slot.task is not None
                case, text, with_verify = slot.task
                if slot.connection in ready:
                    try:
                        _, result = slot.connection.recv()
                    except (EOFError, OSError):
                        failed(case, text, ["worker_crashes"],
                               f"worker exit code {slot.process.exitcode}")
                        slot.process.join(1)
                        slots[slots.index(slot)] = _start(context, cache)
                        done += 1
                        continue
                    kinds = _kinds(result)
                    if kinds:
                        failed(case, text, kinds, result)
                    exit_codes[str(result["check_code"])] = exit_codes.get(
                        str(result["check_code"]), 0) + 1
                    if result["verify_codes"]:
                        verified += 1
                        verify_seconds += result["seconds"]
                    else:
                        check_seconds += result["seconds"]
                    slot.task = None
                elif time.monotonic() > slot.deadline:
                    failed(case, text, ["hangs"], f"no answer within {args.timeout} s"
                           f"{' x 3 (verify)' if with_verify else ''}")
                    slot.process.kill()
                    slot.process.join()
                    slots[slots.index(slot)] = _start(context, cache)
                else:
                    continue
                done += 1
                if done % 100 == 0:
                    rate = done / (time.perf_counter() - started)
                    print(f"{done}/{args.cases} cases, {rate:.1f}/s, {counts}",
                          file=sys.stderr, flush=True)
    finally:
        for slot in slots:
            if slot.process.is_alive():
                slot.connection.send(None)
                slot.process.join(5)
                if slot.process.is_alive():
                    slot.process.kill()
        shutil.rmtree(cache, ignore_errors=True)
    wall = time.perf_counter() - started
    checked = sum(exit_codes.values())
    return {
        "cases": args.cases,
        "seed": args.seed,
        "counts": counts,
        "check": {"cases": checked, "exit_codes": dict(sorted(exit_codes.items())),
                  "mean_seconds": check_seconds / max(1, checked - verified)},
        "verify": {"cases": verified, "runs_per_case": 3,
                   "fraction_drawn": args.verify_fraction,
                   "note": "verify runs only on cases whose check exits 0 or 1",
                   "monte_carlo_samples": mutations.SAMPLES,
                   "mean_seconds_per_case": verify_seconds / max(1, verified)},
        "timeout_s": args.timeout,
        "wall_s": round(wall, 1),
        "cases_per_s": round(args.cases / wall, 2),
        "workers": args.workers,
        "machine": {"cores": os.cpu_count(), "cpu_model": _cpu_model(),
                    "python": platform.python_version(), "system": platform.system()},
        "reproducers": str(out),
    }


def replay(path: Path) -> dict[str, Any]:
    """Run a reproducer's case again in this process (with verify)."""
    data = json.loads(path.read_text())
    mutant = mutations.Mutant(tuple(mutations.Mutation.from_dict(m)
                                    for m in data["mutations"]))
    work = Path(tempfile.mkdtemp(prefix="okaeri-fuzz-replay-"))
    cache = work / "cache"
    result = run_case(mutant, True, work, cache, mutations.load_documents())
    result["mission"] = str(work / "mission")
    return result


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run, print the JSON summary; exit 1 when a case failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds a check may take (three times that with verify)")
    parser.add_argument("--verify-fraction", type=float, default=0.1,
                        help="fraction of the cases that check accepts (exit 0 or 1) that "
                        "also run verify (seeded draw)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", default="fuzz-reproducers",
                        help="folder for the reproducers of failed cases")
    parser.add_argument("--replay", type=Path, help="run one reproducer again")
    args = parser.parse_args(argv)
    if args.replay:
        print(json.dumps(replay(args.replay), indent=1, default=str))
        return 0
    summary = campaign(args)
    print(json.dumps(summary, indent=1))
    return 1 if any(summary["counts"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
