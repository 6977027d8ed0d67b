"""Suggestions are learnt from a product's items; these build small backlogs through services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tandem.backlog import services
from tandem.backlog.models import Item
from tandem.knowledge import embeddings
from tandem.suggestions import estimates, index
from tests.conftest import Team


@pytest.fixture(autouse=True)
def _words_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Loading the sentence model would dominate these tests; words alone must work too."""
    monkeypatch.setattr(embeddings, "available", lambda: False)
    yield
    index.forget()
    estimates.forget()


Make = Callable[..., Item]


@pytest.fixture
def make(team: Team, django_capture_on_commit_callbacks: Any) -> Make:
    """Create an item as the Product Owner, running the jobs its commit queues."""

    def create(title: str, **fields: Any) -> Item:
        with django_capture_on_commit_callbacks(execute=True):
            return services.item_create(
                access=team.access("product_owner"), fields={"title": title, **fields}
            )

    return create
