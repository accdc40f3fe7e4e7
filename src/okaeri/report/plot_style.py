"""What every figure of the reports shares: the :class:`Plot` record, the size, style and
colours, a requirement's limit, and the SVG text of a figure.

The output is deterministic: figures are drawn on a plain
:class:`matplotlib.figure.Figure` (no pyplot, no global state) inside an ``rc_context``
with a fixed SVG hash salt, text kept as text, mathtext off for user text, a fixed size,
and no date or creator in the metadata (:func:`svg_text`). matplotlib is imported by the
functions that draw, never by importing this module.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from okaeri.verification.results import VerificationRun

SIZE = (7.0, 4.0)
"""Figure size (inches; 504 x 288 pt in the SVG)."""

_RC: dict[Any, Any] = {
    "svg.hashsalt": "okaeri",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.size": 9.0,
    "axes.grid": True,
    "grid.alpha": 0.35,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.fontsize": 8.0,
    "legend.frameon": False,
}
LINE_COLOUR = "#1f4e79"
FILL_COLOUR = "#7aa6cf"
LIMIT_COLOUR = "#c0392b"
STAT_COLOUR = "#333333"




@dataclass(frozen=True)
class Plot:
    """One figure, ready to inline (HTML) or to write as ``<name>.svg`` (Markdown)."""

    name: str
    """Stable name: ``entry_altitude_speed``, ``mc_peak_heat_flux_total``, ..."""
    title: str
    caption: str
    svg: str
    """SVG text without prolog; every ``id`` is prefixed with ``name``."""

    @property
    def filename(self) -> str:
        """``<name>.svg``."""
        return f"{self.name}.svg"


@dataclass(frozen=True)
class Limit:
    """A requirement's limit on a plotted quantity (SI), and its value in the run."""

    requirement: str
    limit_si: float
    statistic: str = ""
    """``P99.87``, ``max``; empty for a criterion on a scalar."""
    value_si: float | None = None
    percentile: float | None = None
    """For a percentile criterion: which one (percent)."""
    confidence: float = 0.9
    """For a percentile criterion: the confidence of its bound (fraction)."""
    upper: bool = True
    """Whether the limit is a maximum (judged on the upper bound)."""


def limits_on(run: VerificationRun, key: str) -> list[Limit]:
    """The limits of the run's requirements whose criterion reads ``key``, in id order."""
    found = []
    for result in run.requirements:
        if (result.quantity == key and result.limit_si is not None
                and math.isfinite(result.limit_si)):
            found.append(Limit(result.id, result.limit_si, result.statistic, result.value_si,
                               result.percentile, result.confidence or 0.9,
                               result.comparator in ("<=", "<")))
    return found


# --- drawing ----------------------------------------------------------------------------


@contextmanager
def new_figure() -> Iterator[Figure]:
    """A figure of the reports' size and style (a context: the style holds inside it)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        yield Figure(figsize=SIZE, layout="constrained")


def svg_text(figure: Figure, name: str, title: str) -> str:
    """``figure`` as deterministic SVG text, ready to inline.

    The XML prolog, DOCTYPE and metadata are removed, every ``id`` (and every reference
    to one) is prefixed with ``name``, and the root element is labelled with ``title``.
    Must be called inside the figure's ``rc_context`` (the hash salt is read on save).
    """
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    text = re.sub(r'\bid="([^"]+)"', rf'id="{name}-\1"', text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{name}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{name}-\1)", text)
    label = escape(title, quote=True)
    text = text.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return text.rstrip() + "\n"


def draw_limit(ax: Axes, value: float, label: str, vertical: bool = True) -> None:
    """A requirement's limit as a red line across ``ax`` (vertical at x, else at y)."""
    if vertical:
        ax.axvline(value, color=LIMIT_COLOUR, linewidth=1.6, label=label)
    else:
        ax.axhline(value, color=LIMIT_COLOUR, linewidth=1.6, label=label)


def draw_legend(figure: Figure) -> None:
    """The figure's legend, below the axes in up to three columns."""
    figure.legend(loc="outside lower center", ncols=3)


__all__ = [
    "FILL_COLOUR",
    "LIMIT_COLOUR",
    "LINE_COLOUR",
    "SIZE",
    "STAT_COLOUR",
    "Limit",
    "Plot",
    "draw_legend",
    "draw_limit",
    "limits_on",
    "new_figure",
    "svg_text",
]
