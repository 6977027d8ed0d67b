"""Ask: answers about one product, every claim cited to the record that holds it.

Questions the database knows exactly (what blocks a sprint, an item's owner, when a
release is done, why we build something, what changed, what customers said, which
stories are not ready) are answered by the app that holds the facts, through the
answerers registered in ``workspace.answers``; any other question gets the few most
relevant sentences the hybrid search finds, each cited, or a plain "nothing found".
"""

from __future__ import annotations

from tandem.workspace.access import ProductAccess
from tandem.workspace.answers import Answer, Question, Source, answerers

from ..search import Filters, search
from . import free, rewrite

__all__ = ["Answer", "Source", "ask"]


def ask(*, access: ProductAccess, question: str) -> Answer:
    question = " ".join(question.split())

    def find(query: str, kinds: tuple[str, ...], limit: int) -> list[int]:
        filters = Filters(product=access.product.key, kinds=kinds)
        hits = search(user=access.user, query=query, filters=filters, limit=limit)
        return [hit.object_id for hit in hits]

    asked = Question(access=access, text=question, find=find)
    for answerer in answerers():
        answer = answerer(asked)
        if answer is not None:
            return answer
    return rewrite.rewritten(question, free.extract(access, question))
