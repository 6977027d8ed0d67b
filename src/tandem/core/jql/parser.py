"""JQL text → :class:`~tandem.core.jql.ast.Query`, by a Lark LALR grammar.

Keywords are case-insensitive; values are words (``Done``, ``DRN-42``, ``-7d``,
``5``) or quoted text with backslash escapes; field names with spaces go in
quotes (``"Story Points"``) and custom fields may be written ``cf[10004]``.
Every failure is a :class:`JqlError` that names the line and column and says
what was expected there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from lark import Token, Transformer_NonRecursive, UnexpectedInput
from lark.exceptions import VisitError

from .ast import (
    COMPARISONS,
    And,
    Clause,
    DateUnit,
    DurationPart,
    EmptyValue,
    Field,
    FunctionCall,
    Node,
    Not,
    NumberValue,
    Operator,
    Or,
    Query,
    RelativeDate,
    SortDirection,
    SortKey,
    Span,
    StringValue,
    Value,
    ValueList,
    clauses,
)
from .errors import JqlError, error_at, unknown_name
from .explain import explain
from .functions import FUNCTIONS, INCREMENT, Returns
from .grammar import MAX_DEPTH, MAX_LENGTH, jql_parser

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)")
_RELATIVE = re.compile(r"([+-]?)((?:\d{1,6}[yMwdhmYWDH])+)")
_RELATIVE_PART = re.compile(r"(\d+)([yMwdhmYWDH])")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}
_OPERATORS = {op.value: op for op in Operator}


def parse(text: str, *, fields: Iterable[str] | None = None) -> Query:
    """Read a JQL query into its tree.

    ``fields``, when given, is every field name the caller accepts (any case);
    a field outside it is an error that suggests the nearest name. Without it
    any field name is read, and a later step decides what it means.
    """
    if len(text) > MAX_LENGTH:
        raise JqlError(f"The query is longer than {MAX_LENGTH:,} characters")
    try:
        tree = jql_parser().parse(text)
    except UnexpectedInput as error:
        raise explain(error, text) from None
    try:
        query: Query = _ToAst().transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, JqlError):
            raise error.orig_exc from None
        raise
    _check_depth(query.where)
    if fields is not None:
        _check_fields(query, fields)
    return query


# --- tree → AST --------------------------------------------------------------------------


def _span_of(token: Token) -> Span:
    return Span(
        start=token.start_pos or 0,
        end=token.end_pos or 0,
        line=token.line or 1,
        column=token.column or 1,
    )


def _span_of_tree(meta: Any) -> Span | None:
    if getattr(meta, "empty", True):
        return None
    return Span(start=meta.start_pos, end=meta.end_pos, line=meta.line, column=meta.column)


def unquote(token_text: str) -> str:
    """The text inside a quoted JQL string, escapes resolved."""

    def replace(match: re.Match[str]) -> str:
        escaped = match.group(1)
        if len(escaped) == 5:
            return chr(int(escaped[1:], 16))
        return _ESCAPES.get(escaped, escaped)

    return _ESCAPE.sub(replace, token_text[1:-1])


def relative_date(text: str) -> RelativeDate | None:
    """``-1w2d`` → its parts, or None when ``text`` is not a relative date."""
    match = _RELATIVE.fullmatch(text)
    if match is None:
        return None
    parts = tuple(
        DurationPart(int(amount), _unit(letter))
        for amount, letter in _RELATIVE_PART.findall(match.group(2))
    )
    return RelativeDate(sign=-1 if match.group(1) == "-" else 1, parts=parts)


def _unit(letter: str) -> DateUnit:
    return DateUnit(letter if letter in ("M", "m") else letter.lower())


def _word_value(token: Token) -> Value:
    text = str(token)
    span = _span_of(token)
    if _NUMBER.fullmatch(text):
        try:
            return NumberValue(Decimal(text), span=span)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            pass
    relative = relative_date(text)
    if relative is not None:
        return RelativeDate(relative.sign, relative.parts, span=span)
    return StringValue(text, span=span)


class _ToAst(Transformer_NonRecursive):  # type: ignore[type-arg]
    def query(self, children: list[Any]) -> Query:
        where, order_by = children
        return Query(where=where, order_by=order_by or ())

    def or_expr(self, children: list[Node]) -> Node:
        return _flatten(Or, children)

    def and_expr(self, children: list[Node]) -> Node:
        return _flatten(And, children)

    def negation(self, children: list[Any]) -> Node:
        return Not(children[1])

    def field(self, children: list[Token]) -> Field:
        token = children[0]
        name = unquote(token) if token.type == "STRING" else str(token)
        return Field(name, span=_span_of(token))

    def value(self, children: list[Any]) -> Value:
        item = children[0]
        if isinstance(item, FunctionCall):
            return item
        if item.type == "EMPTY":
            return EmptyValue(span=_span_of(item))
        if item.type == "STRING":
            return StringValue(unquote(item), span=_span_of(item))
        return _word_value(item)

    def value_list(self, children: list[Value]) -> ValueList:
        return ValueList(tuple(children))

    def argument(self, children: list[Token]) -> str:
        token = children[0]
        return unquote(token) if token.type == "STRING" else str(token)

    def function(self, children: list[Any]) -> FunctionCall:
        name_token: Token = children[0]
        args = tuple(arg for arg in children[1:] if arg is not None)
        span = _span_of(name_token)
        spec = FUNCTIONS.get(str(name_token).lower())
        if spec is None:
            raise error_at(unknown_name("function", f"{name_token}()", _function_names()), span)
        if len(args) > spec.max_args:
            raise error_at(
                f"{spec.name}() takes {_arguments(spec.max_args)}, not {len(args)}", span
            )
        if spec.returns is Returns.DATE and args and not INCREMENT.fullmatch(args[0]):
            raise error_at(
                f'{spec.name}() takes an offset like -1, +2w or "-7d", not {args[0]!r}', span
            )
        return FunctionCall(spec.name, args, span=span)

    def compare(self, children: list[Any]) -> Clause:
        field, operator_token, value = children
        operator = _OPERATORS[str(operator_token)]
        if isinstance(value, EmptyValue) and operator in COMPARISONS:
            raise error_at(
                f"'{operator.value}' cannot compare with EMPTY; write {field.name} IS EMPTY",
                value.span,
            )
        return Clause(field, operator, value, span=field.span)

    def in_(self, children: list[Any]) -> Clause:
        field, _, values = children
        return Clause(field, Operator.IN, values, span=field.span)

    def not_in(self, children: list[Any]) -> Clause:
        field, _, _, values = children
        return Clause(field, Operator.NOT_IN, values, span=field.span)

    def is_(self, children: list[Any]) -> Clause:
        field, _, negated, empty = children
        operator = Operator.IS_NOT if negated is not None else Operator.IS
        return Clause(field, operator, EmptyValue(span=_span_of(empty)), span=field.span)

    def order_by(self, children: list[Any]) -> tuple[SortKey, ...]:
        return tuple(children[2:])

    def sort_key(self, children: list[Any]) -> SortKey:
        field, direction = children
        return SortKey(field, SortDirection(str(direction).upper()) if direction else None)


def _flatten(kind: type[And] | type[Or], children: list[Node]) -> Node:
    if len(children) == 1:
        return children[0]
    operands: list[Node] = []
    for child in children:
        operands.extend(child.operands if isinstance(child, kind) else (child,))
    return kind(tuple(operands))


def _arguments(count: int) -> str:
    return "no arguments" if count == 0 else f"at most {count} argument{'s' * (count > 1)}"


def _function_names() -> list[str]:
    return [f"{spec.name}()" for spec in FUNCTIONS.values()]


def _check_depth(where: Node | None) -> None:
    stack: list[tuple[Node, int]] = [(where, 1)] if where is not None else []
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise JqlError(f"The query nests conditions more than {MAX_DEPTH} levels deep")
        if isinstance(node, Not):
            stack.append((node.operand, depth + 1))
        elif isinstance(node, And | Or):
            stack.extend((operand, depth + 1) for operand in node.operands)


def _check_fields(query: Query, fields: Iterable[str]) -> None:
    known = list(fields)
    lowered = {name.lower() for name in known}
    used = [clause.field for clause in clauses(query.where)]
    used.extend(key.field for key in query.order_by)
    for field in used:
        if field.name.lower() not in lowered:
            raise error_at(unknown_name("field", field.name, known), field.span)


__all__ = ["MAX_DEPTH", "MAX_LENGTH", "parse", "relative_date", "unquote"]
