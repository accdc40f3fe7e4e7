"""The entry analyses as the reference mission wires them: landing after the parachute
descent, dispersed deployment conditions, and the declared dispersions drawn.

Oracles:

* the drift of the parachute descent through the wind, by an independent integration
  (scipy's DOP853) of a point mass falling from the deployment altitude with drag on its
  air-relative velocity, drogue then main, in the vertical plane of the wind, starting
  at rest horizontally (the difference between a windy and a calm run removes the
  capsule's own horizontal motion; the drag's coupling of the two makes that removal
  exact only to first order: 1 %); and, as a bound, the quasi-steady drift of a body at
  terminal speed that moves with the air, the integral of w(h) / v_z(h) dh with
  v_z = sqrt(2 m g0 / (rho C_D S)), which the lag of the horizontal velocity behind the
  wind (a few seconds) makes an overestimate of a few percent;
* the definitions of the distributions (mean, standard deviation, bounds) and of the
  rotation of along- and cross-track errors into latitude and longitude, against the
  sample moments of many draws (tolerances of a few standard errors);
* the per-dispersion random streams: leaving a dispersion out leaves the others' samples
  unchanged, bit for bit.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from okaeri.analysis.entry_dispersions import Dispersions, draw_dispersed
from okaeri.analysis.entry_runs import nominal_outputs, sample_stream
from okaeri.analysis.entry_setup import EntryModel
from okaeri.core.constants import G0, R_EARTH
from okaeri.verification import Project, load_project


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project()


@pytest.fixture(scope="module")
def nominal(project: Project) -> dict[str, float]:
    node = project.graph.node("entry.nominal")
    return {port: project.graph.value(key)
            for port, key in zip(node.ports, node.inputs, strict=True)}


@pytest.fixture(scope="module")
def model(project: Project) -> EntryModel:
    identity = project.graph.node("entry.nominal").identity
    assert identity is not None
    return EntryModel.from_settings(identity.settings["model"])


def _east_north(lat: float, lon: float, lat0: float, lon0: float) -> tuple[float, float]:
    return R_EARTH * math.cos(lat0) * (lon - lon0), R_EARTH * (lat - lat0)


def _wind(v: dict[str, float], h: float) -> float:
    from okaeri.core.dispersions import jet_stream_winds

    east, north = jet_stream_winds([h], v["wind_speed"], v["wind_direction"],
                                   core_altitude=v["wind_core_altitude"],
                                   half_width=v["wind_half_width"],
                                   background=v["wind_background"])
    return float(math.hypot(east[0, 0], north[0, 0]))


def _drag_per_mass(v: dict[str, float], h: float) -> float:
    """k = rho C_D S / (2 m) (1/m): drogue above the main's altitude, main below."""
    from okaeri.core.atmosphere import us1976

    area = v["drogue_drag_area"] if h > v["main_deploy_altitude"] else v["main_drag_area"]
    return 0.5 * float(us1976(max(h, 0.0)).density) * area / v["mass"]


def _drift_integrated(v: dict[str, float], top: float) -> float:
    """Wind displacement (m) of a fall from ``top`` (m) in the wind's vertical plane:
    under the drogue to the main's altitude, then under the main to the ground (two
    integrations, so that the jump of the drag area is not inside a step)."""
    from scipy.integrate import solve_ivp

    def integrate(y0: list[float], area: float, floor: float) -> Any:
        def rhs(_: float, y: Any) -> list[float]:
            h, down, _x, across = y
            k = _drag_per_mass({**v, "drogue_drag_area": area, "main_drag_area": area},
                               max(h, 0.0))
            relative = across - _wind(v, max(h, 0.0))
            speed = math.hypot(relative, down)
            return [-down, G0 - k * speed * down, across, -k * speed * relative]

        def reached(_: float, y: Any) -> float:
            return float(y[0] - floor)

        reached.terminal = True  # type: ignore[attr-defined]
        solution = solve_ivp(rhs, (0.0, 1e4), y0, method="DOP853", events=reached,
                             rtol=1e-10, atol=1e-8, max_step=2.0, first_step=0.01)
        return solution.y[:, -1]

    start = math.sqrt(G0 / _drag_per_mass(v, top))  # terminal speed at deployment
    main = v["main_deploy_altitude"]
    under_drogue = integrate([top, start, 0.0, 0.0], v["drogue_drag_area"], main)
    landed = integrate(list(under_drogue), v["main_drag_area"], 0.0)
    return float(landed[2])


def _drift_quasi_steady(v: dict[str, float], top: float) -> float:
    from scipy.integrate import quad

    def integrand(h: float) -> float:
        return _wind(v, h) / math.sqrt(G0 / _drag_per_mass(v, h))

    main = v["main_deploy_altitude"]
    return quad(integrand, main, top, limit=200)[0] + quad(integrand, 0.0, main, limit=200)[0]


