"""JQL → a Django condition and ordering over backlog items.

    compiled = compile_jql('project = DRN AND sprint in openSprints() ORDER BY rank', user=me)
    Item.objects.filter(compiled.condition).order_by(*compiled.order_by)

The query is parsed and normalized by :mod:`tandem.core.jql` (Jira's names become
Tandem's), then one visitor turns each clause into a ``Q``. Relations an item has
many of (labels, sprints, comments) are ``Exists`` subqueries, so ``NOT`` and
``!=`` mean "has none that match" and no row is repeated. As in Jira, ``!=`` and
``NOT IN`` never match an item whose field is empty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, F, OrderBy, OuterRef, Q
from django.utils import timezone

from tandem.backlog.models import Comment, Item
from tandem.core.jql import (
    COMPARISONS,
    And,
    Clause,
    EmptyValue,
    FieldType,
    Not,
    Operator,
    Or,
    Query,
    SortDirection,
    Value,
    ValueList,
    field_spec,
    normalize,
    parse,
    resolve_date,
)
from tandem.core.jql.errors import error_at
from tandem.delivery.models import Sprint, SprintItem
from tandem.strategy.models import Initiative
from tandem.workspace.models import Product, User

from . import jql_values as values

# Jira's custom field ids for what Tandem keeps as plain fields (see fields.py).
CUSTOM_FIELDS = {
    "cf[10002]": "estimate",
    "customfield_10002": "estimate",
    "cf[10008]": "parent",
    "customfield_10008": "parent",
    "cf[10007]": "sprint",
    "customfield_10007": "sprint",
}

_POSITIVE = (Operator.EQ, Operator.IN)
_NEGATIVE = (Operator.NE, Operator.NOT_IN)
_EMPTY_OPERATORS = (Operator.IS, Operator.IS_NOT)
_BOUNDS = {Operator.GT: "gt", Operator.GE: "gte", Operator.LT: "lt", Operator.LE: "lte"}
_TEXT_COLUMNS = {
    "title": ("title",),
    "description": ("description", "as_a", "i_want", "so_that"),
    "text": ("title", "description", "as_a", "i_want", "so_that"),
    "comment": (),
}
_COLUMNS = {
    "created": "created_at",
    "updated": "updated_at",
    "estimate": "estimate",
    "value": "value",
    "effort": "effort",
    "reach": "reach",
    "confidence": "confidence",
    "rice_score": "rice_score",
    "wsjf_score": "wsjf_score",
    "status": "status",
    "status_category": "status",
    "kind": "kind",
    "priority": "moscow",
    "moscow": "moscow",
    "assignee": "assignee",
    "reporter": "created_by",
    "ready": "is_ready",
    "parent": "parent",
    "initiative": "initiative",
}
_SORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "product": ("product__key",),
    "key": ("product__key", "number"),
    "title": ("title",),
    "status": ("status",),
    "status_category": ("status",),
    "kind": ("kind",),
    "assignee": ("assignee__email",),
    "reporter": ("created_by__email",),
    "priority": ("moscow",),
    "moscow": ("moscow",),
    "parent": ("parent__number",),
    "created": ("created_at",),
    "updated": ("updated_at",),
    "rank": ("rank",),
    "ready": ("is_ready",),
    **{name: (name,) for name in ("estimate", "value", "effort", "reach", "confidence")},
    "rice_score": ("rice_score",),
    "wsjf_score": ("wsjf_score",),
}
DEFAULT_ORDER = (F("rank").asc(), F("id").asc())


@dataclass(frozen=True)
class CompiledQuery:
    condition: Q
    order_by: tuple[OrderBy, ...]
    has_order: bool


def compile_jql(text: str, *, user: User, now: datetime | None = None) -> CompiledQuery:
    """The condition and ordering a query stands for; :class:`JqlError` says where it is wrong."""
    query: Query = normalize(parse(text), custom_fields=CUSTOM_FIELDS)
    moment = timezone.localtime(now or timezone.now())
    condition = query.where.accept(_ToQ(user, moment)) if query.where is not None else Q()
    return CompiledQuery(
        condition=condition,
        order_by=_ordering(query) or DEFAULT_ORDER,
        has_order=bool(query.order_by),
    )


def _ordering(query: Query) -> tuple[OrderBy, ...]:
    ordering: list[OrderBy] = []
    for key in query.order_by:
        columns = _SORT_COLUMNS.get(key.field.name)
        if columns is None:
            raise error_at(f"Cannot order by {key.field.name}", key.field.span)
        descending = key.direction is SortDirection.DESC
        for column in columns:
            expression = F(column)
            ordering.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
    if ordering:
        ordering.append(F("id").asc())
    return tuple(ordering)


def _values_of(node: Clause) -> list[Value]:
    return list(node.value.items) if isinstance(node.value, ValueList) else [node.value]


def _unsupported(node: Clause, hint: str = "") -> Exception:
    message = f"'{node.operator.value}' does not work on {node.field.name}"
    return error_at(f"{message}{'; ' + hint if hint else ''}", node.span or node.field.span)


class _ToQ:
    """The visitor: boolean nodes combine, each clause becomes one condition."""

    def __init__(self, user: User, now: datetime) -> None:
        self.user = user
        self.now = now
        self._handlers: dict[FieldType, Callable[[Clause], Q]] = {
            FieldType.PRODUCT: self._product,
            FieldType.KEY: self._key,
            FieldType.TEXT: self._text,
            FieldType.STATUS: self._status,
            FieldType.KIND: lambda node: self._choice(node, values.kind_values, empty=None),
            FieldType.PERSON: self._person,
            FieldType.LABELS: self._labels,
            FieldType.CHOICE: lambda node: self._choice(node, values.priority_values, empty=""),
            FieldType.SPRINT: self._sprint,
            FieldType.ITEM: self._parent,
            FieldType.DATE: self._date,
            FieldType.NUMBER: self._number,
            FieldType.INITIATIVE: self._initiative,
            FieldType.BOOLEAN: lambda node: self._choice(node, values.boolean_values, empty=None),
        }

    def visit_and(self, node: And) -> Q:
        condition = Q()
        for operand in node.operands:
            condition &= operand.accept(self)
        return condition

    def visit_or(self, node: Or) -> Q:
        condition = Q(pk__in=[])
        for operand in node.operands:
            condition |= operand.accept(self)
        return condition

    def visit_not(self, node: Not) -> Q:
        return ~node.operand.accept(self)

    def visit_clause(self, node: Clause) -> Q:
        spec = field_spec(node.field.name)
        handler = self._handlers.get(spec.type) if spec else None
        if handler is None:
            raise error_at(f"{node.field.name} can only be used in ORDER BY", node.field.span)
        return handler(node)

    # --- shapes of clause shared by several fields --------------------------------------

    def _membership(self, node: Clause, matching: Callable[[Value], Q], column: str) -> Q:
        """``=``/``!=``/``IN``/``NOT IN``/``IS EMPTY`` on a single-valued column."""
        if node.operator in _EMPTY_OPERATORS:
            empty = Q(**{f"{column}__isnull": True})
            return empty if node.operator is Operator.IS else ~empty
        if node.operator not in (*_POSITIVE, *_NEGATIVE):
            raise _unsupported(node)
        condition = Q(pk__in=[])
        for value in _values_of(node):
            if isinstance(value, EmptyValue):
                condition |= Q(**{f"{column}__isnull": True})
            else:
                condition |= matching(value)
        if node.operator in _NEGATIVE:
            return ~condition & Q(**{f"{column}__isnull": False})
        return condition

    def _choice(
        self, node: Clause, resolve: values.Resolver, *, empty: str | None, column: str = ""
    ) -> Q:
        column = column or _COLUMNS[node.field.name]
        if node.operator in _EMPTY_OPERATORS:
            if empty is None:  # never empty
                return Q(pk__in=[]) if node.operator is Operator.IS else Q()
            is_empty = Q(**{column: empty})
            return is_empty if node.operator is Operator.IS else ~is_empty
        if node.operator not in (*_POSITIVE, *_NEGATIVE):
            raise _unsupported(node)
        wanted: list[object] = []
        for value in _values_of(node):
            if isinstance(value, EmptyValue) and empty is not None:
                wanted.append(empty)
            else:
                wanted.extend(resolve(value))
        condition = Q(**{f"{column}__in": wanted})
        if node.operator in _NEGATIVE:
            condition = ~condition
            if empty is not None and empty not in wanted:
                condition &= ~Q(**{column: empty})
        return condition

    # --- one method per kind of field ---------------------------------------------------

    def _product(self, node: Clause) -> Q:
        def matching(value: Value) -> Q:
            text = values.text_of(value, "a project")
            products = Product.objects.filter(Q(key__iexact=text) | Q(name__iexact=text))
            if text.isdigit():
                products = Product.objects.filter(pk=int(text))
            return Q(product__in=products)

        return self._membership(node, matching, "product")

    def _key(self, node: Clause) -> Q:
        if node.operator in COMPARISONS:
            prefix, number = values.key_parts(_values_of(node)[0])
            return Q(product__key=prefix, **{f"number__{_BOUNDS[node.operator]}": number})
        if node.operator in _EMPTY_OPERATORS:
            return Q(pk__in=[]) if node.operator is Operator.IS else Q()
        return self._membership(node, values.item_key, "pk")

    def _text(self, node: Clause) -> Q:
        name = node.field.name
        if node.operator in _EMPTY_OPERATORS and name in ("title", "description"):
            empty = Q(**{name: ""})
            return empty if node.operator is Operator.IS else ~empty
        if name == "title" and node.operator in (*_POSITIVE, *_NEGATIVE):
            condition = Q(pk__in=[])
            for value in _values_of(node):
                condition |= Q(title__iexact=values.text_of(value, "a summary"))
            return ~condition if node.operator in _NEGATIVE else condition
        if node.operator not in (Operator.CONTAINS, Operator.NOT_CONTAINS):
            raise _unsupported(node, f'search text with {name} ~ "words"')
        words = values.text_of(_values_of(node)[0], "text to search for")
        condition = _words(name, words)
        return ~condition if node.operator is Operator.NOT_CONTAINS else condition

    def _status(self, node: Clause) -> Q:
        resolve = (
            values.status_category_values
            if node.field.name == "status_category"
            else values.status_values
        )
        return self._choice(node, resolve, empty=None, column="status")

    def _person(self, node: Clause) -> Q:
        column = _COLUMNS[node.field.name]

        def matching(value: Value) -> Q:
            return Q(**{f"{column}__in": User.objects.filter(values.person(value, self.user))})

        return self._membership(node, matching, column)

    def _labels(self, node: Clause) -> Q:
        links = Item.labels.through.objects.filter(item_id=OuterRef("pk"))
        return self._related(
            node, links, lambda value: Q(label__name=values.text_of(value, "a label"))
        )

    def _sprint(self, node: Clause) -> Q:
        entries = SprintItem.objects.filter(item=OuterRef("pk"), removed_at__isnull=True)

        def matching(value: Value) -> Q:
            return Q(sprint__in=Sprint.objects.filter(values.sprint(value)))

        return self._related(node, entries, matching)

    def _related(self, node: Clause, rows: object, matching: Callable[[Value], Q]) -> Q:
        """A field an item has many of: true when any row matches; negations want none."""
        if node.operator in _EMPTY_OPERATORS:
            has_any = Q(Exists(rows))  # type: ignore[arg-type]
            return ~has_any if node.operator is Operator.IS else has_any
        if node.operator not in (*_POSITIVE, *_NEGATIVE):
            raise _unsupported(node)
        condition = Q(pk__in=[])
        wants_empty = False
        for value in _values_of(node):
            if isinstance(value, EmptyValue):
                wants_empty = True
            else:
                condition |= matching(value)
        found = Q(Exists(rows.filter(condition)))  # type: ignore[attr-defined]
        empty = ~Q(Exists(rows))  # type: ignore[arg-type]
        if node.operator in _NEGATIVE:
            return ~found & (~empty if wants_empty else Q())
        return found | empty if wants_empty else found

    def _parent(self, node: Clause) -> Q:
        def matching(value: Value) -> Q:
            return Q(parent__in=Item.objects.filter(values.item_key(value, "an epic's key")))

        return self._membership(node, matching, "parent")

    def _initiative(self, node: Clause) -> Q:
        def matching(value: Value) -> Q:
            text = values.text_of(value, "an initiative")
            found = Q(pk=int(text)) if text.isdigit() else Q(title__iexact=text)
            return Q(initiative__in=Initiative.objects.filter(found))

        return self._membership(node, matching, "initiative")

    def _date(self, node: Clause) -> Q:
        column = _COLUMNS.get(node.field.name)
        if column is None:
            raise error_at(f"Tandem keeps no {node.field.name} date on items", node.field.span)
        return self._ordered(node, column, lambda v: resolve_date(v, now=self.now))

    def _number(self, node: Clause) -> Q:
        return self._ordered(node, _COLUMNS[node.field.name], values.number_of)

    def _ordered(self, node: Clause, column: str, convert: Callable[[Value], object]) -> Q:
        """Dates and numbers: comparisons, plus everything a single-valued column takes."""
        if node.operator in COMPARISONS:
            value = convert(_values_of(node)[0])
            return Q(**{f"{column}__{_BOUNDS[node.operator]}": value})
        return self._membership(node, lambda value: Q(**{column: convert(value)}), column)


def _words(field: str, words: str) -> Q:
    """Every word somewhere in the field's text (Jira's ``~``); ``text`` also finds keys."""
    terms = [w.strip("*?") for w in words.replace('"', " ").split()]
    terms = [t for t in terms if t]
    if not terms:
        return Q()
    condition = Q()
    for term in terms:
        found = Q(pk__in=[])
        for column in _TEXT_COLUMNS[field]:
            found |= Q(**{f"{column}__icontains": term})
        if field in ("comment", "text"):
            found |= Q(
                Exists(
                    Comment.objects.filter(
                        item=OuterRef("pk"), archived_at__isnull=True, body__icontains=term
                    )
                )
            )
        condition &= found
    if field == "text" and len(terms) == 1:
        prefix, _, number = terms[0].upper().rpartition("-")
        if prefix and number.isdigit():
            condition |= Q(product__key=prefix, number=int(number))
    return condition
