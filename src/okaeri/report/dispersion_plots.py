"""Figures of the entry Monte Carlo beyond its histograms: where the capsule lands, how the
heat flux follows the entry angle, and how each percentile's bound settles with the
sample count.

- :func:`footprint_plot`: the landing points (and, lighter, the deployment points) in a
  local east/north plane at the target, the recovery zone and the 3-sigma ellipse of the
  landing points (their covariance, :class:`okaeri.verification.campaigns.streaming.
  PlaneMoments`);
- :func:`heat_flux_fpa_plot`: the peak heat flux of each sample against its entry flight
  path angle, with the requirement's limit and statistic;
- :func:`convergence_plots`: for each percentile criterion on the Monte Carlo, the sample
  percentile and its one-sided confidence bound against the number of samples
  (:func:`okaeri.core.statistics.bound_convergence`), with the band between the lower
  and the upper bound at the criterion's confidence.

The drawing conventions (deterministic SVG, prefixed ids) are those of
:mod:`okaeri.report.plots`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

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
    new_figure,
    svg_text,
)

if TYPE_CHECKING:
    from okaeri.verification.results import MonteCarloSamples

__all__ = ["convergence_plots", "footprint_plot", "heat_flux_fpa_plot"]

_SPREAD = 3.0
"""Mahalanobis radius of the footprint's ellipse (3 sigma)."""

_LABELS = {
    "peak_heat_flux_total": "peak heat flux",
    "peak_deceleration": "peak deceleration",
    "mach_at_deploy": "Mach number at deployment",
    "dynamic_pressure_at_deploy": "dynamic pressure at deployment",
    "landing_miss_distance": "landing miss distance",
}
"""Words for the Monte Carlo's outputs in titles and axes (else the name, spaced)."""


def _horizontal_limit(ax: Any, at: float, label: str, low: float, high: float) -> None:
    """A horizontal limit line, or, further than twice the data's spread from the data
    (the plot would shrink to a line), a note at the top or bottom edge."""
    spread = (high - low) or abs(high) or 1.0
    if low - 2.0 * spread <= at <= high + 2.0 * spread:
        draw_limit(ax, at, label, vertical=False)
        return
    above = at > high
    ax.annotate(f"{label} {'↑' if above else '↓'}", xy=(0.98, 0.96 if above else 0.04),
                xycoords="axes fraction", ha="right", va="top" if above else "bottom",
                color=LIMIT_COLOUR, fontsize=8,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"})


def _plain_log_ticks(ax: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))


def _coverage(sigmas: float) -> float:
    """Probability mass of a bivariate normal inside its ``sigmas`` ellipse:
    1 - exp(-sigmas^2 / 2) (a chi-square of 2 degrees of freedom)."""
    return 1.0 - math.exp(-0.5 * sigmas * sigmas)


def _offsets_km(latitudes: Sequence[float], longitudes: Sequence[float],
                samples: MonteCarloSamples) -> tuple[Any, Any]:
    import numpy as np

    from okaeri.verification.campaigns.monte_carlo import footprint_offsets

    lat = np.radians(np.asarray(latitudes, dtype=float))
    lon = np.radians(np.asarray(longitudes, dtype=float))
    keep = np.isfinite(lat) & np.isfinite(lon)
    east, north = footprint_offsets(lat[keep], lon[keep],
                                    math.radians(samples.target_latitude_deg),
                                    math.radians(samples.target_longitude_deg))
    return np.asarray(east) / 1e3, np.asarray(north) / 1e3


