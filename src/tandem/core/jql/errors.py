"""The one error a query can raise, with the place it points at."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .ast import Span


class JqlError(ValueError):
    """A query that cannot be read or resolved, with where it goes wrong.

    ``message`` says what is wrong in words a person understands; ``line`` and
    ``column`` (1-based) and ``position`` (0-based offset) say where, when the
    problem has a place. ``str(error)`` joins both: "Expected a value after '='
    at column 14".
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        position: int | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.position = position
        super().__init__(self._describe())

    def _describe(self) -> str:
        if self.column is None:
            return self.message
        if self.line is None or self.line == 1:
            return f"{self.message} at column {self.column}"
        return f"{self.message} at line {self.line}, column {self.column}"

    def pointer(self, query: str) -> str:
        """The offending line of ``query`` with a caret under the column, for a monospace hint."""
        if self.column is None:
            return ""
        lines = query.splitlines() or [""]
        index = min(max((self.line or 1) - 1, 0), len(lines) - 1)
        return f"{lines[index]}\n{' ' * (self.column - 1)}^"


def error_at(message: str, span: Span | None) -> JqlError:
    """An error pointing at a node's place (or at no place when the node was built by hand)."""
    if span is None:
        return JqlError(message)
    return JqlError(message, line=span.line, column=span.column, position=span.start)


def unknown_name(what: str, name: str, candidates: Iterable[str]) -> str:
    """ "Unknown field 'colour' (did you mean 'color'?)" """
    by_lower = {candidate.lower(): candidate for candidate in candidates}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    hint = f" (did you mean '{by_lower[close[0]]}'?)" if close else ""
    return f"Unknown {what} '{name}'{hint}"
