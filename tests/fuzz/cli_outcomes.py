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


def check(folder: Path, *, text_when_invalid: bool = True) -> Outcome:
    """``okaeri check FOLDER --json`` and ``okaeri check FOLDER``: the JSON run for the
    findings' locations, the text run for tracebacks in the summary or the findings'
    rendering (skipped for a refused mission when ``text_when_invalid`` is false, to save
    a load in a long campaign); the two exit codes agree."""
    structured = _run("check --json", ["check", str(folder), "--json"])
    outcome = structured
    with contextlib.suppress(ValueError):
        structured.data = json.loads(structured.stdout)
    if structured.code != 2 or text_when_invalid:
        text = _run("check", ["check", str(folder)])
        outcome = Outcome("check", text.code, text.stdout, text.stderr,
                          structured.problems + text.problems, structured.data)
        if structured.code != text.code:
            outcome.problems.append(f"check exits {text.code}, check --json exits "
                                    f"{structured.code}")
    if outcome.code == 2 and isinstance(outcome.data, dict):
        for finding in outcome.data.get("findings", []):
            if not (finding.get("file") or finding.get("path")):
                outcome.problems.append(f"unlocated finding: {finding}")
    elif outcome.code == 2 and not (outcome.stderr.strip() or outcome.stdout.strip()):
        outcome.problems.append("exit 2 without a finding")
    return outcome


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
