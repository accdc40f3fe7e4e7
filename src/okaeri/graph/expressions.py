"""The safe expression language of derived values.

A derived value in a model file is a string that starts with ``=``::

    "= 0.08 * otv.propulsion.propellant_loaded"
    "= sum(otv.structure.*.mass) + 5 [kg]"
    "= max(a.b, c.d) * 1.2"
    "= sqrt(x.area / 3.14159)"

Grammar (a hand-written tokenizer and recursive-descent parser; nothing is ever passed
to :func:`eval`, :func:`exec`, :func:`compile` or :mod:`ast`)::

    expr    := term (('+'|'-') term)*
    term    := unary (('*'|'/') unary)*
    unary   := '-' unary | power
    power   := primary (('^'|'**') unary)?
    primary := NUMBER ['[' UNIT ']'] | REF | FUNC '(' arglist ')' | '(' expr ')'
    REF     := NAME ('.' (NAME | '*'))*     a '*' segment only as a whole argument of
                                            sum(), min() or max()
    FUNC    := sum | min | max | sqrt | abs

Unit literals follow a number in brackets (``5 [kg]``, ``11.0 [km/s]``, ``8 [%]``) and
are parsed with the one registry of :mod:`okaeri.units`; they are converted to SI once,
at parse time. Evaluation works on SI floats only.

An :class:`Expression` is immutable. It can

- list the dotted paths it reads (:attr:`Expression.references`, wildcards kept),
- expand its wildcards with a resolver the caller supplies (:meth:`Expression.expand`),
- check its dimensions and return the dimension of its result (:meth:`Expression.check`),
- compile itself once to a tree of closures over a ``Mapping[str, float]`` of SI values
  (:meth:`Expression.compile`).

Every problem raises :class:`okaeri.errors.ExpressionError` with the 0-based character
offset in the expression text as ``position``; messages give 1-based columns.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from operator import itemgetter
from typing import TypeAlias

from okaeri.errors import ExpressionError, did_you_mean
from okaeri.graph.dimensions import (
    DIMENSIONLESS,
    Dimension,
    DimensionLike,
    UnitInfo,
    as_dimension,
    unit_info,
)

__all__ = [
    "FUNCTIONS",
    "Dimension",
    "DimensionLike",
    "Evaluator",
    "Expression",
    "UnitInfo",
    "as_dimension",
    "is_expression",
    "match_wildcard",
    "parse_expression",
    "unit_info",
    "wildcard_resolver",
]

Evaluator: TypeAlias = Callable[[Mapping[str, float]], float]
"""A compiled expression: SI values by dotted path in, SI float out."""

FUNCTIONS: tuple[str, ...] = ("abs", "max", "min", "sqrt", "sum")
"""Names of the functions of the expression language."""

_AGGREGATES = frozenset({"sum", "min", "max"})
_MAX_DEPTH = 64
"""Deepest nesting of parentheses, unary minus, powers and calls that the parser accepts."""


# --------------------------------------------------------------------------------------
# Syntax tree
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Num:
    value: float
    """Value in SI."""
    dimension: Dimension
    pos: int


@dataclass(frozen=True, slots=True)
class _Ref:
    path: str
    pos: int
    wildcard: bool


@dataclass(frozen=True, slots=True)
class _Neg:
    operand: _Node
    pos: int


@dataclass(frozen=True, slots=True)
class _Chain:
    """``first op1 n1 op2 n2 ...`` for one precedence level (flat, so long sums stay shallow)."""

    additive: bool
    first: _Node
    rest: tuple[tuple[str, int, _Node], ...]
    pos: int


@dataclass(frozen=True, slots=True)
class _Pow:
    base: _Node
    exponent: _Node
    pos: int
    """Position of the operator."""


@dataclass(frozen=True, slots=True)
class _Call:
    name: str
    args: tuple[_Node, ...]
    pos: int


_Node: TypeAlias = "_Num | _Ref | _Neg | _Chain | _Pow | _Call"


# --------------------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    """``num``, ``ref``, ``unit``, ``op`` or ``end``."""
    text: str
    pos: int

    def shown(self) -> str:
        if self.kind == "end":
            return "end of expression"
        if self.kind == "unit":
            return f"'[{self.text}]'"
        return f"'{self.text}'"


_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_REF = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.(?:[A-Za-z0-9_]+|\*))*")
_OPERATORS = ("**", "+", "-", "*", "/", "^", "(", ")", ",")


def _column(pos: int) -> int:
    return pos + 1


def _tokenize(text: str, start: int) -> list[_Token]:
    tokens: list[_Token] = []
    i = start
    n = len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char.isdigit() or (char == "." and i + 1 < n and text[i + 1].isdigit()):
            match = _NUMBER.match(text, i)
            if match is None:  # pragma: no cover - the guard above ensures a match
                raise ExpressionError(f"malformed number at column {_column(i)}", position=i)
            tokens.append(_Token("num", match.group(), i))
            i = match.end()
            continue
        if char.isascii() and (char.isalpha() or char == "_"):
            match = _REF.match(text, i)
            if match is None:  # pragma: no cover - the guard above ensures a match
                raise ExpressionError(f"malformed name at column {_column(i)}", position=i)
            end = match.end()
            if end < n and text[end] == ".":
                found = text[end + 1] if end + 1 < n else ""
                raise ExpressionError(
                    f"expected a name or '*' after '.' at column {_column(end + 1)}, found "
                    + (f"'{found}'" if found else "end of expression"),
                    hint="a reference is a dotted path such as otv.propulsion.tank_mass",
                    position=end + 1,
                )
            if match.group().endswith("*") and end < n and (text[end].isalnum()
                                                             or text[end] == "_"):
                raise ExpressionError(
                    f"a wildcard '*' must be a whole segment of the path, at column "
                    f"{_column(end - 1)}",
                    hint="'*' stands for one whole segment, as in sum(otv.structure.*.mass)",
                    position=end - 1,
                )
            tokens.append(_Token("ref", match.group(), i))
            i = end
            continue
        if char == "[":
            close = text.find("]", i + 1)
            if close < 0:
                raise ExpressionError(
                    f"expected ']' at column {_column(n)}, found end of expression",
                    hint="close the unit with ']', as in '5 [kg]'",
                    position=n,
                )
            tokens.append(_Token("unit", text[i + 1 : close], i))
            i = close + 1
            continue
        for operator in _OPERATORS:
            if text.startswith(operator, i):
                tokens.append(_Token("op", operator, i))
                i += len(operator)
                break
        else:
            hint = "an expression uses numbers, dotted references, + - * / ^ ( ) , " \
                "the functions " + ", ".join(FUNCTIONS) + " and units in brackets"
            if char == "=":
                hint = "write '=' only once, at the start of the expression"
            elif char == "]":
                hint = "a unit is written in brackets after a number, as in '5 [kg]'"
            raise ExpressionError(
                f"unexpected character '{char}' at column {_column(i)}", hint=hint, position=i
            )
    tokens.append(_Token("end", "", n))
    return tokens


# --------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------

_OPERAND = "a number, a reference, a function or '('"


class _Parser:
    def __init__(self, text: str, start: int) -> None:
        self.tokens = _tokenize(text, start)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at(self, *operators: str) -> bool:
        token = self.token
        return token.kind == "op" and token.text in operators

    def expected(self, what: str, hint: str = "") -> ExpressionError:
        token = self.token
        return ExpressionError(
            f"expected {what} at column {_column(token.pos)}, found {token.shown()}",
            hint=hint,
            position=token.pos,
        )

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise ExpressionError(
                f"expression nested too deeply at column {_column(pos)} "
                f"(more than {_MAX_DEPTH} levels)",
                hint="split the expression into several derived values",
                position=pos,
            )

    def parse(self) -> _Node:
        if self.token.kind == "end":
            raise self.expected("an expression", hint="write e.g. '= 0.08 * a.b'")
        node = self.expr()
        token = self.token
        if token.kind != "end":
            hint = ""
            if token.kind == "unit":
                hint = "a unit is written in brackets directly after a number, as in '5 [kg]'"
            elif token.kind == "ref" and self.tokens[self.index - 1].kind == "num":
                hint = f"write units in brackets: '{self.tokens[self.index - 1].text} " \
                    f"[{token.text}]'; put '*' between factors"
            elif token.kind in ("ref", "num") or self.at("("):
                hint = "put an operator between the two operands"
            elif self.at(")"):
                hint = "this ')' has no matching '('"
            raise self.expected("an operator or end of expression", hint=hint)
        return node

    def expr(self) -> _Node:
        first = self.term()
        rest: list[tuple[str, int, _Node]] = []
        while self.at("+", "-"):
            operator = self.advance()
            rest.append((operator.text, operator.pos, self.term()))
        if not rest:
            return first
        return _Chain(True, first, tuple(rest), _start(first))

    def term(self) -> _Node:
        first = self.unary()
        rest: list[tuple[str, int, _Node]] = []
        while self.at("*", "/"):
            operator = self.advance()
            rest.append((operator.text, operator.pos, self.unary()))
        if not rest:
            return first
        return _Chain(False, first, tuple(rest), _start(first))

    def unary(self) -> _Node:
        if self.at("-"):
            operator = self.advance()
            self.enter(operator.pos)
            operand = self.unary()
            self.depth -= 1
            return _Neg(operand, operator.pos)
        return self.power()

    def power(self) -> _Node:
        base = self.primary()
        if self.at("^", "**"):
            operator = self.advance()
            self.enter(operator.pos)
            exponent = self.unary()
            self.depth -= 1
            return _Pow(base, exponent, operator.pos)
        return base

    def primary(self) -> _Node:
        token = self.token
        if token.kind == "num":
            return self.number()
        if token.kind == "ref":
            self.advance()
            if self.at("("):
                return self.call(token)
            if token.text in FUNCTIONS:
                raise self.expected(f"'(' after '{token.text}'",
                                    hint=f"call the function: {token.text}(...)")
            if "*" in token.text:
                raise _wildcard_misplaced(token)
            return _Ref(token.text, token.pos, False)
        if self.at("("):
            self.advance()
            self.enter(token.pos)
            node = self.expr()
            self.depth -= 1
            if not self.at(")"):
                raise self.expected("')'", hint=f"close the '(' of column {_column(token.pos)}")
            self.advance()
            return node
        hint = ""
        if token.kind == "unit":
            hint = "a unit is written in brackets directly after a number, as in '5 [kg]'"
        elif self.at("+"):
            hint = "a unary '+' is not part of the language; drop it"
        raise self.expected(_OPERAND, hint=hint)

    def number(self) -> _Num:
        token = self.advance()
        value = float(token.text)
        if not math.isfinite(value):
            raise ExpressionError(f"number '{token.text}' at column {_column(token.pos)} is "
                                  "too large", position=token.pos)
        if self.token.kind != "unit":
            return _Num(value, DIMENSIONLESS, token.pos)
        unit = self.advance()
        unit_text = unit.text.strip()
        if not unit_text:
            raise ExpressionError(
                f"empty unit at column {_column(unit.pos)}",
                hint="write a unit in the brackets, as in '5 [kg]', or drop them",
                position=unit.pos,
            )
        try:
            info = unit_info(unit_text)
        except ValueError as exc:
            raise ExpressionError(
                f"unknown unit '{unit_text}' at column {_column(unit.pos + 1)}",
                hint=str(exc) if "offset" in str(exc)
                else f"{exc}; write a unit such as kg, km/s, kN, W/m^2, deg or %",
                position=unit.pos + 1,
            ) from None
        si_value = value * info.factor
        if not math.isfinite(si_value):
            raise ExpressionError(f"number '{token.text}' at column {_column(token.pos)} is "
                                  "too large", position=token.pos)
        return _Num(si_value, info.dimension, token.pos)

    def call(self, name: _Token) -> _Call:
        if name.text not in FUNCTIONS:
            suggestion = did_you_mean(name.text, FUNCTIONS)
            raise ExpressionError(
                f"unknown function '{name.text}'",
                hint=(suggestion + " " if suggestion else "")
                + "the functions are " + ", ".join(FUNCTIONS),
                position=name.pos,
            )
        self.advance()  # '('
        self.enter(name.pos)
        args: list[_Node] = []
        if not self.at(")"):
            while True:
                args.append(self.argument(name.text))
                if self.at(","):
                    self.advance()
                    continue
                if not self.at(")"):
                    raise self.expected("',' or ')'",
                                        hint=f"close the call of {name.text}() with ')'")
                break
        self.advance()  # ')'
        self.depth -= 1
        _check_arity(name.text, len(args), name.pos)
        return _Call(name.text, tuple(args), name.pos)

    def argument(self, function: str) -> _Node:
        token = self.token
        if token.kind == "ref" and "*" in token.text and function in _AGGREGATES:
            following = self.tokens[self.index + 1]
            if following.kind == "end" or (
                following.kind == "op" and following.text in (",", ")")
            ):
                self.advance()
                return _Ref(token.text, token.pos, True)
        return self.expr()


def _check_arity(function: str, count: int, pos: int) -> None:
    if function in _AGGREGATES:
        if count == 0:
            raise ExpressionError(
                f"{function}() needs at least one argument",
                hint=f"write e.g. {function}(a.b, c.d) or {function}(otv.structure.*.mass)",
                position=pos,
            )
    elif count != 1:
        raise ExpressionError(
            f"{function}() takes 1 argument, got {count}",
            hint=f"write {function}(x)",
            position=pos,
        )


def _wildcard_misplaced(token: _Token) -> ExpressionError:
    return ExpressionError(
        f"wildcard reference '{token.text}' is only allowed as a whole argument of "
        "sum(), min() or max()",
        hint=f"write e.g. sum({token.text})",
        position=token.pos,
    )


def _start(node: _Node) -> int:
    if isinstance(node, _Pow):
        return _start(node.base)
    return node.pos


# --------------------------------------------------------------------------------------
# Compilation to closures
# --------------------------------------------------------------------------------------

_Compiled: TypeAlias = "float | Evaluator"


def _constant_function(value: float) -> Evaluator:
    def constant(values: Mapping[str, float]) -> float:
        return value

    return constant


def _as_function(item: _Compiled) -> Evaluator:
    return _constant_function(item) if isinstance(item, float) else item


def _fold(pos: int, operation: Callable[[], float]) -> float:
    """Evaluate a constant part at compile time; a failure is an error of the expression."""
    try:
        value = operation()
    except (ArithmeticError, ValueError) as exc:
        raise ExpressionError(
            f"the constant part at column {_column(pos)} cannot be evaluated ({exc})",
            hint="check for a division by zero or the square root of a negative number",
            position=pos,
        ) from None
    if not math.isfinite(value):
        raise ExpressionError(
            f"the constant part at column {_column(pos)} is not finite",
            position=pos,
        )
    return value


def _add(left: _Compiled, operator: str, right: _Compiled, pos: int) -> _Compiled:
    if isinstance(left, float) and isinstance(right, float):
        a, b = left, right
        return _fold(pos, (lambda: a + b) if operator == "+" else (lambda: a - b))
    if operator == "+":
        if isinstance(right, float):
            f, c = _as_function(left), right
            return lambda v: f(v) + c
        if isinstance(left, float):
            c, g = left, right
            return lambda v: c + g(v)
        f, g = left, right
        return lambda v: f(v) + g(v)
    if isinstance(right, float):
        f, c = _as_function(left), right
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
            f, c = _as_function(left), right
            return lambda v: f(v) * c
        if isinstance(left, float):
            c, g = left, right
            return lambda v: c * g(v)
        f, g = left, right
        return lambda v: f(v) * g(v)
    if isinstance(right, float):
        if right == 0.0:
            raise ExpressionError(f"division by zero at column {_column(pos)}", position=pos)
        f, c = _as_function(left), right
        return lambda v: f(v) / c
    if isinstance(left, float):
        c, g = left, right
        return lambda v: c / g(v)
    f, g = left, right
    return lambda v: f(v) / g(v)


_FLAT_CHAIN = 4
"""Chains longer than this compile to one loop instead of nested closures."""


def _compile_chain(node: _Chain) -> _Compiled:
    combine = _add if node.additive else _multiply
    accumulated = _compile(node.first)
    index = 0
    # Fold the leading constants and keep the left-to-right order of the rest.
    while index < len(node.rest) and isinstance(accumulated, float):
        operator, pos, operand = node.rest[index]
        compiled = _compile(operand)
        if not isinstance(compiled, float):
            break
        accumulated = combine(accumulated, operator, compiled, pos)
        index += 1
    rest = node.rest[index:]
    if len(rest) <= _FLAT_CHAIN:
        for operator, pos, operand in rest:
            accumulated = combine(accumulated, operator, _compile(operand), pos)
        return accumulated
    first = _as_function(accumulated)
    steps = tuple((operator, _as_function(_compile(operand))) for operator, _, operand in rest)
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


def _compile_power(node: _Pow) -> _Compiled:
    base = _compile(node.base)
    exponent = _compile(node.exponent)
    if isinstance(base, float) and isinstance(exponent, float):
        b, e = base, exponent
        return _fold(node.pos, lambda: math.pow(b, e))
    if isinstance(exponent, float):
        f, c = _as_function(base), exponent
        if c == 2.0:

            def square(values: Mapping[str, float]) -> float:
                x = f(values)
                return x * x

            return square
        if c == 1.0:
            return f
        return lambda v: math.pow(f(v), c)
    f, g = _as_function(base), exponent
    return lambda v: math.pow(f(v), g(v))


def _compile_call(node: _Call) -> _Compiled:
    args = [_compile(arg) for arg in node.args]
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
    keys = [arg.path for arg in node.args if isinstance(arg, _Ref) and not arg.wildcard]
    reduce: Callable[[Iterable[float]], float] = (
        math.fsum if name == "sum" else (min if name == "min" else max)
    )
    if len(keys) == len(args):
        getter = itemgetter(*keys)
        return lambda v: reduce(getter(v))
    functions = tuple(_as_function(arg) for arg in args)
    return lambda v: reduce([f(v) for f in functions])


def _compile(node: _Node) -> _Compiled:
    if isinstance(node, _Num):
        return node.value
    if isinstance(node, _Ref):
        if node.wildcard:
            raise _unexpanded(node)
        getter: Evaluator = itemgetter(node.path)
        return getter
    if isinstance(node, _Neg):
        operand = _compile(node.operand)
        if isinstance(operand, float):
            return -operand
        f = operand
        return lambda v: -f(v)
    if isinstance(node, _Chain):
        return _compile_chain(node)
    if isinstance(node, _Pow):
        return _compile_power(node)
    return _compile_call(node)


def _unexpanded(node: _Ref) -> ExpressionError:
    return ExpressionError(
        f"wildcard '{node.path}' has not been expanded",
        hint="call Expression.expand() with a resolver before checking or evaluating",
        position=node.pos,
    )


# --------------------------------------------------------------------------------------
# Dimension checking
# --------------------------------------------------------------------------------------


class _Checker:
    def __init__(self, dimensions: Mapping[str, DimensionLike]) -> None:
        self.dimensions = dimensions
        self.cache: dict[str, Dimension] = {}

    def reference(self, node: _Ref) -> Dimension:
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

    def check(self, node: _Node) -> Dimension:
        if isinstance(node, _Num):
            return node.dimension
        if isinstance(node, _Ref):
            return self.reference(node)
        if isinstance(node, _Neg):
            return self.check(node.operand)
        if isinstance(node, _Chain):
            return self.chain(node)
        if isinstance(node, _Pow):
            return self.power(node)
        return self.call(node)

    def chain(self, node: _Chain) -> Dimension:
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

    def power(self, node: _Pow) -> Dimension:
        base = self.check(node.base)
        exponent = self.check(node.exponent)
        if not exponent.dimensionless:
            raise ExpressionError(
                f"an exponent must be dimensionless, found {exponent.describe()}",
                hint="raise to a plain number, as in x.area ^ 0.5",
                position=_start(node.exponent),
            )
        if base.dimensionless:
            return base
        compiled = _compile(node.exponent)
        if not isinstance(compiled, float):
            raise ExpressionError(
                f"the exponent of {base.describe()} must be a constant number",
                hint="only a dimensionless base can be raised to a computed power",
                position=_start(node.exponent),
            )
        power = Fraction(compiled).limit_denominator(1000)
        if abs(float(power) - compiled) > 1e-9 * max(1.0, abs(compiled)):
            raise ExpressionError(
                f"the exponent {compiled!r} of {base.describe()} is not a simple fraction",
                hint="use an exponent such as 2, 0.5 or 1/3",
                position=_start(node.exponent),
            )
        return base ** power

    def call(self, node: _Call) -> Dimension:
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
                    position=_start(arg),
                )
        return first


# --------------------------------------------------------------------------------------
# Public face
# --------------------------------------------------------------------------------------


def _collect(node: _Node, into: list[_Ref]) -> None:
    if isinstance(node, _Ref):
        into.append(node)
    elif isinstance(node, _Neg):
        _collect(node.operand, into)
    elif isinstance(node, _Chain):
        _collect(node.first, into)
        for _, _, operand in node.rest:
            _collect(operand, into)
    elif isinstance(node, _Pow):
        _collect(node.base, into)
        _collect(node.exponent, into)
    elif isinstance(node, _Call):
        for arg in node.args:
            _collect(arg, into)


def _expand(node: _Node, table: Mapping[str, tuple[str, ...]]) -> _Node:
    if isinstance(node, _Neg):
        return _Neg(_expand(node.operand, table), node.pos)
    if isinstance(node, _Chain):
        rest = tuple((op, pos, _expand(operand, table)) for op, pos, operand in node.rest)
        return _Chain(node.additive, _expand(node.first, table), rest, node.pos)
    if isinstance(node, _Pow):
        return _Pow(_expand(node.base, table), _expand(node.exponent, table), node.pos)
    if isinstance(node, _Call):
        args: list[_Node] = []
        for arg in node.args:
            if isinstance(arg, _Ref) and arg.wildcard:
                args.extend(_Ref(path, arg.pos, False) for path in table[arg.path])
            else:
                args.append(_expand(arg, table))
        return _Call(node.name, tuple(args), node.pos)
    return node


@dataclass(frozen=True)
class Expression:
    """A parsed derived-value expression; build one with :func:`parse_expression`.

    Immutable: :meth:`expand` returns a new expression. Equality compares the text
    and the syntax tree (an expanded expression differs from its pattern form).
    """

    text: str
    """The text as written, including the leading ``=``; positions index into it."""
    _root: _Node = field(repr=False)

    @cached_property
    def _refs(self) -> tuple[_Ref, ...]:
        found: list[_Ref] = []
        _collect(self._root, found)
        return tuple(found)

    @cached_property
    def references(self) -> tuple[str, ...]:
        """Dotted paths read, in order of first appearance; wildcard patterns kept as such."""
        return tuple(dict.fromkeys(ref.path for ref in self._refs))

    @property
    def patterns(self) -> tuple[str, ...]:
        """The wildcard patterns among :attr:`references` (``otv.structure.*.mass``)."""
        return tuple(path for path in self.references if "*" in path)

    @property
    def is_constant(self) -> bool:
        """Whether the expression reads no reference."""
        return not self.references

    def position_of(self, reference: str) -> int | None:
        """Offset in :attr:`text` of the first use of ``reference`` (``None`` if unused)."""
        for ref in self._refs:
            if ref.path == reference:
                return ref.pos
        return None

    def expand(self, expand: Callable[[str], Sequence[str]]) -> Expression:
        """Replace each wildcard argument by the paths ``expand(pattern)`` returns.

        Parameters
        ----------
        expand
            The caller's resolver: a pattern such as ``otv.structure.*.mass`` in, the
            concrete dotted paths it stands for out (see :func:`wildcard_resolver`).

        Returns
        -------
        Expression
            A new expression without wildcards (``self`` if there were none).

        Raises
        ------
        ExpressionError
            If a pattern matches nothing, or the resolver returns a path with a wildcard.
        """
        patterns = self.patterns
        if not patterns:
            return self
        table: dict[str, tuple[str, ...]] = {}
        for pattern in patterns:
            paths = tuple(expand(pattern))
            position = self.position_of(pattern)
            if not paths:
                raise ExpressionError(
                    f"wildcard '{pattern}' matches nothing",
                    hint="'*' stands for one segment of a dotted path; check the path",
                    position=position,
                )
            for path in paths:
                if "*" in path or not path:
                    raise ExpressionError(
                        f"wildcard '{pattern}' expanded to the invalid path '{path}'",
                        position=position,
                    )
            table[pattern] = paths
        return Expression(self.text, _expand(self._root, table))

    def check(self, dimensions: Mapping[str, DimensionLike]) -> Dimension:
        """Check the dimensions of every operation and return the result's dimension.

        Parameters
        ----------
        dimensions
            The dimension (or unit) of every known name; its keys are the names that
            exist, so a reference missing from it is reported with close matches.

        Raises
        ------
        ExpressionError
            For an unknown reference, an unexpanded wildcard, or a dimension error:
            ``+``, ``-``, ``min``, ``max`` and ``sum`` need equal dimensions; an exponent
            must be dimensionless, and constant if its base has a dimension.
        """
        return _Checker(dimensions).check(self._root)

    def compile(self) -> Evaluator:
        """The expression as a function of SI values, built once and cached.

        The function reads ``values[path]`` for each reference, and raises what Python
        float arithmetic raises (``ZeroDivisionError``, ``ValueError`` for a math domain
        error, ``OverflowError``); callers that need located messages catch those.

        Raises
        ------
        ExpressionError
            If a wildcard is left unexpanded, or a constant part cannot be evaluated.
        """
        return self._compiled

    @cached_property
    def _compiled(self) -> Evaluator:
        return _as_function(_compile(self._root))

    def evaluate(self, values: Mapping[str, float]) -> float:
        """Evaluate on SI ``values`` (slower than calling :meth:`compile`'s function).

        Raises
        ------
        ExpressionError
            For a missing value or an arithmetic failure, naming the cause.
        """
        function = self.compile()
        try:
            return function(values)
        except KeyError as exc:
            name = exc.args[0] if exc.args else "?"
            raise ExpressionError(
                f"no value for reference '{name}'", position=self.position_of(str(name))
            ) from None
        except (ArithmeticError, ValueError) as exc:
            raise ExpressionError(f"cannot evaluate '{self.text}': {exc}") from None

    def __str__(self) -> str:
        return self.text


def is_expression(value: object) -> bool:
    """Whether a model value is a derived-value expression (a string starting with ``=``)."""
    return isinstance(value, str) and value.lstrip().startswith("=")


def parse_expression(text: str) -> Expression:
    """Parse an expression; the leading ``=`` is optional.

    Raises
    ------
    ExpressionError
        With the 0-based ``position`` in ``text`` of the problem, a message saying what
        was expected and what was found, and a hint.
    """
    if not isinstance(text, str):
        raise ExpressionError(f"an expression is a string, got {type(text).__name__}")
    stripped = len(text) - len(text.lstrip())
    start = stripped + 1 if text.startswith("=", stripped) else 0
    root = _Parser(text, start).parse()
    expression = Expression(text, root)
    # Fold constants now, so that a division by zero is reported at parse time.
    if not expression.patterns:
        expression.compile()
    return expression


def match_wildcard(pattern: str, path: str) -> bool:
    """Whether ``path`` matches ``pattern``, where each ``*`` segment is any one segment."""
    wanted = pattern.split(".")
    parts = path.split(".")
    if len(wanted) != len(parts):
        return False
    return all(w == "*" or w == p for w, p in zip(wanted, parts, strict=True))


def wildcard_resolver(paths: Collection[str]) -> Callable[[str], list[str]]:
    """A resolver for :meth:`Expression.expand` over ``paths``; matches come out sorted.

    Paths are indexed by segment count and first segment, so that resolving a pattern
    costs about the number of paths under its first segment.
    """
    index: dict[tuple[int, str], list[tuple[str, list[str]]]] = {}
    by_length: dict[int, list[tuple[str, list[str]]]] = {}
    for path in sorted(paths):
        parts = path.split(".")
        entry = (path, parts)
        index.setdefault((len(parts), parts[0]), []).append(entry)
        by_length.setdefault(len(parts), []).append(entry)

    def resolve(pattern: str) -> list[str]:
        wanted = pattern.split(".")
        fixed = [(i, w) for i, w in enumerate(wanted) if w != "*"]
        if wanted[0] == "*":
            candidates = by_length.get(len(wanted), [])
        else:
            candidates = index.get((len(wanted), wanted[0]), [])
        return [path for path, parts in candidates if all(parts[i] == w for i, w in fixed)]

    return resolve
