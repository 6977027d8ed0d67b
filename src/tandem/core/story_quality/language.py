"""The little English a story check needs: words, word classes, vague terms.

Word classes come from lemminflect's lexicon (English lemmas and inflections
by part of speech, shipped with the package), so "could this word be a verb
in its base form?" needs no model and no download.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas

# fmt: off
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d+")

DETERMINERS = frozenset(
    [
        "a", "an", "the", "my", "our", "your", "their", "his", "her", "its", "this", "that",
        "these", "those", "all", "any", "each", "every", "some", "no", "another", "other",
        "one", "two", "three", "new", "more",
    ]
)
PRONOUNS = frozenset(["it", "them", "me", "us", "him", "her", "you", "they", "someone", "everyone"])
AUXILIARIES = frozenset(
    [
        "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "do",
        "does", "did",
    ]
)

# Terms that readers fill in differently: quality words with no measure,
# quantities with no number, open lists.  From the "weak words" of the
# requirements literature (ISO/IEC/IEEE 29148 §5.2.7, Berry et al.'s ambiguity
# handbook), not from any one backlog.
VAGUE_TERMS = frozenset(
    [
        "easy", "easily", "easier", "quick", "quickly", "fast", "faster", "simple", "simply",
        "user-friendly", "intuitive", "nice", "great", "good", "better", "best", "appropriate",
        "appropriately", "adequate", "adequately", "relevant", "useful", "helpful", "flexible",
        "flexibility", "efficient", "efficiently", "effective", "effectively", "seamless",
        "seamlessly", "various", "several", "some", "etc", "sufficient", "reasonable",
        "reasonably", "properly", "optimal", "robust", "sensible", "clean", "modern",
        "tempting", "maybe", "probably", "possibly", "approximately",
    ]
)
VAGUE_PHRASES = (
    "and/or",
    "where possible",
    "if possible",
    "as needed",
    "as appropriate",
    "and so on",
    "if necessary",
    "as much as possible",
)

# A switch both ways is one feature ("show and hide the panel"), not two.
TOGGLES = frozenset(
    frozenset(pair.split("/"))
    for pair in [
     "show/hide", "enable/disable", "start/stop", "open/close", "enter/exit", "lock/unlock",
     "subscribe/unsubscribe", "publish/unpublish", "follow/unfollow", "pause/resume",
     "check-in/check-out", "sign-in/sign-out", "log-in/log-out", "mute/unmute",
     "expand/collapse", "zoom-in/zoom-out",
 ]
)

# Verbs whose object is a whole area of work rather than one feature.
BROAD_VERBS = frozenset(
    ["manage", "handle", "administer", "maintain", "support", "conduct", "organise", "organize"]
)

# Words that name how a thing is built rather than what is needed.
SOLUTION_WORDS = frozenset(
    [
        "button", "buttons", "checkbox", "checkboxes", "dropdown", "drop-down", "dropdowns",
        "popup", "pop-up", "popups", "iframe", "iframes", "database", "databases", "sql",
        "cron", "endpoint", "endpoints", "textbox", "textfield", "widget", "widgets", "modal",
        "command", "scrollbar",
    ]
)
SOLUTION_PHRASES = ("text field", "radio button", "menu item", "via ")

# fmt: on


def words(text: str) -> list[str]:
    return WORD.findall(text)


@lru_cache(maxsize=65_536)
def classes(word: str) -> frozenset[str]:
    """Parts of speech the word can have, empty for a word the lexicon lacks."""
    return frozenset(getAllLemmas(word.lower()))


@lru_cache(maxsize=65_536)
def is_base_verb(word: str) -> bool:
    """Whether the word can be a verb in its base form ("edit", "keep", not "kept")."""
    lowered = word.lower()
    if lowered in AUXILIARIES:
        return False
    return lowered in getAllLemmas(lowered).get("VERB", ())


def is_only_verb(word: str) -> bool:
    """A base-form verb that can be nothing else ("validate", not "access")."""
    return is_base_verb(word) and classes(word) == {"VERB"}


# Words of closed classes, which the lexicon of open-class words leaves out.
CLOSED_CLASS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "nor",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "within",
        "into",
        "onto",
        "upon",
        "about",
        "above",
        "below",
        "under",
        "over",
        "after",
        "before",
        "between",
        "among",
        "through",
        "during",
        "until",
        "unless",
        "although",
        "though",
        "because",
        "since",
        "while",
        "whereas",
        "whether",
        "than",
        "as",
        "per",
        "via",
        "etc",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "where",
        "when",
        "why",
        "how",
        "not",
        "no",
        "yes",
        "so",
        "too",
        "very",
        "also",
        "only",
        "just",
    ]
)


def is_known(word: str) -> bool:
    return word.lower() in CLOSED_CLASS or bool(classes(word))


def is_plural_only(word: str) -> bool:
    """A noun that is plural here and no other part of speech ("reminders")."""
    lowered = word.lower()
    lemmas = getAllLemmas(lowered)
    nouns = lemmas.get("NOUN", ())
    return set(lemmas) == {"NOUN"} and bool(nouns) and lowered not in nouns


# Letter names that start with a vowel sound, for "an FAQ" and "a DSL".
_VOWEL_SOUND_LETTERS = frozenset("aefhilmnorsx")
_CONSONANT_SOUND_STARTS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ur")


def starts_with_vowel_sound(word: str) -> bool | None:
    """Whether "an" fits before the word; ``None`` when spelling cannot tell."""
    capitals = len(word) - len(word.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    if capitals >= 2:
        # Short acronyms are read letter by letter ("an NSF"), longer ones often as words.
        return word[0].lower() in _VOWEL_SOUND_LETTERS if capitals <= 3 else None
    lowered = word.lower()
    if not lowered[:1].isalpha() or lowered.startswith("h"):
        return None
    if lowered.startswith(_CONSONANT_SOUND_STARTS):
        return False
    return lowered[0] in "aeiou"


def content_words(text: str) -> set[str]:
    """Lower-cased lemmas of the words that carry meaning, for comparing clauses."""
    found = set()
    for word in words(text.lower()):
        if word in _FUNCTION_WORDS or word.isdigit():
            continue
        lemmas = getAllLemmas(word)
        lemma = next((forms[0] for forms in lemmas.values() if forms), word)
        found.add(lemma)
    return found


_FUNCTION_WORDS = (
    DETERMINERS
    | PRONOUNS
    | AUXILIARIES
    | frozenset(
        [
            "i",
            "we",
            "so",
            "that",
            "to",
            "of",
            "in",
            "on",
            "at",
            "for",
            "from",
            "by",
            "with",
            "as",
            "and",
            "or",
            "but",
            "if",
            "when",
            "then",
            "than",
            "can",
            "could",
            "will",
            "would",
            "should",
            "must",
            "may",
            "might",
            "able",
            "want",
            "need",
            "like",
            "also",
            "only",
            "just",
            "not",
            "don't",
            "do",
            "i'm",
            "i'd",
            "there",
            "here",
            "what",
            "which",
            "who",
            "whom",
            "whose",
            "how",
            "why",
            "where",
            "get",
            "got",
            "make",
            "sure",
        ]
    )
)
