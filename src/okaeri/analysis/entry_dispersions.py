"""The entry Monte Carlo's dispersions as a verification activity declares them, and drawing
them: :func:`draw_dispersed` is the one place that draws the dispersed inputs.

Every dispersion states its distribution and its source::

    dispersions:
      entry_state:                      # navigation: per-axis 3 sigma, or a covariance
        distribution: normal
        three_sigma: {flight_path_angle: "0.3 deg", speed: "10 m/s", heading: "0.1 deg",
                      along_track: "16.5 km", cross_track: "5 km"}
        source: ...
      mass: {distribution: normal, three_sigma: "2 %", source: ...}
      drag_coefficient: {distribution: normal, three_sigma: "5 %", source: ...}
      density:                          # Gauss-Markov in altitude
        distribution: gauss_markov
        correlation_length: "5 km"
        grid_step: "2.5 km"
        sigma: [{altitude: "8 km", sigma: "1 %"}, {altitude: "120 km", sigma: "25 %"}]
        source: ...
      jet_stream:
        speed: {distribution: normal, sigma: "15 m/s"}
        direction_from: {distribution: normal, sigma: "20 deg"}
        source: ...
      g_switch_level: {distribution: normal, three_sigma: "5 %", source: ...}
      timer_delay: {distribution: normal, sigma: "0.1 s", source: ...}
      drogue_drag_area: {distribution: uniform, half_width: "10 %", source: ...}
      main_drag_area: {distribution: uniform, half_width: "10 %", source: ...}

A scalar dispersion is ``normal`` (``three_sigma`` or ``sigma``) or ``uniform``
(``half_width``) about the nominal value: absolute (a value of the quantity's kind, added)
or relative (a percentage: ``nominal (1 + x)``). A dispersion left out is not dispersed.

Each dispersion draws from its own random stream (a child of the Monte Carlo's stream,
:meth:`numpy.random.Generator.spawn`, in the fixed order of :data:`STREAMS`), so that adding,
removing or changing one leaves the others' samples unchanged. The samplers are
:mod:`okaeri.core.dispersions`: the entry state from its covariance (per-axis values as a
diagonal one; along- and cross-track errors rotated into latitude and longitude at the
entry point), the density perturbations as a first-order Gauss-Markov process in altitude
(log-normal factors of mean 1), the jet stream's speed (clipped at 0) and direction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from okaeri.model.base import OkaeriModel
from okaeri.units import (
    Angle,
    AnyQuantity,
    Length,
    Measurement,
    Percentage,
    Speed,
    family_of,
    format_quantity,
    parse_quantity,
    si,
    unit_kind,
    within,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = ["STREAMS", "DensityDispersion", "DispersedInput", "Dispersion", "Dispersions",
           "Distribution", "EntryStateDispersion", "EntryStateSigmas", "JetStreamDispersion",
           "NavigationCovariance", "SigmaPoint", "describe", "dispersed_inputs",
           "draw_dispersed", "unmatched"]


def _kind(quantity: AnyQuantity) -> str:
    return unit_kind(quantity.units)


def _not_negative(value: AnyQuantity) -> AnyQuantity:
    if float(value.magnitude) < 0.0:
        raise PydanticCustomError("okaeri.out_of_range", "expected an amount >= 0, got "
                                  "'{found}'", {"found": format_quantity(value)})
    return value


Amount = Annotated[Measurement, AfterValidator(_not_negative)]
"""A dispersion's amount: a value with its unit (of the dispersed quantity's kind, or a
percentage), not negative."""


class Distribution(OkaeriModel):
    """A random variation about a nominal value, its distribution stated explicitly:
    ``normal`` with ``three_sigma`` (or ``sigma``), or ``uniform`` with ``half_width``. The
    amount is absolute (a value of the dispersed quantity's kind) or relative (``"2 %"``)."""

    distribution: Literal["normal", "uniform"]
    """``normal`` (Gaussian, centred on the nominal value) or ``uniform`` (flat between
    nominal - half_width and nominal + half_width)."""
    three_sigma: Amount | None = None
    """``normal``: three standard deviations (``"0.3 deg"``, ``"2 %"``)."""
    sigma: Amount | None = None
    """``normal``: one standard deviation, instead of ``three_sigma``."""
    half_width: Amount | None = None
    """``uniform``: the half width of the interval (``"10 %"``)."""

    @model_validator(mode="after")
    def _one_amount(self) -> Distribution:
        given = [n for n in ("three_sigma", "sigma", "half_width") if getattr(self, n) is not None]
        allowed = ("three_sigma", "sigma") if self.distribution == "normal" else ("half_width",)
        if len(given) != 1 or given[0] not in allowed:
            raise PydanticCustomError(
                "okaeri.invalid_value", "a {d} distribution takes exactly one of {allowed}, "
                "got {given}", {"d": self.distribution, "allowed": " or ".join(allowed),
                                "given": ", ".join(given) or "none"})
        if self.relative and self.extent > 1.0:
            raise PydanticCustomError(
                "okaeri.out_of_range", "expected a relative dispersion of at most 100 % (3 "
                "sigma or half width), got '{found}'", {"found": format_quantity(self.amount)})
        return self

    @property
    def amount(self) -> AnyQuantity:
        """The amount as written (3 sigma, 1 sigma or half width)."""
        found = self.three_sigma or self.sigma or self.half_width
        if found is None:  # pragma: no cover - the validator requires one
            raise ValueError("no amount")
        return found

    @property
    def relative(self) -> bool:
        """Whether the amount is a fraction of the nominal value (a percentage)."""
        return _kind(self.amount) == "percent"

    @property
    def extent(self) -> float:
        """3 sigma of a normal distribution or the half width of a uniform one (SI, or a
        fraction when relative)."""
        value = si(self.amount)
        return 3.0 * value if self.sigma is not None else value

    def describe(self) -> str:
        """``normal, 3 sigma 2 %``, ``normal, 1 sigma 15 m/s``, ``uniform, +- 10 %``."""
        amount = format_quantity(self.amount)
        if self.distribution == "uniform":
            return f"uniform, +- {amount}"
        return f"normal, {'1' if self.sigma is not None else '3'} sigma {amount}"

    def draw(self, nominal: Any, rng: np.random.Generator, size: int) -> Any:
        """``size`` values about ``nominal`` (SI; a scalar or an array of ``size``)."""
        value = si(self.amount)
        if self.distribution == "uniform":
            delta = rng.uniform(-value, value, size)
        else:
            delta = rng.normal(0.0, value if self.sigma is not None else value / 3.0, size)
        return nominal * (1.0 + delta) if self.relative else nominal + delta


class Dispersion(Distribution):
    """A dispersion of one input: its distribution and where its magnitude comes from."""

    source: str
    """Where the magnitude comes from (a reference, or ``assumption`` and why)."""


def _check_kind(value: Distribution | None, family: str, name: str) -> Any:
    if value is None or value.relative or _kind(value.amount) == family_of(family).kind:
        return value
    raise PydanticCustomError(
        "okaeri.unit_mismatch", "the {name} dispersion is {family} or a percentage, got "
        "'{found}'", {"name": name, "family": family, "found": format_quantity(value.amount)})


class EntryStateSigmas(OkaeriModel):
    """Per-axis 3-sigma errors of the entry-interface state (independent axes). The
    position is latitude and longitude, or along- and cross-track distances (cross-track
    positive to the right of the heading), not both."""

    flight_path_angle: Annotated[Angle, *within(ge="0 deg", le="10 deg")] | None = None
    """Inertial flight path angle (``"0.3 deg"``)."""
    speed: Annotated[Speed, *within(ge="0 m/s", le="1 km/s")] | None = None
    """Inertial speed (``"10 m/s"``)."""
    heading: Annotated[Angle, *within(ge="0 deg", le="90 deg")] | None = None
    """Inertial heading (``"0.1 deg"``)."""
    latitude: Annotated[Angle, *within(ge="0 deg", le="90 deg")] | None = None
    """Latitude of the entry point."""
    longitude: Annotated[Angle, *within(ge="0 deg", le="180 deg")] | None = None
    """Longitude of the entry point."""
    along_track: Annotated[Length, *within(ge="0 km", le="5000 km")] | None = None
    """Position along the entry heading (``"16.5 km"``)."""
    cross_track: Annotated[Length, *within(ge="0 km", le="5000 km")] | None = None
    """Position across the entry heading (``"5 km"``)."""

    @model_validator(mode="after")
    def _one_position(self) -> EntryStateSigmas:
        _one_position_form([n for n in AXES if getattr(self, n) is not None])
        return self


AXES = ("flight_path_angle", "speed", "heading", "latitude", "longitude", "along_track",
        "cross_track")
"""Axes an entry-state dispersion may name."""

_AXIS_FAMILY = {"flight_path_angle": "an angle", "speed": "a speed", "heading": "an angle",
                "latitude": "an angle", "longitude": "an angle", "along_track": "a length",
                "cross_track": "a length"}


def _one_position_form(axes: list[str]) -> None:
    if {"latitude", "longitude"} & set(axes) and {"along_track", "cross_track"} & set(axes):
        raise PydanticCustomError(
            "okaeri.invalid_value", "give the entry position as latitude and longitude or "
            "as along_track and cross_track, not both")


class NavigationCovariance(OkaeriModel):
    """A navigation covariance of the entry-interface state (1 sigma squared): the axes it
    covers, the unit of each, and the matrix (row i, column j in ``units[i] units[j]``)."""

    axes: tuple[Literal["flight_path_angle", "speed", "heading", "latitude", "longitude",
                        "along_track", "cross_track"], ...] = Field(min_length=1)
    """The axes of the rows and columns (``[flight_path_angle, speed, along_track]``)."""
    units: tuple[str, ...]
    """The unit of each axis (``[deg, m/s, km]``)."""
    matrix: tuple[tuple[Annotated[float, Field(allow_inf_nan=False)], ...], ...]
    """The covariance, symmetric and positive semi-definite."""

    @model_validator(mode="after")
    def _a_covariance(self) -> NavigationCovariance:
        n = len(self.axes)
        _one_position_form(list(self.axes))
        if len(set(self.axes)) != n:
            raise PydanticCustomError("okaeri.invalid_value", "an axis is named twice in "
                                      "{axes}", {"axes": list(self.axes)})
        if len(self.units) != n or len(self.matrix) != n or any(len(r) != n for r in self.matrix):
            raise PydanticCustomError(
                "okaeri.invalid_value", "a covariance of {n} axes needs {n} units and an "
                "{n} x {n} matrix", {"n": n})
        for axis, unit in zip(self.axes, self.units, strict=True):
            _unit_of(axis, unit)
        self._positive_semi_definite()
        return self

    def _positive_semi_definite(self) -> None:
        import numpy as np

        c = np.asarray(self.matrix, dtype=float)
        scale = max(1.0, float(np.max(np.abs(c))))
        if not np.allclose(c, c.T, rtol=1e-9, atol=1e-12 * scale):
            raise PydanticCustomError("okaeri.invalid_value", "the covariance matrix must be "
                                      "symmetric")
        if np.min(np.linalg.eigvalsh(c)) < -1e-9 * scale:
            raise PydanticCustomError("okaeri.invalid_value", "the covariance matrix must be "
                                      "positive semi-definite (an eigenvalue is negative)")

    def si(self) -> Any:
        """The matrix in SI (rad, m/s, m squared)."""
        import numpy as np

        factors = np.array([si(parse_quantity(f"1 {u}")) for u in self.units])
        return np.asarray(self.matrix, dtype=float) * np.outer(factors, factors)


def _unit_of(axis: str, unit: str) -> None:
    try:
        kind = unit_kind(parse_quantity(f"1 {unit}").units)
    except ValueError:
        kind = ""
    if kind != family_of(_AXIS_FAMILY[axis]).kind:
        raise PydanticCustomError(
            "okaeri.unit_mismatch", "the unit of axis {axis} must be one of {family}, got "
            "'{unit}'", {"axis": axis, "family": _AXIS_FAMILY[axis], "unit": unit})


class EntryStateDispersion(OkaeriModel):
    """Errors of the entry-interface state: a normal distribution from per-axis 3-sigma
    values (``three_sigma``) or from a navigation ``covariance``."""

    distribution: Literal["normal"]
    """A multivariate normal distribution about the nominal state."""
    three_sigma: EntryStateSigmas | None = None
    """Per-axis 3-sigma values (independent axes)."""
    covariance: NavigationCovariance | None = None
    """Or a navigation covariance."""
    source: str
    """Where the magnitudes come from."""

    @model_validator(mode="after")
    def _one_form(self) -> EntryStateDispersion:
        if (self.three_sigma is None) == (self.covariance is None):
            raise PydanticCustomError("okaeri.invalid_value", "give the entry-state "
                                      "dispersion as three_sigma or as covariance (one of them)")
        return self

    def given(self) -> tuple[tuple[str, ...], Any]:
        """The axes and their covariance (SI) as declared."""
        import numpy as np

        if self.covariance is not None:
            return self.covariance.axes, self.covariance.si()
        sigmas = self.three_sigma
        axes = tuple(n for n in AXES if getattr(sigmas, n) is not None)
        return axes, np.diag([(si(getattr(sigmas, n)) / 3.0) ** 2 for n in axes])

    def core_covariance(self, nominal: Mapping[str, float]) -> Any:
        """The 5 x 5 covariance (SI) of :data:`okaeri.core.dispersions.ENTRY_STATE_AXES`:
        ``J C J^T`` with ``J`` the identity on the state's own axes and, for along- and
        cross-track distances a and c at heading psi, latitude phi and radius r (the
        planet's radius plus the interface altitude): d lat = (a cos psi - c sin psi) / r,
        d lon = (a sin psi + c cos psi) / (r cos phi)."""
        import numpy as np

        from okaeri.core.constants import R_EARTH
        from okaeri.core.dispersions import ENTRY_STATE_AXES

        axes, given = self.given()
        psi, phi = nominal["heading"], nominal["latitude"]
        r = R_EARTH + nominal["altitude"]
        jacobian = np.zeros((5, len(axes)))
        for j, axis in enumerate(axes):
            if axis in ENTRY_STATE_AXES:
                jacobian[ENTRY_STATE_AXES.index(axis), j] = 1.0
                continue
            north, east = ((math.cos(psi), math.sin(psi)) if axis == "along_track"
                           else (-math.sin(psi), math.cos(psi)))
            jacobian[3, j] = north / r
            jacobian[4, j] = east / (r * math.cos(phi))
        return jacobian @ given @ jacobian.T


class SigmaPoint(OkaeriModel):
    """The 1-sigma relative density variability at one altitude."""

    altitude: Annotated[Length, *within(ge="0 km", le="1000 km")]
    """Altitude (``"8 km"``)."""
    sigma: Annotated[Percentage, *within(ge="0 %", le="100 %")]
    """1-sigma variability of the density, relative (``"1 %"``)."""


class DensityDispersion(OkaeriModel):
    """Density perturbations correlated in altitude: a first-order Gauss-Markov process
    (:func:`okaeri.core.dispersions.density_perturbations`); at each altitude the factor on
    the model's density is log-normal with mean 1 and the 1-sigma ``sigma`` there."""

    distribution: Literal["gauss_markov"]
    """A first-order Gauss-Markov process in altitude."""
    correlation_length: Annotated[Length, *within(gt="0 km", le="1000 km")]
    """L: corr(x(h), x(h')) = exp(-abs(h - h') / L) (``"5 km"``)."""
    grid_step: Annotated[Length, *within(ge="100 m", le="100 km")]
    """Spacing of the altitude grid of the profiles, from the ground to the entry
    interface (about L / 2 resolves the process: ``"2.5 km"``); at least 100 m, so that a
    profile per sample stays a few thousand points (a 1 mm step asked numpy for an array
    larger than memory)."""
    sigma: tuple[SigmaPoint, ...] = Field(min_length=1)
    """1-sigma variability against altitude, interpolated linearly, held beyond its ends."""
    source: str
    """Where the magnitudes come from."""

    @model_validator(mode="after")
    def _increasing(self) -> DensityDispersion:
        heights = [si(p.altitude) for p in self.sigma]
        if any(b <= a for a, b in pairwise(heights)):
            raise PydanticCustomError("okaeri.invalid_value", "the altitudes of the density "
                                      "sigma profile must increase strictly")
        return self

    def grid(self, top: float) -> Any:
        """Altitudes (m) from 0 to at least ``top`` (m) every ``grid_step``."""
        import numpy as np

        step = si(self.grid_step)
        return np.arange(0.0, top + step, step)

    def draw(self, top: float, rng: np.random.Generator, size: int) -> tuple[Any, Any]:
        """(altitudes m, factors ``size`` x len(altitudes)) for the core's
        ``density_profile``."""
        from okaeri.core.dispersions import density_perturbations

        grid = self.grid(top)
        table = ([si(p.altitude) for p in self.sigma], [si(p.sigma) for p in self.sigma])
        return grid, density_perturbations(rng, size, grid,
                                           correlation_length=si(self.correlation_length),
                                           sigma=table)


_JET_SPEED_MAX = 300.0
"""m/s: the largest jet stream speed dispersion (3 sigma or half width), the range of the
jet's speed itself (:class:`okaeri.model.phases.JetStream`)."""


class JetStreamDispersion(OkaeriModel):
    """Dispersions of the descent phase's jet stream: its core speed (clipped at 0) and the
    direction it blows from."""

    speed: Distribution | None = None
    """Core speed (a speed or a percentage)."""
    direction_from: Distribution | None = None
    """Direction the wind blows from (an angle)."""
    source: str
    """Where the magnitudes come from."""

    @field_validator("speed")
    @classmethod
    def _speed(cls, value: Distribution | None) -> Distribution | None:
        checked: Distribution | None = _check_kind(value, "a speed", "jet stream speed")
        if checked is not None and not checked.relative and checked.extent > _JET_SPEED_MAX:
            # the wind's own range (descent.wind.speed): a wider spread draws winds no
            # atmosphere has (1e301 m/s overflowed the descent's integration)
            raise PydanticCustomError(
                "okaeri.out_of_range", "expected a jet stream speed dispersion of at most "
                "300 m/s (3 sigma or half width), got '{found}'",
                {"found": format_quantity(checked.amount)})
        return checked

    @field_validator("direction_from")
    @classmethod
    def _direction(cls, value: Distribution | None) -> Distribution | None:
        if value is not None and _kind(value.amount) != family_of("an angle").kind:
            raise PydanticCustomError("okaeri.unit_mismatch", "the wind direction dispersion "
                                      "is an angle, got '{found}'",
                                      {"found": format_quantity(value.amount)})
        if value is not None and value.extent > 2.0 * math.pi:
            raise PydanticCustomError("okaeri.out_of_range", "expected a wind direction "
                                      "dispersion of at most 360 deg (3 sigma or half width), "
                                      "got '{found}'", {"found": format_quantity(value.amount)})
        return value


_SCALARS: dict[str, str] = {
    "mass": "a mass",
    "drag_coefficient": "a dimensionless number",
    "g_switch_level": "an acceleration",
    "timer_delay": "a time",
    "drogue_drag_area": "an area",
    "main_drag_area": "an area",
}
"""Scalar dispersions: the setting (the same name as the input port it disperses) and the
unit family of an absolute amount."""


class Dispersions(OkaeriModel):
    """The dispersions of the entry Monte Carlo, each with its distribution and source; a
    dispersion left out is not dispersed."""

    entry_state: EntryStateDispersion | None = None
    """Entry-interface state: flight path angle, speed, heading, position."""
    mass: Dispersion | None = None
    """Entry mass (``"2 %"``)."""
    drag_coefficient: Dispersion | None = None
    """Hypersonic drag coefficient; scales the whole Mach curve (``"5 %"``)."""
    density: DensityDispersion | None = None
    """Atmospheric density perturbations against altitude."""
    jet_stream: JetStreamDispersion | None = None
    """The descent's jet stream: speed and direction."""
    g_switch_level: Dispersion | None = None
    """The g-switch's closing level (sensor error)."""
    timer_delay: Dispersion | None = None
    """The deployment timer (sequencer clock error)."""
    drogue_drag_area: Dispersion | None = None
    """Drag area under the drogue."""
    main_drag_area: Dispersion | None = None
    """Drag area under the main parachute."""

    @field_validator(*_SCALARS)
    @classmethod
    def _kind_fits(cls, value: Dispersion | None, info: Any) -> Dispersion | None:
        checked: Dispersion | None = _check_kind(value, _SCALARS[info.field_name],
                                                 info.field_name)
        return checked


@dataclass(frozen=True)
class DispersedInput:
    """A declared dispersion of one input port, for a sensitivity study."""

    setting: str
    """Where it is declared (``mass``, ``entry_state.flight_path_angle``)."""
    target: str
    """The input port it disperses (``mass``, ``flight_path_angle``)."""
    extent: float
    """3 sigma (normal) or half width (uniform): SI, or a fraction when relative."""
    relative: bool
    """``nominal (1 + x)`` (relative) or ``nominal + x``."""
    basis: str
    """In words (``normal, 3 sigma 2 %``)."""


def dispersed_inputs(dispersions: Dispersions) -> tuple[DispersedInput, ...]:
    """Every declared dispersion of a single input port (the entry state's own axes, the
    scalars, the jet stream's speed and direction); not the density profile nor the
    along- and cross-track position, which disperse no single port."""
    found = []
    state = dispersions.entry_state
    if state is not None:
        axes, covariance = state.given()
        for i, axis in enumerate(axes):
            if axis in ("along_track", "cross_track"):
                continue
            extent = 3.0 * math.sqrt(float(covariance[i, i]))
            found.append(DispersedInput(f"entry_state.{axis}", axis, extent, False,
                                        f"normal, 3 sigma {extent:.6g} (SI)"))
    for name in _SCALARS:
        d = getattr(dispersions, name)
        if d is not None:
            found.append(DispersedInput(name, name, d.extent, d.relative, d.describe()))
    jet = dispersions.jet_stream
    for name, port in (("speed", "wind_speed"), ("direction_from", "wind_direction")):
        d = getattr(jet, name) if jet is not None else None
        if d is not None:
            found.append(DispersedInput(f"jet_stream.{name}", port, d.extent, d.relative,
                                        d.describe()))
    return tuple(found)


def _state_words(state: EntryStateDispersion) -> str:
    if state.covariance is not None:
        return f"normal, navigation covariance of {', '.join(state.covariance.axes)}"
    sigmas = state.three_sigma
    parts = [f"{n.replace('_', ' ')} {format_quantity(getattr(sigmas, n))}" for n in AXES
             if getattr(sigmas, n) is not None]
    return "normal, 3 sigma: " + ", ".join(parts)


def describe(dispersions: Dispersions) -> list[tuple[str, str, str]]:
    """(what, distribution and amount, source) of each declared dispersion, in words."""
    rows = []
    if dispersions.entry_state is not None:
        rows.append(("entry state", _state_words(dispersions.entry_state),
                     dispersions.entry_state.source))
    density = dispersions.density
    if density is not None:
        sigma = ", ".join(f"{format_quantity(p.sigma)} at {format_quantity(p.altitude)}"
                          for p in density.sigma)
        rows.append(("density", f"Gauss-Markov in altitude, correlation length "
                     f"{format_quantity(density.correlation_length)}, 1 sigma {sigma}",
                     density.source))
    jet = dispersions.jet_stream
    if jet is not None:
        parts = [f"{n.replace('_', ' ')} {d.describe()}" for n, d in
                 (("speed", jet.speed), ("direction_from", jet.direction_from)) if d]
        rows.append(("jet stream", "; ".join(parts), jet.source))
    for name in _SCALARS:
        d = getattr(dispersions, name)
        if d is not None:
            rows.append((name.replace("_", " "), d.describe(), d.source))
    return rows


_NEEDS = {
    "g_switch_level": ("g_switch_level", "a g-switch trigger (parachute.g_switch_level)"),
    "timer_delay": ("timer_delay", "a deployment timer (parachute.timer_delay)"),
    "drogue_drag_area": ("drogue_drag_area", "a drogue (parachute.drogue_drag_area)"),
    "main_drag_area": ("main_drag_area", "a main parachute (parachute.main_drag_area)"),
    "jet_stream": ("wind_speed", "a wind (the descent phase's wind) and a parachute descent"),
}


def unmatched(dispersions: Dispersions, ports: set[str]) -> list[tuple[str, str]]:
    """(setting, what the mission lacks) of each declared dispersion whose input the
    mission does not have (``ports``: the entry's bound input ports)."""
    return [(setting, needs) for setting, (port, needs) in _NEEDS.items()
            if getattr(dispersions, setting) is not None and port not in ports]


STREAMS = ("entry_state", "mass", "drag_coefficient", "density", "jet_stream",
           "g_switch_level", "timer_delay", "drogue_drag_area", "main_drag_area")
"""The dispersions in the order of their random streams (children of the Monte Carlo's)."""


def draw_dispersed(nominal: Mapping[str, float], dispersions: Dispersions,
                   rng: np.random.Generator, size: int) -> dict[str, Any]:
    """``size`` dispersed values of each dispersed input port (SI arrays by port name) and
    ``density_profile`` (altitudes m, factors ``size`` x K) when the density is dispersed;
    each dispersion from its own child stream of ``rng`` (:data:`STREAMS`)."""
    import numpy as np

    from okaeri.core.dispersions import ENTRY_STATE_AXES, entry_state_samples

    streams = dict(zip(STREAMS, rng.spawn(len(STREAMS)), strict=True))
    drawn: dict[str, Any] = {}
    if dispersions.entry_state is not None:
        mean = [nominal[axis] for axis in ENTRY_STATE_AXES]
        drawn.update(entry_state_samples(
            streams["entry_state"], size, mean,
            covariance=dispersions.entry_state.core_covariance(nominal)))
    for name in _SCALARS:
        d = getattr(dispersions, name)
        if d is not None:
            drawn[name] = d.draw(nominal[name], streams[name], size)
    if dispersions.density is not None:
        drawn["density_profile"] = dispersions.density.draw(nominal["altitude"],
                                                            streams["density"], size)
    jet = dispersions.jet_stream
    if jet is not None:
        rng_jet = streams["jet_stream"]
        speed = (jet.speed.draw(nominal["wind_speed"], rng_jet, size) if jet.speed
                 else np.full(size, nominal["wind_speed"]))
        drawn["wind_speed"] = np.clip(speed, 0.0, None)
        drawn["wind_direction"] = (jet.direction_from.draw(nominal["wind_direction"],
                                                           rng_jet, size)
                                   if jet.direction_from else np.full(size,
                                                                      nominal["wind_direction"]))
    return drawn
