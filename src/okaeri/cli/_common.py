"""Argument types and output helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from okaeri.model import Mission
    from okaeri.verification.cache import AnalysisCache
    from okaeri.verification.project import Project

Loaded = TypeVar("Loaded")

HelpFormatter = argparse.RawDescriptionHelpFormatter


def quantity_argument(family_name: str) -> Callable[[str], Any]:
    """An argparse ``type`` that parses ``"12.9 km/s"`` and checks its unit family.

    ``family_name`` is a family of :mod:`okaeri.units` (``"a speed"``). A bare number,
    an unknown unit or a wrong dimension becomes an argparse error (exit 2).
    """

    def parse(text: str) -> Any:
        from pydantic_core import PydanticCustomError

        from okaeri import units

        try:
            return units.check_quantity(family_name, text)
        except PydanticCustomError as exc:
            raise argparse.ArgumentTypeError(exc.message()) from None

    parse.__name__ = family_name.split(" ", 1)[1]
    return parse


def add_path_argument(parser: argparse.ArgumentParser) -> None:
    """The optional mission folder; without it, the reference mission shipped with okaeri."""
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=None,
        metavar="PATH",
        help="mission folder (holding model/, requirements/, verification/); "
        "default: the reference mission shipped with okaeri",
    )


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    """``--json``: print machine-readable output instead of a table."""
    parser.add_argument(
        "--json", action="store_true", help="print JSON (SI values, unit in each key)"
    )


def print_json(data: Any) -> None:
    """Write ``data`` as indented, key-sorted JSON to standard output."""
    json.dump(data, sys.stdout, indent=2, sort_keys=True, allow_nan=False)
    sys.stdout.write("\n")


def fail(message: str) -> int:
    """Print an input error to standard error and return exit code 2."""
    print(message, file=sys.stderr)
    return 2


def mission_folder(path: Path | None) -> Path:
    """The mission folder an argument names, or the shipped reference mission."""
    if path is not None:
        return path
    from okaeri.model import reference_mission_path

    return reference_mission_path()


def cached_project(path: Path | None, no_cache: bool) -> tuple[Project, AnalysisCache]:
    """The project of the mission ``path`` names, its files' parsed forms read from and
    kept in the cache folder, and the analysis cache of that folder (neither with
    ``--no-cache``)."""
    from okaeri.verification.project import load_project

    return _cached(load_project, path, no_cache)


def cached_mission(path: Path | None, no_cache: bool) -> tuple[Mission, AnalysisCache]:
    """:func:`cached_project` of the mission's model alone."""
    from okaeri.model import load_mission

    return _cached(load_mission, path, no_cache)


def _cached(load: Callable[[Path], Loaded], path: Path | None, no_cache: bool
            ) -> tuple[Loaded, AnalysisCache]:
    from okaeri.model.parsed_files import kept_parsed_files
    from okaeri.verification.cache import AnalysisCache

    folder = cache_folder(no_cache)
    with kept_parsed_files(folder):
        loaded = load(mission_folder(path))
    return loaded, AnalysisCache(folder)


def cache_folder(no_cache: bool) -> Path | None:
    """The cache folder ($OKAERI_CACHE_DIR, ...), or ``None`` with ``--no-cache``."""
    from okaeri.verification.cache import default_cache_dir

    return None if no_cache else default_cache_dir()
