"""Outgoing webhooks: signed deliveries of audited writes, retries, redelivery, no SSRF."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook as Verifier

from tandem.backlog import services as backlog_services
from tandem.integrations.models import WebhookDelivery
from tandem.integrations.webhooks import dispatch, services
from tandem.workspace.errors import PermissionDenied, ValidationFailed

from ..conftest import Team
from .conftest import Receiver

pytestmark = pytest.mark.django_db


def _write_an_item(team: Team, capture: Any, title: str = "Offline maps") -> None:
    with capture(execute=True):
        backlog_services.item_create(access=team.access("product_owner"), fields={"title": title})


def test_a_write_arrives_signed_so_a_standard_library_verifies_it(
    team: Team, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    hook = services.webhook_create(
        access=team.access("product_manager"), url=receiver.url, events_=["item.created"]
    )
    _write_an_item(team, django_capture_on_commit_callbacks)

    headers, body = receiver.received[0]
    payload = Verifier(hook.secret).verify(body, headers)
    assert payload["type"] == "item.created"
    assert payload["data"]["product"] == "DRN"
    assert payload["data"]["object_label"].endswith("Offline maps")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 1, 204)
    assert headers["webhook-id"] == delivery.message_id


def test_a_tampered_body_fails_verification(
    team: Team, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    from standardwebhooks.webhooks import WebhookVerificationError

    hook = services.webhook_create(
        access=team.access("product_owner"), url=receiver.url, events_=["*"]
    )
    _write_an_item(team, django_capture_on_commit_callbacks)
    headers, body = receiver.received[0]
    with pytest.raises(WebhookVerificationError):
        Verifier(hook.secret).verify(body.replace(b"Offline", b"Online"), headers)


def test_only_the_chosen_events_are_sent(
    team: Team, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    services.webhook_create(
        access=team.access("product_owner"), url=receiver.url, events_=["release.shipped"]
    )
    _write_an_item(team, django_capture_on_commit_callbacks)
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_an_archived_webhook_hears_nothing(
    team: Team, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    access = team.access("product_owner")
    hook = services.webhook_create(access=access, url=receiver.url, events_=["*"])
    services.webhook_archive(access=access, webhook_id=hook.pk)
    _write_an_item(team, django_capture_on_commit_callbacks)
    assert receiver.received == []


def test_a_failed_attempt_is_retried_later_with_a_growing_wait(
    team: Team, receiver: Receiver, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    receiver.answers = [500, 503]
    hook = services.webhook_create(
        access=team.access("product_owner"), url=receiver.url, events_=["item.created"]
    )
    _write_an_item(team, django_capture_on_commit_callbacks)
    fan_out = DBTaskResult.objects.get(
        args_kwargs__kwargs__path=dispatch.fan_out.__module__ + ".fan_out"
    )
    dispatch.fan_out(**fan_out.task_result.kwargs["kwargs"])
    delivery = WebhookDelivery.objects.get(webhook=hook)

    with django_capture_on_commit_callbacks(execute=True):
        dispatch.deliver(delivery_id=delivery.pk, attempt=1)
        dispatch.deliver(delivery_id=delivery.pk, attempt=2)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("retrying", 2, 503)
    log = [(a.number, a.response_code) for a in delivery.attempt_log.order_by("number")]
    assert log == [(1, 500), (2, 503)]
    queued = [row.task_result for row in DBTaskResult.objects.all()]
    retries = [r for r in queued if r.kwargs["kwargs"].get("attempt") == 3]
    assert len(retries) == 1
    retry = DBTaskResult.objects.get(pk=retries[0].id)
    wait = (retry.run_after - delivery.attempt_log.get(number=2).at).total_seconds()
    assert wait == pytest.approx(dispatch.backoff_seconds(2), abs=2)
    assert dispatch.backoff_seconds(2) > dispatch.backoff_seconds(1)


def test_a_repeated_attempt_job_sends_nothing_twice(
    team: Team, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    services.webhook_create(access=team.access("product_owner"), url=receiver.url, events_=["*"])
    _write_an_item(team, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    dispatch.deliver(delivery_id=delivery.pk, attempt=1)
    dispatch.fan_out(event_ids=[delivery.event_id])
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.count() == 1


def test_the_last_failure_gives_up(
    team: Team, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    receiver.answers = [500] * dispatch.MAX_ATTEMPTS
    services.webhook_create(access=team.access("product_owner"), url=receiver.url, events_=["*"])
    _write_an_item(team, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", dispatch.MAX_ATTEMPTS)
    assert delivery.next_attempt_at is None


def test_redeliver_sends_the_same_message_again(
    team: Team, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    receiver.answers = [500] * dispatch.MAX_ATTEMPTS
    access = team.access("product_owner")
    services.webhook_create(access=access, url=receiver.url, events_=["*"])
    _write_an_item(team, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_redeliver(access=access, delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", dispatch.MAX_ATTEMPTS + 1)
    first_id = receiver.received[0][0]["webhook-id"]
    assert receiver.received[-1][0]["webhook-id"] == first_id


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.0.0.5/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:192.168.0.1]/hook",
        "ftp://example.org/hook",
    ],
)
def test_a_local_or_private_address_is_refused(team: Team, url: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.webhook_create(access=team.access("product_owner"), url=url, events_=["*"])
    assert "url" in refused.value.errors


def test_a_name_that_resolves_to_a_private_address_is_never_contacted(
    team: Team, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(
        "socket.getaddrinfo",
        lambda host, port, **kw: [
            (2, 1, 6, "", ("93.184.216.34", port)),
            (2, 1, 6, "", ("10.1.2.3", port)),
        ],
    )
    connected: list[object] = []
    monkeypatch.setattr("socket.create_connection", lambda *a, **k: connected.append(a))
    services.webhook_create(
        access=team.access("product_owner"), url="https://hooks.example.org/x", events_=["*"]
    )
    _write_an_item(team, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert connected == []
    assert delivery.status == "failed"
    assert "private address (10.1.2.3)" in delivery.error


def test_an_unknown_event_is_named(team: Team) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.webhook_create(
            access=team.access("product_owner"),
            url="https://hooks.example.org/x",
            events_=["item.created", "item.teleported"],
        )
    assert "item.teleported" in refused.value.errors["events"]


def test_a_secret_one_chooses_must_be_a_standard_one(team: Team) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.webhook_create(
            access=team.access("product_owner"),
            url="https://hooks.example.org/x",
            events_=["*"],
            secret="hunter2",
        )
    assert "whsec_" in refused.value.errors["secret"]


@pytest.mark.parametrize("role", ["team_member", "stakeholder", "viewer"])
def test_only_the_product_manager_and_owner_manage_webhooks(team: Team, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.webhook_create(
            access=team.access(role), url="https://hooks.example.org/x", events_=["*"]
        )


def test_the_payload_is_plain_json(
    team: Team, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    services.webhook_create(access=team.access("product_owner"), url=receiver.url, events_=["*"])
    _write_an_item(team, django_capture_on_commit_callbacks)
    headers, body = receiver.received[0]
    assert headers["content-type"] == "application/json"
    assert set(json.loads(body)) == {"type", "timestamp", "data"}
