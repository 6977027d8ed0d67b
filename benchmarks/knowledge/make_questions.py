"""Write ``questions.yaml``: questions over the demo product and the records holding each answer.

Each question is made from one sentence of one record: a question stem for its kind
and the sentence's content words, reordered and partly left out, so a question never
quotes its record. Review the output by hand before committing it:

    python benchmarks/knowledge/make_questions.py > benchmarks/knowledge/questions.yaml
"""

from __future__ import annotations

import random
import re
import sys

import yaml
from demo_index import demo_indexed

STEMS = {
    "item": ["What does the backlog say about {}?", "Which story covers {}?"],
    "criterion": ["When is {} accepted?", "What must happen for {}?"],
    "comment": ["What did the team ask about {}?"],
    "feedback": ["Who complained about {}?", "What feedback mentions {}?"],
    "initiative": ["Which initiative deals with {}?"],
    "objective": ["Which objective is about {}?"],
    "decision": ["What did we decide about {}?"],
    "market_note": ["What do we know about the market for {}?"],
    "competitor": ["Which competitor offers {}?"],
    "idea": ["Is there an idea about {}?"],
    "retro_note": ["What did the retrospective say about {}?"],
    "impediment": ["What impediment involves {}?"],
    "release": ["Which release brings {}?"],
}
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def main() -> None:
    demo_indexed()
    from tandem.knowledge.ask.free import STOP
    from tandem.knowledge.index_models import SearchDocument

    rng = random.Random(7)
    documents = list(
        SearchDocument.objects.filter(kind__in=STEMS).order_by("kind", "object_id").defer("vector")
    )
    rng.shuffle(documents)
    questions = []
    per_kind: dict[str, int] = {}
    for document in documents:
        sentences = [s for s in _SENTENCE.split(document.body) if 6 <= len(s.split()) <= 40]
        if not sentences or per_kind.get(document.kind, 0) >= 25:
            continue
        sentence = rng.choice(sentences)
        words = [w for w in re.findall(r"[A-Za-z][\w-]+", sentence) if w.lower() not in STOP]
        if len(words) < 4:
            continue
        kept = sorted(rng.sample(words, k=min(4, len(words))), key=lambda w: rng.random())
        stem = rng.choice(STEMS[document.kind])
        questions.append(
            {
                "question": stem.format(" ".join(kept).lower()),
                "product": "DRN",
                "answer_in": [{"kind": document.kind, "title": document.title}],
            }
        )
        per_kind[document.kind] = per_kind.get(document.kind, 0) + 1
    yaml.safe_dump(
        {"questions": questions}, sys.stdout, sort_keys=False, allow_unicode=True, width=100
    )


if __name__ == "__main__":
    main()
