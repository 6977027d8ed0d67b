"""The webhooks page under the product's settings."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.integrations.models import Webhook

from ..conftest import Team

pytestmark = pytest.mark.django_db
PAGE = "/p/DRN/settings/webhooks/"


def test_the_po_adds_a_webhook_and_sees_it_listed(team: Team, signed_in: Any) -> None:
    client = signed_in(team.po)
    answer = client.post(
        f"{PAGE}new/",
        {"url": "https://hooks.example.org/t", "events": ["item.created", "item.moved"]},
    )
    assert answer.status_code == 302
    page = client.get(PAGE)
    assert b"https://hooks.example.org/t" in page.content
    assert b"item.created, item.moved" in page.content
    assert Webhook.objects.get().created_by == team.po


def test_a_refused_webhook_says_why(team: Team, signed_in: Any) -> None:
    client = signed_in(team.pm)
    page = client.post(f"{PAGE}new/", {"url": "http://127.0.0.1/", "events": ["*"]}, follow=True)
    assert b"Url: may not be a private or local address" in page.content
    assert not Webhook.objects.exists()


def test_a_team_member_is_told_who_manages_webhooks(team: Team, signed_in: Any) -> None:
    page = signed_in(team.dev).get(PAGE)
    assert page.status_code == 200
    assert b"webhooks-not-allowed" in page.content
    assert (
        signed_in(team.dev).post(f"{PAGE}new/", {"url": "https://a.example/x"}).status_code == 403
    )


def test_the_github_secret_is_shown_once(team: Team, signed_in: Any) -> None:
    client = signed_in(team.po)
    first = client.post(f"{PAGE}github-secret/", follow=True)
    assert b'id="github-secret"' in first.content
    assert b'id="github-secret"' not in client.get(PAGE).content
