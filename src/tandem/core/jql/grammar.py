"""The JQL grammar (Lark, LALR) and the one parser built from it."""

from __future__ import annotations

from functools import cache

from lark import Lark

MAX_LENGTH = 20_000
MAX_DEPTH = 64

# Characters that end an unquoted word; everything else (letters, digits, - . @ / : * ?) may
# appear in one, so DRN-42, 2026-03-01 and -7d need no quotes.
_WORD_CHARS = r"""[^\s"'=!<>()~,\[\]{}|&]"""


def _keyword(word: str) -> str:
    return rf"/{word}(?!{_WORD_CHARS})/i"


GRAMMAR = rf"""
query: [or_expr] [order_by]
or_expr: and_expr (_OR and_expr)*
and_expr: not_expr (_AND not_expr)*
?not_expr: (NOT | BANG) not_expr -> negation
    | "(" or_expr ")"
    | clause
clause: field COMPARE value -> compare
    | field IN list_or_function -> in_
    | field NOT IN list_or_function -> not_in
    | field IS [NOT] EMPTY -> is_
field: WORD | STRING | CUSTOM_FIELD
value: WORD | STRING | EMPTY | function
?list_or_function: "(" value ("," value)* ")" -> value_list
    | function
function: WORD "(" [argument ("," argument)*] ")"
argument: WORD | STRING
order_by: ORDER BY sort_key ("," sort_key)*
sort_key: field [DIRECTION]

COMPARE: /!=|!~|>=|<=|=|>|<|~/
_OR.2: {_keyword("or")} | "||" | "|"
_AND.2: {_keyword("and")} | "&&" | "&"
NOT.2: {_keyword("not")}
BANG: "!"
IN.2: {_keyword("in")}
IS.2: {_keyword("is")}
EMPTY.2: {_keyword("empty")} | {_keyword("null")}
ORDER.2: {_keyword("order")}
BY.2: {_keyword("by")}
DIRECTION.2: {_keyword("asc")} | {_keyword("desc")}
CUSTOM_FIELD.3: /cf\[\d+\]/i
WORD: /{_WORD_CHARS}+/
STRING: /"(?:[^"\\]|\\.)*"/s | /'(?:[^'\\]|\\.)*'/s
%ignore /\s+/
"""


@cache
def jql_parser() -> Lark:
    return Lark(
        GRAMMAR,
        start="query",
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=True,
    )
