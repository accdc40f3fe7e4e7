"""A read-only install with an unwritable home still imports, compiles and caches the
kernels: numba is pointed at a temporary folder (okaeri.core._numba_cache)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from okaeri.core import _numba_cache


def _blocked(tmp_path: Path) -> Path:
    """A folder nobody can create, root included: its parent is a regular file."""
    wall = tmp_path / "not-a-folder"
    wall.write_text("")
    return wall / "cache"


def test_writable_false_under_a_file_true_in_tmp(tmp_path: Path) -> None:
    assert not _numba_cache.writable(_blocked(tmp_path))
    assert _numba_cache.writable(tmp_path / "fresh" / "cache")


def test_fallback_only_when_nothing_is_writable(tmp_path: Path, monkeypatch) -> None:
    import numba

    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setattr(numba.config, "CACHE_DIR", "")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(_numba_cache.tempfile, "tempdir", None)
    monkeypatch.setattr(_numba_cache, "_user_cache_dir", lambda: tmp_path / "home-cache")
    assert _numba_cache.ensure_numba_cache(tmp_path / "package") is None  # both writable

    monkeypatch.setattr(_numba_cache, "_user_cache_dir", lambda: _blocked(tmp_path))
    found = _numba_cache.ensure_numba_cache(_blocked(tmp_path))
    assert found is not None and found.parent == tmp_path / "tmp"
    assert os.environ["NUMBA_CACHE_DIR"] == str(found)
    assert str(found) == numba.config.CACHE_DIR


def test_read_only_install_and_home_compiles_into_tmp(tmp_path: Path) -> None:
    """A fresh interpreter whose home is unusable and whose package cache folder cannot be
    written imports the burn kernel, compiles and runs a function of it, and leaves
    numba's cache in the temporary folder (numba alone would refuse to import the kernel:
    no cache locator available)."""
    home = tmp_path / "home"
    home.write_text("")  # HOME is a file: ~/.cache/numba cannot be made
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    script = textwrap.dedent(f"""
        from pathlib import Path
        from okaeri.core import _numba_cache
        _numba_cache._PACKAGE_CACHE = Path({str(_blocked(tmp_path))!r})
        import numpy as np
        from okaeri.core import _burn_kernel
        out = np.zeros(6)
        state = np.array([7.0e6, 0.0, 0.0, 7.5e3, 0.0, 0.0])
        mass = _burn_kernel._derivatives(state, 3.986e14, 400.0, 1000.0, 0.1, out)
        assert mass == 1000.0 and out[4] > 0.0
        import os
        print(os.environ.get("NUMBA_CACHE_DIR", ""))
    """)
    env = {k: v for k, v in os.environ.items()
           if k not in ("NUMBA_CACHE_DIR", "XDG_CACHE_HOME")}
    env.update(HOME=str(home), TMPDIR=str(scratch))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    cache = Path(done.stdout.strip().splitlines()[-1])
    assert cache.parent == scratch
    assert any(cache.rglob("*.nbi")), "numba wrote no cache index in the fallback folder"
