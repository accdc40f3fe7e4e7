"""Tests of the safe expression language: parsing, wildcards, dimensions, evaluation."""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okaeri.errors import ExpressionError
from okaeri.graph import (
    Dimension,
    as_dimension,
    is_expression,
    match_wildcard,
    parse_expression,
    unit_info,
    wildcard_resolver,
)
from okaeri.units import ureg

# --------------------------------------------------------------------------------------
# Parsing and evaluation
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("= 2 + 3 * 4", 14.0),
        ("= (2 + 3) * 4", 20.0),
        ("= 2 + 3 * 4 ^ 2", 50.0),
        ("= 2 ** 3", 8.0),
        ("= 2 ^ 3 ^ 2", 512.0),  # right-associative
        ("= -2 ^ 2", -4.0),  # unary minus binds weaker than the power
        ("= 2 ^ -1", 0.5),
        ("= - - 3", 3.0),
        ("= 10 - 4 - 3", 3.0),  # left-associative
        ("= 24 / 4 / 3", 2.0),
        ("= 1.5e3 + .5", 1500.5),
        ("= 5 [kg]", 5.0),
        ("= 11.0 [km/s]", 11000.0),
        ("= 8 [%]", 0.08),
        ("= 2 [t] + 500 [kg]", 2500.0),
        ("= 350 [MJ/m^2]", 3.5e8),
        ("= sqrt(16)", 4.0),
        ("= abs(-3)", 3.0),
        ("= max(1, 5, 3)", 5.0),
        ("= min(4, 2, 8)", 2.0),
        ("= sum(1, 2, 3.5)", 6.5),
        ("3 * 3", 9.0),  # the leading '=' is optional
        ("  =  1", 1.0),
    ],
)
def test_constant_expressions_evaluate_with_precedence_and_units(text: str,
                                                                 expected: float) -> None:
    expression = parse_expression(text)
    assert expression.is_constant
    assert expression.evaluate({}) == pytest.approx(expected, rel=1e-15)


def test_angle_literal_is_converted_to_radians() -> None:
    assert parse_expression("= 90 [deg]").evaluate({}) == pytest.approx(math.pi / 2, rel=1e-15)


def test_references_in_order_of_first_use_without_duplicates() -> None:
    expression = parse_expression("= otv.b * 2 + max(a.c, otv.b) - sqrt(x.area)")
    assert expression.references == ("otv.b", "a.c", "x.area")
    assert expression.patterns == ()
    assert expression.position_of("a.c") == 18
    assert expression.position_of("nothing") is None


def test_evaluation_on_si_values() -> None:
    expression = parse_expression("= 0.08 * otv.propulsion.propellant_loaded + 5 [kg]")
    assert expression.evaluate({"otv.propulsion.propellant_loaded": 1000.0}) == pytest.approx(85.0)
    function = expression.compile()
    assert function is expression.compile()  # compiled once
    assert function({"otv.propulsion.propellant_loaded": 500.0}) == pytest.approx(45.0)


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("= max(a.b, c.d) * 1.2", {"a.b": 2.0, "c.d": 3.0}, 3.6),
        ("= sqrt(x.area / 3.14159)", {"x.area": 3.14159 * 4.0}, 2.0),
        ("= a ^ 2", {"a": 3.0}, 9.0),
        ("= a ^ b", {"a": 2.0, "b": 10.0}, 1024.0),
        ("= -a", {"a": 3.0}, -3.0),
        ("= a / 4 - 1", {"a": 8.0}, 1.0),
        ("= 1 - a / b", {"a": 1.0, "b": 4.0}, 0.75),
        ("= abs(a - b)", {"a": 1.0, "b": 4.0}, 3.0),
        ("= min(a, 2 * a, 0.5 * a)", {"a": 4.0}, 2.0),
        ("= sum(a)", {"a": 4.0}, 4.0),
        ("= a - b - c - d - e - f", {k: 1.0 for k in "abcdef"}, -4.0),
        ("= a * b / c * d / e * f", {k: 2.0 for k in "abcdef"}, 4.0),
        ("= 2 * 3 * a", {"a": 1.5}, 9.0),
    ],
)
def test_reference_expressions(text: str, values: dict[str, float], expected: float) -> None:
    assert parse_expression(text).evaluate(values) == pytest.approx(expected, rel=1e-14)


def test_long_sum_is_flat_and_does_not_hit_the_recursion_limit() -> None:
    names = [f"m.c{i}" for i in range(5000)]
    expression = parse_expression("= " + " + ".join(names))
    assert expression.evaluate(dict.fromkeys(names, 1.0)) == 5000.0


