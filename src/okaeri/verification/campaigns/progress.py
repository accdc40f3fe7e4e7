"""A progress bar on standard error for long campaigns; silent when not on a terminal.

The bar shows only where a person watches: standard error is a terminal and the ``CI``
environment variable is not set. Elsewhere (CI logs, pipes, tests) it prints nothing.
No dependency: one line redrawn with a carriage return, at most ten times a second.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def progress_wanted(stream: TextIO | None = None) -> bool:
    """Whether a bar should show: ``stream`` (standard error) is a TTY and not in CI."""
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("CI")


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class ProgressBar:
    """``label [#####.....] 12/40  0:12 < 0:30``, redrawn in place.

    Parameters
    ----------
    total : int
        Number of steps (chunks, points).
    label : str
        What is counted (``"trade points"``).
    enabled : bool, optional
        Force the bar on or off; default :func:`progress_wanted`.
    stream : TextIO, optional
        Where to draw (standard error).
    """

    WIDTH = 28

    def __init__(self, total: int, label: str, *, enabled: bool | None = None,
                 stream: TextIO | None = None) -> None:
        self.total = max(int(total), 0)
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = progress_wanted(self.stream) if enabled is None else enabled
        self.done = 0
        self._start = time.monotonic()
        self._drawn = 0.0

    def advance(self, steps: int = 1) -> None:
        """Count ``steps`` more and redraw (throttled)."""
        self.done = min(self.done + steps, self.total)
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= 0.1 or self.done == self.total):
            self._drawn = now
            self.stream.write("\r\033[K" + self.line(now - self._start))
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        """The text of the bar after ``elapsed`` seconds."""
        fraction = self.done / self.total if self.total else 1.0
        filled = round(self.WIDTH * fraction)
        eta = elapsed * (1.0 - fraction) / fraction if fraction > 0.0 else 0.0
        return (f"{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
                f"{self.done}/{self.total}  {_clock(elapsed)} < {_clock(eta)}")

    def close(self) -> None:
        """Erase the bar."""
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
