"""One rule per criterion: a story in, a finding (or nothing) out.

Every rule reads a story as a person writes it and knows nothing of any one
backlog: word lists are general English (vague words, words for how a thing
is built), never a project's vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from tandem.core.stories import StoryClauses, parse_story

from . import language as en
from .model import Criterion, Finding, Template

_LEADING_FILLER = re.compile(r"^(?:to\s+)?(?:be\s+able\s+to\s+)?", re.IGNORECASE)
_SKIPPED_AFTER_CONJUNCTION = {"also", "then", "to", "can", "could", "be", "able"}
# After one of these the rest is a clause of its own ("invite someone to sign
# up and join"), so an "and" further on joins that clause's parts, not two wants.
_SUBORDINATE = re.compile(
    r"\s(?:to|who|whom|which|that|when|where|whether|if|while|because|so)\s", re.IGNORECASE
)
_PARTICLES = frozenset(["through", "up", "out", "back", "down", "off", "in", "on", "over"])
_BRACKETS = re.compile(r"\s*[(\[{][^)\]}]*[)\]}]")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_ABBREVIATION_END = re.compile(r"\b(?:e\.g|i\.e|etc|vs|approx|no|[A-Za-z])\.$", re.IGNORECASE)
_NOTE = re.compile(r"\b(?:note|nb|see|todo)\s*:|\s[-\u2013\u2014]\s+\w", re.IGNORECASE)
_SECOND_WANT = re.compile(
    r"(?<!\bif )(?<!\bwhether )(?<!\bwhat )(?<!\bwhich )(?<!\bwhen )(?<!\bas )"
    r"\bi\s+(?:also\s+)?(?:want|need)\b",
    re.IGNORECASE,
)
_QUOTED_FIELD = re.compile(r"[\"'\u201c\u2018][^\"'\u201d\u2019]+[\"'\u201d\u2019]\s+field\b", re.I)
_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
_WANT_BARE_VERB = re.compile(r"\b(?:want|need)\s+([A-Za-z]+)", re.IGNORECASE)
_ABLE_WITHOUT_TO = re.compile(r"\bable\s+(?!to\b)([A-Za-z]+)", re.IGNORECASE)
_TO_NON_VERB = re.compile(r"\b(?:want|need|able|like)\s+to\s+([A-Za-z]+)", re.IGNORECASE)
_ARTICLE = re.compile(r"\b(an?)\s+([A-Za-z][\w-]*)")
_NOT_AFTER_TO = frozenset(["not", "also", "only", "just", "always", "never", "further"])
_MANY_WORDS = 40
_FAMILIES = {
    "i need": "i need",
    "i wish": "i wish",
    "i can": "i can",
    "i could": "i can",
}


def means_family(indicator: str) -> str:
    if "able to" in indicator:
        return "i am able to"
    if "like" in indicator or "love" in indicator:
        return "i would like"
    return _FAMILIES.get(indicator, "i want")


def ends_family(indicator: str) -> str:
    return "in order to" if indicator.startswith("in order") else indicator


def template_of(clauses: StoryClauses) -> Template:
    return Template(
        role="as a",
        means=means_family(clauses.means_indicator),
        ends=ends_family(clauses.ends_indicator),
    )


@dataclass(frozen=True)
class Story:
    """A story's text and, when it follows the template, its clauses."""

    text: str

    @cached_property
    def clauses(self) -> StoryClauses | None:
        return parse_story(self.text)

    @cached_property
    def action(self) -> str:
        """The means without "to" and "be able to": the words that say what is wanted."""
        if self.clauses is None:
            return ""
        return _LEADING_FILLER.sub("", self.clauses.means)

    @cached_property
    def filler(self) -> str:
        return (
            self.clauses.means[: len(self.clauses.means) - len(self.action)] if self.clauses else ""
        )

    def written_with(self, means: str, *, template: Template | None = None) -> str:
        """The story again, with another means and, given a template, its words."""
        clauses = self.clauses
        assert clauses is not None
        role = f"As {article_for(clauses.role)} {clauses.role}"
        indicator = _capital_i(clauses.means_indicator)
        ends_indicator, ends = clauses.ends_indicator, clauses.ends
        if template is not None:
            indicator, means = _means_in(template.means, clauses, means)
            if ends and template.ends == "so that" and ends_indicator != "so that":
                ends_indicator = "so that"
                if clauses.ends_indicator.startswith("in order"):
                    ends = f"I can {ends}"
        reason = f", {ends_indicator} {ends}" if ends else ""
        return f"{role}, {indicator} {means}{reason}."


Rule = Callable[[Story], Finding | None]


def well_formed(story: Story) -> Finding | None:
    if story.clauses is not None:
        return None
    if not re.match(r"\s*as\b", story.text, re.IGNORECASE):
        message = 'No role: start with who wants it ("As a <role>, I want ...").'
    else:
        message = 'No means: say what the role wants ("I want ...").'
    return Finding(Criterion.WELL_FORMED, message)


