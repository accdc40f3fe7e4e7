"""Requirement types: ids, the 'shall' rule, criteria, statistics, margins, the set."""

from __future__ import annotations

import math
from typing import Any

import pytest
from pydantic import ValidationError

from okaeri.requirements import (
    Comparator,
    Criterion,
    Level,
    NodeRef,
    Requirement,
    RequirementSet,
    RequirementsFile,
    assess,
    margin,
    satisfies,
)
from okaeri.units import si


def requirement(rid: str = "CAP-080", **fields: Any) -> Requirement:
    data: dict[str, Any] = {"id": rid, "title": "t", "text": "The capsule shall float.",
                            "rationale": "r", "level": "segment", "method": "analysis"}
    data.update(fields)
    return Requirement.model_validate(data)


def criterion(**fields: Any) -> Criterion:
    data: dict[str, Any] = {"quantity": "entry.nominal.peak_deceleration", "comparator": "<=",
                            "limit": "50 g0"}
    data.update(fields)
    return Criterion.model_validate(data)


def error_types(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [e["type"] for e in exc.value.errors()]


@pytest.mark.parametrize("rid", ["CAP-010", "CAP-041", "SYS-020A", "MI-001", "ABCDE-999"])
def test_valid_requirement_ids(rid: str) -> None:
    assert requirement(rid).id == rid


@pytest.mark.parametrize("rid", ["cap-010", "CAP-10", "CAP-0100", "A-001", "ABCDEF-001",
                                 "CAP_010", "CAP-010ab"])
def test_invalid_requirement_ids_are_okaeri_findings(rid: str) -> None:
    with pytest.raises(ValidationError) as info:
        requirement(rid)
    assert error_types(info) == ["okaeri.invalid_id"]
    assert "expected a requirement id like 'CAP-010'" in str(info.value)


@pytest.mark.parametrize("text", ["The capsule must float.", "Shallow entry.", "marshall"])
def test_a_text_without_shall_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        requirement(text=text)
    assert error_types(info) == ["okaeri.no_shall"]


def test_shall_is_found_whatever_its_case() -> None:
    assert requirement(text="SHALL the capsule float? It Shall.").text


def test_an_empty_title_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        requirement(title="  ")
    assert error_types(info) == ["okaeri.invalid_value"]


def test_defaults_of_a_requirement() -> None:
    r = requirement()
    assert (r.parents, r.allocated_to, r.phases, r.criterion, r.stage) == (
        (), (), (), None, "qualification")
    assert requirement(method=None).method is None


def test_quantity_limit_is_parsed_with_its_unit() -> None:
    c = criterion()
    assert c.limit_key is None
    assert si(c.limit) == pytest.approx(50 * 9.80665)
    assert si(c.required_margin) == 0.0


def test_node_limit_keeps_the_key() -> None:
    c = criterion(limit="=  capsule.sample_canister.max_deceleration")
    assert isinstance(c.limit, NodeRef)
    assert c.limit_key == "capsule.sample_canister.max_deceleration"
    assert c.model_dump(mode="json")["limit"] == "= capsule.sample_canister.max_deceleration"


def test_bare_number_limit_is_dimensionless() -> None:
    assert si(criterion(quantity="entry.nominal.mach_at_deploy", limit=0.8).limit) == 0.8


@pytest.mark.parametrize(("limit", "kind"), [
    ("= Capsule.x", "okaeri.invalid_value"),
    ("= capsule", "okaeri.invalid_value"),
    ("=", "okaeri.invalid_value"),
    ("50 blorbs", "okaeri.not_a_quantity"),
    ("fifty g", "okaeri.not_a_quantity"),
    (True, "okaeri.not_a_quantity"),
    (None, "okaeri.not_a_quantity"),
    (float("inf"), "okaeri.not_a_quantity"),
])
def test_invalid_limits(limit: Any, kind: str) -> None:
    with pytest.raises(ValidationError) as info:
        criterion(limit=limit)
    assert error_types(info) == [kind]


def test_unknown_comparator_is_an_invalid_value() -> None:
    with pytest.raises(ValidationError) as info:
        criterion(comparator="=<")
    assert error_types(info) == ["enum"]


def test_required_margin_is_a_percentage_not_below_zero() -> None:
    assert criterion(required_margin="20 %").required_margin_si == pytest.approx(0.2)
    with pytest.raises(ValidationError) as info:
        criterion(required_margin="-5 %")
    assert error_types(info) == ["okaeri.invalid_value"]
    with pytest.raises(ValidationError) as info:
        criterion(required_margin=0.2)
    assert error_types(info) == ["okaeri.bare_number"]


def test_graph_key_must_be_dotted_lower_case() -> None:
    with pytest.raises(ValidationError) as info:
        criterion(quantity="PeakDeceleration")
    assert error_types(info) == ["okaeri.invalid_id"]


@pytest.mark.parametrize("statistic", [{}, {"percentile": 99, "kind": "max"},
                                       {"percentile": 100.5}, {"percentile": -1},
                                       {"percentile": 100}, {"percentile": 0},
                                       {"percentile": 99, "confidence": "100 %"},
                                       {"kind": "median"}])
def test_invalid_statistics(statistic: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        criterion(quantity="entry.monte_carlo.peak_deceleration", statistic=statistic)


def test_criterion_describe() -> None:
    c = criterion(quantity="entry.monte_carlo.peak_heat_flux_total",
                  statistic={"percentile": 99.87}, limit="= capsule.heat_shield.max_heat_flux",
                  required_margin="20 %")
    assert c.describe() == ("P99.87(entry.monte_carlo.peak_heat_flux_total) <= "
                            "capsule.heat_shield.max_heat_flux (margin 20 %)")
    assert criterion().describe() == "entry.nominal.peak_deceleration <= 50 g0"


# Oracle for the margins: the definition in the docstring of okaeri.requirements.margin,
# worked by hand.
@pytest.mark.parametrize(("value", "limit", "comparator", "expected"), [
    (8.0, 10.0, "<=", 0.2),      # 20 % below a maximum
    (12.0, 10.0, "<=", -0.2),    # 20 % over a maximum
    (10.0, 10.0, "<", 0.0),
    (12.0, 10.0, ">=", 0.2),     # 20 % above a minimum
    (0.3, 0.5, ">", -0.4),
    (-6.0, -5.0, "<=", 0.2),     # a negative maximum: -6 is 20 % more compliant
    (-4.0, -5.0, ">=", 0.2),
])
def test_margin_is_the_relative_distance_to_the_limit(value: float, limit: float,
                                                      comparator: str, expected: float) -> None:
    assert margin(value, limit, comparator) == pytest.approx(expected)


def test_margin_against_a_zero_limit_is_signed_infinity() -> None:
    assert margin(-1.0, 0.0, "<=") == math.inf
    assert margin(1.0, 0.0, "<=") == -math.inf
    assert margin(0.0, 0.0, ">=") == 0.0


def test_margin_of_nan_is_nan_and_never_satisfies() -> None:
    assert math.isnan(margin(math.nan, 1.0, "<="))
    assert not satisfies(math.nan, 1.0, "<=")
    assert not assess(math.nan, 1.0, Comparator.LE).closes


def test_strict_comparators_fail_on_the_limit() -> None:
    assert satisfies(10.0, 10.0, "<=") and satisfies(10.0, 10.0, ">=")
    assert not satisfies(10.0, 10.0, "<") and not satisfies(10.0, 10.0, ">")


def test_assessment_flags_a_pass_below_the_required_margin() -> None:
    result = criterion(required_margin="20 %").assess(9.0, 10.0)
    assert result.satisfied and not result.margin_met and not result.closes
    assert result.margin == pytest.approx(0.1)
    # 8.0 against 10.0 is exactly 20 % up to rounding
    assert criterion(required_margin="20 %").assess(8.0, 10.0).closes


def test_dump_and_load_gives_an_equal_file() -> None:
    original = RequirementsFile(requirements=(
        requirement(criterion=criterion(limit="= capsule.sample_canister.max_deceleration")),
        requirement("CAP-081", criterion=criterion(required_margin="20 %")),
    ))
    dumped = original.model_dump(mode="json", exclude_none=True)
    assert RequirementsFile.model_validate(dumped) == original


@pytest.mark.filterwarnings("ignore:Default value")  # quantity defaults: okaeri.model.schema
def test_json_schema_of_a_requirements_file() -> None:
    schema = RequirementsFile.model_json_schema()
    assert schema["$defs"]["Requirement"]["properties"]["id"]["pattern"].startswith("^[A-Z]")
    assert "text" in schema["$defs"]["Requirement"]["required"]


def make_set() -> RequirementSet:
    return RequirementSet([
        requirement("MIS-001", level="mission"),
        requirement("SYS-010", level="system", parents=["MIS-001"], allocated_to=["otv"]),
        requirement("CAP-010", parents=["MIS-001", "SYS-010", "MIS-001"],
                    allocated_to=["capsule.heat_shield"]),
        requirement("CAP-011", level="component", parents=["CAP-010", "NOPE-001"]),
        requirement("CAP-010", title="duplicate"),
    ])


def test_set_sees_each_id_once_and_keeps_the_duplicates() -> None:
    rs = make_set()
    assert len(rs) == 4 and len(rs.entries) == 5
    assert rs["CAP-010"].title == "t"
    assert rs.ids == ("MIS-001", "SYS-010", "CAP-010", "CAP-011")
    assert "CAP-011" in rs and "CAP-099" not in rs and rs.get("CAP-099") is None


def test_set_navigation() -> None:
    rs = make_set()
    assert [r.id for r in rs.parents_of("CAP-010")] == ["MIS-001", "SYS-010"]
    assert [r.id for r in rs.parents_of("CAP-011")] == ["CAP-010"]
    assert [r.id for r in rs.children_of("MIS-001")] == ["SYS-010", "CAP-010"]
    assert [r.id for r in rs.leaves()] == ["CAP-011"]
    assert [r.id for r in rs.roots()] == ["MIS-001"]
    assert [r.id for r in rs.ancestors("CAP-011")] == ["CAP-010", "MIS-001", "SYS-010"]
    assert [r.id for r in rs.descendants("MIS-001")] == ["SYS-010", "CAP-010", "CAP-011"]
    assert [r.id for r in rs.allocated_to("capsule")] == ["CAP-010"]
    assert [r.id for r in rs.at_level(Level.COMPONENT)] == ["CAP-011"]


def test_navigation_is_safe_with_cycles() -> None:
    rs = RequirementSet([requirement("CAP-001", parents=["CAP-002"]),
                         requirement("CAP-002", parents=["CAP-001"])])
    assert [r.id for r in rs.ancestors("CAP-001")] == ["CAP-002"]
    assert rs.leaves() == () and rs.roots() == ()


def test_location_without_a_file_names_the_requirement() -> None:
    assert str(make_set().location("CAP-010", "criterion")) == "CAP-010.criterion"


def test_origins_must_match_the_requirements() -> None:
    with pytest.raises(ValueError, match="one origin per requirement"):
        RequirementSet([requirement()], origins=[])
