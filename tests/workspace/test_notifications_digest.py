"""The stakeholder digest in words: what they follow, the product's direction, their ideas."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.backlog import services as backlog
from tandem.insights import selectors as insights_selectors
from tandem.insights import services as insights
from tandem.workspace import writes
from tests.conftest import Team

pytestmark = pytest.mark.django_db


def test_the_digest_groups_and_words_what_they_follow_and_where_the_product_heads(
    team: Team, client: Client
) -> None:
    po, pm = team.access("product_owner"), team.access("product_manager")
    dana = writes.record_create(
        access=po, kind="stakeholder", fields={"name": "Dana", "email": team.stakeholder.email}
    ).record
    item = backlog.item_create(access=po, fields={"title": "Offline maps"})
    insights.stakeholder_follow(access=po, stakeholder_id=dana.pk, item_keys=[item.key])
    for n in range(8):
        backlog.comment_add(access=team.access("team_member"), item=item, body=f"n{n}")
    writes.record_create(access=pm, kind="initiative", fields={"title": "Night flights"})
    idea = writes.record_create(
        access=team.access("stakeholder"), kind="idea", fields={"title": "VR goggles"}
    ).record
    insights.idea_vote(access=team.access("team_member"), idea_id=idea.pk)
    idea.refresh_from_db()
    insights.idea_decline(
        access=pm, idea_id=idea.pk, reason="Not this year", expected_version=idea.version
    )
    until = timezone.now() + dt.timedelta(seconds=1)

    digest = insights_selectors.stakeholder_digest(
        access=po, stakeholder=dana, since=until - dt.timedelta(days=7), until=until
    )
    said = {entry.label: [line.text for line in entry.lines] for entry in digest.entries}

    assert said == {
        f"{item.key} Offline maps": [
            f"{team.dev.display_name} commented on it (8 times)",
            f"{team.po.display_name} added it",
        ],
        "Initiative 'Night flights'": [f"{team.pm.display_name} added it"],
        "Idea 'VR goggles'": [f"{team.pm.display_name} declined it: Not this year"],
    }
    client.force_login(team.po)
    page = client.get(reverse("insights:stakeholder-digest", args=["DRN", dana.pk]))
    assert f"{team.dev.display_name} commented on it (8 times)" in page.content.decode()
