"""okaeri: model-based systems engineering and verification of lunar sample return missions.

Importing :mod:`okaeri` is light: the model, units and numerical core are imported by
the modules that need them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("okaeri")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
