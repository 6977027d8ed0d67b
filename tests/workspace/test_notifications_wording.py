"""Audit events in words for people, not raw verbs or field dumps."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.workspace.models import Event
from tandem.workspace.notifications.wording import say


def event(verb: str, object_type: str, after: Any = None, before: Any = None) -> Event:
    return Event(verb=verb, object_type=object_type, object_id=1, after=after, before=before)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (event("item.accepted", "item"), "Tandem accepted X"),
        (event("item.rejected", "item", {"reason": "No tests"}), "Tandem rejected X: No tests"),
        (event("item.updated", "item", {"status": "in_progress"}), "Tandem moved X to In progress"),
        (
            event("item.updated", "item", {"title": "a", "estimate": 3, "rank": "b"}),
            "Tandem changed the title and estimate of X",
        ),
        (event("sprint.closed", "sprint"), "Tandem closed X"),
        (event("sprint.reopened", "sprint", {"restored": ["DRN-1"]}), "Tandem reopened X"),
        (event("release.shipped", "release"), "Tandem shipped X"),
        (event("initiative.moved", "initiative", {"horizon": "next"}), "Tandem moved X to Next"),
        (event("comment.added", "item", {"question": True}), "Tandem asked a question on X"),
        (event("comment.added", "item", {"reply_to": 4}), "Tandem answered a question on X"),
        (event("test_case.created", "item"), "Tandem added a test case on X"),
        (
            event("proposal.declined", "item", {"proposal": 1, "reason": "Later"}),
            "Tandem declined a proposal on X: Later",
        ),
        (event("item.feedback_linked", "item"), "Tandem linked feedback to X"),
    ],
)
def test_an_event_reads_as_a_sentence(written: Event, said: str) -> None:
    sentence = say(written)
    assert sentence is not None
    assert sentence.about("X") == said


def test_a_change_only_to_fields_the_reader_may_not_read_says_nothing() -> None:
    changed = event("customer.updated", "customer", {"mrr": 900}, {"mrr": 100})
    assert say(changed, readable=frozenset({"name"})) is None
    assert say(changed, readable=frozenset({"name", "mrr"})) is not None
