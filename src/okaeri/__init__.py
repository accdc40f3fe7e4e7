"""okaeri: model-based systems engineering and verification of lunar sample return missions.

Importing :mod:`okaeri` is light: the model, units and numerical core are imported by
the modules that need them.
"""

from okaeri._version import __version__

__all__ = ["__version__"]
