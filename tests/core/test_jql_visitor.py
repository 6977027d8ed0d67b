"""A compiler is one visitor: here, a tiny one that filters records held in memory."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tandem.core.jql import (
    And,
    Clause,
    EmptyValue,
    FieldType,
    Not,
    NumberValue,
    Operator,
    Or,
    StringValue,
    ValueList,
    field_spec,
    normalize,
    parse,
    resolve_date,
)

Record = dict[str, Any]
Predicate = Callable[[Record], bool]
NOW = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)


class InMemory:
    """Compiles a normalized query to a predicate over plain dicts."""

    def visit_and(self, node: And) -> Predicate:
        parts = [operand.accept(self) for operand in node.operands]
        return lambda record: all(part(record) for part in parts)

    def visit_or(self, node: Or) -> Predicate:
        parts = [operand.accept(self) for operand in node.operands]
        return lambda record: any(part(record) for part in parts)

    def visit_not(self, node: Not) -> Predicate:
        inner = node.operand.accept(self)
        return lambda record: not inner(record)

    def visit_clause(self, node: Clause) -> Predicate:
        name = node.field.name
        spec = field_spec(name)
        assert spec is not None
        value = node.value
        if node.operator in (Operator.IS, Operator.IS_NOT):
            empty = node.operator is Operator.IS
            return lambda record: (record.get(name) in (None, "", ())) is empty
        if isinstance(value, ValueList):
            wanted = {_plain(item) for item in value.items}
            negate = node.operator is Operator.NOT_IN
            return lambda record: (_lower(record.get(name)) in wanted) is not negate
        assert not isinstance(value, EmptyValue)
        if spec.type is FieldType.DATE:
            moment = resolve_date(value, now=NOW)
            return _compare(name, node.operator, moment)
        if isinstance(value, NumberValue):
            return _compare(name, node.operator, float(value.value))
        target = _plain(value)
        if node.operator is Operator.CONTAINS:
            return lambda record: target in _lower(record.get(name))
        return _compare(name, node.operator, target)


def _plain(value: object) -> Any:
    if isinstance(value, StringValue):
        return value.text.lower()
    if isinstance(value, NumberValue):
        return float(value.value)
    return None


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _compare(name: str, operator: Operator, target: Any) -> Predicate:
    tests: dict[Operator, Callable[[Any, Any], bool]] = {
        Operator.EQ: lambda a, b: a == b,
        Operator.NE: lambda a, b: a != b,
        Operator.GT: lambda a, b: a is not None and a > b,
        Operator.GE: lambda a, b: a is not None and a >= b,
        Operator.LT: lambda a, b: a is not None and a < b,
        Operator.LE: lambda a, b: a is not None and a <= b,
    }
    test = tests[operator]
    return lambda record: test(_lower(record.get(name)), target)


RECORDS: list[Record] = [
    {"key": "DRN-1", "kind": "story", "estimate": 5.0, "title": "Pay by card",
     "created": datetime(2026, 3, 10, tzinfo=UTC), "assignee": "ann"},
    {"key": "DRN-2", "kind": "bug", "estimate": 2.0, "title": "Card declined",
     "created": datetime(2026, 1, 2, tzinfo=UTC), "assignee": None},
    {"key": "DRN-3", "kind": "story", "estimate": None, "title": "Receipts",
     "created": datetime(2026, 3, 1, tzinfo=UTC), "assignee": "bob"},
]  # fmt: skip


def matching(jql: str) -> list[str]:
    where = normalize(parse(jql)).where
    assert where is not None
    predicate = where.accept(InMemory())
    return [record["key"] for record in RECORDS if predicate(record)]


def test_a_jira_query_compiles_through_one_visitor() -> None:
    assert matching('type = Story AND "Story Points" >= 3') == ["DRN-1"]


def test_boolean_nodes_combine_in_the_visitor() -> None:
    assert matching("issuetype = bug OR NOT summary ~ card") == ["DRN-2", "DRN-3"]


def test_lists_empties_and_relative_dates_reach_the_clause_visitor() -> None:
    assert matching("assignee IS EMPTY") == ["DRN-2"]
    assert matching("key IN (DRN-1, DRN-3) AND created >= -7d") == ["DRN-1"]
    assert matching("created < startOfMonth()") == ["DRN-2"]
