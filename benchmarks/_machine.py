"""The machine a benchmark ran on, printed beside its figures: figures from another
machine are not comparable, ratios against a peer measured in the same run are.

``machine()`` gives the logical CPU count, the CPU model (``/proc/cpuinfo`` on Linux,
``platform.processor()`` elsewhere), the architecture, the system, Python's version and
the 1-minute load average when it is known (a shared machine's load changes wall times;
a load above the CPU count means the figures are pessimistic).
"""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

__all__ = ["machine"]


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or "unknown"


def machine() -> dict[str, Any]:
    """Cores, CPU model, architecture, system, Python and load of this machine."""
    try:
        load: float | None = round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        load = None
    return {"cpu_count": os.cpu_count(), "cpu": _cpu_model(), "arch": platform.machine(),
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "load_average_1min": load}
