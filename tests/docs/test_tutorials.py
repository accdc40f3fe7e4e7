"""The tutorials run: every file they show is applied to a fresh ``okaeri init`` mission and
every command they show is run through :func:`okaeri.cli.main`, its output compared with
the page.

Each tutorial page (``docs/tutorials/<name>.rst``) shows the files of the folder
``docs/tutorials/<name>/`` with ``literalinclude``:

- ``*.console``: commands (``$ okaeri ...``, ``$ echo $?``) each followed by its output.
  In the expected output, ``...`` stands for any text within a line (the model's sha256
  and okaeri's version in ``okaeri verify``'s first line).
- ``*.yaml`` fragments (the test says where each goes): a new file of the mission, or
  entries to set in elements of a model file, written as a mapping from the element's id
  (a vehicle or a component) to its entries.
- ``*.py``, ``*.toml``: a mission's analysis module, a package's entry point.

After a deliberate change of okaeri's output, ``OKAERI_UPDATE_TUTORIALS=1 pytest
tests/docs/test_tutorials.py`` rewrites the ``*.console`` files with what okaeri prints
(keeping the expected lines that still match, ``...`` included); review the diff.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import shlex
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from okaeri.cli import main

TUTORIALS = Path(__file__).resolve().parents[2] / "docs" / "tutorials"
BUDGET = TUTORIALS / "declare-a-budget"
ANALYSIS = TUTORIALS / "write-an-analysis"
UPDATE = os.environ.get("OKAERI_UPDATE_TUTORIALS") == "1"
_PROMPT = "$ "


# ---------------------------------------------------------------------------------------
# Console sessions
# ---------------------------------------------------------------------------------------


@dataclass
class Step:
    """One command of a console session and the output the page shows for it."""

    command: str
    expected: list[str]


def parse_session(text: str) -> list[Step]:
    """The commands (lines starting with ``$ ``) and the output lines after each."""
    steps: list[Step] = []
    for line in text.splitlines():
        if line.startswith(_PROMPT):
            steps.append(Step(line[len(_PROMPT):], []))
        elif steps:
            steps[-1].expected.append(line)
        else:
            raise ValueError(f"output before the first command: {line!r}")
    return steps


def line_matches(expected: str, actual: str) -> bool:
    """Whether ``actual`` is ``expected``, ``...`` in it standing for any text."""
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, actual) is not None


def output_matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, trailing spaces ignored."""
    return len(expected) == len(actual) and all(
        line_matches(e.rstrip(), a.rstrip()) for e, a in zip(expected, actual, strict=True))


def run_command(command: str, last_code: int) -> tuple[list[str], int]:
    """Output lines (standard output and error, as a terminal shows them) and exit code."""
    argv = shlex.split(command)
    if argv == ["echo", "$?"]:
        return [str(last_code)], 0
    assert argv[0] == "okaeri", f"a tutorial runs okaeri commands only, not {command!r}"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            code = main(argv[1:])
        except SystemExit as exc:  # argparse's own errors
            code = exc.code if isinstance(exc.code, int) else 2
    return buffer.getvalue().splitlines(), code


