"""An optional language model that rewrites an extracted answer, keeping its citations.

Off unless ``TANDEM_ASK_LLM_URL`` names an OpenAI-compatible endpoint. Whatever goes
wrong (no answer, a timeout, a citation dropped or invented) keeps the extract.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.request
from dataclasses import replace

from django.conf import settings

from tandem.workspace.answers import Answer

log = logging.getLogger(__name__)
_CITATION = re.compile(r"\[(\d+)\]")
PROMPT = (
    "Rewrite the answer below into fluent prose for a product team. Use only its facts. "
    "Keep every citation marker like [1] after the claim it supports; add no new markers."
)


def _complete(question: str, extract: str) -> str:
    body = {
        "model": settings.ASK_LLM_MODEL,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": PROMPT},
            {"role": "user", "content": f"Question: {question}\n\nAnswer:\n{extract}"},
        ],
    }
    request = urllib.request.Request(
        settings.ASK_LLM_URL.rstrip("/") + "/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"}
        | ({"Authorization": f"Bearer {settings.ASK_LLM_KEY}"} if settings.ASK_LLM_KEY else {}),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=settings.ASK_LLM_TIMEOUT) as response:
        answer = json.loads(response.read())
    return str(answer["choices"][0]["message"]["content"]).strip()


def rewritten(question: str, answer: Answer) -> Answer:
    if not settings.ASK_LLM_URL or not answer.sources:
        return answer
    try:
        text = _complete(question, answer.text)
    except Exception as error:  # any failure of the endpoint keeps the extract
        log.warning("Ask's rewrite failed, keeping the extract: %s", error)
        return answer
    cited = {int(n) for n in _CITATION.findall(text)}
    if not text or cited != set(range(1, len(answer.sources) + 1)):
        log.warning("Ask's rewrite changed the citations, keeping the extract.")
        return answer
    return replace(answer, text=text)
