"""The version okaeri reports is the one its installed metadata carries (pyproject.toml
reads it from okaeri/_version.py)."""

from importlib.metadata import version

import okaeri


def test_version_matches_the_installed_metadata() -> None:
    assert okaeri.__version__ == version("okaeri")
