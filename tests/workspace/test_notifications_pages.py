"""The bell, the notifications page, watch buttons, e-mail settings, digests, unsubscribing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tandem.backlog import services as backlog
from tandem.workspace import writes
from tandem.workspace.notifications import mail as notification_mail
from tandem.workspace.notifications import services
from tandem.workspace.notifications.models import (
    EmailChoice,
    Notification,
    NotificationPreference,
    Watch,
)
from tests.conftest import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(team: Team) -> Any:
    return backlog.item_create(access=team.access("product_owner"), fields={"title": "Geofence"})


@pytest.fixture
def commented(team: Team, item: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """The viewer watches the item, and the team comments on it twice."""
    services.watch_start(access=team.access("viewer"), object_type="item", object_id=item.pk)
    with django_capture_on_commit_callbacks(execute=True):
        backlog.comment_add(access=team.access("team_member"), item=item, body="one")
        backlog.comment_add(access=team.access("team_member"), item=item, body="two")
    return item


def test_the_bell_counts_my_unread(team: Team, client: Client, commented: Any) -> None:
    client.force_login(team.viewer)
    assert 'id="bell-count">2<' in client.get("/notifications/bell/").content.decode()
    client.force_login(team.stakeholder)
    assert "bell-count" not in client.get("/notifications/bell/").content.decode()


def test_every_page_carries_the_bell(team: Team, client: Client) -> None:
    client.force_login(team.viewer)
    page = client.get(f"/p/{team.product.key}/").content.decode()
    assert 'id="notification-bell"' in page
    assert 'hx-get="/notifications/bell/"' in page


def test_the_page_groups_by_record_and_words_it(team: Team, client: Client, commented: Any) -> None:
    client.force_login(team.viewer)
    page = client.get("/notifications/").content.decode()
    assert f"{commented.key} &#x27;Geofence&#x27;" in page
    assert f"{team.dev.display_name} commented on it (2 times)" in page
    assert "2 new" in page


def test_marking_a_record_read_by_htmx_answers_the_list_and_tells_the_bell(
    team: Team, client: Client, commented: Any
) -> None:
    client.force_login(team.viewer)
    answer = client.post(
        "/notifications/read/", {"record": f"item:{commented.pk}"}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    assert answer["HX-Trigger"] == "notifications-read"
    assert "0 unread" in answer.content.decode()
    assert not Notification.objects.filter(user=team.viewer, read_at__isnull=True).exists()


def test_mark_all_read_as_a_plain_form(team: Team, client: Client, commented: Any) -> None:
    client.force_login(team.viewer)
    answer = client.post("/notifications/read/", {"all": "1"})
    assert answer.status_code == 302
    assert client.get("/notifications/?show=unread").content.decode().count("Nothing unread") == 1


def test_an_empty_page_says_how_to_get_notifications(team: Team, client: Client) -> None:
    client.force_login(team.viewer)
    assert "Watch a record" in client.get("/notifications/").content.decode()


def test_the_item_page_has_a_watch_button_that_toggles(
    team: Team, client: Client, item: Any
) -> None:
    client.force_login(team.stakeholder)
    url = f"/p/DRN/watch/item/{item.pk}/"
    assert f'hx-post="{url}"' in client.get(f"/items/{item.key}/").content.decode()

    watching = client.post(url, {"watch": "1"}, HTTP_HX_REQUEST="true").content.decode()
    stopped = client.post(url, {"watch": "0"}, HTTP_HX_REQUEST="true").content.decode()

    assert "Watching · 1" in watching
    assert "Watch · 0" in stopped


def test_a_registered_record_page_has_the_watch_button(team: Team, client: Client) -> None:
    initiative = writes.record_create(
        access=team.access("product_manager"), kind="initiative", fields={"title": "Night"}
    ).record
    client.force_login(team.viewer)
    page = client.get(f"/p/DRN/r/initiative/{initiative.pk}/")
    assert f"/p/DRN/watch/initiative/{initiative.pk}/" in page.content.decode()


def test_the_preference_is_set_on_the_settings_page(team: Team, client: Client) -> None:
    client.force_login(team.dev)
    assert "Once a day" in client.get("/notifications/settings/").content.decode()
    client.post("/notifications/settings/", {"email": "immediate"})
    assert NotificationPreference.objects.get(user=team.dev).email == EmailChoice.IMMEDIATE


def test_a_bad_preference_is_refused_naming_the_field(team: Team, client: Client) -> None:
    client.force_login(team.dev)
    answer = client.post("/notifications/settings/", {"email": "hourly"})
    assert answer.status_code == 422
    assert not NotificationPreference.objects.filter(user=team.dev).exists()


def test_immediate_mail_goes_out_once_per_change_with_an_unsubscribe_link(
    team: Team, item: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.preference_set(user=team.viewer, email=EmailChoice.IMMEDIATE)
    services.watch_start(access=team.access("viewer"), object_type="item", object_id=item.pk)
    with django_capture_on_commit_callbacks(execute=True):
        backlog.comment_add(access=team.access("team_member"), item=item, body="ping")

    (sent,) = mail.outbox
    assert sent.to == [team.viewer.email]
    assert sent.subject == f"{team.dev.display_name} commented on {item.key} 'Geofence'"
    assert "/notifications/unsubscribe/" in sent.body
    assert Notification.objects.get(user=team.viewer).emailed_at is not None


def test_the_daily_digest_groups_what_happened_and_is_sent_once_a_day(
    team: Team, commented: Any
) -> None:
    call_command("digest")
    call_command("digest")

    (digest,) = mail.outbox
    assert digest.to == [team.viewer.email]
    assert "2 changes to what you follow" in digest.body
    assert f"{commented.key} 'Geofence'" in digest.body
    assert f"{team.dev.display_name} commented on it (2 times)" in digest.body
    later = timezone.now() + dt.timedelta(days=1)
    assert notification_mail.send_digests(now=later) == 0  # nothing new since


def test_someone_who_chose_never_gets_no_digest(team: Team, commented: Any) -> None:
    services.preference_set(user=team.viewer, email=EmailChoice.NEVER)
    call_command("digest")
    assert mail.outbox == []


def test_the_unsubscribe_link_works_without_signing_in(
    team: Team, client: Client, commented: Any
) -> None:
    call_command("digest")
    link = re.search(r"/notifications/unsubscribe/[^/\s]+/", mail.outbox[0].body)
    assert link is not None

    asked = client.get(link.group(0))
    done = client.post(link.group(0))

    assert "Stop sending" in asked.content.decode()
    assert done.status_code == 200
    assert NotificationPreference.objects.get(user=team.viewer).email == EmailChoice.NEVER


def test_a_forged_unsubscribe_link_changes_nothing(team: Team, client: Client) -> None:
    token = notification_mail.unsubscribe_token(team.viewer)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 404
    assert not NotificationPreference.objects.filter(user=team.viewer).exists()


def test_the_po_home_lists_open_questions_until_answered(
    team: Team, client: Client, item: Any
) -> None:
    question = backlog.comment_add(
        access=team.access("team_member"), item=item, body="Which radius?", is_question=True
    )
    client.force_login(team.po)
    assert "Which radius?" in client.get("/p/DRN/").content.decode()

    backlog.comment_add(
        access=team.access("product_owner"), item=item, body="50 m", reply_to_id=question.pk
    )
    page = client.get("/p/DRN/").content.decode()
    assert "Which radius?" not in page
    assert "No open questions" in page


def test_the_home_activity_is_worded_for_people(team: Team, client: Client, item: Any) -> None:
    client.force_login(team.viewer)
    page = client.get("/p/DRN/").content.decode()
    assert f"{team.po.display_name} added it" in page
    assert "item.created" not in page


def test_mentions_are_highlighted_in_markdown(team: Team, client: Client) -> None:
    item = backlog.item_create(
        access=team.access("product_owner"), fields={"title": "X", "description": "Ask @dev"}
    )
    client.force_login(team.viewer)
    assert "<mark>@dev</mark>" in client.get(f"/items/{item.key}/").content.decode()
    assert Watch.objects.count() == 0  # no job ran: nothing was captured after commit