@pytest.mark.parametrize(("direction_from", "bearing"), [(270.0, 90.0), (180.0, 0.0)])
def test_the_landing_point_drifts_downwind_of_the_deployment_point(
        nominal: dict[str, float], model: EntryModel, direction_from: float,
        bearing: float) -> None:
    """The wind moves the landing point downwind, by the drift of an independent
    integration of the fall (1 %), less than the quasi-steady drift (within 6 %)."""
    windy = {**nominal, "wind_direction": math.radians(direction_from)}
    calm = {**windy, "wind_speed": 0.0}
    with_wind = nominal_outputs(windy, model)
    without = nominal_outputs(calm, model)
    assert with_wind["time_to_deploy"] == without["time_to_deploy"]  # the wind acts below
    east, north = _east_north(with_wind["landing_latitude"], with_wind["landing_longitude"],
                              without["landing_latitude"], without["landing_longitude"])
    found = math.degrees(math.atan2(east, north)) % 360.0
    assert min(abs(found - bearing), 360.0 - abs(found - bearing)) < 2.0
    top = with_wind["altitude_at_deploy"]
    assert math.hypot(east, north) == pytest.approx(_drift_integrated(windy, top), rel=0.01)
    upper = _drift_quasi_steady(windy, top)
    assert 0.94 * upper < math.hypot(east, north) < upper
    # the landing point, not the deployment point, is judged: they differ by the drift
    assert with_wind["drift"] > 0.5 * upper
    assert with_wind["landing_latitude"] != with_wind["deploy_latitude"]


def test_the_nominal_lands_where_it_is_aimed(project: Project) -> None:
    """The interface is re-targeted so that the nominal lands at the zone's centre (the
    mean jet stream's drift included), not where it deploys."""
    graph = project.graph
    assert graph.value("entry.nominal.landing_miss_distance") < 200.0
    assert graph.value("entry.nominal.drift") > 5e3
    assert graph.value("entry.nominal.mach_at_deploy") == pytest.approx(0.70, abs=1e-3)
    assert graph.value("entry.nominal.landing_descent_rate") == pytest.approx(6.1, abs=0.2)


def test_deployment_conditions_vary_across_samples(project: Project) -> None:
    """With a g-switch and a timer, the deployment Mach number follows the switch error,
    the timer error, the entry angle and the density: CAP-051 judges a distribution, not
    the trigger's set point."""
    mach = project.graph.samples("entry.monte_carlo.mach_at_deploy")
    deployed = project.graph.samples("entry.monte_carlo.deployed")
    assert np.all(deployed == 1.0) and np.all(np.isfinite(mach))
    assert np.std(mach) > 0.005
    assert mach.min() < 0.70 < mach.max() < 0.8
    q = project.graph.samples("entry.monte_carlo.dynamic_pressure_at_deploy")
    assert np.std(q) / np.mean(q) > 0.02
    landing = project.graph.samples("entry.monte_carlo.landing_miss_distance")
    drift = project.graph.samples("entry.monte_carlo.drift")
    assert np.all(np.isfinite(landing)) and np.all(drift > 0.0)


# --- the declared dispersions, drawn ------------------------------------------------------


def _dispersions(**declared: Any) -> Dispersions:
    return Dispersions.model_validate(declared)


def test_normal_and_uniform_distributions_by_their_definitions(
        nominal: dict[str, float]) -> None:
    n = 200_000
    normal = _dispersions(mass={"distribution": "normal", "three_sigma": "3 %",
                                "source": "test"})
    mass = draw_dispersed(nominal, normal, sample_stream(1), n)["mass"]
    m0 = nominal["mass"]
    assert np.mean(mass) == pytest.approx(m0, abs=4 * 0.01 * m0 / math.sqrt(n))
    assert np.std(mass) == pytest.approx(0.01 * m0, rel=0.01)
    one_sigma = _dispersions(mass={"distribution": "normal", "sigma": "1 %", "source": "t"})
    assert np.array_equal(draw_dispersed(nominal, one_sigma, sample_stream(1), n)["mass"], mass)
    uniform = _dispersions(main_drag_area={"distribution": "uniform", "half_width": "2 m^2",
                                           "source": "test"})
    area = draw_dispersed(nominal, uniform, sample_stream(2), n)["main_drag_area"]
    a0 = nominal["main_drag_area"]
    assert a0 - 2.0 <= area.min() and area.max() <= a0 + 2.0
    assert np.std(area) == pytest.approx(2.0 / math.sqrt(3.0), rel=0.01)


