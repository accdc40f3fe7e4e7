"""Running ``okaeri check`` and ``okaeri verify`` in-process on a mutated mission, and
judging what came out: shared by the fuzz test and the fuzz campaign.

A run is bad when ``okaeri.cli.main`` raises (any exception but ``SystemExit`` with
code 2, argparse's), returns an exit code outside {0, 1, 2}, prints a traceback, or
reports a finding that says neither file nor path (an unlocated finding).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okaeri.cli import main

__all__ = ["Outcome", "check", "verdicts", "verify"]

_TRACEBACK = "Traceback (most recent call last)"

COMPARED = ("verdict", "value_si", "limit_si", "margin", "estimate_si")
"""Fields of each requirement's result that must not depend on the cache."""


@dataclass
class Outcome:
    """What one command did: its exit code, its output, and what was wrong with it."""

    command: str
    code: int | None
    stdout: str = ""
    stderr: str = ""
    problems: list[str] = field(default_factory=list)
    """``traceback: ...``, ``exit code 3``, ``unlocated finding: ...``."""
    data: Any = None
    """The JSON it wrote (``check --json``'s output, ``verify --json``'s file)."""


@contextlib.contextmanager
def _environment(name: str, value: str | None) -> Iterator[None]:
    old = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def _run(command: str, argv: list[str], cache: Path | None = None) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    problems: list[str] = []
    code: int | None
    try:
        with (contextlib.redirect_stdout(out), contextlib.redirect_stderr(err),
              _environment("OKAERI_CACHE_DIR", str(cache) if cache else None)):
            code = main(argv)
    except SystemExit as exc:  # argparse refusing arguments exits 2
        code = exc.code if isinstance(exc.code, int) else 2
    except Exception as exc:
        code = None
        problems.append("traceback: " + "".join(
            traceback.format_exception(exc)).strip().splitlines()[-1][:300])
        problems.append("".join(traceback.format_exception(exc))[-3000:])
    if code is not None and code not in (0, 1, 2):
        problems.append(f"exit code {code}")
    for stream in (out.getvalue(), err.getvalue()):
        if _TRACEBACK in stream:
            problems.append("traceback printed: " + stream[stream.index(_TRACEBACK):][:3000])
    return Outcome(command, code, out.getvalue(), err.getvalue(), problems)


def check(folder: Path) -> Outcome:
    """``okaeri check FOLDER`` and ``okaeri check FOLDER --json``: the text run for
    tracebacks, the JSON run for the findings' locations (and the two exit codes agree)."""
    text = _run("check", ["check", str(folder)])
    structured = _run("check --json", ["check", str(folder), "--json"])
    text.problems += structured.problems
    if structured.code != text.code:
        text.problems.append(f"check exits {text.code}, check --json exits {structured.code}")
    with contextlib.suppress(ValueError):
        text.data = json.loads(structured.stdout)
    if text.code == 2 and isinstance(text.data, dict):
        for finding in text.data.get("findings", []):
            if not (finding.get("file") or finding.get("path")):
                text.problems.append(f"unlocated finding: {finding}")
    elif text.code == 2 and not text.stderr.strip():
        text.problems.append("exit 2 without a finding")
    return text


def verify(folder: Path, work: Path, cache: Path | None) -> Outcome:
    """``okaeri verify FOLDER --json FILE -q``, with the analysis cache in ``cache`` or
    with ``--no-cache`` when it is ``None``; :attr:`Outcome.data` is the JSON run."""
    report = work / f"run-{'cached' if cache else 'uncached'}.json"
    report.unlink(missing_ok=True)
    argv = ["verify", str(folder), "--json", str(report), "-q"]
    outcome = _run("verify", [*argv, "--no-cache"] if cache is None else argv, cache)
    if outcome.code in (0, 1):
        try:
            outcome.data = json.loads(report.read_text())
        except (OSError, ValueError) as exc:
            outcome.problems.append(f"verify exited {outcome.code} without its JSON: {exc}")
    return outcome


def verdicts(run: Any) -> dict[str, tuple[Any, ...]]:
    """Each requirement's :data:`COMPARED` fields in a ``verify --json`` run (NaN as
    ``"nan"`` so that equal runs compare equal)."""
    if not isinstance(run, dict):
        return {}

    def plain(value: Any) -> Any:
        return "nan" if isinstance(value, float) and math.isnan(value) else value

    return {r["id"]: tuple(plain(r.get(k)) for k in COMPARED) for r in run["requirements"]}


def disagreements(first: Any, second: Any) -> list[str]:
    """Requirements whose :data:`COMPARED` fields differ between two runs."""
    a, b = verdicts(first), verdicts(second)
    return [f"{key}: {a.get(key)} != {b.get(key)}" for key in sorted(set(a) | set(b))
            if a.get(key) != b.get(key)]
