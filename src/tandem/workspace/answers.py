"""Exact answers to questions about a product, given by the apps that hold the facts.

Ask (in ``knowledge``) puts a question to every registered answerer, in order, before
it falls back to the sentences the search index finds. Each app registers the
questions its own records answer (what blocks a sprint: delivery; why we build an
item: insights, which sees the whole chain) from its ``AppConfig.ready``, so Ask
reads no app's models and a new answer touches only the app that knows it.

An answerer gets a :class:`Question` and returns an :class:`Answer` whose claims cite
numbered sources, or ``None`` when the question is not one it answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .access import ProductAccess
from .registry import search_sources

KEY = re.compile(r"\b([A-Za-z][A-Za-z0-9]{1,9}-\d+)\b")


@dataclass(frozen=True)
class Source:
    kind: str
    title: str
    url: str
    key: str = ""
    id: int | None = None

    def as_json(self) -> dict[str, Any]:
        cited: dict[str, Any] = {"kind": self.kind, "title": self.title, "url": self.url}
        if self.key:
            cited["key"] = self.key
        else:
            cited["id"] = self.id
        return cited


@dataclass(frozen=True)
class Answer:
    text: str
    sources: tuple[Source, ...] = ()
    exact: bool = False  # read from the database rather than extracted from text
    sentences: tuple[tuple[str, int], ...] = field(default=(), repr=False)  # (sentence, source)


class Cited:
    """Sources gathered while writing an answer: ``cite`` returns the ``[n]`` marker."""

    def __init__(self) -> None:
        self.sources: list[Source] = []

    def cite(self, source: Source) -> str:
        if source not in self.sources:
            self.sources.append(source)
        return f"[{self.sources.index(source) + 1}]"

    def of(self, kind: str, record: Any) -> str:
        """Cite ``record`` the way search shows a ``kind``: its title, key and page."""
        return self.cite(source_of(kind, record))

    def answer(self, text: str) -> Answer:
        """An exact answer citing what was gathered."""
        return Answer(text=text, sources=tuple(self.sources), exact=True)


# (query, kinds, limit) → the ids of the asker's best matching records, best first.
Finder = Callable[[str, tuple[str, ...], int], list[int]]


@dataclass(frozen=True)
class Question:
    """A question about ``access.product``; ``find`` searches within the asker's rights."""

    access: ProductAccess
    text: str
    find: Finder

    def asks(self, pattern: str) -> bool:
        return re.search(pattern, self.text, re.IGNORECASE) is not None

    def key_numbers(self) -> list[int]:
        """The numbers of this product's keys the question names (DRN-42 → 42), in order."""
        numbers = []
        for key in KEY.findall(self.text):
            prefix, _, number = key.upper().rpartition("-")
            if prefix == self.access.product.key:
                numbers.append(int(number))
        return numbers

    def names(self, rows: Sequence[Any], attr: str = "name") -> Any | None:
        """The row whose name appears in the question, longest name first (Sprint 12 ≠ 1)."""
        lowered = self.text.lower()
        for row in sorted(rows, key=lambda r: -len(getattr(r, attr))):
            name = getattr(row, attr).lower()
            if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w.])", lowered):
                return row
        return None


Answerer = Callable[[Question], Answer | None]
_answerers: list[tuple[int, str, Answerer]] = []


def register_answerer(answerer: Answerer, *, order: int) -> None:
    """Offer ``answerer`` every question; lower ``order`` is asked first."""
    name = f"{answerer.__module__}.{answerer.__qualname__}"
    if all(known != name for _, known, _ in _answerers):
        _answerers.append((order, name, answerer))
        _answerers.sort(key=lambda entry: entry[:2])


def answerers() -> list[Answerer]:
    return [answerer for _, _, answerer in _answerers]


def source_of(kind: str, record: Any) -> Source:
    """A record cited the way search shows it: its title, key and page."""
    declared = next((s for s in search_sources() if s.name == kind), None)
    if declared is None:
        return Source(kind=kind, title=str(record), url="", id=record.pk)
    text = declared.search(record)
    return Source(
        kind=kind,
        title=text.title or declared.label,
        url=declared.url(record) if declared.url else "",
        key=text.key or (declared.key(record) if declared.key else ""),
        id=record.pk,
    )
