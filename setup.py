"""Build step of okaeri beyond ``pyproject.toml``: compile the numba kernels into the package.

``pip install .`` builds okaeri on the machine it installs on; after the sources are
copied, :mod:`okaeri.core.precompile` compiles the entry and burn kernels into numba's
in-tree cache of the built package, so the installed package holds them and the first
``okaeri verify`` does not spend about 15 CPU-s compiling. numba keys its cache by the
source's content, its own version and the CPU, so a cache that does not fit is ignored
and the kernels compile on first use as before.

Skipped for an editable install (numba's cache sits beside the sources and fills on
first use) and when ``OKAERI_NO_PRECOMPILE`` is set (a wheel built for other machines).
A failure to compile never fails the build: it prints a warning.
"""

from __future__ import annotations

import os
import subprocess
import sys

from setuptools import setup
from setuptools.command.build_py import build_py

PRECOMPILE_TIMEOUT_S = 900


class BuildWithKernels(build_py):  # type: ignore[misc]
    """``build_py``, then the kernels compiled into the built package's numba cache."""

    def run(self) -> None:
        """Copy the sources, then compile the kernels beside them."""
        super().run()
        if self.editable_mode or os.environ.get("OKAERI_NO_PRECOMPILE"):
            return
        # the built package first; then what the build runs with (pip's isolated build
        # environment, which holds numba, is on PYTHONPATH)
        path = [os.path.abspath(self.build_lib), os.environ.get("PYTHONPATH", "")]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in path if p))
        env.pop("NUMBA_CACHE_DIR", None)  # numba's in-tree cache: inside the package
        try:
            subprocess.run([sys.executable, "-m", "okaeri.core.precompile"], env=env,
                           check=True, timeout=PRECOMPILE_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as error:
            print(f"warning: okaeri: the numba kernels were not compiled at build time "
                  f"({error}); they compile on first use", file=sys.stderr)


setup(cmdclass={"build_py": BuildWithKernels})
