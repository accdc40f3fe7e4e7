"""The fuzz helpers (:mod:`mission_mutations`, :mod:`cli_outcomes`) import as modules
of this folder, as they do for ``campaign.py`` run as a script."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
