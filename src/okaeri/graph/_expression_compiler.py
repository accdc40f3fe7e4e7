"""Compiling an expression's syntax tree to closures over SI values, and checking its
dimensions (:mod:`okaeri.graph.expressions` is the face)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from operator import itemgetter
from typing import TypeAlias

from okaeri.errors import ExpressionError, did_you_mean
from okaeri.graph._expression_syntax import (
    Call,
    Chain,
    Neg,
    Num,
    Pow,
    Ref,
    SyntaxNode,
    column_of,
    start_of,
)
from okaeri.graph.dimensions import (
    Dimension,
    DimensionLike,
    as_dimension,
)

Evaluator: TypeAlias = Callable[[Mapping[str, float]], float]
"""A compiled expression: SI values by dotted path in, SI float out."""


__all__ = [
    "DimensionChecker",
    "Evaluator",
    "as_function",
    "compile_node",
]

# --------------------------------------------------------------------------------------
# Compilation to closures
# --------------------------------------------------------------------------------------

_Compiled: TypeAlias = "float | Evaluator"


def _constant_function(value: float) -> Evaluator:
    def constant(values: Mapping[str, float]) -> float:
        return value

    return constant


def as_function(item: _Compiled) -> Evaluator:
    return _constant_function(item) if isinstance(item, float) else item


def _fold(pos: int, operation: Callable[[], float]) -> float:
    """Evaluate a constant part at compile time; a failure is an error of the expression."""
    try:
        value = operation()
    except (ArithmeticError, ValueError) as exc:
        raise ExpressionError(
            f"the constant part at column {column_of(pos)} cannot be evaluated ({exc})",
            hint="check for a division by zero or the square root of a negative number",
            position=pos,
        ) from None
    if not math.isfinite(value):
        raise ExpressionError(
            f"the constant part at column {column_of(pos)} is not finite",
            position=pos,
        )
    return value


def _add(left: _Compiled, operator: str, right: _Compiled, pos: int) -> _Compiled:
    if isinstance(left, float) and isinstance(right, float):
        a, b = left, right
        return _fold(pos, (lambda: a + b) if operator == "+" else (lambda: a - b))
    if operator == "+":
        if isinstance(right, float):
            f, c = as_function(left), right
            return lambda v: f(v) + c
        if isinstance(left, float):
            c, g = left, right
            return lambda v: c + g(v)
        f, g = left, right
        return lambda v: f(v) + g(v)
    if isinstance(right, float):
        f, c = as_function(left), right
        return lambda v: f(v) - c
    if isinstance(left, float):
        c, g = left, right
        return lambda v: c - g(v)
    f, g = left, right
    return lambda v: f(v) - g(v)


def _multiply(left: _Compiled, operator: str, right: _Compiled, pos: int) -> _Compiled:
    if isinstance(left, float) and isinstance(right, float):
        a, b = left, right
        return _fold(pos, (lambda: a * b) if operator == "*" else (lambda: a / b))
    if operator == "*":
        if isinstance(right, float):
            f, c = as_function(left), right
            return lambda v: f(v) * c
        if isinstance(left, float):
            c, g = left, right
            return lambda v: c * g(v)
        f, g = left, right
        return lambda v: f(v) * g(v)
    if isinstance(right, float):
        if right == 0.0:
            raise ExpressionError(f"division by zero at column {column_of(pos)}", position=pos)
        f, c = as_function(left), right
        return lambda v: f(v) / c
    if isinstance(left, float):
        c, g = left, right
        return lambda v: c / g(v)
    f, g = left, right
    return lambda v: f(v) / g(v)


_FLAT_CHAIN = 4
"""Chains longer than this compile to one loop instead of nested closures."""


def _compile_chain(node: Chain) -> _Compiled:
    combine = _add if node.additive else _multiply
    accumulated = compile_node(node.first)
    index = 0
    # Fold the leading constants and keep the left-to-right order of the rest.
    while index < len(node.rest) and isinstance(accumulated, float):
        operator, pos, operand = node.rest[index]
        compiled = compile_node(operand)
        if not isinstance(compiled, float):
            break
        accumulated = combine(accumulated, operator, compiled, pos)
        index += 1
    rest = node.rest[index:]
    if len(rest) <= _FLAT_CHAIN:
        for operator, pos, operand in rest:
            accumulated = combine(accumulated, operator, compile_node(operand), pos)
        return accumulated
    first = as_function(accumulated)
    steps = tuple((operator, as_function(compile_node(operand))) for operator, _, operand in rest)
    if node.additive:

        def chain(values: Mapping[str, float]) -> float:
            total = first(values)
            for operator, term in steps:
                total = total + term(values) if operator == "+" else total - term(values)
            return total

        return chain

    def product(values: Mapping[str, float]) -> float:
        total = first(values)
        for operator, factor in steps:
            total = total * factor(values) if operator == "*" else total / factor(values)
        return total

    return product


def _compile_power(node: Pow) -> _Compiled:
    base = compile_node(node.base)
    exponent = compile_node(node.exponent)
    if isinstance(base, float) and isinstance(exponent, float):
        b, e = base, exponent
        return _fold(node.pos, lambda: math.pow(b, e))
    if isinstance(exponent, float):
        f, c = as_function(base), exponent
        if c == 2.0:

            def square(values: Mapping[str, float]) -> float:
                x = f(values)
                return x * x

            return square
        if c == 1.0:
            return f
        return lambda v: math.pow(f(v), c)
    f, g = as_function(base), exponent
    return lambda v: math.pow(f(v), g(v))


def _compile_call(node: Call) -> _Compiled:
    args = [compile_node(arg) for arg in node.args]
    name = node.name
    if name in ("sqrt", "abs"):
        (arg,) = args
        function: Callable[[float], float] = math.sqrt if name == "sqrt" else abs
        if isinstance(arg, float):
            value = arg
            return _fold(node.pos, lambda: function(value))
        f = arg
        return lambda v: function(f(v))
    numbers = [arg for arg in args if isinstance(arg, float)]
    if len(numbers) == len(args):
        reducer: Callable[[Iterable[float]], float] = (
            math.fsum if name == "sum" else (min if name == "min" else max)
        )
        return _fold(node.pos, lambda: reducer(numbers))
    if len(args) == 1:
        return args[0]
    keys = [arg.path for arg in node.args if isinstance(arg, Ref) and not arg.wildcard]
    reduce: Callable[[Iterable[float]], float] = (
        math.fsum if name == "sum" else (min if name == "min" else max)
    )
    if len(keys) == len(args):
        getter = itemgetter(*keys)
        return lambda v: reduce(getter(v))
    functions = tuple(as_function(arg) for arg in args)
    return lambda v: reduce([f(v) for f in functions])


def compile_node(node: SyntaxNode) -> _Compiled:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        if node.wildcard:
            raise _unexpanded(node)
        getter: Evaluator = itemgetter(node.path)
        return getter
    if isinstance(node, Neg):
        operand = compile_node(node.operand)
        if isinstance(operand, float):
            return -operand
        f = operand
        return lambda v: -f(v)
    if isinstance(node, Chain):
        return _compile_chain(node)
    if isinstance(node, Pow):
        return _compile_power(node)
    return _compile_call(node)


def _unexpanded(node: Ref) -> ExpressionError:
    return ExpressionError(
        f"wildcard '{node.path}' has not been expanded",
        hint="call Expression.expand() with a resolver before checking or evaluating",
        position=node.pos,
    )


# --------------------------------------------------------------------------------------
# Dimension checking
# --------------------------------------------------------------------------------------


class DimensionChecker:
    def __init__(self, dimensions: Mapping[str, DimensionLike]) -> None:
        self.dimensions = dimensions
        self.cache: dict[str, Dimension] = {}

    def reference(self, node: Ref) -> Dimension:
        if node.wildcard:
            raise _unexpanded(node)
        cached = self.cache.get(node.path)
        if cached is not None:
            return cached
        given = self.dimensions.get(node.path)
        if given is None:
            suggestion = did_you_mean(node.path, self.dimensions.keys())
            raise ExpressionError(
                f"unknown reference '{node.path}'",
                hint=suggestion or "no defined value has a similar name; check the path",
                position=node.pos,
            )
        dimension = as_dimension(given)
        self.cache[node.path] = dimension
        return dimension

    def check(self, node: SyntaxNode) -> Dimension:
        if isinstance(node, Num):
            return node.dimension
        if isinstance(node, Ref):
            return self.reference(node)
        if isinstance(node, Neg):
            return self.check(node.operand)
        if isinstance(node, Chain):
            return self.chain(node)
        if isinstance(node, Pow):
            return self.power(node)
        return self.call(node)

    def chain(self, node: Chain) -> Dimension:
        result = self.check(node.first)
        for operator, pos, operand in node.rest:
            dimension = self.check(operand)
            if node.additive:
                if dimension != result:
                    if operator == "+":
                        message = f"cannot add {result.describe()} and {dimension.describe()}"
                    else:
                        message = (f"cannot subtract {dimension.describe()} from "
                                   f"{result.describe()}")
                    raise ExpressionError(
                        message,
                        hint=f"both sides of '{operator}' must have the same dimension; "
                        "check the references and the units in brackets",
                        position=pos,
                    )
            elif operator == "*":
                result = result * dimension
            else:
                result = result / dimension
        return result

    def power(self, node: Pow) -> Dimension:
        base = self.check(node.base)
        exponent = self.check(node.exponent)
        if not exponent.dimensionless:
            raise ExpressionError(
                f"an exponent must be dimensionless, found {exponent.describe()}",
                hint="raise to a plain number, as in x.area ^ 0.5",
                position=start_of(node.exponent),
            )
        if base.dimensionless:
            return base
        compiled = compile_node(node.exponent)
        if not isinstance(compiled, float):
            raise ExpressionError(
                f"the exponent of {base.describe()} must be a constant number",
                hint="only a dimensionless base can be raised to a computed power",
                position=start_of(node.exponent),
            )
        power = Fraction(compiled).limit_denominator(1000)
        if abs(float(power) - compiled) > 1e-9 * max(1.0, abs(compiled)):
            raise ExpressionError(
                f"the exponent {compiled!r} of {base.describe()} is not a simple fraction",
                hint="use an exponent such as 2, 0.5 or 1/3",
                position=start_of(node.exponent),
            )
        return base ** power

    def call(self, node: Call) -> Dimension:
        dimensions = [self.check(arg) for arg in node.args]
        if node.name == "sqrt":
            return dimensions[0] ** Fraction(1, 2)
        if node.name == "abs":
            return dimensions[0]
        first = dimensions[0]
        for arg, dimension in zip(node.args[1:], dimensions[1:], strict=True):
            if dimension != first:
                raise ExpressionError(
                    f"the arguments of {node.name}() must have the same dimension: "
                    f"{first.describe()} and {dimension.describe()}",
                    hint="check the references and the units in brackets",
                    position=start_of(arg),
                )
        return first
