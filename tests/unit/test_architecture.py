"""The layering of DESIGN.md: the core is plain numerics, the model holds no physics."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import okaeri

PACKAGE = Path(okaeri.__file__).parent
CORE_FORBIDDEN = {"pint", "pydantic", "networkx", "jinja2", "sphinx"}
MODEL_FORBIDDEN = {"okaeri.core", "okaeri.analysis", "scipy", "numba"}


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[path.relative_to(PACKAGE).as_posix()] = names
    return found


def offending(folder: Path, forbidden: set[str]) -> dict[str, list[str]]:
    return {
        path: sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in forbidden))
        for path, names in imported_modules(folder).items()
        if any(n == f or n.startswith(f + ".") for n in names for f in forbidden)
    }


def test_core_imports_no_units_models_graphs_templates_or_docs() -> None:
    assert offending(PACKAGE / "core", CORE_FORBIDDEN | {"okaeri.errors"}) == {}


def test_model_imports_no_physics() -> None:
    assert offending(PACKAGE / "model", MODEL_FORBIDDEN) == {}


def test_importing_the_core_loads_no_forbidden_module() -> None:
    code = (
        "import sys, pkgutil, importlib, okaeri.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    importlib.import_module('okaeri.core.' + m.name)\n"
        f"print(sorted(m for m in {sorted(CORE_FORBIDDEN)!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("module", ["okaeri", "okaeri.cli"])
def test_light_imports_do_not_load_heavy_modules(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "print(sorted(m for m in ('scipy', 'jinja2', 'matplotlib', 'sphinx', 'numba', 'pint')"
        " if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_verification_special_cases_no_key_by_its_text() -> None:
    """No string in ``verification/`` names an output of okaeri's own analyses
    (``entry.history.time``, ``budget.mass.launch``): the runner finds what it needs by the
    analyses' declared ports and roles, so a mission's own analysis is treated alike."""
    from okaeri.analysis.builtins import BUILTINS

    prefixes = tuple(f"{a.name}." for a in BUILTINS) + ("budget.",)
    found = []
    for path in sorted((PACKAGE / "verification").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)}
        found += [f"{path.name}:{node.lineno}: {node.value}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings and node.value.startswith(prefixes)]
    assert found == []
