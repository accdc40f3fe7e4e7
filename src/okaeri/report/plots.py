"""Figures of the report as SVG text: the nominal entry and the entry Monte Carlo.

Every figure is a :class:`Plot`: a stable ``name`` (the file stem when it is written
next to a Markdown report, and the prefix of every ``id`` inside its SVG, so that several
figures can be inlined in one HTML page without clashing ids), a title, a caption and the
SVG text, without XML prolog, DOCTYPE or metadata, ready to be inlined.

- :func:`entry_plots`: altitude against speed, heat flux against time, deceleration
  against time (from :attr:`VerificationRun.entry_history
  <okaeri.verification.results.VerificationRun.entry_history>`), with the limits drawn;
- :func:`monte_carlo_plots`: histograms of the peak heat flux, the peak deceleration and
  the landing miss distance with each requirement's limit and statistic drawn, and the
  figures of :mod:`okaeri.report.dispersion_plots` (the landing footprint with its
  3-sigma ellipse over the recovery zone, the heat flux against the entry flight path
  angle, the convergence of each percentile), from :attr:`VerificationRun.monte_carlo`;
- :func:`report_plots`: both, with the limits taken from the run.

The output is deterministic: the figures are drawn on a plain :class:`matplotlib.figure.
Figure` (no pyplot, no global state) inside an ``rc_context`` with a fixed SVG hash
salt, text kept as text (``svg.fonttype = "none"``), mathtext off for user text, a fixed
size, and no date or creator in the metadata. matplotlib is imported by the functions
that draw, never by importing this module.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.report.format import display_unit, in_display_unit, number, quantity
from okaeri.report.plot_style import (
    FILL_COLOUR,
    LIMIT_COLOUR,
    LINE_COLOUR,
    STAT_COLOUR,
    Limit,
    Plot,
    draw_legend,
    draw_limit,
    limits_on,
    new_figure,
    svg_text,
)

if TYPE_CHECKING:

    from okaeri.verification.results import EntryHistory, MonteCarloSamples, VerificationRun

MONTE_CARLO_HISTOGRAMS: tuple[tuple[str, str], ...] = (
    ("peak_heat_flux_total", "Peak stagnation heat flux (convective + radiative)"),
    ("peak_deceleration", "Peak deceleration"),
    ("landing_miss_distance", "Landing miss distance"),
)
"""Monte Carlo outputs drawn as histograms: (output name, title)."""


def _finite(values: Sequence[float]) -> list[float]:
    return [v for v in values if math.isfinite(v)]


def entry_plots(history: EntryHistory, *, heat_flux_limit_W_m2: float | None = None,
                deceleration_limit_g: float | None = None,
                deceleration_limit_label: str = "") -> list[Plot]:
    """Altitude against speed, heat flux against time, deceleration against time.

    Parameters
    ----------
    history : EntryHistory
        The nominal entry's histories (SI; deceleration in g).
    heat_flux_limit_W_m2 : float, optional
        The heat shield's qualified heat flux (W/m^2), drawn as a horizontal line.
    deceleration_limit_g : float, optional
        A deceleration limit (g), drawn as a horizontal line.
    deceleration_limit_label : str
        Where that limit comes from (a requirement id).
    """
    time = list(history.time_s)
    altitude_km = [h / 1e3 for h in history.altitude_m]
    speed_km_s = [v / 1e3 for v in history.speed_relative_m_s]
    flux = [in_display_unit(q, "W/m^2") for q in history.heat_flux_total_W_m2]
    plots = []

    with new_figure() as figure:
        ax = figure.add_subplot()
        ax.plot(speed_km_s, altitude_km, color=LINE_COLOUR, linewidth=1.6, marker="o",
                markersize=2.5)
        ax.set_xlabel("speed relative to the atmosphere (km/s)")
        ax.set_ylabel("altitude (km)")
        ax.annotate("entry interface", (speed_km_s[0], altitude_km[0]), xytext=(-10, -2),
                    textcoords="offset points", ha="right", va="top", fontsize=8)
        ax.annotate("parachute deployment", (speed_km_s[-1], altitude_km[-1]),
                    xytext=(8, 4), textcoords="offset points", fontsize=8)
        title = "Nominal entry: altitude against speed"
        plots.append(Plot("entry_altitude_speed", title,
                          f"Nominal entry from {number(altitude_km[0])} km at "
                          f"{number(speed_km_s[0])} km/s to parachute deployment at "
                          f"{number(altitude_km[-1])} km.",
                          svg_text(figure, "entry_altitude_speed", title)))

    with new_figure() as figure:
        ax = figure.add_subplot()
        ax.plot(time, flux, color=LINE_COLOUR, linewidth=1.6, label="convective + radiative")
        if heat_flux_limit_W_m2 is not None:
            draw_limit(ax, in_display_unit(heat_flux_limit_W_m2, "W/m^2"),
                        f"qualified {quantity(heat_flux_limit_W_m2, 'W/m^2')}", False)
        ax.set_xlabel("time from entry interface (s)")
        ax.set_ylabel(f"stagnation heat flux ({display_unit('W/m^2')})")
        ax.set_ylim(bottom=0.0)
        draw_legend(figure)
        title = "Nominal entry: stagnation heat flux against time"
        plots.append(Plot("entry_heat_flux", title,
                          f"Peak {quantity(history.peak_heat_flux_total_W_m2, 'W/m^2')} "
                          "(convective + radiative)"
                          + (f" against the qualified {quantity(heat_flux_limit_W_m2, 'W/m^2')}"
                             if heat_flux_limit_W_m2 is not None else "") + ".",
                          svg_text(figure, "entry_heat_flux", title)))

    with new_figure() as figure:
        ax = figure.add_subplot()
        ax.plot(time, list(history.deceleration_g), color=LINE_COLOUR, linewidth=1.6,
                label="deceleration")
        if deceleration_limit_g is not None:
            label = f"limit {number(deceleration_limit_g)} g"
            if deceleration_limit_label:
                label += f" ({deceleration_limit_label})"
            draw_limit(ax, deceleration_limit_g, label, False)
        ax.set_xlabel("time from entry interface (s)")
        ax.set_ylabel("deceleration (g)")
        ax.set_ylim(bottom=0.0)
        draw_legend(figure)
        title = "Nominal entry: deceleration against time"
        plots.append(Plot("entry_deceleration", title,
                          f"Peak {number(history.peak_deceleration_g)} g"
                          + (f" against the limit {number(deceleration_limit_g)} g"
                             if deceleration_limit_g is not None else "") + ".",
                          svg_text(figure, "entry_deceleration", title)))
    return plots


def histogram_plot(name: str, title: str, values_si: Sequence[float], unit_si: str,
                   limits: Sequence[Limit] = (), bins: int = 40) -> Plot:
    """A histogram of Monte Carlo samples with each limit (solid) and statistic (dashed).

    Non-finite samples (a dispersed entry that never deployed its parachute) are left
    out and counted in the caption. A limit further than twice the samples' spread from
    them is not drawn to scale (the histogram would shrink to a line): it is written at
    the edge of the plot, with an arrow towards it.
    """
    finite = _finite(values_si)
    shown = [in_display_unit(v, unit_si) for v in finite]
    unit = display_unit(unit_si)
    low, high = (min(shown), max(shown)) if shown else (0.0, 1.0)
    spread = (high - low) or abs(high) or 1.0
    with new_figure() as figure:
        ax = figure.add_subplot()
        ax.hist(shown, bins=bins, color=FILL_COLOUR, edgecolor=LINE_COLOUR, linewidth=0.4,
                label=f"{len(finite)} samples")
        off_scale = []
        for limit in limits:
            at = in_display_unit(limit.limit_si, unit_si)
            label = f"{limit.requirement} limit {quantity(limit.limit_si, unit_si)}"
            if low - 2.0 * spread <= at <= high + 2.0 * spread:
                draw_limit(ax, at, label)
            else:
                off_scale.append((at > high, label))
            if limit.value_si is not None and math.isfinite(limit.value_si):
                ax.axvline(in_display_unit(limit.value_si, unit_si), color=STAT_COLOUR,
                           linestyle="--", linewidth=1.2,
                           label=f"{limit.requirement} {limit.statistic or 'value'} "
                                 f"{quantity(limit.value_si, unit_si)}")
        for i, (right, label) in enumerate(off_scale):
            ax.annotate(f"{label} →" if right else f"← {label}",
                        xy=(0.98 if right else 0.02, 0.94 - 0.08 * i),
                        xycoords="axes fraction", ha="right" if right else "left", va="top",
                        color=LIMIT_COLOUR, fontsize=8,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                              "edgecolor": "none"})
        ax.set_xlabel(f"{title.lower()} ({unit})" if unit else title.lower())
        ax.set_ylabel("samples")
        draw_legend(figure)
        svg = svg_text(figure, name, title)
    caption = f"{len(finite)} samples"
    if len(finite) != len(values_si):
        caption += f" ({len(values_si) - len(finite)} without a value left out)"
    if finite:
        caption += (f"; from {quantity(min(finite), unit_si)} to "
                    f"{quantity(max(finite), unit_si)}")
    for limit in limits:
        caption += f"; {limit.requirement}: limit {quantity(limit.limit_si, unit_si)}"
        if limit.value_si is not None:
            caption += f", {limit.statistic or 'value'} {quantity(limit.value_si, unit_si)}"
    return Plot(name, title, caption + ".", svg)


def monte_carlo_plots(samples: MonteCarloSamples,
                      limits: dict[str, list[Limit]] | None = None) -> list[Plot]:
    """Histograms of :data:`MONTE_CARLO_HISTOGRAMS`, the landing footprint, the peak heat
    flux against the entry flight path angle, and the convergence of each percentile
    criterion (:mod:`okaeri.report.dispersion_plots`).

    ``limits`` holds, by output name, the limits to draw; the recovery zone radius is the
    first limit on ``landing_miss_distance``.
    """
    from okaeri.report.dispersion_plots import (
        convergence_plots,
        footprint_plot,
        heat_flux_fpa_plot,
    )

    limits = limits or {}
    plots = [histogram_plot(f"mc_{output}", title, samples.values[output],
                            samples.units.get(output, ""), limits.get(output, ()))
             for output, title in MONTE_CARLO_HISTOGRAMS if output in samples.values]
    zone = limits.get("landing_miss_distance", [])
    plots.append(footprint_plot(samples, zone[0].limit_si if zone else None,
                                zone[0].requirement if zone else ""))
    if "entry_flight_path_angle" in samples.values:
        plots.append(heat_flux_fpa_plot(samples, limits.get("peak_heat_flux_total", ())))
    plots += convergence_plots(samples, limits)
    return plots


def report_plots(run: VerificationRun, cache_dir: Path | None = None) -> tuple[Plot, ...]:
    """Every figure the run has data for, with the limits of its requirements drawn;
    kept in ``cache_dir`` by what they are drawn from (:mod:`okaeri.report.plot_cache`)."""
    from okaeri.report.plot_cache import cached_plots

    plots: list[Plot] = []
    if run.entry_history is not None:
        heat_limit = None
        heat = getattr(run.budgets, "heat", None)
        for line in getattr(heat, "lines", ()):
            if line.key.endswith("peak_heat_flux_total") and math.isfinite(line.limit_si):
                heat_limit = line.limit_si
        deceleration = limits_on(run, "entry.nominal.peak_deceleration")
        arguments = (run.entry_history, heat_limit,
                     in_display_unit(deceleration[0].limit_si, "m/s^2") if deceleration
                     else None, deceleration[0].requirement if deceleration else "")
        plots += cached_plots(cache_dir, "entry_plots", arguments, lambda: entry_plots(
            arguments[0], heat_flux_limit_W_m2=arguments[1],
            deceleration_limit_g=arguments[2], deceleration_limit_label=arguments[3]))
    samples = run.monte_carlo
    if samples is not None:
        limits: dict[str, Any] = {output: limits_on(run, f"entry.monte_carlo.{output}")
                                  for output in samples.values}
        plots += cached_plots(cache_dir, "monte_carlo_plots", (samples, limits),
                              lambda: monte_carlo_plots(samples, limits))
    return tuple(plots)


__all__ = [
    "MONTE_CARLO_HISTOGRAMS",
    "entry_plots",
    "histogram_plot",
    "monte_carlo_plots",
    "report_plots",
]