def test_runtime_arithmetic_errors_are_reported_by_evaluate() -> None:
    with pytest.raises(ExpressionError, match="cannot evaluate"):
        parse_expression("= a / b").evaluate({"a": 1.0, "b": 0.0})
    with pytest.raises(ExpressionError, match="no value for reference 'b'") as info:
        parse_expression("= a / b").evaluate({"a": 1.0})
    assert info.value.position == 6
    # The compiled function raises what float arithmetic raises, for callers to locate.
    with pytest.raises(ValueError, match="math domain error"):
        parse_expression("= sqrt(a)").compile()({"a": -1.0})
    with pytest.raises(ValueError, match="math domain error"):
        parse_expression("= a ^ 0.5").compile()({"a": -8.0})  # never a complex number


def test_expression_is_immutable_and_hashable() -> None:
    expression = parse_expression("= a + 1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        expression.text = "= b"  # type: ignore[misc]
    assert expression == parse_expression("= a + 1")
    assert len({expression, parse_expression("= a + 1")}) == 1


def test_is_expression() -> None:
    assert is_expression("= a.b * 2")
    assert is_expression("  =1")
    assert not is_expression("45.8 kg")
    assert not is_expression(3.0)


# --------------------------------------------------------------------------------------
# Wildcards
# --------------------------------------------------------------------------------------


def test_wildcards_are_kept_as_patterns_until_expanded() -> None:
    expression = parse_expression("= sum(otv.structure.*.mass) + 5 [kg]")
    assert expression.references == ("otv.structure.*.mass",)
    assert expression.patterns == ("otv.structure.*.mass",)
    paths = ["otv.structure.panel.mass", "otv.structure.frame.mass", "otv.structure.frame.cost",
             "otv.power.battery.mass", "otv.structure.mass"]
    expanded = expression.expand(wildcard_resolver(paths))
    assert expanded.references == ("otv.structure.frame.mass", "otv.structure.panel.mass")
    assert expanded.patterns == ()
    assert expanded.text == expression.text
    values = {"otv.structure.frame.mass": 20.0, "otv.structure.panel.mass": 12.5}
    assert expanded.evaluate(values) == pytest.approx(37.5)


def test_expand_uses_the_callers_resolver() -> None:
    expression = parse_expression("= max(a.*.t, b.c) - min(a.*.t)")
    seen: list[str] = []

    def resolver(pattern: str) -> list[str]:
        seen.append(pattern)
        return ["a.x.t", "a.y.t"]

    expanded = expression.expand(resolver)
    assert seen == ["a.*.t"]
    assert expanded.evaluate({"a.x.t": 1.0, "a.y.t": 4.0, "b.c": 2.0}) == 3.0


def test_wildcard_that_matches_nothing() -> None:
    expression = parse_expression("= sum(otv.*.mass)")
    with pytest.raises(ExpressionError) as info:
        expression.expand(lambda pattern: [])
    assert info.value.message == "wildcard 'otv.*.mass' matches nothing"
    assert info.value.position == 6


def test_unexpanded_wildcard_cannot_be_checked_or_compiled() -> None:
    expression = parse_expression("= sum(otv.*.mass)")
    with pytest.raises(ExpressionError, match="has not been expanded"):
        expression.check({})
    with pytest.raises(ExpressionError, match="has not been expanded"):
        expression.compile()


def test_match_wildcard() -> None:
    assert match_wildcard("a.*.c", "a.b.c")
    assert not match_wildcard("a.*.c", "a.b.d.c")
    assert not match_wildcard("a.*", "b.c")
    assert wildcard_resolver(["x.a", "y.a", "x.b.a"])("*.a") == ["x.a", "y.a"]


# --------------------------------------------------------------------------------------
# Dimensions
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimensions", "expected"),
    [
        ("= 0.08 * p", {"p": "kg"}, "a mass (kg)"),
        ("= 8 [%] * p", {"p": "kg"}, "a mass (kg)"),
        ("= a / b", {"a": "km", "b": "h"}, "a speed (m/s)"),
        ("= m * v ^ 2 / 2", {"m": "kg", "v": "km/s"}, "an energy (J)"),
        ("= q / a", {"q": "W", "a": "m^2"}, "a heat flux (W/m^2)"),
        ("= sqrt(x.area / 3.14159)", {"x.area": "m^2"}, "a length (m)"),
        ("= v ^ (1/3)", {"v": "m^3"}, "a length (m)"),
        ("= v ^ 1.5", {"v": "m"}, "a quantity (m^(3/2))"),
        ("= max(a.b, c.d) * 1.2", {"a.b": "kg", "c.d": "g"}, "a mass (kg)"),
        ("= sum(a, b, 5 [kg])", {"a": "kg", "b": "t"}, "a mass (kg)"),
        ("= a * 2 [deg]", {"a": ""}, "a dimensionless number"),
        ("= x ^ y", {"x": "", "y": "%"}, "a dimensionless number"),
        ("= f * m", {"f": "N", "m": "m"}, "an energy (J)"),
        ("= -abs(d)", {"d": "m"}, "a length (m)"),
        ("= isp * 9.80665 [m/s^2]", {"isp": "s"}, "a speed (m/s)"),
    ],
)
def test_dimension_of_result(text: str, dimensions: dict[str, str], expected: str) -> None:
    assert parse_expression(text).check(dimensions).describe() == expected


