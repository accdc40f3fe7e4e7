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

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from okaeri.errors import ExpressionError
from okaeri.graph._expression_compiler import (
    DimensionChecker,
    Evaluator,
    as_function,
    compile_node,
)
from okaeri.graph._expression_syntax import (
    FUNCTIONS,
    Call,
    Chain,
    Neg,
    Parser,
    Pow,
    Ref,
    SyntaxNode,
)
from okaeri.graph.dimensions import (
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




# --------------------------------------------------------------------------------------
# Public face
# --------------------------------------------------------------------------------------


def _collect(node: SyntaxNode, into: list[Ref]) -> None:
    if isinstance(node, Ref):
        into.append(node)
    elif isinstance(node, Neg):
        _collect(node.operand, into)
    elif isinstance(node, Chain):
        _collect(node.first, into)
        for _, _, operand in node.rest:
            _collect(operand, into)
    elif isinstance(node, Pow):
        _collect(node.base, into)
        _collect(node.exponent, into)
    elif isinstance(node, Call):
        for arg in node.args:
            _collect(arg, into)


def _expand(node: SyntaxNode, table: Mapping[str, tuple[str, ...]]) -> SyntaxNode:
    if isinstance(node, Neg):
        return Neg(_expand(node.operand, table), node.pos)
    if isinstance(node, Chain):
        rest = tuple((op, pos, _expand(operand, table)) for op, pos, operand in node.rest)
        return Chain(node.additive, _expand(node.first, table), rest, node.pos)
    if isinstance(node, Pow):
        return Pow(_expand(node.base, table), _expand(node.exponent, table), node.pos)
    if isinstance(node, Call):
        args: list[SyntaxNode] = []
        for arg in node.args:
            if isinstance(arg, Ref) and arg.wildcard:
                args.extend(Ref(path, arg.pos, False) for path in table[arg.path])
            else:
                args.append(_expand(arg, table))
        return Call(node.name, tuple(args), node.pos)
    return node


@dataclass(frozen=True)
class Expression:
    """A parsed derived-value expression; build one with :func:`parse_expression`.

    Immutable: :meth:`expand` returns a new expression. Equality compares the text
    and the syntax tree (an expanded expression differs from its pattern form).
    """

    text: str
    """The text as written, including the leading ``=``; positions index into it."""
    _root: SyntaxNode = field(repr=False)

    @cached_property
    def _refs(self) -> tuple[Ref, ...]:
        found: list[Ref] = []
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
        return DimensionChecker(dimensions).check(self._root)

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
        return as_function(compile_node(self._root))

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
    root = Parser(text, start).parse()
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
