"""The kernels compiled ahead of the first run (okaeri.core.precompile, run by setup.py
when okaeri is built) are every kernel ``okaeri verify`` calls, with the argument types
it calls them with: after the precompile, the reference mission's verification compiles
nothing. An installed (not editable) package ships them compiled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from importlib.metadata import distribution
from pathlib import Path

import pytest

_COUNT_COMPILES = textwrap.dedent("""
    import json, sys
    from numba.core import event

    compiled = []

    class Count(event.Listener):
        def on_start(self, e):
            compiled.append(e.data["dispatcher"].py_func.__qualname__)

        def on_end(self, e):
            pass

    event.register("numba:compile", Count())
    {body}
    print(json.dumps(sorted(set(compiled))))
""")


def _compiled_by(body: str, env: dict[str, str], cwd: Path) -> list[str]:
    """Names of the numba functions compiled (not loaded from the cache) by ``body``, run
    in a fresh interpreter."""
    script = _COUNT_COMPILES.format(body=textwrap.dedent(body).strip())
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    names: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return names


_VERIFY = """
    from okaeri.cli import main
    try:
        main(["verify", "-q"])
    except SystemExit as stop:
        assert stop.code in (0, 1, 3), stop.code
"""


@pytest.mark.slow
def test_verify_compiles_nothing_after_the_precompile(tmp_path: Path) -> None:
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "numba"),
               OKAERI_CACHE_DIR=str(tmp_path / "okaeri"))
    first = _compiled_by("""
        from okaeri.core import _burn_kernel, _entry_descent, _entry_events, _entry_kernel
        from okaeri.core import _entry_physics
        from okaeri.core.precompile import compile_kernels
        compile_kernels()
        # one compiled version per kernel: a literal argument (3, True) would be a type of
        # its own and compile the kernel again (several seconds of a first run)
        twice = [f"{name}: {[str(s) for s in kernel.signatures]}"
                 for module in (_burn_kernel, _entry_descent, _entry_events, _entry_kernel,
                                _entry_physics)
                 for name, kernel in vars(module).items()
                 if len(getattr(kernel, "signatures", ())) > 1]
        assert not twice, twice
    """, env, tmp_path)
    assert "integrate" in first and "integrate_range" in first  # the cache was empty
    assert _compiled_by(_VERIFY, env, tmp_path) == []


def _editable() -> bool:
    direct = distribution("okaeri").read_text("direct_url.json")
    return bool(direct and json.loads(direct).get("dir_info", {}).get("editable"))


@pytest.mark.skipif(_editable(), reason="an editable install compiles its kernels on first "
                    "use, in numba's cache beside the sources")
@pytest.mark.skipif(bool(os.environ.get("OKAERI_NO_PRECOMPILE")),
                    reason="built with OKAERI_NO_PRECOMPILE")
def test_an_installed_package_ships_its_kernels_compiled(tmp_path: Path) -> None:
    # what pip installed from the wheel (its RECORD), not what a test may have compiled
    # into the package's folder since
    installed = {str(f) for f in distribution("okaeri").files or ()}
    shipped = [f for f in installed if f.startswith("okaeri/core/__pycache__/")
               and f.endswith(".nbi")]
    assert any("_entry_kernel.integrate-" in f for f in shipped), sorted(shipped)
    assert any("_entry_kernel.integrate_range-" in f for f in shipped), sorted(shipped)
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env["OKAERI_CACHE_DIR"] = str(tmp_path / "okaeri")
    assert _compiled_by(_VERIFY, env, tmp_path) == []
