"""okaeri.units: parsing, dimension checks, SI conversion, model-file form."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from okaeri import units
from okaeri.units import Angle, Dimensionless, HeatFlux, Length, Mass, Percentage, Speed


class Sample(BaseModel):
    length: Length = units.Quantity(1.0, "m")
    mass: Mass = units.Quantity(1.0, "kg")
    speed: Speed = units.Quantity(1.0, "m/s")
    angle: Angle = units.Quantity(1.0, "deg")
    ratio: Dimensionless = units.Quantity(1.0, "")
    fraction: Percentage = units.Quantity(5.0, "percent")
    flux: HeatFlux = units.Quantity(1.0, "W/m^2")


def error_of(**values: object) -> tuple[str, str]:
    with pytest.raises(ValidationError) as info:
        Sample(**values)  # type: ignore[arg-type]
    error = info.value.errors()[0]
    return error["type"], error["msg"]


@pytest.mark.parametrize(
    ("text", "family", "si_value"),
    [
        ("0.80 m", "length", 0.8),
        ("11.0 km/s", "speed", 11000.0),
        ("10 MW/m^2", "flux", 1.0e7),
        ("-8.5 deg", "angle", math.radians(-8.5)),
        ("5 %", "fraction", 0.05),
        ("100 g", "mass", 0.1),
        ("2e3 kg", "mass", 2000.0),
    ],
)
def test_si_conversion_of_parsed_values(text: str, family: str, si_value: float) -> None:
    value = getattr(Sample(**{family: text}), family)
    assert units.si(value) == pytest.approx(si_value, rel=1e-12)


def test_si_matches_pint_conversion() -> None:
    value = units.parse_quantity("350 MJ/m^2")
    assert units.si(value) == pytest.approx(value.m_as("J/m^2"), rel=1e-15)


def test_wrong_dimension_names_both_families() -> None:
    assert error_of(length="0.8 kg") == (
        "okaeri.unit_mismatch",
        "expected a length (e.g. '0.8 m'), got '0.8 kg' (a mass)",
    )


def test_bare_number_names_the_expected_family() -> None:
    assert error_of(speed=11.0) == (
        "okaeri.bare_number",
        "expected a speed (e.g. '11.0 km/s'), got the bare number 11.0",
    )


def test_angle_without_unit_is_a_bare_number() -> None:
    assert error_of(angle="-8.5")[0] == "okaeri.bare_number"


def test_percent_is_not_a_plain_number() -> None:
    assert error_of(ratio="5 %")[0] == "okaeri.unit_mismatch"
    assert error_of(fraction=0.05)[0] == "okaeri.bare_number"


def test_dimensionless_accepts_bare_numbers() -> None:
    assert units.si(Sample(ratio=1.05).ratio) == 1.05


@pytest.mark.parametrize("bad", ["fast", "12 parsecs/fortnight", "1 meterz", "", "nan m",
                                 "1 kg)", "1 m**", "2 (m"])
def test_unreadable_values_are_findings(bad: str) -> None:
    assert error_of(length=bad)[0] in {"okaeri.not_a_quantity", "okaeri.unit_mismatch"}


def test_model_file_form_round_trips() -> None:
    sample = Sample(length="0.80 m", speed="11 km/s", flux="10 MW/m^2", fraction="8 %",
                    angle="-8.5 deg")
    dumped = sample.model_dump()
    assert dumped["flux"] == "10 MW/m^2"
    assert dumped["speed"] == "11 km/s"
    assert Sample(**dumped) == sample


def test_check_quantity_for_command_line_values() -> None:
    assert units.si(units.check_quantity("a speed", "12.9 km/s")) == 12900.0


def test_fractional_exponents_keep_their_dimension() -> None:
    assert units.unit_kind(units.ureg.Unit("m^1.5")) == "[length] ** 3/2"


def test_unwritable_cache_folder_does_not_break_the_registry(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocked / "cache"), "HOME": str(blocked)}
    code = "from okaeri import units; print(units.si(units.parse_quantity('1 km')))"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=False)
    assert (result.returncode, result.stdout.strip()) == (0, "1000.0"), result.stderr