def test_sqrt_halves_and_power_multiplies_exponents_exactly() -> None:
    area = as_dimension("m^2")
    assert parse_expression("= sqrt(sqrt(a)) ^ 4").check({"a": area}) == area
    assert area ** Fraction(1, 2) == as_dimension("m")
    assert (as_dimension("kg") / as_dimension("kg")).dimensionless


def test_dimensions_given_as_pint_objects() -> None:
    expression = parse_expression("= a + b + c")
    result = expression.check({
        "a": ureg.Unit("kg"),
        "b": ureg.Quantity(3.0, "g"),
        "c": ureg.Unit("t").dimensionality,
    })
    assert result == as_dimension("kg")
    assert str(result) == "kg"


@pytest.mark.parametrize(
    ("text", "dimensions", "message", "position"),
    [
        ("= a + b", {"a": "kg", "b": "km/s"},
         "cannot add a mass (kg) and a speed (m/s)", 4),
        ("= a - b", {"a": "kg", "b": "km/s"},
         "cannot subtract a speed (m/s) from a mass (kg)", 4),
        ("= a + 5", {"a": "kg"}, "cannot add a mass (kg) and a dimensionless number", 4),
        ("= a * b + c", {"a": "N", "b": "m", "c": "W"},
         "cannot add an energy (J) and a power (W)", 8),
        ("= max(a, b)", {"a": "kg", "b": "m"},
         "the arguments of max() must have the same dimension: a mass (kg) and a length (m)", 9),
        ("= a ^ b", {"a": "kg", "b": ""}, "the exponent of a mass (kg) must be a constant number",
         6),
        ("= 2 ^ b", {"b": "s"}, "an exponent must be dimensionless, found a time (s)", 6),
        ("= a ^ 0.1234567", {"a": "m"},
         "the exponent 0.1234567 of a length (m) is not a simple fraction", 6),
        ("= otv.propulsion.propelant_loaded", {"otv.propulsion.propellant_loaded": "kg"},
         "unknown reference 'otv.propulsion.propelant_loaded'", 2),
    ],
)
def test_dimension_errors(text: str, dimensions: dict[str, str], message: str,
                          position: int) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text).check(dimensions)
    assert info.value.message == message
    assert info.value.position == position
    assert info.value.hint


def test_unknown_reference_suggests_close_matches() -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression("= otv.propulsion.propelant_loaded * 2").check(
            {"otv.propulsion.propellant_loaded": "kg", "otv.structure.mass": "kg"})
    assert info.value.hint == "did you mean 'otv.propulsion.propellant_loaded'?"


def test_unit_info() -> None:
    info = unit_info("km/s")
    assert info.factor == pytest.approx(1000.0)
    assert info.si_unit == "m/s"
    assert unit_info("deg").si_unit == "rad"
    assert unit_info("%").factor == pytest.approx(0.01)
    assert unit_info("%").dimension == Dimension()
    assert unit_info("kN").si_unit == "N"
    with pytest.raises(ValueError, match="offset unit"):
        unit_info("degC")
    with pytest.raises(ValueError, match="not a known unit"):
        unit_info("kg)")