def atomic(story: Story) -> Finding | None:
    clauses = story.clauses
    if clauses is None:
        return None
    split = (
        _verbs_sharing_an_object(story.action)
        or _second_action(story.action)
        or _vice_versa(story.action)
    )
    if split is None or _toggle(split):
        return None
    rewrites = tuple(story.written_with(story.filler + part) for part in split)
    return Finding(
        Criterion.ATOMIC,
        f"Asks for {len(split)} things at once; split it so each can be planned on its own.",
        rewrites,
    )


def minimal(story: Story) -> Finding | None:
    brackets = _BRACKETS.search(story.text)
    sentences = [part for part in _sentences(story.text) if part.strip()]
    note = _NOTE.search(story.text)
    if brackets is None and len(sentences) < 2 and note is None:
        return None
    if brackets is not None:
        message = "Holds text in brackets: keep role, means and reason in the story"
    elif len(sentences) > 1:
        message = "Holds more than one sentence"
    else:
        message = "Holds a note"
    kept = _sentences(_BRACKETS.sub("", story.text))[0]
    cut = _NOTE.search(kept)
    kept = (kept[: cut.start()] if cut else kept).strip().rstrip(" ,;:-")
    rewrite = (kept,) if kept and kept != story.text else ()
    message += "; move the details to the description or the acceptance criteria."
    return Finding(Criterion.MINIMAL, message, rewrite)


def conceptually_sound(story: Story) -> Finding | None:
    clauses = story.clauses
    if clauses is None or not clauses.ends:
        return None
    if _SECOND_WANT.search(clauses.ends):
        return Finding(
            Criterion.CONCEPTUALLY_SOUND,
            "The reason holds another want; give it a story of its own.",
        )
    reason = en.content_words(clauses.ends)
    if reason and not reason <= en.content_words(clauses.means):
        return None
    return Finding(
        Criterion.CONCEPTUALLY_SOUND,
        "The reason only repeats what is wanted; say why the role needs it.",
    )


def problem_oriented(story: Story) -> Finding | None:
    wanted = story.clauses.means if story.clauses else story.text
    lowered = f" {wanted.lower()} "
    named = sorted({word for word in en.words(lowered) if word in en.SOLUTION_WORDS})
    named += [phrase.strip() for phrase in en.SOLUTION_PHRASES if phrase in lowered]
    if _QUOTED_FIELD.search(wanted):
        named.append("a named field")
    if not named:
        return None
    return Finding(
        Criterion.PROBLEM_ORIENTED,
        f"Says how to build it ({', '.join(named)}); say what the role needs and leave the"
        " solution to the team.",
    )


def unambiguous(story: Story) -> Finding | None:
    clauses = story.clauses
    read = f"{clauses.role} {clauses.means}" if clauses else story.text
    lowered = f" {read.lower()} "
    vague = [word for word in dict.fromkeys(en.words(lowered)) if word in en.VAGUE_TERMS]
    vague += [phrase for phrase in en.VAGUE_PHRASES if phrase in lowered]
    if not vague:
        return None
    quoted = ", ".join(f'"{term}"' for term in vague)
    return Finding(
        Criterion.UNAMBIGUOUS,
        f"{quoted} can be read more than one way; say what would count as done.",
    )


def full_sentence(story: Story) -> Finding | None:
    text = story.text
    if story.clauses is None and not re.search(r"\bI\b", text):
        return Finding(Criterion.FULL_SENTENCE, "Not a sentence: write who wants what, and why.")
    for check in (_doubled_word, _want_bare_verb, _able_without_to, _to_non_verb, _article_misfit):
        found = check(text)
        if found is not None:
            message, fixed = found
            return Finding(Criterion.FULL_SENTENCE, message, (fixed,) if fixed != text else ())
    return None


def estimatable(story: Story) -> Finding | None:
    if story.clauses is None:
        return None
    action_words = en.words(story.action)
    if action_words and action_words[0].lower() in en.BROAD_VERBS:
        return Finding(
            Criterion.ESTIMATABLE,
            f'"{action_words[0]}" covers a whole area of work; name the one thing to build'
            " first so the team can size it.",
        )
    if len(action_words) > _MANY_WORDS:
        return Finding(
            Criterion.ESTIMATABLE,
            f"The want runs to {len(action_words)} words; a story this big is hard to size:"
            " split it.",
        )
    return None


RULES: tuple[Rule, ...] = (
    well_formed,
    atomic,
    minimal,
    conceptually_sound,
    problem_oriented,
    unambiguous,
    full_sentence,
    estimatable,
)


def _verbs_sharing_an_object(action: str) -> tuple[str, ...] | None:
    """ "see and edit my children" -> ("see my children", "edit my children")."""
    match = re.match(
        r"(?P<verbs>[A-Za-z]+(?:\s*(?:,|,?\s+(?:and|or|&))\s*[A-Za-z]+)+)\s+(?P<rest>.+)",
        action,
    )
    if match is None:
        return None
    verbs = re.split(r"\s*(?:,|\band\b|\bor\b|&)\s*", match["verbs"])
    verbs = [verb for verb in verbs if verb]
    if len(verbs) < 2 or not all(en.is_base_verb(verb) for verb in verbs):
        return None
    return tuple(f"{verb} {match['rest']}" for verb in verbs)