def footprint_plot(samples: MonteCarloSamples, zone_radius_m: float | None = None,
                   zone_label: str = "") -> Plot:
    """Landing points with their 3-sigma ellipse over the recovery zone, east and north of
    the target (km, the equirectangular plane of
    :func:`okaeri.verification.campaigns.monte_carlo.footprint_offsets`)."""
    import numpy as np

    from okaeri.verification.campaigns.streaming import PlaneMoments

    landing = bool(samples.landing_latitude_deg)
    east, north = _offsets_km(samples.landing_latitude_deg or samples.deploy_latitude_deg,
                              samples.landing_longitude_deg or samples.deploy_longitude_deg,
                              samples)
    moments = PlaneMoments.of(east, north)
    major, minor, angle = moments.ellipse(_SPREAD)
    what = "landing points" if landing else "deployment points"
    title = "Landing footprint"
    with new_figure() as figure:
        ax = figure.add_subplot()
        if landing:
            de, dn = _offsets_km(samples.deploy_latitude_deg, samples.deploy_longitude_deg,
                                 samples)
            ax.scatter(de, dn, s=2, color="#b0b0b0", alpha=0.5, linewidths=0,
                       label=f"{len(de)} deployment points")
        ax.scatter(east, north, s=3, color=LINE_COLOUR, alpha=0.5, linewidths=0,
                   label=f"{len(east)} {what}")
        ax.plot([0.0], [0.0], marker="+", markersize=12, color=STAT_COLOUR, linestyle="none",
                label="target")
        if math.isfinite(major):
            t = np.linspace(0.0, 2.0 * math.pi, 181)
            ex, ey = major * np.cos(t), minor * np.sin(t)
            ca, sa = math.cos(angle), math.sin(angle)
            ax.plot(moments.mean[0] + ca * ex - sa * ey, moments.mean[1] + sa * ex + ca * ey,
                    color=STAT_COLOUR, linestyle="--", linewidth=1.2,
                    label=f"3-sigma ellipse ({100 * _coverage(_SPREAD):.1f} % of a normal)")
        if zone_radius_m is not None:
            t = np.linspace(0.0, 2.0 * math.pi, 181)
            r = zone_radius_m / 1e3
            label = f"recovery zone, radius {quantity(zone_radius_m, 'm')}"
            if zone_label:
                label += f" ({zone_label})"
            ax.plot(r * np.cos(t), r * np.sin(t), color=LIMIT_COLOUR, linewidth=1.6, label=label)
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_xlabel("east of the target (km)")
        ax.set_ylabel("north of the target (km)")
        draw_legend(figure)
        svg = svg_text(figure, "mc_landing_footprint", title)
    return Plot("mc_landing_footprint", title,
                _footprint_caption(samples, what, east, north, moments, zone_radius_m), svg)


def _footprint_caption(samples: MonteCarloSamples, what: str, east: Any, north: Any,
                       moments: Any, zone_radius_m: float | None) -> str:
    import numpy as np

    major, minor, angle = moments.ellipse(_SPREAD)
    caption = (f"{len(east)} {what} of {samples.samples} dispersed entries (activity "
               f"{samples.activity}, seed {samples.seed}) around the target at "
               f"{number(samples.target_latitude_deg)} deg, "
               f"{number(samples.target_longitude_deg)} deg")
    if moments.count:
        caption += (f"; mean {number(moments.mean[0], 3)} km east, "
                    f"{number(moments.mean[1], 3)} km north of the target")
    if math.isfinite(major):
        bearing = (90.0 - math.degrees(angle)) % 180.0
        caption += (f"; 3-sigma ellipse {number(major, 3)} x {number(minor, 3)} km "
                    f"(semi-axes), major axis at {number(bearing, 3)} deg from north")
    if zone_radius_m is not None and len(east):
        inside = float(np.mean(np.hypot(east, north) <= zone_radius_m / 1e3))
        caption += (f"; {100 * inside:.2f} % inside the recovery zone of radius "
                    f"{quantity(zone_radius_m, 'm')}")
    return caption + "."


def heat_flux_fpa_plot(samples: MonteCarloSamples, limits: Sequence[Limit] = ()) -> Plot:
    """Peak stagnation heat flux of each sample against its entry flight path angle."""
    fpa = samples.values["entry_flight_path_angle"]
    flux = samples.values["peak_heat_flux_total"]
    points = [(math.degrees(a), in_display_unit(q, "W/m^2")) for a, q in
              zip(fpa, flux, strict=True) if math.isfinite(a) and math.isfinite(q)]
    unit = display_unit("W/m^2")
    title = "Peak heat flux against the entry flight path angle"
    with new_figure() as figure:
        ax = figure.add_subplot()
        ax.scatter([p[0] for p in points], [p[1] for p in points], s=3, color=LINE_COLOUR,
                   alpha=0.5, linewidths=0, label=f"{len(points)} samples")
        low = min((p[1] for p in points), default=0.0)
        high = max((p[1] for p in points), default=1.0)
        for limit in limits:
            _horizontal_limit(ax, in_display_unit(limit.limit_si, "W/m^2"),
                              f"{limit.requirement} limit {quantity(limit.limit_si, 'W/m^2')}",
                              low, high)
            if limit.value_si is not None and math.isfinite(limit.value_si):
                ax.axhline(in_display_unit(limit.value_si, "W/m^2"), color=STAT_COLOUR,
                           linestyle="--", linewidth=1.2,
                           label=f"{limit.requirement} {limit.statistic or 'value'} "
                                 f"{quantity(limit.value_si, 'W/m^2')}")
        ax.set_xlabel("entry flight path angle, inertial (deg)")
        ax.set_ylabel(f"peak stagnation heat flux ({unit})")
        draw_legend(figure)
        svg = svg_text(figure, "mc_heat_flux_fpa", title)
    caption = (f"{len(points)} dispersed entries: the steeper the entry, the higher the "
               "peak heat flux; the spread at one angle comes from the other dispersions "
               "(speed, mass, drag, density)")
    for limit in limits:
        caption += f"; {limit.requirement}: limit {quantity(limit.limit_si, 'W/m^2')}"
        if limit.value_si is not None:
            caption += f", {limit.statistic or 'value'} {quantity(limit.value_si, 'W/m^2')}"
    return Plot("mc_heat_flux_fpa", title, caption + ".", svg)


