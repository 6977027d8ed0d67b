"""Insights fixtures: a product with customers, stories and feedback made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item
from tandem.insights.models import Customer, Survey
from tandem.insights.selectors.triage import _trained
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Role

from ..conftest import Team


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db: None) -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_triage_models() -> None:
    """Row ids repeat between tests, so a model kept for one product must not leak."""
    _trained.clear()


def create(*, kind: str, access: ProductAccess, fields: dict[str, Any]) -> Any:
    """A record made through the plain verbs by someone who writes it directly."""
    record = writes.record_create(access=access, kind=kind, fields=fields).record
    assert record is not None, f"the {kind} became a proposal"
    return record


@dataclass
class Evidence:
    acme: Customer
    globex: Customer
    first: Item
    second: Item
    third: Item


@pytest.fixture
def evidence(team: Team) -> Evidence:
    po = team.access(Role.PRODUCT_OWNER)
    acme = create(
        kind="customer", access=po, fields={"name": "Acme", "mrr": "1000", "segment": "Enterprise"}
    )
    globex = create(kind="customer", access=po, fields={"name": "Globex", "mrr": "250"})
    first, second, third = (
        backlog_services.item_create(access=po, fields={"title": title})
        for title in ("Offline maps", "Dark mode", "Export flight logs")
    )
    return Evidence(acme=acme, globex=globex, first=first, second=second, third=third)


def survey_for(team: Team) -> Survey:
    return create(
        kind="survey",
        access=team.access(Role.PRODUCT_MANAGER),
        fields={
            "title": "How are we doing?",
            "questions": [
                {"kind": "nps", "prompt": "How likely are you to recommend us?"},
                {"kind": "csat", "prompt": "How satisfied are you?", "required": False},
                {
                    "kind": "choice",
                    "prompt": "Which feature matters most?",
                    "choices": ["Maps", "Video"],
                    "required": False,
                },
                {"kind": "text", "prompt": "What should we improve?", "required": False},
            ],
        },
    )
