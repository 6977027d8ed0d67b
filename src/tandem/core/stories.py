"""User-story text helpers: quick-add parsing, estimates and Definition of Ready."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

STORY_POINT_SCALE: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 13, 21)
TITLE_MAX_LENGTH = 200

_ELLIPSIS = "\u2026"
# The role: "As a", "As an", "As the" or a bare "As admin".
# A role may run on ("As a researcher, working with data, I want") but holds
# no sentence end and no want or reason, so a story without "I" before its
# want ("As a tester, would like ..., so that I can") is not read as a role
# that runs on to a later "I can".
_ROLE = (
    r"as\s+(?:(?P<article>an?|the)\s+)?"
    r"(?P<role>(?:(?!\bso\s+that\b|\bwant|\blike\b|\bi\s)[^.;!?])+?)\s*,?\s+"
)
# What the role wants, and the words that lead it.  Quick-add reads only the
# ways of wanting; checks of a backlog also read "I can" and "I'm able to".
_WANTING = (
    r"i\s+(?:do\s+not|don['\u2019]t)\s+want"
    r"|i\s+(?:\w+ly\s+|also\s+|only\s+|just\s+)?(?:want|need|wish)"
    r"|i\s+would\s+(?:like|love)"
    r"|i\s*['\u2019]\s*d\s+(?:like|love)"
)
_ABLE = (
    r"i\s+(?:can|could)"
    r"|i(?:\s+am|\s*['\u2019]\s*m)\s+able\s+to"
    r"|i\s+(?:would|should|must|will)\s+be\s+able\s+to"
)
# The benefit: "so that", "in order to", "because"; a bare "so" only where it
# cannot be an adverb: after a comma, or before the person who benefits.
_ENDS = (
    r"so\s+that\b|in\s+order\s+(?:to|that)\b|because\b"
    r"|(?:(?<=,)|(?<=,\s))so\b|so(?=\s+(?:i|we|they|you|my|our|their|it|people|users|others|everyone)\b)"
)


def _story_pattern(means: str) -> re.Pattern[str]:
    return re.compile(
        rf"""
        ^{_ROLE}
        (?P<means_indicator>{means})\b[\s:]*
        (?P<means>.+?)
        (?:
            \s*[,;]?\s*
            (?P<ends_indicator>\b(?:{_ENDS}))
            [\s:]*(?P<ends>.*?)
        )?
        [\s.!]*$
        """,
        re.IGNORECASE | re.VERBOSE,
    )


_STORY_PATTERN = _story_pattern(_WANTING)
_ANY_STORY_PATTERN = _story_pattern(f"{_WANTING}|{_ABLE}")
_SENTENCE_END = ".!?"
_NEGATED = re.compile(r"\bnot\b|n't\b")
_APOSTROPHE_SPACES = re.compile(r"\s*'\s*")
_LEADING_FILLER = re.compile(r"^(?:to\s+)?(?:be\s+able\s+to\s+)?", re.IGNORECASE)
_TRAILING_PUNCTUATION = ",;:.!"


@dataclass(frozen=True)
class StoryParts:
    as_a: str
    i_want: str
    so_that: str
    title: str


@dataclass(frozen=True)
class StoryClauses:
    """A story cut into role, means and ends, with the words that lead each.

    Indicators are lower-cased with single spaces ("as an", "i'm able to",
    "so that"), so two stories written the same way compare equal.  ``ends``
    and ``ends_indicator`` are empty when the story gives no reason.
    """

    role_indicator: str
    role: str
    means_indicator: str
    means: str
    ends_indicator: str
    ends: str


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

    Quick-add lets people type a story the way they would say it: "As an
    admin", "As the user", "As admin"; "I want", "I need", "I'd like", "I don't
    want" (kept as "not ..."); a reason after "so that", "so", "in order to" or
    "because" (the last two stay in the reason, which reads on after "so that").
    Anything that does not follow the template (a bug title, a half-finished
    sentence) is kept whole as the title instead of being rejected, so this
    never raises.
    """
    normalised = " ".join(text.split())
    clauses = _clauses(_STORY_PATTERN.match(normalised))
    if clauses is None:
        return StoryParts(as_a="", i_want="", so_that="", title=_truncate(normalised))
    i_want = clauses.means
    if _NEGATED.search(clauses.means_indicator):
        i_want = f"not {i_want}"
    so_that = clauses.ends
    if clauses.ends and clauses.ends_indicator not in {"so that", "so"}:
        so_that = f"{clauses.ends_indicator} {clauses.ends}"
    return StoryParts(
        as_a=clauses.role, i_want=i_want, so_that=so_that, title=_title_from_want(i_want)
    )


def parse_story(text: str) -> StoryClauses | None:
    """Cut a story into role, means and ends, or ``None`` when it has no role or means.

    Broader than quick-add: the means may also be led by "I can" or "I'm able
    to", which a backlog check must still recognise as a story (written in
    another template).  Line breaks count as spaces, so a story that was
    split over two lines reads as one.
    """
    return _clauses(_ANY_STORY_PATTERN.match(" ".join(text.split())))


def stories_from_lines(lines: Iterable[str]) -> tuple[tuple[int, str], ...]:
    """Read a backlog written one story a line, as (first line number, story).

    Blank lines are skipped.  A line that starts with a lower-case letter,
    after a line that does not end a sentence, continues the story above it:
    that is how a long story broken over two lines reads.
    """
    stories: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        text = " ".join(line.split())
        if not text:
            continue
        if stories and text[0].islower() and stories[-1][1][-1] not in _SENTENCE_END:
            first, previous = stories[-1]
            stories[-1] = (first, f"{previous} {text}")
        else:
            stories.append((number, text))
    return tuple(stories)


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


def _clauses(match: re.Match[str] | None) -> StoryClauses | None:
    """Build the clauses, or give up when the role or the means is only punctuation."""
    if match is None:
        return None
    role = _strip_clause(match["role"])
    means = _strip_clause(match["means"])
    if not role or not means:
        return None
    article = (match["article"] or "").lower()
    return StoryClauses(
        role_indicator=f"as {article}".strip(),
        role=role,
        means_indicator=_indicator(match["means_indicator"]),
        means=means,
        ends_indicator=_indicator(match["ends_indicator"] or ""),
        ends=_strip_clause(match["ends"] or ""),
    )


def _indicator(words: str) -> str:
    return " ".join(_APOSTROPHE_SPACES.sub("'", words.replace("\u2019", "'")).lower().split())


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
