"""The webhooks API as each role sees it, and GitHub's signed webhook in."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import pytest
from django.test import Client

from tandem.backlog import services as backlog_services
from tandem.integrations.models import CodeLink, WebhookDelivery

from ..conftest import Team
from .conftest import Receiver

pytestmark = pytest.mark.django_db
HOOKS = "/api/v1/products/DRN/webhooks"
NEW = {"url": "https://hooks.example.org/tandem", "events": ["item.created", "release.shipped"]}


def _client(team: Team, role: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


@pytest.mark.parametrize("role", ["product_manager", "product_owner"])
def test_the_pm_and_po_create_and_list_webhooks(team: Team, role: str) -> None:
    client = _client(team, role)
    created = client.post(HOOKS, NEW, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["events"] == ["item.created", "release.shipped"]
    assert body["secret"].startswith("whsec_")
    listed = client.get(HOOKS).json()
    assert [h["url"] for h in listed] == [NEW["url"]]


@pytest.mark.parametrize("role", ["team_member", "stakeholder", "viewer"])
def test_other_roles_may_not_see_or_add_webhooks(team: Team, role: str) -> None:
    client = _client(team, role)
    assert client.post(HOOKS, NEW, content_type="application/json").status_code == 403
    assert client.get(HOOKS).status_code == 403


def test_someone_from_another_organization_finds_no_product(team: Team) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {_outsider_token(team)}")
    assert client.get(HOOKS).status_code == 404
    assert client.post(HOOKS, NEW, content_type="application/json").status_code == 404


def _outsider_token(team: Team) -> str:
    from tandem.workspace import services as workspace_services

    return workspace_services.token_create(user=team.outsider)[1]


def test_an_unknown_event_answers_422_naming_it(team: Team) -> None:
    answer = _client(team, "product_owner").post(
        HOOKS, {**NEW, "events": ["item.vanished"]}, content_type="application/json"
    )
    assert answer.status_code == 422
    assert answer["Content-Type"].startswith("application/problem+json")
    assert "item.vanished" in answer.json()["errors"]["events"]


def test_a_private_address_answers_422_on_the_url(team: Team) -> None:
    answer = _client(team, "product_owner").post(
        HOOKS, {**NEW, "url": "http://192.168.1.10/x"}, content_type="application/json"
    )
    assert answer.status_code == 422
    assert "url" in answer.json()["errors"]


def test_the_events_one_may_choose_include_the_registrys_verbs(team: Team) -> None:
    events = _client(team, "product_owner").get(f"{HOOKS}/events").json()
    assert {"*", "item.created", "initiative.created", "release.shipped"} <= set(events)


def test_patch_and_archive(team: Team) -> None:
    client = _client(team, "product_manager")
    hook = client.post(HOOKS, NEW, content_type="application/json").json()
    changed = client.patch(
        f"{HOOKS}/{hook['id']}",
        {"events": ["*"]},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{hook["version"]}"',
    )
    assert changed.status_code == 200
    assert changed.json()["events"] == ["*"]
    stale = client.patch(
        f"{HOOKS}/{hook['id']}",
        {"events": ["item.created"]},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{hook["version"]}"',
    )
    assert stale.status_code == 409
    assert client.delete(f"{HOOKS}/{hook['id']}").status_code == 204
    assert client.get(HOOKS).json() == []
    assert [h["id"] for h in client.get(f"{HOOKS}?archived=true").json()] == [hook["id"]]


def test_the_delivery_log_and_redeliver(
    team: Team, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(team, "product_owner")
    receiver.answers = [500] * 6
    hook = client.post(
        HOOKS, {"url": receiver.url, "events": ["item.created"]}, content_type="application/json"
    ).json()
    with django_capture_on_commit_callbacks(execute=True):
        backlog_services.item_create(access=team.access("product_owner"), fields={"title": "A"})
    log = client.get(f"{HOOKS}/{hook['id']}/deliveries").json()
    assert log[0]["status"] == "failed"
    assert [a["response_code"] for a in log[0]["attempt_log"]] == [500] * 6

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"{HOOKS}/{hook['id']}/deliveries/{log[0]['id']}/redeliver")
    assert again.status_code == 202
    assert WebhookDelivery.objects.get().status == "succeeded"
    refused = _client(team, "team_member").post(
        f"{HOOKS}/{hook['id']}/deliveries/{log[0]['id']}/redeliver"
    )
    assert refused.status_code == 403


# --- GitHub in ------------------------------------------------------------------------------


def _github_secret(team: Team) -> str:
    answer = _client(team, "product_owner").post("/api/v1/products/DRN/integrations/github/secret")
    assert answer.status_code == 201
    return str(answer.json()["secret"])


def _signed(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _push(message: str) -> bytes:
    return json.dumps(
        {
            "repository": {"full_name": "skylens/app"},
            "commits": [
                {
                    "id": "a1b2c3d4e5f6",
                    "message": message,
                    "url": "https://github.com/skylens/app/commit/a1b2c3d4e5f6",
                }
            ],
        }
    ).encode()


def test_a_signed_push_links_the_commit_to_the_item_it_names(team: Team) -> None:
    item = backlog_services.item_create(
        access=team.access("product_owner"), fields={"title": "Offline maps"}
    )
    secret = _github_secret(team)
    body = _push(f"Cache tiles for offline use (DRN-{item.number})")
    answer = Client().post(
        "/api/v1/integrations/github/DRN",
        body,
        content_type="application/json",
        HTTP_X_GITHUB_EVENT="push",
        HTTP_X_HUB_SIGNATURE_256=_signed(secret, body),
    )
    assert answer.status_code == 202
    assert answer.json()["linked"] == 1
    links = _client(team, "viewer").get(f"/api/v1/items/DRN-{item.number}/code-links").json()
    assert [(link["kind"], link["ref"]) for link in links] == [("commit", "a1b2c3d4e5f6")]

    again = Client().post(
        "/api/v1/integrations/github/DRN",
        body,
        content_type="application/json",
        HTTP_X_GITHUB_EVENT="push",
        HTTP_X_HUB_SIGNATURE_256=_signed(secret, body),
    )
    assert again.json()["linked"] == 0
    assert CodeLink.objects.count() == 1


def test_a_pull_request_naming_an_item_shows_on_its_page(team: Team, signed_in: Any) -> None:
    item = backlog_services.item_create(
        access=team.access("product_owner"), fields={"title": "Offline maps"}
    )
    secret = _github_secret(team)
    body = json.dumps(
        {
            "action": "opened",
            "repository": {"full_name": "skylens/app"},
            "pull_request": {
                "number": 17,
                "title": "Offline tiles",
                "body": f"Closes drn-{item.number}",
                "html_url": "https://github.com/skylens/app/pull/17",
                "state": "open",
                "head": {"ref": "feature/tiles"},
            },
        }
    ).encode()
    answer = Client().post(
        "/api/v1/integrations/github/DRN",
        body,
        content_type="application/json",
        HTTP_X_GITHUB_EVENT="pull_request",
        HTTP_X_HUB_SIGNATURE_256=_signed(secret, body),
    )
    assert answer.json() == {"event": "pull_request", "linked": 1}
    page = signed_in(team.dev).get(f"/items/DRN-{item.number}/")
    assert page.status_code == 200
    assert b"https://github.com/skylens/app/pull/17" in page.content


@pytest.mark.parametrize("signature", ["", "sha256=00", "sha1=abc"])
def test_a_badly_signed_github_request_changes_nothing(team: Team, signature: str) -> None:
    item = backlog_services.item_create(
        access=team.access("product_owner"), fields={"title": "Offline maps"}
    )
    _github_secret(team)
    body = _push(f"Fix DRN-{item.number}")
    answer = Client().post(
        "/api/v1/integrations/github/DRN",
        body,
        content_type="application/json",
        HTTP_X_GITHUB_EVENT="push",
        HTTP_X_HUB_SIGNATURE_256=signature,
    )
    assert answer.status_code == 401
    assert not CodeLink.objects.exists()


def test_a_product_without_a_github_secret_refuses_every_request(team: Team) -> None:
    body = _push("Fix DRN-1")
    answer = Client().post(
        "/api/v1/integrations/github/DRN",
        body,
        content_type="application/json",
        HTTP_X_GITHUB_EVENT="push",
        HTTP_X_HUB_SIGNATURE_256=_signed("guess", body),
    )
    assert answer.status_code == 401
