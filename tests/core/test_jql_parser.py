from decimal import Decimal

import pytest

from tandem.core.jql import (
    And,
    Clause,
    DateUnit,
    DurationPart,
    EmptyValue,
    Field,
    FunctionCall,
    JqlError,
    Not,
    NumberValue,
    Operator,
    Or,
    Query,
    RelativeDate,
    SortDirection,
    SortKey,
    StringValue,
    ValueList,
    parse,
)


def clause(field: str, operator: Operator, value: object) -> Clause:
    return Clause(Field(field), operator, value)  # type: ignore[arg-type]


def test_a_simple_clause_reads_into_a_clause_node() -> None:
    assert parse("status = Done") == Query(clause("status", Operator.EQ, StringValue("Done")))


@pytest.mark.parametrize(
    ("text", "operator"),
    [
        ("a = 1", Operator.EQ),
        ("a != 1", Operator.NE),
        ("a > 1", Operator.GT),
        ("a >= 1", Operator.GE),
        ("a < 1", Operator.LT),
        ("a <= 1", Operator.LE),
        ("a ~ 1", Operator.CONTAINS),
        ("a !~ 1", Operator.NOT_CONTAINS),
    ],
)
def test_every_comparison_operator_is_read(text: str, operator: Operator) -> None:
    assert parse(text).where == clause("a", operator, NumberValue(Decimal(1)))


def test_operators_need_no_spaces_around_them() -> None:
    assert parse("status!=Done").where == clause("status", Operator.NE, StringValue("Done"))


def test_in_and_not_in_take_a_list_of_values() -> None:
    query = parse('status IN (Done, "In Progress", 3, EMPTY) AND kind NOT IN (bug)')
    assert query.where == And(
        (
            clause(
                "status",
                Operator.IN,
                ValueList(
                    (
                        StringValue("Done"),
                        StringValue("In Progress"),
                        NumberValue(Decimal(3)),
                        EmptyValue(),
                    )
                ),
            ),
            clause("kind", Operator.NOT_IN, ValueList((StringValue("bug"),))),
        )
    )


def test_in_takes_a_function_instead_of_a_list() -> None:
    assert parse("sprint in openSprints()").where == clause(
        "sprint", Operator.IN, FunctionCall("openSprints")
    )


def test_is_empty_and_is_not_empty_read_with_null_as_a_synonym() -> None:
    assert parse("assignee IS EMPTY").where == clause("assignee", Operator.IS, EmptyValue())
    assert parse("assignee is not null").where == clause("assignee", Operator.IS_NOT, EmptyValue())


def test_keywords_are_case_insensitive() -> None:
    assert parse("a = 1 and not b in (2) Order By c desc") == parse(
        "a = 1 AND NOT b IN (2) ORDER BY c DESC"
    )


def test_and_binds_tighter_than_or_and_parentheses_override_it() -> None:
    a, b, c = (clause(name, Operator.EQ, NumberValue(Decimal(1))) for name in "abc")
    assert parse("a = 1 OR b = 1 AND c = 1").where == Or((a, And((b, c))))
    assert parse("(a = 1 OR b = 1) AND c = 1").where == And((Or((a, b)), c))


def test_chains_of_the_same_operator_flatten_into_one_node() -> None:
    a, b, c = (clause(name, Operator.EQ, NumberValue(Decimal(1))) for name in "abc")
    assert parse("a = 1 AND (b = 1 AND c = 1)").where == And((a, b, c))


def test_not_and_its_symbol_forms_read_like_the_words() -> None:
    assert parse("!a = 1 && b = 1 || c = 1") == parse("NOT a = 1 AND b = 1 OR c = 1")
    assert isinstance(parse("NOT (a = 1 OR b = 2)").where, Not)


def test_quoted_strings_resolve_their_escapes() -> None:
    assert parse(r'summary ~ "say \"hi\"\n\\ok"').where == clause(
        "summary", Operator.CONTAINS, StringValue('say "hi"\n\\ok')
    )
    assert parse(r"summary ~ 'it\'s'").where == clause(
        "summary", Operator.CONTAINS, StringValue("it's")
    )


def test_field_names_with_spaces_are_written_in_quotes() -> None:
    assert parse('"Story Points" >= 3').where == clause(
        "Story Points", Operator.GE, NumberValue(Decimal(3))
    )


def test_custom_fields_may_be_written_by_id() -> None:
    assert parse("cf[10004] = 5").where == clause("cf[10004]", Operator.EQ, NumberValue(Decimal(5)))


def test_unquoted_words_may_hold_keys_dates_and_emails() -> None:
    assert parse("key = DRN-42").where == clause("key", Operator.EQ, StringValue("DRN-42"))
    assert parse("created > 2026-03-01").where == clause(
        "created", Operator.GT, StringValue("2026-03-01")
    )
    assert parse("assignee = ann@example.com").where == clause(
        "assignee", Operator.EQ, StringValue("ann@example.com")
    )


def test_relative_dates_read_as_offsets() -> None:
    assert parse("created >= -1w2d").where == clause(
        "created",
        Operator.GE,
        RelativeDate(-1, (DurationPart(1, DateUnit.WEEK), DurationPart(2, DateUnit.DAY))),
    )