def _second_action(action: str) -> tuple[str, ...] | None:
    """ "check the history and keep a record" -> ("check the history", "keep a record")."""
    first_words = en.words(action)
    if not first_words or not en.is_base_verb(first_words[0]):
        return None
    for joint in re.finditer(r"\s*,?\s+(?:and|or|&)\s+", action):
        if _SUBORDINATE.search(action[: joint.start()]):
            break
        after = action[joint.end() :]
        tokens = en.words(after)
        skipped = 0
        while skipped < len(tokens) and tokens[skipped].lower() in _SKIPPED_AFTER_CONJUNCTION:
            skipped += 1
        if skipped + 1 >= len(tokens):
            continue
        verb, following = tokens[skipped], tokens[skipped + 1].lower()
        takes_object = following in en.DETERMINERS | en.PRONOUNS | _PARTICLES
        if en.is_base_verb(verb) and (takes_object or after.lower().startswith("to ")):
            second = after[after.find(verb) :]
            return action[: joint.start()].rstrip(" ,"), second.rstrip(" .")
    return None


def _toggle(parts: tuple[str, ...]) -> bool:
    return frozenset(en.words(part)[0].lower() for part in parts if en.words(part)) in en.TOGGLES


def _vice_versa(action: str) -> tuple[str, ...] | None:
    """ "X and vice versa" asks for X and for its reverse: two wants."""
    match = re.search(r"\s*,?\s+and\s+vice\s+versa\b", action, re.IGNORECASE)
    if match is None:
        return None
    first = action[: match.start()]
    return first, f"{first} the other way round"


def _sentences(text: str) -> list[str]:
    parts: list[str] = []
    for piece in _SENTENCE_BREAK.split(text):
        if parts and _ABBREVIATION_END.search(parts[-1]):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts


def _doubled_word(text: str) -> tuple[str, str] | None:
    match = _DOUBLED.search(text)
    if match is None:
        return None
    fixed = text[: match.start()] + match[1] + text[match.end() :]
    return f'"{match[1]}" is written twice.', fixed


def _want_bare_verb(text: str) -> tuple[str, str] | None:
    for match in _WANT_BARE_VERB.finditer(text):
        if en.is_only_verb(match[1]):
            fixed = text[: match.start(1)] + "to " + text[match.start(1) :]
            return f'"to" is missing before "{match[1]}".', fixed
    return None


def _able_without_to(text: str) -> tuple[str, str] | None:
    match = _ABLE_WITHOUT_TO.search(text)
    if match is None:
        return None
    word = match[1]
    if not en.is_known(word) and len(word) <= 2:
        fixed = text[: match.start(1)] + "to" + text[match.end(1) :]
    else:
        fixed = text[: match.start(1)] + "to " + text[match.start(1) :]
    return '"able" needs "to" after it.', fixed


def _to_non_verb(text: str) -> tuple[str, str] | None:
    for match in _TO_NON_VERB.finditer(text):
        word = match[1]
        kinds = en.classes(word)
        if word.lower() in _NOT_AFTER_TO or not kinds or kinds & {"VERB", "AUX", "ADV"}:
            continue
        return f'"to {word}" needs a verb: a word seems to be missing.', text
    return None


def _article_misfit(text: str) -> tuple[str, str] | None:
    for match in _ARTICLE.finditer(text):
        article, word = match[1], match[2]
        vowel = en.starts_with_vowel_sound(word)
        if article.lower() == "a" and en.is_plural_only(word):
            return f'"a {word}": one thing or many?', text
        if vowel is None or (article.lower() == "an") == vowel:
            continue
        right = "an" if vowel else "a"
        right = right.capitalize() if article[0].isupper() else right
        fixed = text[: match.start(1)] + right + text[match.end(1) :]
        return f'"{article} {word}" should read "{right} {word}".', fixed
    return None


def article_for(role: str) -> str:
    vowel = en.starts_with_vowel_sound(role.split()[0]) if role.split() else None
    return "an" if vowel else "a"


def _capital_i(indicator: str) -> str:
    return re.sub(r"\bi\b", "I", indicator)


def _means_in(family: str, clauses: StoryClauses, means: str) -> tuple[str, str]:
    own = means_family(clauses.means_indicator)
    if own == family:
        return _capital_i(clauses.means_indicator), means
    wording = {"i am able to": "I am able to", "i would like": "I would like"}
    indicator = wording.get(family, _capital_i(family))
    if own in {"i am able to", "i can"} and family not in {"i am able to", "i can"}:
        means = f"to be able to {means}"
    elif own not in {"i am able to", "i can"} and family in {"i am able to", "i can"}:
        means = _LEADING_FILLER.sub("", means)
    return indicator, means