def convergence_plots(samples: MonteCarloSamples,
                      limits: dict[str, list[Limit]]) -> list[Plot]:
    """One figure per percentile criterion on the Monte Carlo's outputs (in output order)."""
    return [_convergence(samples, output, limit)
            for output in samples.values for limit in limits.get(output, ())
            if limit.percentile is not None]


def _finite_or_nan(values: Any) -> Any:
    import numpy as np

    array = np.asarray(values, dtype=float)
    return np.where(np.isfinite(array), array, np.nan)


def _convergence(samples: MonteCarloSamples, output: str, limit: Limit) -> Plot:
    import numpy as np

    from okaeri.core.statistics import bound_convergence, required_samples

    percentile, confidence = limit.percentile or 50.0, limit.confidence
    side: Literal["upper", "lower"] = "upper" if limit.upper else "lower"
    other: Literal["upper", "lower"] = "lower" if limit.upper else "upper"
    values = np.asarray(samples.values[output], dtype=float)
    unit_si = samples.units.get(output, "")
    judged = bound_convergence(values, percentile, confidence, side)
    opposite = bound_convergence(values, percentile, confidence, other)
    n = judged["samples"]

    def shown(series: Any) -> Any:
        return _finite_or_nan([in_display_unit(v, unit_si) for v in series])

    name = f"mc_convergence_{output}"
    label = _LABELS.get(output, output.replace("_", " "))
    title = f"{limit.requirement}: convergence of {limit.statistic} of the {label}"
    needed = required_samples(percentile, confidence, 1, side)
    with new_figure() as figure:
        ax = figure.add_subplot()
        band = (shown(opposite["bound"]), shown(judged["bound"]))
        ax.fill_between(n, *band, color=FILL_COLOUR, alpha=0.45, linewidth=0,
                        label=f"between the {100 * confidence:g} % lower and upper bounds")
        estimate = shown(judged["estimate"])
        ax.plot(n, estimate, color=LINE_COLOUR, linewidth=1.4, label=f"sample {limit.statistic}")
        ax.plot(n, band[1], color=STAT_COLOUR, linestyle="--", linewidth=1.2,
                label=f"{side} bound at {100 * confidence:g} % (judged)")
        drawn = np.concatenate([estimate, *band])
        drawn = drawn[np.isfinite(drawn)]
        _horizontal_limit(ax, in_display_unit(limit.limit_si, unit_si),
                          f"{limit.requirement} limit {quantity(limit.limit_si, unit_si)}",
                          float(drawn.min()) if drawn.size else 0.0,
                          float(drawn.max()) if drawn.size else 1.0)
        ax.axvline(needed, color=STAT_COLOUR, linewidth=0.8, linestyle=":",
                   label=f"first bound: {needed} samples")
        ax.set_xscale("log")
        _plain_log_ticks(ax)
        ax.set_xlabel("samples")
        unit = display_unit(unit_si)
        ax.set_ylabel(f"{label} ({unit})" if unit else label)
        draw_legend(figure)
        svg = svg_text(figure, name, title)
    caption = (f"{limit.statistic} of the {label} from the first n of {int(n[-1])} samples, "
               f"in the Monte Carlo's order, and its one-sided {side} confidence bound at "
               f"{100 * confidence:g} % (the value judged against the limit), from "
               f"{needed} samples on; the band between the lower and the upper bound at "
               f"that confidence is a two-sided {100 * (2 * confidence - 1):g} % interval")
    if limit.value_si is not None and math.isfinite(limit.value_si):
        caption += (f"; at {int(n[-1])} samples the bound is "
                    f"{quantity(limit.value_si, unit_si)} against the limit "
                    f"{quantity(limit.limit_si, unit_si)}")
    return Plot(name, title, caption + ".", svg)