def test_relative_date_units_tell_months_from_minutes_by_case() -> None:
    months = parse("created > -2M").where
    minutes = parse("created > -2m").where
    assert isinstance(months, Clause)
    assert isinstance(minutes, Clause)
    assert months.value == RelativeDate(-1, (DurationPart(2, DateUnit.MONTH),))
    assert minutes.value == RelativeDate(-1, (DurationPart(2, DateUnit.MINUTE),))


def test_functions_keep_their_canonical_name_and_arguments() -> None:
    query = parse(
        'assignee = currentuser() AND updated < STARTOFWEEK(-1) AND due < endOfDay("+2d")'
    )
    assert query.where == And(
        (
            clause("assignee", Operator.EQ, FunctionCall("currentUser")),
            clause("updated", Operator.LT, FunctionCall("startOfWeek", ("-1",))),
            clause("due", Operator.LT, FunctionCall("endOfDay", ("+2d",))),
        )
    )


def test_order_by_reads_several_keys_with_optional_directions() -> None:
    assert parse("project = DRN ORDER BY rank, created DESC").order_by == (
        SortKey(Field("rank")),
        SortKey(Field("created"), SortDirection.DESC),
    )


def test_a_query_may_be_only_an_order_or_nothing_at_all() -> None:
    assert parse("ORDER BY rank ASC") == Query(None, (SortKey(Field("rank"), SortDirection.ASC),))
    assert parse("   ") == Query()


def test_parsed_nodes_carry_their_place_for_later_messages() -> None:
    where = parse("a = 1 AND\n  status = Done").where
    assert isinstance(where, And)
    second = where.operands[1]
    assert isinstance(second, Clause)
    assert second.span is not None
    assert (second.span.line, second.span.column) == (2, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("project = ", "Expected a value after '=' at column 11"),
        ("status", "Expected an operator (=, !=, >, >=, <, <=, ~, !~, IN, NOT IN, IS, IS NOT)"),
        ("Story Points = 3", 'put field names with spaces in quotes, like "Story Points"'),
        ("status = In Progress", "Unexpected 'Progress'"),
        ('summary ~ "open', "Unterminated quoted text"),
        ("a = 1 AND", "Expected a field name after 'AND' at column 10"),
        ("(a = 1 OR b = 2", "This '(' is never closed; add ')' at column 1"),
        ("a = 1)", "This ')' closes nothing at column 6"),
        ("a is", "Expected EMPTY after 'is'"),
        ("a not = 1", "Expected IN after 'not'"),
        ("a in 1", "a list after IN goes in parentheses"),
        ("a = 1 ORDER rank", "Expected BY after 'ORDER'"),
        ("a > EMPTY", "'>' cannot compare with EMPTY; write a IS EMPTY"),
        ("x = {", "Unexpected character '{'"),
        ("assignee = me()", "Unknown function 'me()'"),
        ("assignee = currentUser(1)", "currentUser() takes no arguments, not 1"),
        ("updated < startOfWeek(soon)", "startOfWeek() takes an offset like -1"),
        ("a = 1 AND OR b = 2", "'OR' cannot stand here: a field name goes after AND, OR and NOT"),
        ("labels in (a b)", "Expected ',' or ')' in the list, found 'b'"),
    ],
)
def test_errors_say_what_is_wrong_and_where(text: str, message: str) -> None:
    with pytest.raises(JqlError) as caught:
        parse(text)
    assert message in str(caught.value)


def test_errors_carry_line_and_column_and_a_pointer() -> None:
    text = "a = 1 AND\nb = "
    with pytest.raises(JqlError) as caught:
        parse(text)
    assert (caught.value.line, caught.value.column) == (2, 5)
    assert str(caught.value).endswith("at line 2, column 5")
    assert caught.value.pointer(text) == "b = \n    ^"


def test_an_unknown_field_suggests_the_nearest_known_one() -> None:
    with pytest.raises(JqlError) as caught:
        parse("status = Done AND colour = red", fields=["status", "color"])
    assert str(caught.value) == "Unknown field 'colour' (did you mean 'color'?) at column 19"


def test_known_fields_are_matched_in_any_case_in_clauses_and_order() -> None:
    assert parse("STATUS = x ORDER BY Rank", fields=["status", "rank"]).order_by


def test_an_unknown_field_in_order_by_is_an_error_too() -> None:
    with pytest.raises(JqlError, match="Unknown field 'rnak'"):
        parse("ORDER BY rnak", fields=["rank"])


def test_nesting_deeper_than_the_limit_is_refused_not_crashed() -> None:
    with pytest.raises(JqlError, match="levels deep"):
        parse("a = 1 AND (b = 1 OR (" * 100 + "c = 1" + "))" * 100)


def test_redundant_parentheses_add_no_depth() -> None:
    assert parse("(" * 500 + "a = 1" + ")" * 500) == parse("a = 1")


def test_an_overlong_query_is_refused() -> None:
    with pytest.raises(JqlError, match="longer than"):
        parse("a = 1 OR " * 5000 + "a = 1")
