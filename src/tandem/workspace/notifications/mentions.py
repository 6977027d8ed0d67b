"""``@person`` in any text: found, and resolved among a product's members.

A mention names someone by the part of their e-mail address before the @
(``@ana.lopez``), by their name written without spaces (``@AnaLopez``), or by a
first name no other member shares (``@Ana``). Text of a write that the audit event
does not carry (a comment's body) comes from a source its app registers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..models import Event, User

# Not inside an address (ana@example.test) and not a doubled @@.
MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9](?:[\w.\-]*\w)?)")

TextSource = Callable[[Event], str]
_text_sources: dict[str, TextSource] = {}


def register_text_source(verb: str, source: TextSource) -> TextSource:
    """Where the text of a write lives when its event does not hold it (a comment's body)."""
    _text_sources[verb] = source
    return source


def names_in(text: str) -> set[str]:
    return {match.lower() for match in MENTION.findall(text or "")}


class Directory:
    """The people a product's texts may mention, by every name they go by."""

    def __init__(self, people: Iterable[User]) -> None:
        self._by_name: dict[str, User] = {}
        firsts: dict[str, list[User]] = {}
        for person in people:
            self._by_name[person.email.split("@")[0].lower()] = person
            if person.name:
                self._by_name.setdefault(re.sub(r"\s+", "", person.name).lower(), person)
                firsts.setdefault(person.name.split()[0].lower(), []).append(person)
        for first, holders in firsts.items():
            if len(holders) == 1:
                self._by_name.setdefault(first, holders[0])

    def resolve(self, names: Iterable[str]) -> list[User]:
        found = {self._by_name[n].pk: self._by_name[n] for n in names if n in self._by_name}
        return list(found.values())


def _strings(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "\n".join(_strings(v) for v in value)
    if isinstance(value, Mapping):
        return "\n".join(_strings(v) for v in value.values())
    return ""


def new_names_by_field(event: Event) -> dict[str, set[str]]:
    """The names each field of the write newly mentions (an edit that keeps one is silent)."""
    after = event.after or {}
    before = event.before or {}
    found: dict[str, set[str]] = {}
    for field_name, value in after.items():
        names = names_in(_strings(value)) - names_in(_strings(before.get(field_name)))
        if names:
            found[field_name] = names
    source = _text_sources.get(event.verb)
    if source is not None:
        names = names_in(source(event))
        if names:
            found.setdefault("body", set()).update(names)
    return found
