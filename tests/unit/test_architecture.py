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

    prefixes = (*(f"{a.name}." for a in BUILTINS), "budget.")
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


LAYERS = {
    "errors": 0, "core": 0, "_version": 0,
    "units": 1, "fileio": 1, "jsontext": 1, "fingerprint": 1,
    "model": 2,
    "analysis": 3, "requirements": 3,
    "graph": 4, "mission": 4,
    "budgets": 5,
    "verification": 6,
    "report": 7,
    "sphinxext": 8, "pytest_plugin": 8,
    "cli": 9,
    "__main__": 10,
}
"""The import table of DESIGN.md ("Imports point one way") as layers: a package imports
only packages of a lower layer. ``cli, sphinxext, pytest_plugin → report → verification →
requirements, budgets``; ``budgets → graph → analysis → core``; ``graph, analysis,
requirements → model → units, errors``. The reference mission's own analyses
(``okaeri/mission``) sit beside the graph; ``okaeri review`` builds the design review
package with the Sphinx extension, so ``cli`` sits above ``sphinxext``."""

CORE_OUTSIDE_ANALYSIS = {"okaeri.core.constants", "okaeri.core.statistics"}
"""What of ``core`` a package other than ``analysis`` may import: physical constants and
the order statistics of samples, no physics (``analysis`` is the only caller of the
physics). The validation page (``sphinxext/validation.py``) calls the core directly: it
checks the core against its published cases."""


def _package_imports() -> list[tuple[str, str, str]]:
    """(file, importing package, imported okaeri module) for every import in okaeri (the
    root ``__init__.py`` only re-exports the version)."""
    found = []
    for path, names in imported_modules(PACKAGE).items():
        package = path.split("/")[0].removesuffix(".py")
        if path == "__init__.py":
            continue
        found += [(path, package, n) for n in sorted(names)
                  if n.startswith("okaeri.") and n.split(".")[1] != package]
    return found


def test_every_package_is_in_the_import_table() -> None:
    packages = {p.name.removesuffix(".py") for p in PACKAGE.iterdir()
                if (p.is_dir() and any(p.rglob("*.py")))
                or (p.suffix == ".py" and p.name != "__init__.py")}
    assert packages == set(LAYERS)


def test_imports_point_down_the_layers() -> None:
    upward = [f"{path}: {module}" for path, package, module in _package_imports()
              if LAYERS[module.split(".")[1]] >= LAYERS[package]]
    assert upward == []


def test_only_analysis_calls_the_physics_of_the_core() -> None:
    outside = [f"{path}: {module}" for path, package, module in _package_imports()
               if module.startswith("okaeri.core") and package != "analysis"
               and module not in CORE_OUTSIDE_ANALYSIS
               and path != "sphinxext/validation.py"]
    assert outside == []


def test_no_private_name_is_imported_from_another_module() -> None:
    """``from okaeri.x import _name`` reaches past a module's face (a private module of the
    same package, such as a numba kernel, may be imported by its wrapper)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        package = path.relative_to(PACKAGE).parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.module
                    and node.module.startswith("okaeri")):
                continue
            for alias in node.names:
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                own_module = (node.module == f"okaeri.{package}"
                              and (PACKAGE / package / f"{alias.name}.py").exists())
                if private and not own_module:
                    found.append(f"{path.relative_to(PACKAGE)}: {node.module}.{alias.name}")
    assert found == []
