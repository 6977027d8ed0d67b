"""Printing a tree and reading it back gives the same tree; no input raises anything else."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tandem.core.jql import (
    COMPARISONS,
    FUNCTIONS,
    And,
    Clause,
    DateUnit,
    DurationPart,
    EmptyValue,
    Field,
    FunctionCall,
    JqlError,
    Node,
    Not,
    NumberValue,
    Operator,
    Or,
    Query,
    RelativeDate,
    Returns,
    SortDirection,
    SortKey,
    StringValue,
    Value,
    ValueList,
    parse,
    to_jql,
)

texts = st.text(max_size=12)
numbers = st.decimals(
    min_value=Decimal(-(10**9)), max_value=Decimal(10**9), places=3, allow_nan=False
).map(NumberValue)
relative_dates = st.builds(
    RelativeDate,
    sign=st.sampled_from([1, -1]),
    parts=st.lists(
        st.builds(
            DurationPart, st.integers(min_value=0, max_value=999_999), st.sampled_from(DateUnit)
        ),
        min_size=1,
        max_size=3,
    ).map(tuple),
)
increments = st.builds(
    lambda sign, amount, unit: f"{sign}{amount}{unit}",
    st.sampled_from(["", "+", "-"]),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(["", "y", "M", "w", "d", "h", "m"]),
)


@st.composite
def functions(draw: st.DrawFn, returns: tuple[Returns, ...] = tuple(Returns)) -> FunctionCall:
    spec = draw(st.sampled_from([s for s in FUNCTIONS.values() if s.returns in returns]))
    args = tuple(draw(st.lists(increments, max_size=spec.max_args)))
    return FunctionCall(spec.name, args)


scalars: st.SearchStrategy[Value] = st.one_of(
    texts.map(StringValue), numbers, relative_dates, functions()
)
list_items: st.SearchStrategy[Value] = st.one_of(scalars, st.just(EmptyValue()))
fields = st.one_of(
    st.sampled_from(["status", "Story Points", "cf[10004]", "order", "in", ""]),
    texts,
).map(Field)


@st.composite
def clauses(draw: st.DrawFn) -> Clause:
    operator = draw(st.sampled_from(Operator))
    field = draw(fields)
    value: Value | ValueList
    if operator in (Operator.IS, Operator.IS_NOT):
        value = EmptyValue()
    elif operator in (Operator.IN, Operator.NOT_IN):
        value = draw(
            st.one_of(
                st.lists(list_items, min_size=1, max_size=4).map(lambda v: ValueList(tuple(v))),
                functions((Returns.SPRINTS, Returns.USER, Returns.RELEASES)),
            )
        )
    elif operator in COMPARISONS:
        value = draw(scalars)
    else:
        value = draw(list_items)
    return Clause(field, operator, value)


def _combine(kind: type[And] | type[Or], operands: list[Node]) -> Node:
    flat: list[Node] = []
    for operand in operands:
        flat.extend(operand.operands if isinstance(operand, kind) else (operand,))
    return kind(tuple(flat))


nodes: st.SearchStrategy[Node] = st.recursive(
    clauses(),
    lambda children: st.one_of(
        st.lists(children, min_size=2, max_size=3).map(lambda ops: _combine(And, ops)),
        st.lists(children, min_size=2, max_size=3).map(lambda ops: _combine(Or, ops)),
        children.map(Not),
    ),
    max_leaves=8,
)
queries = st.builds(
    Query,
    where=st.none() | nodes,
    order_by=st.lists(
        st.builds(SortKey, fields, st.none() | st.sampled_from(SortDirection)), max_size=3
    ).map(tuple),
)


@given(queries)
def test_printing_a_query_and_reading_it_back_gives_the_same_tree(query: Query) -> None:
    assert parse(to_jql(query)) == query


def read(text: str) -> Query | JqlError:
    """The tree, or the JqlError; any other exception escapes and fails the test."""
    try:
        return parse(text)
    except JqlError as error:
        return error


@given(st.text(max_size=80))
def test_any_text_either_parses_or_raises_a_jql_error(text: str) -> None:
    assert isinstance(read(text), Query | JqlError)


jql_pieces = st.sampled_from(
    [
        "status", "=", "!=", ">", "<=", "~", "!~", "IN", "NOT", "IS", "EMPTY", "AND", "OR", "(",
        ")", ",", '"Story Points"', "Done", "'x'", "-7d", "3", "ORDER", "BY", "DESC",
        "currentUser()", "startOfWeek(", "-1", "cf[1]", "!", "&&", "||", '"', "\\", "\n",
    ]
)  # fmt: skip


query_shaped_garbage = st.lists(jql_pieces, max_size=14).map(" ".join)


@given(query_shaped_garbage)
def test_query_shaped_garbage_either_parses_or_raises_a_jql_error(text: str) -> None:
    assert isinstance(read(text), Query | JqlError)
