"""Estimate suggestions: learnt from the product's estimated items, never applied by themselves."""

from __future__ import annotations

import pytest

from tandem.backlog import selectors
from tandem.core.estimates import COLD_START_ITEMS
from tandem.suggestions import estimates
from tests.conftest import Team

from .conftest import Make

pytestmark = pytest.mark.django_db

READERS = ["product_owner", "product_manager", "team_member", "stakeholder", "viewer"]
TOPICS = [
    ("Export flight logs as CSV", 2),
    ("Export flight logs as PDF report", 3),
    ("Rewrite the flight controller firmware", 13),
    ("Rewrite the camera firmware", 13),
    ("Fix typo on the settings screen", 1),
    ("Fix typo on the flight screen", 1),
]


def _history(make: Make, rounds: int) -> None:
    for round_number in range(rounds):
        for title, points in TOPICS:
            make(f"{title} {round_number}", estimate=points)


def test_a_product_with_no_estimate_has_nothing_to_suggest(team: Team, make: Make) -> None:
    item = make("Night mode")
    found = estimates.estimate_suggestion(access=team.access("product_owner"), item=item)
    assert found is None


@pytest.mark.parametrize("role", READERS)
def test_a_cold_start_says_so_and_suggests_the_team_median(
    team: Team, make: Make, role: str
) -> None:
    make("Export flight logs as CSV", estimate=2)
    make("Rewrite the camera firmware", estimate=13)
    make("Fix typo on the flight screen", estimate=3)
    item = make("Export flight logs as JSON")
    access = team.access(role)
    found = estimates.estimate_suggestion(
        access=access, item=selectors.item_of(access=access, number=item.number)
    )
    assert found is not None
    assert found.cold_start
    assert found.points == 3  # the median of 2, 3 and 13
    assert found.history == 3
    assert "too few to learn from" in found.reason
    assert found.similar[0].key == "DRN-1"
    assert (found.similar[0].title, found.similar[0].points) == ("Export flight logs as CSV", 2)


def test_a_suggestion_changes_nothing(team: Team, make: Make) -> None:
    make("Export flight logs as CSV", estimate=2)
    item = make("Export flight logs as JSON")
    estimates.estimate_suggestion(access=team.access("product_owner"), item=item)
    item.refresh_from_db()
    assert (item.estimate, item.version) == (None, 1)


def test_with_enough_history_the_suggestion_follows_similar_items(team: Team, make: Make) -> None:
    _history(make, COLD_START_ITEMS // len(TOPICS) + 1)
    item = make("Rewrite the gimbal firmware")
    found = estimates.estimate_suggestion(access=team.access("team_member"), item=item)
    assert found is not None
    assert not found.cold_start
    assert 3 <= len(found.similar) <= 5
    assert all(similar.points == 13 for similar in found.similar[:3])
    assert 0.0 <= found.confidence <= 1.0
    assert "Most similar" in found.reason or "median" in found.reason
