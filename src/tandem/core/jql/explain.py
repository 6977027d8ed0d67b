"""Lark's parse errors → messages a person understands, at the place they point to."""

from __future__ import annotations

from lark import Token, UnexpectedInput
from lark.exceptions import UnexpectedCharacters, UnexpectedToken

from .errors import JqlError
from .grammar import jql_parser

_OPERATOR_LIST = "=, !=, >, >=, <, <=, ~, !~, IN, NOT IN, IS, IS NOT"
_JOINERS = {"and", "or", "not", "&&", "||", "&", "|"}


def explain(error: UnexpectedInput, text: str) -> JqlError:
    if isinstance(error, UnexpectedCharacters):
        return _explain_characters(error, text)
    if isinstance(error, UnexpectedToken):
        return _explain_token(error, text)
    return _at_end("The query ends too early", text)  # pragma: no cover - LALR raises the two above


def _explain_characters(error: UnexpectedCharacters, text: str) -> JqlError:
    position = error.pos_in_stream or 0
    char = text[position] if position < len(text) else " "
    where = {"line": error.line, "column": error.column, "position": position}
    if char in "\"'":
        return JqlError(f"Unterminated quoted text: the {char} here is never closed", **where)
    return JqlError(
        f"Unexpected character '{char}'; put values with special characters in quotes", **where
    )


def _explain_token(error: UnexpectedToken, text: str) -> JqlError:
    token = error.token
    expected = set(error.expected)
    history = getattr(error, "token_history", None) or []
    previous: Token | None = history[-1] if history else _last_token(text)
    after = f" after '{previous}'" if previous is not None else ""
    at_end = token.type == "$END"
    found = "" if at_end else f", found '{token}'"

    def located(message: str) -> JqlError:
        if at_end:
            return _at_end(message, text)
        return JqlError(message, line=token.line, column=token.column, position=token.start_pos)

    previous_type = previous.type if previous is not None else ""
    if "COMPARE" in expected and previous is not None and str(previous).lower() in _JOINERS:
        return JqlError(
            f"'{previous}' cannot stand here: a field name goes after AND, OR and NOT"
            " (quote a field that is named like a keyword)",
            line=previous.line,
            column=previous.column,
            position=previous.start_pos,
        )
    message = _what_was_expected(expected, previous_type, after, found)
    if message is None and "COMPARE" in expected:
        hint = ""
        if token.type == "WORD" and previous_type == "WORD":
            hint = f'; put field names with spaces in quotes, like "{previous} {token}"'
        message = f"Expected an operator ({_OPERATOR_LIST}){after}{found}{hint}"
    if message is not None:
        return located(message)
    if at_end and "RPAR" in expected:
        return _unclosed_parenthesis(text)
    if token.type == "RPAR":
        return located("This ')' closes nothing")
    if "COMMA" in expected and not at_end and _inside_list(text, token.start_pos or 0):
        return located(f"Expected ',' or ')' in the list{found}; put values with spaces in quotes")
    if token.type in ("WORD", "STRING"):
        return located(
            f"Unexpected '{token}': join conditions with AND or OR, "
            "and put values with spaces in quotes"
        )
    return located("The query ends too early" if at_end else f"Unexpected '{token}'")


def _inside_list(text: str, position: int) -> bool:
    """Whether ``position`` falls inside the parenthesised list of an IN."""
    lists: list[bool] = []
    previous_type = ""
    try:
        for token in jql_parser().lex(text[:position], dont_ignore=False):
            if token.type == "LPAR":
                lists.append(previous_type in ("IN", "NOT"))
            elif token.type == "RPAR" and lists:
                lists.pop()
            previous_type = token.type
    except UnexpectedInput:
        return False
    return bool(lists) and lists[-1]


def _what_was_expected(
    expected: set[str], previous_type: str, after: str, found: str
) -> str | None:
    """The message for a parser that wanted one particular thing next, if it did."""
    if expected == {"IN"}:
        return f"Expected IN{after}{found}"
    if expected <= {"NOT", "EMPTY"}:
        return f"Expected EMPTY{after}{found}"
    if previous_type == "IN":
        return f'Expected a list like (A, "B c") or a function{after}{found}'
    if expected == {"LPAR"}:
        return f"Expected '('{after}: a list after IN goes in parentheses{found}"
    if "COMPARE" in expected:
        return None  # the caller words it, with a hint about spaces in field names
    for wanted, message in (
        ("BY", f"Expected BY{after}{found}"),
        ("CUSTOM_FIELD", f"Expected a field name{after}{found}"),
        ("EMPTY", f"Expected a value{after}{found}"),
    ):
        if wanted in expected:
            return message
    if "WORD" in expected and "RPAR" in expected:
        return f"Expected an argument or ')'{after}{found}"
    return None


def _last_token(text: str) -> Token | None:
    last: Token | None = None
    try:
        for token in jql_parser().lex(text, dont_ignore=False):
            last = token
    except UnexpectedInput:
        return None
    return last


def _at_end(message: str, text: str) -> JqlError:
    line = text.count("\n") + 1
    column = len(text) - (text.rfind("\n") + 1) + 1
    return JqlError(message, line=line, column=column, position=len(text))


def _unclosed_parenthesis(text: str) -> JqlError:
    open_tokens: list[Token] = []
    for token in jql_parser().lex(text, dont_ignore=False):
        if token.type == "LPAR":
            open_tokens.append(token)
        elif token.type == "RPAR" and open_tokens:
            open_tokens.pop()
    if not open_tokens:  # pragma: no cover - only reached with an unclosed '('
        return _at_end("Expected ')'", text)
    first = open_tokens[-1]
    return JqlError(
        "This '(' is never closed; add ')'",
        line=first.line,
        column=first.column,
        position=first.start_pos,
    )
