"""Free questions: the few most relevant, non-redundant sentences, each cited.

Sentences come from the hybrid search's best documents (the caller's product only);
a sentence counts only when it shares a content word with the question (or, with
embeddings on, is close in meaning). Nothing relevant: say so, never invent.
"""

from __future__ import annotations

import re

from tandem.workspace.access import ProductAccess
from tandem.workspace.answers import Answer, Cited, Source

from .. import embeddings
from ..search import Filters, Hit, search

MAX_SENTENCES = 3
RELATIVE = 0.75  # a sentence scoring under this share of the best one is left out
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[a-z0-9]+")
STOP = frozenset(
    re.findall(
        r"\w+",
        """
a an and are as at be by can could did do does for from had has have how i in is
it its me my of on or our should so that the their them there these they this to
us was we were what when where which who whom why will with would you your about
any all tell show give know much many more most some
""",
    )
)


def stem(word: str) -> str:
    """A light English stem, enough to match "batteries" with "battery", "takes" with "take"."""
    if len(word) <= 4:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("es") and (word[-3] in "sxz" or word[-4:-2] in ("ch", "sh")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def terms(text: str) -> set[str]:
    return {stem(w) for w in _WORD.findall(text.lower()) if w not in STOP and len(w) > 1}


def sentences_of(hit: Hit) -> list[str]:
    parts = [hit.title, *(_SENTENCE.split(hit.body))]
    return [" ".join(p.split()) for p in parts if len(p.split()) >= 3]


def _candidates(hits: list[Hit], wanted: set[str]) -> list[tuple[float, str, int]]:
    found = []
    for rank, hit in enumerate(hits):
        for sentence in sentences_of(hit):
            shared = terms(sentence) & wanted
            if shared:
                score = len(shared) / len(wanted) + 1.0 / (3 + rank)
                found.append((score, sentence, rank))
    return found


def _by_meaning(question: str, hits: list[Hit]) -> list[tuple[float, str, int]]:
    if not embeddings.available():
        return []
    pool = [(s, rank) for rank, hit in enumerate(hits) for s in sentences_of(hit)]
    if not pool:
        return []
    vectors = embeddings.embed([s for s, _ in pool])
    scores = vectors @ embeddings.embed_one(question)
    return [(float(c) + 0.5, s, r) for (s, r), c in zip(pool, scores, strict=True) if c >= 0.5]


def _overlap(a: str, b: str) -> float:
    ta, tb = terms(a), terms(b)
    return len(ta & tb) / max(1, len(ta | tb))


def pick(question: str, hits: list[Hit]) -> list[tuple[str, int]]:
    """(sentence, hit index) of the best few sentences, none repeating another."""
    wanted = terms(question)
    if not wanted:
        return []
    ranked = sorted(_candidates(hits, wanted) + _by_meaning(question, hits), key=lambda c: -c[0])
    chosen: list[tuple[str, int]] = []
    for score, sentence, rank in ranked:
        if score < RELATIVE * ranked[0][0]:
            break  # far weaker than the best: more noise than answer
        if all(_overlap(sentence, other) < 0.6 for other, _ in chosen):
            chosen.append((sentence, rank))
        if len(chosen) == MAX_SENTENCES:
            break
    return chosen


def _source(hit: Hit) -> Source:
    return Source(kind=hit.kind, title=hit.title, url=hit.url, key=hit.key, id=hit.object_id)


def extract(access: ProductAccess, question: str) -> Answer:
    hits = search(
        user=access.user, query=question, filters=Filters(product=access.product.key), limit=8
    )
    chosen = pick(question, hits)
    if not chosen:
        return Answer(text=f"I found nothing in {access.product.key} that answers this.")
    cited = Cited()
    lines, kept = [], []
    for sentence, rank in chosen:
        mark = cited.cite(_source(hits[rank]))
        text = sentence if sentence[-1] in ".!?" else sentence + "."
        lines.append(f"{text} {mark}")
        kept.append((sentence, len(cited.sources) - 1))
    return Answer(text=" ".join(lines), sources=tuple(cited.sources), sentences=tuple(kept))
