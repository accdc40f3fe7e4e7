"""Figures: valid, inlinable, deterministic SVG with the expected elements."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from okaeri.report.plot_style import Limit, Plot, limits_on
from okaeri.report.plots import histogram_plot, report_plots
from okaeri.verification import VerificationRun

SVG = "{http://www.w3.org/2000/svg}"
CONVERGENCE = ["peak_heat_flux_total", "peak_deceleration", "mach_at_deploy",
               "dynamic_pressure_at_deploy", "landing_miss_distance"]
"""The Monte Carlo outputs read by a percentile criterion (CAP-010, -031, -051, -052,
-060), in output order."""
NAMES = ["entry_altitude_speed", "entry_heat_flux", "entry_deceleration",
         "mc_peak_heat_flux_total", "mc_peak_deceleration", "mc_landing_miss_distance",
         "mc_landing_footprint", "mc_heat_flux_fpa",
         *(f"mc_convergence_{name}" for name in CONVERGENCE)]


@pytest.fixture(scope="module")
def plots(run: VerificationRun) -> tuple[Plot, ...]:
    return report_plots(run)


def texts(plot: Plot) -> str:
    return " ".join(t.strip() for t in ET.fromstring(plot.svg).itertext() if t.strip())


def test_every_figure_is_drawn_once_with_a_stable_name(plots: tuple[Plot, ...]) -> None:
    assert [p.name for p in plots] == NAMES
    assert plots[0].filename == "entry_altitude_speed.svg"


def test_figures_are_valid_svg_without_prolog(plots: tuple[Plot, ...]) -> None:
    for plot in plots:
        assert plot.svg.startswith("<svg ") and plot.svg.endswith("</svg>\n")
        root = ET.fromstring(plot.svg)
        assert root.tag == f"{SVG}svg"
        assert root.get("aria-label") == plot.title and root.get("role") == "img"
        assert "<?xml" not in plot.svg and "DOCTYPE" not in plot.svg
        assert "<metadata>" not in plot.svg and "dc:date" not in plot.svg.lower()
        assert root.find(f".//{SVG}path") is not None
        assert root.find(f".//{SVG}text") is not None  # text kept as text (svg.fonttype none)


def test_ids_are_prefixed_and_unique_across_figures(plots: tuple[Plot, ...]) -> None:
    seen: set[str] = set()
    for plot in plots:
        ids = re.findall(r'\bid="([^"]+)"', plot.svg)
        assert ids and all(i.startswith(plot.name + "-") for i in ids)
        refs = re.findall(r'(?:href="#|url\(#)([^")]+)', plot.svg)
        assert set(refs) <= set(ids)
        assert not seen & set(ids)
        seen |= set(ids)


def test_entry_figures_show_axes_and_limits(plots: tuple[Plot, ...]) -> None:
    altitude, heat, deceleration = plots[:3]
    assert "altitude (km)" in texts(altitude) and "parachute deployment" in texts(altitude)
    assert "qualified 10.00 MW/m^2" in texts(heat)
    assert "stagnation heat flux (MW/m^2)" in texts(heat)
    assert "limit 50.00 g (CAP-030)" in texts(deceleration)
    assert heat.caption.startswith("Peak ") and "10.00 MW/m^2" in heat.caption


def test_histograms_show_limit_and_statistic(plots: tuple[Plot, ...]) -> None:
    by_name = {p.name: p for p in plots}
    miss = by_name["mc_landing_miss_distance"]
    assert "CAP-060 limit 50.00 km" in texts(miss) and "CAP-060 P99" in texts(miss)
    assert "4093 samples" in texts(miss) and "landing miss distance (km)" in texts(miss)
    # the 10 MW/m^2 limit is far from the samples: written at the edge, with an arrow
    heat = by_name["mc_peak_heat_flux_total"]
    assert "CAP-010 limit 10.00 MW/m^2 →" in texts(heat)
    assert "CAP-010: limit 10.00 MW/m^2, P99.87" in heat.caption


def test_footprint_shows_the_landing_points_their_ellipse_and_the_zone(
        run: VerificationRun, plots: tuple[Plot, ...]) -> None:
    """Landing points (not deployment points) east and north of the target, and the
    3-sigma ellipse of their covariance (numpy's, independently)."""
    import numpy as np

    from okaeri.core.constants import R_EARTH

    footprint = {p.name: p for p in plots}["mc_landing_footprint"]
    words = texts(footprint)
    assert "recovery zone, radius 50.00 km (CAP-060)" in words
    assert "4093 landing points" in words and "4093 deployment points" in words
    assert "east of the target (km)" in words and "3-sigma ellipse (98.9 % of a normal)" in words
    mc = run.monte_carlo
    assert mc is not None
    lat0, lon0 = np.radians(mc.target_latitude_deg), np.radians(mc.target_longitude_deg)
    east = R_EARTH * np.cos(lat0) * (np.radians(mc.landing_longitude_deg) - lon0) / 1e3
    north = R_EARTH * (np.radians(mc.landing_latitude_deg) - lat0) / 1e3
    major = 3.0 * np.sqrt(np.linalg.eigvalsh(np.cov(east, north))[1])
    assert f"3-sigma ellipse {major:.3g} x" in footprint.caption
    inside = 100 * np.mean(np.hypot(east, north) <= 50.0)
    assert f"{inside:.2f} % inside the recovery zone" in footprint.caption


def test_heat_flux_against_the_entry_angle(plots: tuple[Plot, ...]) -> None:
    figure = {p.name: p for p in plots}["mc_heat_flux_fpa"]
    words = texts(figure)
    assert "entry flight path angle, inertial (deg)" in words
    assert "4093 samples" in words and "CAP-010 P99.87" in words
    assert "CAP-010 limit 10.00 MW/m^2 ↑" in words  # far above the samples: a note


def test_convergence_of_each_percentile_with_its_band(run: VerificationRun,
                                                      plots: tuple[Plot, ...]) -> None:
    """The last point of each convergence figure is the run's own verdict value (the
    bound of all samples) and its first bound needs the samples of Wilks' formula."""
    by_name = {p.name: p for p in plots}
    for name in CONVERGENCE:
        result = next(r for r in run.requirements if r.quantity == f"entry.monte_carlo.{name}")
        figure = by_name[f"mc_convergence_{name}"]
        assert figure.title.startswith(f"{result.id}: convergence of {result.statistic}")
        assert result.samples_needed is not None
        assert f"from {result.samples_needed} samples on" in figure.caption
        assert "two-sided 80 % interval" in figure.caption
        words = texts(figure)
        assert "upper bound at 90 % (judged)" in words and "1,000" in words
    heat = by_name["mc_convergence_peak_heat_flux_total"]
    assert "at 4093 samples the bound is 4." in heat.caption and "1771 samples" in heat.caption


def test_drawing_is_deterministic_and_leaves_matplotlib_settings_alone(
        run: VerificationRun, plots: tuple[Plot, ...]) -> None:
    import matplotlib

    salt = matplotlib.rcParams["svg.hashsalt"]
    assert report_plots(run) == plots
    assert matplotlib.rcParams["svg.hashsalt"] == salt


def test_samples_without_a_value_are_left_out_and_counted() -> None:
    plot = histogram_plot("mc_x", "Peak deceleration", [100.0, 200.0, math.inf, math.nan],
                          "m/s^2", [Limit("CAP-031", 300.0, "max", 200.0)])
    assert plot.caption.startswith("2 samples (2 without a value left out)")
    assert "CAP-031 limit 30.59 g" in texts(plot)


def test_user_text_in_figures_is_escaped_and_not_mathtext() -> None:
    plot = histogram_plot("mc_x", "Peak <b>&</b> $x^2$", [1.0, 2.0], "",
                          [Limit("A&B", 1.5)])
    ET.fromstring(plot.svg)  # still well-formed XML
    assert "A&amp;B limit 1.500" in plot.svg and "$x^2$" in texts(plot)


def test_limits_on_reads_the_requirements(run: VerificationRun) -> None:
    limits = limits_on(run, "entry.monte_carlo.landing_miss_distance")
    assert [(lim.requirement, lim.statistic, lim.limit_si, lim.percentile, lim.confidence,
             lim.upper) for lim in limits] == [("CAP-060", "P99", 50000.0, 99.0, 0.9, True)]


def test_no_data_no_figures(run: VerificationRun) -> None:
    assert report_plots(replace(run, entry_history=None, monte_carlo=None)) == ()
