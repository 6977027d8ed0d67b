"""A person changes their password, or resets a forgotten one by e-mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-1"  # what tests.factories.UserFactory gives everyone
NEW = "a-much-longer-pass-42"


def _can_sign_in(email: str, password: str) -> bool:
    return Client().login(username=email, password=password)


def test_the_user_menu_offers_to_change_the_password_and_sign_out(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    html = signed_in(team.po).get("/p/DRN/").content.decode()
    assert 'id="user-menu"' in html
    assert 'href="/account/password/"' in html
    assert 'action="/signout/"' in html


def test_a_person_changes_their_password_and_stays_signed_in(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(team.po)
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.headers["Location"] == "/account/password/done/"
    assert client.get("/p/DRN/").status_code == 200
    assert _can_sign_in("po@example.test", NEW)
    assert not _can_sign_in("po@example.test", PASSWORD)


def test_a_wrong_current_password_changes_nothing(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(team.po).post(
        "/account/password/", {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    assert "incorrectly" in response.content.decode()
    assert 'class="form-control"' in response.content.decode()
    assert _can_sign_in("po@example.test", PASSWORD)


def test_changing_the_password_needs_a_signed_in_person() -> None:
    response = Client().get("/account/password/")
    assert response.headers["Location"].startswith("/signin/?next=")


def test_the_sign_in_page_links_to_the_reset(db) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/password-reset/"' in Client().get("/signin/").content.decode()


def test_a_forgotten_password_is_reset_through_the_e_mailed_link(team) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sent = client.post("/password-reset/", {"email": "PO@example.test"})
    assert sent.headers["Location"] == "/password-reset/sent/"
    assert [m.to for m in mail.outbox] == [["po@example.test"]]
    link = re.search(r"http://testserver(/password-reset/\S+/\S+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.headers["Location"] == "/password-reset/done/"
    assert _can_sign_in("po@example.test", NEW)
    again = Client().get(link.group(1), follow=True)
    assert "already used or has expired" in again.content.decode()


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().post("/password-reset/", {"email": "nobody@example.test"})
    assert response.headers["Location"] == "/password-reset/sent/"
    assert mail.outbox == []