def run_session(path: Path, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every command of the session file in ``cwd``; fail on any output that differs
    from the file (or rewrite the file, with ``OKAERI_UPDATE_TUTORIALS=1``)."""
    monkeypatch.chdir(cwd)
    steps = parse_session(path.read_text(encoding="utf-8"))
    code, problems, rewritten = 0, [], []
    for step in steps:
        actual, code = run_command(step.command, code)
        rewritten += [_PROMPT + step.command, *_kept(step.expected, actual)]
        if not output_matches(step.expected, actual):
            diff = difflib.unified_diff(step.expected, actual, "page", "okaeri", lineterm="")
            problems.append(f"$ {step.command}\n" + "\n".join(diff))
    if UPDATE and problems:
        path.write_text("\n".join(rewritten) + "\n", encoding="utf-8")
        return
    assert not problems, (f"{path.relative_to(TUTORIALS)} differs from what okaeri prints "
                          "(OKAERI_UPDATE_TUTORIALS=1 rewrites it):\n" + "\n\n".join(problems))


def _kept(expected: list[str], actual: list[str]) -> list[str]:
    if len(expected) != len(actual):
        return actual
    return [e if line_matches(e.rstrip(), a.rstrip()) else a
            for e, a in zip(expected, actual, strict=True)]


# ---------------------------------------------------------------------------------------
# Applying the YAML fragments
# ---------------------------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def fragment_entries(text: str) -> dict[str, list[str]]:
    """``{element id: lines of its entries, dedented}`` of a fragment file (comments at
    column 0 are the fragment's own, not copied)."""
    owners: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if _indent(line) == 0:
            current = owners.setdefault(line.rstrip().removesuffix(":"), [])
            continue
        assert current is not None, f"entry outside an element: {line!r}"
        current.append(line[2:])
    return owners


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """Index after the last line of the block opened at ``start`` whose content lines are
    indented more than ``indent``."""
    end = start + 1
    last = start
    while end < len(lines):
        if _is_content(lines[end]) and _indent(lines[end]) <= indent:
            break
        if _is_content(lines[end]):
            last = end
        end += 1
    return last + 1


def _entries_by_key(entries: list[str]) -> list[tuple[str, list[str]]]:
    """The top-level keys of dedented entry lines, each with its lines (comments before a
    key belong to it)."""
    found: list[tuple[str, list[str]]] = []
    pending: list[str] = []
    for line in entries:
        if _indent(line) == 0 and _is_content(line):
            found.append((line.split(":", 1)[0], [*pending, line]))
            pending = []
        elif _indent(line) == 0:
            pending.append(line)
        else:
            found[-1][1].append(line)
    return found


def set_entries(path: Path, element: str, entries: list[str], section: str | None) -> None:
    """Set ``entries`` in ``element`` (the item ``- id: <element>`` of ``path``), or in its
    ``section`` mapping: a key already there is replaced, a new one appended."""
    lines = path.read_text(encoding="utf-8").splitlines()
    heads = [i for i, line in enumerate(lines) if line.strip() == f"- id: {element}"]
    assert len(heads) == 1, f"{path.name}: {len(heads)} elements '{element}'"
    head = heads[0]
    key_indent = _indent(lines[head]) + 2
    start, end = head, _block_end(lines, head, key_indent - 2)
    if section is not None:
        found = [i for i in range(head + 1, end)
                 if lines[i] == " " * key_indent + f"{section}:"]
        if not found:
            lines[end:end] = [" " * key_indent + f"{section}:"]
            found = [end]
        start, key_indent = found[0], key_indent + 2
        end = _block_end(lines, start, key_indent - 2)
    for key, new in _entries_by_key(entries):
        text = [" " * key_indent + line if line else line for line in new]
        old = [i for i in range(start + 1, end)
               if lines[i].startswith(" " * key_indent + f"{key}:")]
        if old:
            stop = _block_end(lines, old[0], key_indent)
            lines[old[0]:stop] = text
        else:
            lines[end:end] = text
        end = _block_end(lines, start, key_indent - 2)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def apply_fragment(path: Path, fragment: Path, section: str | None = None) -> None:
    """Set every element's entries of ``fragment`` in the model file ``path``, then check
    that the file holds them (as YAML)."""
    owners = fragment_entries(fragment.read_text(encoding="utf-8"))
    for element, entries in owners.items():
        set_entries(path, element, entries, section)
    items = dict(_items(yaml.safe_load(path.read_text(encoding="utf-8"))))
    for element, entries in owners.items():
        want = yaml.safe_load("\n".join(entries))
        have = items[element] if section is None else items[element][section]
        assert {k: have.get(k) for k in want} == want, f"{fragment.name} not applied to {element}"


def _items(node: object) -> Iterator[tuple[str, dict[str, object]]]:
    """``(id, item)`` of every mapping with an ``id`` in a YAML document."""
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            yield node["id"], node
        for value in node.values():
            yield from _items(value)
    elif isinstance(node, list):
        for value in node:
            yield from _items(value)


def copy_mission(mission: Path, to: Path) -> Path:
    """A copy of the mission folder under ``to`` (for a mistake shown on the side)."""
    target = to / mission.name
    shutil.copytree(mission, target)
    return target


@pytest.fixture
def tutorial_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache, a fixed timestamp, and the working folder of the tutorial."""
    monkeypatch.setenv("OKAERI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    work = tmp_path / "work"
    work.mkdir()
    return work


# ---------------------------------------------------------------------------------------
# The tutorials
# ---------------------------------------------------------------------------------------


def test_declare_a_budget(tutorial_env: Path, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    run_session(BUDGET / "init.console", tutorial_env, monkeypatch)
    mission = tutorial_env / "my-mission"
    otv = mission / "model" / "otv.yaml"
    apply_fragment(otv, BUDGET / "otv-dissipation.yaml", "properties")
    apply_fragment(otv, BUDGET / "otv-radiator.yaml", "properties")
    shutil.copy(BUDGET / "dissipation.yaml", mission / "model" / "dissipation.yaml")
    run_session(BUDGET / "budget.console", tutorial_env, monkeypatch)

    for name, mistake in (("mode", "mistake-mode"), ("unit", "mistake-unit")):
        side = copy_mission(mission, tmp_path / name)
        apply_fragment(side / "model" / "otv.yaml", BUDGET / f"{mistake}.yaml", "properties")
        run_session(BUDGET / f"{mistake}.console", side.parent, monkeypatch)

    shutil.copy(BUDGET / "thermal-requirements.yaml", mission / "requirements" / "thermal.yaml")
    shutil.copy(BUDGET / "thermal-verification.yaml", mission / "verification" / "thermal.yaml")
    run_session(BUDGET / "impact.console", tutorial_env, monkeypatch)
    run_session(BUDGET / "verify-fail.console", tutorial_env, monkeypatch)
    apply_fragment(otv, BUDGET / "radiator-area.yaml", "properties")
    apply_fragment(otv, BUDGET / "radiator-mass.yaml")
    run_session(BUDGET / "verify-pass.console", tutorial_env, monkeypatch)


def test_write_an_analysis(tutorial_env: Path, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    run_session(ANALYSIS / "init.console", tutorial_env, monkeypatch)
    mission = tutorial_env / "my-mission"
    (mission / "analyses").mkdir(exist_ok=True)
    shutil.copy(ANALYSIS / "descent.py", mission / "analyses" / "descent.py")
    apply_fragment(mission / "model" / "capsule.yaml", ANALYSIS / "capsule-parachute.yaml",
                   "properties")
    shutil.copy(ANALYSIS / "descent-requirements.yaml",
                mission / "requirements" / "descent.yaml")
    shutil.copy(ANALYSIS / "descent-verification.yaml",
                mission / "verification" / "descent.yaml")
    run_session(ANALYSIS / "verify.console", tutorial_env, monkeypatch)
    run_session(ANALYSIS / "impact.console", tutorial_env, monkeypatch)

    for mistake in ("mistake-unit", "mistake-key"):
        side = copy_mission(mission, tmp_path / mistake)
        apply_fragment(side / "verification" / "descent.yaml", ANALYSIS / f"{mistake}.yaml")
        run_session(ANALYSIS / f"{mistake}.console", side.parent, monkeypatch)

    packaged = copy_mission(mission, tmp_path / "packaged")
    (packaged / "analyses" / "descent.py").unlink()
    install_package(ANALYSIS / "pyproject.toml", ANALYSIS / "descent.py", tmp_path / "site",
                    monkeypatch)
    run_session(ANALYSIS / "verify.console", packaged.parent, monkeypatch)
    # the page says: the same name from the package and from a mission module is a finding
    monkeypatch.chdir(tutorial_env)
    lines, code = run_command("okaeri check my-mission", 0)
    assert code == 2
    assert any("analyses/descent.py" in line and "'parachute.descent' is registered twice "
               "(first at entry point descent = lsr_analyses.descent)" in line for line in lines)


def install_package(pyproject: Path, module: Path, site: Path,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the package of ``pyproject`` importable from ``site`` with its entry points
    (what ``pip install`` writes: the module and a ``.dist-info`` folder)."""
    import tomllib

    points = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["entry-points"]
    ((name, target),) = points["okaeri.analyses"].items()
    package = target.split(".")[0]
    (site / package).mkdir(parents=True)
    (site / package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy(module, site / package / f"{target.split('.')[-1]}.py")
    info = site / f"{package}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[okaeri.analyses]\n{name} = {target}\n",
                                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    for loaded in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
        monkeypatch.delitem(sys.modules, loaded)


# ---------------------------------------------------------------------------------------
# The pages show what the tests run, and only that
# ---------------------------------------------------------------------------------------

_INCLUDE = re.compile(r"^\.\. literalinclude:: (\S+)", re.MULTILINE)
_CODE_BLOCK = re.compile(r"^\s*\.\. code-block:: (\S+)", re.MULTILINE)


@pytest.mark.parametrize("name", ["declare-a-budget", "write-an-analysis"])
def test_page_includes_every_tested_file_and_writes_no_example_by_hand(name: str) -> None:
    page = (TUTORIALS / f"{name}.rst").read_text(encoding="utf-8")
    included = {(TUTORIALS / target).resolve() for target in _INCLUDE.findall(page)}
    files = {p.resolve() for p in (TUTORIALS / name).iterdir() if p.is_file()}
    assert included == files, (f"included but missing: {sorted(map(str, included - files))}; "
                               f"not shown: {sorted(map(str, files - included))}")
    assert set(_CODE_BLOCK.findall(page)) <= {"text"}, "examples must be included files"


def test_a_session_line_may_abridge_with_an_ellipsis() -> None:
    assert line_matches("LSR-1: 1 requirement, model sha256 ..., okaeri ...",
                        "LSR-1: 1 requirement, model sha256 46d32439e1cc, okaeri 0.1.0")
    assert not line_matches("OTV-050      FAIL", "OTV-050      pass")
    assert not output_matches(["a"], ["a", "b"])
    steps = parse_session("$ okaeri check x\nline 1\n$ echo $?\n2\n")
    assert [(s.command, s.expected) for s in steps] == [("okaeri check x", ["line 1"]),
                                                        ("echo $?", ["2"])]


def test_fragments_replace_a_key_and_append_a_new_one(tmp_path: Path) -> None:
    model = tmp_path / "otv.yaml"
    model.write_text(
        "vehicles:\n  - id: otv\n    name: OTV\n    properties:\n      a: 1\n"
        "    components:\n      - id: box\n        basic_mass: \"1 kg\"\n"
        "        properties:\n          power: \"2 W\"\n          note: >-\n"
        "            two lines\n            of text\n      - id: lid\n"
        "        basic_mass: \"3 kg\"\n", encoding="utf-8")
    fragment = tmp_path / "fragment.yaml"
    fragment.write_text("# a header\nbox:\n  note: \"short\"\n  # new\n  heat: \"1 W\"\n"
                        "lid:\n  heat: \"2 W\"\n", encoding="utf-8")
    apply_fragment(model, fragment, "properties")
    document = yaml.safe_load(model.read_text(encoding="utf-8"))
    box, lid = document["vehicles"][0]["components"]
    assert box["properties"] == {"power": "2 W", "note": "short", "heat": "1 W"}
    assert lid == {"id": "lid", "basic_mass": "3 kg", "properties": {"heat": "2 W"}}
    assert document["vehicles"][0]["properties"] == {"a": 1}


if sys.platform == "win32":  # pragma: no cover - the sessions use POSIX shell quoting
    pytestmark = pytest.mark.skip("POSIX only")
