"""The values a story check hands out."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Criterion(StrEnum):
    """The Quality User Story criteria a program can check (Lucassen et al., 2016)."""

    WELL_FORMED = "well_formed"
    ATOMIC = "atomic"
    MINIMAL = "minimal"
    CONCEPTUALLY_SOUND = "conceptually_sound"
    PROBLEM_ORIENTED = "problem_oriented"
    UNAMBIGUOUS = "unambiguous"
    FULL_SENTENCE = "full_sentence"
    ESTIMATABLE = "estimatable"
    UNIQUE = "unique"
    UNIFORM = "uniform"


@dataclass(frozen=True)
class Finding:
    """One criterion a story breaks, said for its writer.

    ``rewrite`` holds the story as a rule would rewrite it, when a rule can:
    two stories for an atomic violation split in two, one otherwise.
    """

    criterion: Criterion
    message: str
    rewrite: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """The words that lead a story's parts, by family: ("as a", "i want", "so that").

    ``ends`` is empty when the story gives no reason.
    """

    role: str
    means: str
    ends: str


@dataclass(frozen=True)
class BacklogStory:
    key: str
    text: str
