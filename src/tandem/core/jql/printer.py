"""A query tree back to JQL text that parses to the same tree.

Saved filters store the text a person typed; this is how a filter built in the
page (or rewritten by :func:`~tandem.core.jql.fields.normalize`) is shown and
saved. Words print bare where the parser would read them back the same way,
everything else is quoted with escapes.
"""

from __future__ import annotations

import re

from .ast import (
    And,
    Clause,
    EmptyValue,
    Field,
    FunctionCall,
    Node,
    Not,
    NumberValue,
    Or,
    Query,
    RelativeDate,
    StringValue,
    Value,
    ValueList,
)

RESERVED = frozenset(
    {"and", "or", "not", "in", "is", "empty", "null", "order", "by", "asc", "desc"}
)
_BARE_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_BARE_ARGUMENT = re.compile(r"[+-]?\d{1,6}[yMwdhm]?")
_CUSTOM_FIELD = re.compile(r"cf\[\d+\]", re.IGNORECASE)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def to_jql(query: Query) -> str:
    """The text of a whole query, ``ORDER BY`` included."""
    parts = [query.where.accept(_Printer()) if query.where is not None else ""]
    if query.order_by:
        keys = ", ".join(
            field_to_jql(key.field) + (f" {key.direction.value}" if key.direction else "")
            for key in query.order_by
        )
        parts.append(f"ORDER BY {keys}")
    return " ".join(part for part in parts if part)


def node_to_jql(node: Node) -> str:
    return node.accept(_Printer())


def quote(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(char, char) for char in text) + '"'


def field_to_jql(field: Field) -> str:
    name = field.name
    if _CUSTOM_FIELD.fullmatch(name) or _is_bare_word(name):
        return name
    return quote(name)


def value_to_jql(value: Value | ValueList) -> str:
    match value:
        case ValueList(items=items):
            return "(" + ", ".join(value_to_jql(item) for item in items) + ")"
        case StringValue(text=text):
            return text if _is_bare_word(text) else quote(text)
        case NumberValue(value=number):
            return format(number, "f")
        case RelativeDate(sign=sign, parts=parts):
            body = "".join(f"{part.amount}{part.unit.value}" for part in parts)
            return ("-" if sign < 0 else "") + body
        case EmptyValue():
            return "EMPTY"
        case FunctionCall(name=name, args=args):
            return f"{name}(" + ", ".join(_argument(arg) for arg in args) + ")"


def _argument(text: str) -> str:
    return text if _BARE_ARGUMENT.fullmatch(text) or _is_bare_word(text) else quote(text)


def _is_bare_word(text: str) -> bool:
    return bool(_BARE_WORD.fullmatch(text)) and text.lower() not in RESERVED


class _Printer:
    def visit_clause(self, node: Clause) -> str:
        return f"{field_to_jql(node.field)} {node.operator.value} {value_to_jql(node.value)}"

    def visit_and(self, node: And) -> str:
        return " AND ".join(self._operand(op, (And, Or)) for op in node.operands)

    def visit_or(self, node: Or) -> str:
        return " OR ".join(self._operand(op, (Or,)) for op in node.operands)

    def visit_not(self, node: Not) -> str:
        return "NOT " + self._operand(node.operand, (And, Or))

    def _operand(self, node: Node, grouped: tuple[type, ...]) -> str:
        text = node.accept(self)
        return f"({text})" if isinstance(node, grouped) else text
