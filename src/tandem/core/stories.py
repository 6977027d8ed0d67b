"""User-story text helpers: quick-add parsing, estimates and Definition of Ready."""

from __future__ import annotations

import re
from dataclasses import dataclass

STORY_POINT_SCALE: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 13, 21)
TITLE_MAX_LENGTH = 200

_ELLIPSIS = "\u2026"
_STORY_PATTERN = re.compile(
    r"""
    ^as\s+an?\s+(?P<as_a>.+?)\s*,?\s+
    (?:i\s+want|i\s+need|i\s*['\u2019]\s*d\s+like|i\s+would\s+like)\b[\s:]+
    (?P<i_want>.+?)
    (?:
        \s*,?\s+
        (?:so\s+that\b|so(?=\s+(?:i|we)\b))
        [\s:]*(?P<so_that>.*?)
    )?
    [\s.!]*$
    """,
    re.IGNORECASE | re.VERBOSE,
)
_LEADING_FILLER = re.compile(r"^(?:to\s+)?(?:be\s+able\s+to\s+)?", re.IGNORECASE)
_TRAILING_PUNCTUATION = ",;:.!"


@dataclass(frozen=True)
class StoryParts:
    as_a: str
    i_want: str
    so_that: str
    title: str


@dataclass(frozen=True)
class Readiness:
    ready: bool
    missing: tuple[str, ...]


def is_valid_estimate(points: int) -> bool:
    """Accept only the team's Fibonacci scale so estimates stay comparable.

    The gaps in the scale are deliberate: they stop debates about 6 versus 7.
    """
    return not isinstance(points, bool) and points in STORY_POINT_SCALE


def parse_quick_add(text: str) -> StoryParts:
    """Split a one-line "As a ..., I want ..., so that ..." into its parts.

    Quick-add lets people type a story the way they would say it.  Anything that
    does not follow the template (a bug title, a half-finished sentence) is
    kept whole as the title instead of being rejected, so this never raises.
    """
    normalised = " ".join(text.split())
    match = _STORY_PATTERN.match(normalised)
    story = _story_from_match(match) if match else None
    return story or StoryParts(as_a="", i_want="", so_that="", title=_truncate(normalised))


def definition_of_ready(
    *,
    is_story: bool,
    as_a: str,
    i_want: str,
    so_that: str,
    criteria_count: int,
    estimate: int | None,
) -> Readiness:
    """Check an item against the Definition of Ready before it enters a sprint.

    A story needs its who/what/why and at least one acceptance criterion so the
    team can tell when it is done; every item needs an estimate so the sprint
    can be sized.  ``missing`` is in a fixed order so the UI reads naturally.
    """
    needs = (
        ("as a", is_story and not as_a.strip()),
        ("i want", is_story and not i_want.strip()),
        ("so that", is_story and not so_that.strip()),
        ("acceptance criteria", is_story and criteria_count < 1),
        ("estimate", estimate is None),
    )
    missing = tuple(phrase for phrase, is_missing in needs if is_missing)
    return Readiness(ready=not missing, missing=missing)


def _story_from_match(match: re.Match[str]) -> StoryParts | None:
    """Build the parts, or give up when the role or the want is only punctuation."""
    as_a = _strip_clause(match["as_a"])
    i_want = _strip_clause(match["i_want"])
    if not as_a or not i_want:
        return None
    return StoryParts(
        as_a=as_a,
        i_want=i_want,
        so_that=_strip_clause(match["so_that"] or ""),
        title=_title_from_want(i_want),
    )


def _strip_clause(clause: str) -> str:
    return clause.strip().rstrip(_TRAILING_PUNCTUATION).strip()


def _title_from_want(i_want: str) -> str:
    action = _LEADING_FILLER.sub("", i_want) or i_want
    return _truncate(_capitalise_first_letter(action))


def _capitalise_first_letter(text: str) -> str:
    """Capitalise like a sentence, but leave words such as "iOS" or "eBay" alone."""
    first_word = text.split(" ", 1)[0]
    if any(character.isupper() for character in first_word):
        return text
    return text[:1].upper() + text[1:]


def _truncate(title: str) -> str:
    if len(title) <= TITLE_MAX_LENGTH:
        return title
    cut = title[: TITLE_MAX_LENGTH - len(_ELLIPSIS)]
    at_word = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return at_word.rstrip(_TRAILING_PUNCTUATION + " ") + _ELLIPSIS
