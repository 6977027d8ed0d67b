"""The typed tree a JQL query becomes.

Every node is a frozen dataclass, so two parses of the same text compare equal
and a node can be a dictionary key. Positions (``span``) ride along for error
messages but take no part in equality: a tree built by hand equals the parsed one.

A compiler (to database filters, to an in-memory predicate, back to text) is one
:class:`NodeVisitor`: ``query.where.accept(visitor)`` calls ``visit_and``,
``visit_or``, ``visit_not`` or ``visit_clause``; values are a closed union the
clause visitor matches on.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Protocol, TypeAlias, TypeVar

T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True)
class Span:
    """Where a node was written: 0-based offsets and the 1-based line and column of its start."""

    start: int
    end: int
    line: int
    column: int


class Operator(enum.Enum):
    EQ = "="
    NE = "!="
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    CONTAINS = "~"
    NOT_CONTAINS = "!~"
    IN = "IN"
    NOT_IN = "NOT IN"
    IS = "IS"
    IS_NOT = "IS NOT"


COMPARISONS = frozenset({Operator.GT, Operator.GE, Operator.LT, Operator.LE})


class SortDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


class DateUnit(enum.Enum):
    """Units of a relative date; ``M`` (months) and ``m`` (minutes) differ only by case."""

    YEAR = "y"
    MONTH = "M"
    WEEK = "w"
    DAY = "d"
    HOUR = "h"
    MINUTE = "m"


# --- values ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StringValue:
    """A word or quoted text: ``Done``, ``"In Progress"``, ``DRN-42``."""

    text: str
    span: Span | None = dataclass_field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class NumberValue:
    """An unquoted number: ``5``, ``0.5``, ``-3``."""

    value: Decimal
    span: Span | None = dataclass_field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class DurationPart:
    amount: int
    unit: DateUnit


@dataclass(frozen=True)
class RelativeDate:
    """An offset from now written without quotes: ``-7d``, ``-1w2d``, ``4h``."""

    sign: int
    parts: tuple[DurationPart, ...]
    span: Span | None = dataclass_field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class EmptyValue:
    """``EMPTY`` or ``NULL``: the field has no value."""

    span: Span | None = dataclass_field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FunctionCall:
    """``currentUser()``, ``openSprints()``, ``startOfWeek(-1)``; ``name`` in its canonical case."""

    name: str
    args: tuple[str, ...] = ()
    span: Span | None = dataclass_field(default=None, compare=False, repr=False)


Value: TypeAlias = StringValue | NumberValue | RelativeDate | EmptyValue | FunctionCall


@dataclass(frozen=True)
class ValueList:
    """The parenthesised list after ``IN`` / ``NOT IN``."""

    items: tuple[Value, ...]
    span: Span | None = dataclass_field(default=None, compare=False, repr=False)


# --- clauses and boolean nodes ----------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A field as written (quotes removed): ``status``, ``Story Points``, ``cf[10004]``."""

    name: str
    span: Span | None = dataclass_field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Clause:
    """``field operator value``. ``IN``/``NOT IN`` take a list or a function; ``IS`` takes EMPTY."""

    field: Field
    operator: Operator
    value: Value | ValueList
    span: Span | None = dataclass_field(default=None, compare=False, repr=False)

    def accept(self, visitor: NodeVisitor[T_co]) -> T_co:
        return visitor.visit_clause(self)


@dataclass(frozen=True)
class And:
    """All operands hold; never nested directly in another ``And`` (the parser flattens)."""

    operands: tuple[Node, ...]

    def accept(self, visitor: NodeVisitor[T_co]) -> T_co:
        return visitor.visit_and(self)


@dataclass(frozen=True)
class Or:
    """Any operand holds; never nested directly in another ``Or``."""

    operands: tuple[Node, ...]

    def accept(self, visitor: NodeVisitor[T_co]) -> T_co:
        return visitor.visit_or(self)


@dataclass(frozen=True)
class Not:
    operand: Node

    def accept(self, visitor: NodeVisitor[T_co]) -> T_co:
        return visitor.visit_not(self)


Node: TypeAlias = And | Or | Not | Clause


@dataclass(frozen=True)
class SortKey:
    field: Field
    direction: SortDirection | None = None


@dataclass(frozen=True)
class Query:
    """A whole query: an optional condition and an optional ``ORDER BY``."""

    where: Node | None = None
    order_by: tuple[SortKey, ...] = ()


class NodeVisitor(Protocol[T_co]):
    """What a compiler implements: one method per kind of node.

    A compiler to database filters combines its operands' results in
    ``visit_and``/``visit_or``, negates in ``visit_not`` and does the real work
    (field lookup, operator, value resolution) in ``visit_clause``.
    """

    def visit_and(self, node: And) -> T_co: ...

    def visit_or(self, node: Or) -> T_co: ...

    def visit_not(self, node: Not) -> T_co: ...

    def visit_clause(self, node: Clause) -> T_co: ...


def clauses(node: Node | None) -> list[Clause]:
    """Every clause under ``node``, left to right (without recursion, so any depth is safe)."""
    found: list[Clause] = []
    stack: list[Node] = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, Clause):
            found.append(current)
        elif isinstance(current, Not):
            stack.append(current.operand)
        else:
            stack.extend(reversed(current.operands))
    return found
