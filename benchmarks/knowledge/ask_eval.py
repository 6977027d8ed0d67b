"""Search hit@5 and Ask's cited-sentence faithfulness on the demo product.

    python benchmarks/knowledge/ask_eval.py [--questions benchmarks/knowledge/questions.yaml]

For each question, a hit is any record named in ``answer_in`` among the first five
results (lexical, semantic and fused). Faithfulness: every sentence Ask cites must
appear word for word in the record it cites (checked here against the index).
Goals: hit@5 ≥ 0.9 (fused), faithfulness ≥ 0.95.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import yaml
from demo_index import demo_indexed

_CITED = re.compile(r"(.+?)\s*\[(\d+)\]\s*")


def _norm(text: str) -> str:
    return " ".join(text.split()).rstrip(".").lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--questions", default=str(Path(__file__).with_name("questions.yaml")), type=Path
    )
    args = parser.parse_args()
    demo_indexed()
    from tandem.knowledge import embeddings
    from tandem.knowledge.ask import ask
    from tandem.knowledge.index_models import SearchDocument
    from tandem.knowledge.search import Filters, search
    from tandem.workspace.models import Membership
    from tandem.workspace.selectors import product_access

    questions = yaml.safe_load(args.questions.read_text())["questions"]
    member = Membership.objects.filter(product__key="DRN", role="product_owner").first()
    assert member is not None
    modes = ["lexical", "hybrid"] + (["semantic"] if embeddings.available() else [])
    hits = dict.fromkeys(modes, 0)
    cited = faithful = extracted = 0
    started = time.perf_counter()
    for question in questions:
        wanted = {(a["kind"], a["title"]) for a in question["answer_in"]}
        for mode in modes:
            found = search(
                user=member.user,
                query=question["question"],
                mode=mode,
                limit=5,
                filters=Filters(product=question["product"]),
            )
            hits[mode] += any((h.kind, h.title) in wanted for h in found)
        access = product_access(user=member.user, product_key=question["product"])
        answer = ask(access=access, question=question["question"])
        if answer.exact:
            continue
        extracted += 1
        for sentence, number in _CITED.findall(answer.text):
            if int(number) > len(answer.sources):
                cited += 1
                continue
            source = answer.sources[int(number) - 1]
            document = SearchDocument.objects.get(kind=source.kind, object_id=source.id)
            cited += 1
            faithful += _norm(sentence) in _norm(f"{document.title}\n{document.body}")
    elapsed = time.perf_counter() - started
    print(f"{len(questions)} questions, embeddings {'on' if embeddings.available() else 'off'}")
    for mode in modes:
        print(f"hit@5 {mode:8} {hits[mode] / len(questions):.3f}")
    print(
        f"faithfulness {faithful}/{cited} cited sentences = {faithful / max(1, cited):.3f} "
        f"over {extracted} extracted answers"
    )
    print(f"{elapsed / len(questions) * 1000:.0f} ms per question (searches and Ask)")


if __name__ == "__main__":
    main()