# --------------------------------------------------------------------------------------
# Syntax errors: exact messages and positions
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("= max(a.b, c.d", "expected ',' or ')' at column 15, found end of expression", 14),
        ("= (a.b + c.d * 2", "expected ')' at column 17, found end of expression", 16),
        ("= sqr(x.area)", "unknown function 'sqr'", 2),
        ("= 2 * * 3", "expected a number, a reference, a function or '(' at column 7, found '*'",
         6),
        ("=", "expected an expression at column 2, found end of expression", 1),
        ("= a +", "expected a number, a reference, a function or '(' at column 6, "
                  "found end of expression", 5),
        ("= 5 kg", "expected an operator or end of expression at column 5, found 'kg'", 4),
        ("= a b", "expected an operator or end of expression at column 5, found 'b'", 4),
        ("= (a))", "expected an operator or end of expression at column 6, found ')'", 5),
        ("= 5 [kgg]", "unknown unit 'kgg' at column 6", 5),
        ("= 5 []", "empty unit at column 5", 4),
        ("= 5 [kg", "expected ']' at column 8, found end of expression", 7),
        ("= a [kg]", "expected an operator or end of expression at column 5, found '[kg]'", 4),
        ("= a + $", "unexpected character '$' at column 7", 6),
        ("= a = b", "unexpected character '=' at column 5", 4),
        ("= a.", "expected a name or '*' after '.' at column 5, found end of expression", 4),
        ("= a..b", "expected a name or '*' after '.' at column 5, found '.'", 4),
        ("= otv.*.mass", "wildcard reference 'otv.*.mass' is only allowed as a whole argument "
                         "of sum(), min() or max()", 2),
        ("= sum(otv.*.mass * 2)", "wildcard reference 'otv.*.mass' is only allowed as a whole "
                                  "argument of sum(), min() or max()", 6),
        ("= sqrt(a.*)", "wildcard reference 'a.*' is only allowed as a whole argument of sum(), "
                        "min() or max()", 7),
        ("= sum(otv.*_mass)", "a wildcard '*' must be a whole segment of the path, at column 11",
         10),
        ("= sqrt(a, b)", "sqrt() takes 1 argument, got 2", 2),
        ("= max()", "max() needs at least one argument", 2),
        ("= sum", "expected '(' after 'sum' at column 6, found end of expression", 5),
        ("= 1 / 0", "the constant part at column 5 cannot be evaluated (float division by zero)",
         4),
        ("= a / (2 - 2)", "division by zero at column 5", 4),
        ("= sqrt(-1)", "the constant part at column 3 cannot be evaluated (math domain error)", 2),
        ("= 1e999", "number '1e999' at column 3 is too large", 2),
        ("= +1", "expected a number, a reference, a function or '(' at column 3, found '+'", 2),
        ("= 5 [degC]", "unknown unit 'degC' at column 6", 5),
    ],
)
def test_syntax_errors(text: str, message: str, position: int) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text)
    assert info.value.message == message
    assert info.value.position == position
    assert str(info.value) == message


def test_error_hints() -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression("= sqr(x.area)")
    assert info.value.hint == "did you mean 'sqrt'? the functions are abs, max, min, sqrt, sum"
    with pytest.raises(ExpressionError) as info:
        parse_expression("= 5 kg")
    assert info.value.hint == "write units in brackets: '5 [kg]'; put '*' between factors"


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse_expression("= " + "(" * 500 + "1" + ")" * 500)
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse_expression("= " + "-" * 500 + "1")
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse_expression("= " + "sqrt(" * 500 + "1" + ")" * 500)
    assert parse_expression("= " + "(" * 40 + "1" + ")" * 40).evaluate({}) == 1.0


def test_no_python_evaluation() -> None:
    for text in ("= __import__('os').system('true')", "= (lambda: 1)()", "= a.__class__()",
                 "= [1, 2]", "= 'text'"):
        with pytest.raises(ExpressionError):
            parse_expression(text)


# --------------------------------------------------------------------------------------
# Property: anything but a valid expression raises only ExpressionError
# --------------------------------------------------------------------------------------

_TOKENS = ["a", "b.c", "d.*.e", "sum", "min", "max", "sqrt", "abs", "sqr", "(", ")", ",",
           "+", "-", "*", "/", "^", "**", "2", "0", "1.5e3", ".5", "[kg]", "[m/s]", "[%]",
           "[", "]", "[1/0]", "[kg)]", ".", "=", " ", "1e999", "[degC]"]


def _exercise(text: str) -> None:
    try:
        expression = parse_expression(text)
    except ExpressionError as exc:
        assert exc.position is None or 0 <= exc.position <= len(text)
        return
    try:
        expression = expression.expand(lambda pattern: [pattern.replace("*", "x")])
        expression.check(dict.fromkeys(expression.references, ""))
        expression.evaluate(dict.fromkeys(expression.references, 0.5))
    except ExpressionError:
        pass


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_random_text_raises_only_expression_error(text: str) -> None:
    _exercise(text)
    _exercise("= " + text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=25))
def test_random_token_soup_raises_only_expression_error(tokens: list[str]) -> None:
    _exercise("= " + " ".join(tokens))
    _exercise("=" + "".join(tokens))