def test_along_and_cross_track_rotate_into_latitude_and_longitude(
        nominal: dict[str, float]) -> None:
    """3 sigma 30 km along and 6 km across a 110 deg heading: rotated back from the drawn
    latitude and longitude, the errors have those standard deviations and no correlation."""
    declared = _dispersions(entry_state={
        "distribution": "normal", "three_sigma": {"along_track": "30 km", "cross_track": "6 km"},
        "source": "test"})
    n = 100_000
    drawn = draw_dispersed(nominal, declared, sample_stream(3), n)
    r = R_EARTH + nominal["altitude"]
    north = (drawn["latitude"] - nominal["latitude"]) * r
    east = (drawn["longitude"] - nominal["longitude"]) * r * math.cos(nominal["latitude"])
    psi = nominal["heading"]
    along = north * math.cos(psi) + east * math.sin(psi)
    cross = -north * math.sin(psi) + east * math.cos(psi)
    assert np.std(along) == pytest.approx(10e3, rel=0.01)
    assert np.std(cross) == pytest.approx(2e3, rel=0.01)
    assert abs(np.corrcoef(along, cross)[0, 1]) < 4.0 / math.sqrt(n)
    assert np.array_equal(drawn["flight_path_angle"],
                          np.full(n, nominal["flight_path_angle"]))


def test_a_diagonal_covariance_is_the_per_axis_form(nominal: dict[str, float]) -> None:
    per_axis = _dispersions(entry_state={
        "distribution": "normal", "three_sigma": {"flight_path_angle": "0.3 deg",
                                                  "speed": "9 m/s"}, "source": "t"})
    covariance = _dispersions(entry_state={
        "distribution": "normal", "covariance": {
            "axes": ["flight_path_angle", "speed"], "units": ["deg", "m/s"],
            "matrix": [[0.01, 0.0], [0.0, 9.0]]}, "source": "t"})
    a = draw_dispersed(nominal, per_axis, sample_stream(4), 1000)
    b = draw_dispersed(nominal, covariance, sample_stream(4), 1000)
    for axis in ("flight_path_angle", "speed", "latitude"):
        assert np.allclose(a[axis], b[axis], rtol=1e-12, atol=1e-15)


def test_each_dispersion_draws_from_its_own_stream(project: Project,
                                                   nominal: dict[str, float]) -> None:
    use = next(u for u in project.uses if u.key == "entry.monte_carlo")
    every = use.settings.dispersions
    fewer = every.model_copy(update={"mass": None, "density": None})
    a = draw_dispersed(nominal, every, sample_stream(20261124), 500)
    b = draw_dispersed(nominal, fewer, sample_stream(20261124), 500)
    assert "mass" not in b and "density_profile" not in b
    for name in ("flight_path_angle", "drag_coefficient", "g_switch_level", "wind_speed",
                 "wind_direction", "main_drag_area"):
        assert np.array_equal(a[name], b[name]), name


def test_the_jet_stream_speed_is_clipped_at_zero(nominal: dict[str, float]) -> None:
    declared = _dispersions(jet_stream={"speed": {"distribution": "normal", "sigma": "45 m/s"},
                                        "source": "test"})
    speed = draw_dispersed(nominal, declared, sample_stream(5), 5000)["wind_speed"]
    assert speed.min() == 0.0 and np.mean(speed == 0.0) == pytest.approx(0.16, abs=0.02)


def test_a_timer_deploys_at_its_time(nominal: dict[str, float]) -> None:
    """A ``timer`` trigger deploys exactly ``timer_delay`` after the entry interface (the
    timer's definition; the kernel ends a step on it)."""
    values = {k: v for k, v in nominal.items() if not k.startswith("g_switch")}
    values["timer_delay"] = 150.0
    found = nominal_outputs(values, EntryModel(trigger="timer"))
    assert found["time_to_deploy"] == pytest.approx(150.0, abs=1e-9)
    assert found["landing_time"] > found["time_to_deploy"]


def test_the_drag_curve_is_part_of_the_cache_key(tmp_path: Any) -> None:
    """Changing the aeroshell's Mach curve (not a graph number) changes the analyses'
    identity, so a cached result cannot answer for the edited mission, and the result."""
    import shutil

    from okaeri.model import reference_mission_path

    folder = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), folder)
    capsule = folder / "model" / "capsule.yaml"
    text = capsule.read_text()
    capsule.write_text(text.replace("drag_coefficient: [0.443, 0.464,",
                                    "drag_coefficient: [0.6, 0.62,"))
    edited = load_project(folder)
    reference = load_project()
    for key in ("entry.nominal", "entry.history", "entry.corridor", "entry.monte_carlo"):
        assert (edited.graph.node(key).identity.settings  # type: ignore[union-attr]
                != reference.graph.node(key).identity.settings)  # type: ignore[union-attr]
    # the g-switch closes at supersonic speed, where the curves agree, and its timer then
    # runs for the same time: the deployment happens at the same time, at another Mach
    assert (edited.graph.value("entry.nominal.time_to_deploy")
            == reference.graph.value("entry.nominal.time_to_deploy"))
    assert (edited.graph.value("entry.nominal.mach_at_deploy")
            < reference.graph.value("entry.nominal.mach_at_deploy"))
