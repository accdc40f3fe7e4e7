"""The expression language's syntax: the tree, the tokenizer and the recursive-descent
parser (:mod:`okaeri.graph.expressions` is the face; its docstring gives the grammar).

Every problem raises :class:`okaeri.errors.ExpressionError` with the 0-based character
offset in the expression text as ``position``; messages give 1-based columns.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TypeAlias

from okaeri.errors import ExpressionError, did_you_mean
from okaeri.graph.dimensions import (
    DIMENSIONLESS,
    Dimension,
    unit_info,
)

FUNCTIONS: tuple[str, ...] = ("abs", "max", "min", "sqrt", "sum")
"""Names of the functions of the expression language."""

AGGREGATES = frozenset({"sum", "min", "max"})
MAX_DEPTH = 64
"""Deepest nesting of parentheses, unary minus, powers and calls that the parser accepts."""


__all__ = [
    "AGGREGATES",
    "FUNCTIONS",
    "MAX_DEPTH",
    "Call",
    "Chain",
    "Neg",
    "Num",
    "Parser",
    "Pow",
    "Ref",
    "SyntaxNode",
    "column_of",
    "start_of",
]

# --------------------------------------------------------------------------------------
# Syntax tree
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Num:
    value: float
    """Value in SI."""
    dimension: Dimension
    pos: int


@dataclass(frozen=True, slots=True)
class Ref:
    path: str
    pos: int
    wildcard: bool


@dataclass(frozen=True, slots=True)
class Neg:
    operand: SyntaxNode
    pos: int


@dataclass(frozen=True, slots=True)
class Chain:
    """``first op1 n1 op2 n2 ...`` for one precedence level (flat, so long sums stay shallow)."""

    additive: bool
    first: SyntaxNode
    rest: tuple[tuple[str, int, SyntaxNode], ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Pow:
    base: SyntaxNode
    exponent: SyntaxNode
    pos: int
    """Position of the operator."""


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[SyntaxNode, ...]
    pos: int


SyntaxNode: TypeAlias = "Num | Ref | Neg | Chain | Pow | Call"


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


def column_of(pos: int) -> int:
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
                raise ExpressionError(f"malformed number at column {column_of(i)}", position=i)
            tokens.append(_Token("num", match.group(), i))
            i = match.end()
            continue
        if char.isascii() and (char.isalpha() or char == "_"):
            match = _REF.match(text, i)
            if match is None:  # pragma: no cover - the guard above ensures a match
                raise ExpressionError(f"malformed name at column {column_of(i)}", position=i)
            end = match.end()
            if end < n and text[end] == ".":
                found = text[end + 1] if end + 1 < n else ""
                raise ExpressionError(
                    f"expected a name or '*' after '.' at column {column_of(end + 1)}, found "
                    + (f"'{found}'" if found else "end of expression"),
                    hint="a reference is a dotted path such as otv.propulsion.tank_mass",
                    position=end + 1,
                )
            if match.group().endswith("*") and end < n and (text[end].isalnum()
                                                             or text[end] == "_"):
                raise ExpressionError(
                    f"a wildcard '*' must be a whole segment of the path, at column "
                    f"{column_of(end - 1)}",
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
                    f"expected ']' at column {column_of(n)}, found end of expression",
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
                f"unexpected character '{char}' at column {column_of(i)}", hint=hint, position=i
            )
    tokens.append(_Token("end", "", n))
    return tokens


# --------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------

_OPERAND = "a number, a reference, a function or '('"


class Parser:
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
            f"expected {what} at column {column_of(token.pos)}, found {token.shown()}",
            hint=hint,
            position=token.pos,
        )

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"expression nested too deeply at column {column_of(pos)} "
                f"(more than {MAX_DEPTH} levels)",
                hint="split the expression into several derived values",
                position=pos,
            )

    def parse(self) -> SyntaxNode:
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

    def expr(self) -> SyntaxNode:
        first = self.term()
        rest: list[tuple[str, int, SyntaxNode]] = []
        while self.at("+", "-"):
            operator = self.advance()
            rest.append((operator.text, operator.pos, self.term()))
        if not rest:
            return first
        return Chain(True, first, tuple(rest), start_of(first))

    def term(self) -> SyntaxNode:
        first = self.unary()
        rest: list[tuple[str, int, SyntaxNode]] = []
        while self.at("*", "/"):
            operator = self.advance()
            rest.append((operator.text, operator.pos, self.unary()))
        if not rest:
            return first
        return Chain(False, first, tuple(rest), start_of(first))

    def unary(self) -> SyntaxNode:
        if self.at("-"):
            operator = self.advance()
            self.enter(operator.pos)
            operand = self.unary()
            self.depth -= 1
            return Neg(operand, operator.pos)
        return self.power()

    def power(self) -> SyntaxNode:
        base = self.primary()
        if self.at("^", "**"):
            operator = self.advance()
            self.enter(operator.pos)
            exponent = self.unary()
            self.depth -= 1
            return Pow(base, exponent, operator.pos)
        return base

    def primary(self) -> SyntaxNode:
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
            return Ref(token.text, token.pos, False)
        if self.at("("):
            self.advance()
            self.enter(token.pos)
            node = self.expr()
            self.depth -= 1
            if not self.at(")"):
                raise self.expected("')'", hint=f"close the '(' of column {column_of(token.pos)}")
            self.advance()
            return node
        hint = ""
        if token.kind == "unit":
            hint = "a unit is written in brackets directly after a number, as in '5 [kg]'"
        elif self.at("+"):
            hint = "a unary '+' is not part of the language; drop it"
        raise self.expected(_OPERAND, hint=hint)

    def number(self) -> Num:
        token = self.advance()
        value = float(token.text)
        if not math.isfinite(value):
            raise ExpressionError(f"number '{token.text}' at column {column_of(token.pos)} is "
                                  "too large", position=token.pos)
        if self.token.kind != "unit":
            return Num(value, DIMENSIONLESS, token.pos)
        unit = self.advance()
        unit_text = unit.text.strip()
        if not unit_text:
            raise ExpressionError(
                f"empty unit at column {column_of(unit.pos)}",
                hint="write a unit in the brackets, as in '5 [kg]', or drop them",
                position=unit.pos,
            )
        try:
            info = unit_info(unit_text)
        except ValueError as exc:
            raise ExpressionError(
                f"unknown unit '{unit_text}' at column {column_of(unit.pos + 1)}",
                hint=str(exc) if "offset" in str(exc)
                else f"{exc}; write a unit such as kg, km/s, kN, W/m^2, deg or %",
                position=unit.pos + 1,
            ) from None
        si_value = value * info.factor
        if not math.isfinite(si_value):
            raise ExpressionError(f"number '{token.text}' at column {column_of(token.pos)} is "
                                  "too large", position=token.pos)
        return Num(si_value, info.dimension, token.pos)

    def call(self, name: _Token) -> Call:
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
        args: list[SyntaxNode] = []
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
        return Call(name.text, tuple(args), name.pos)

    def argument(self, function: str) -> SyntaxNode:
        token = self.token
        if token.kind == "ref" and "*" in token.text and function in AGGREGATES:
            following = self.tokens[self.index + 1]
            if following.kind == "end" or (
                following.kind == "op" and following.text in (",", ")")
            ):
                self.advance()
                return Ref(token.text, token.pos, True)
        return self.expr()


def _check_arity(function: str, count: int, pos: int) -> None:
    if function in AGGREGATES:
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


def start_of(node: SyntaxNode) -> int:
    if isinstance(node, Pow):
        return start_of(node.base)
    return node.pos
