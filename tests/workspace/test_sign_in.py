"""Signing in: a session behind CSRF, and a rate limit against password guessing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from tandem.workspace.services import sign_in_attempt_allowed

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-1"  # what tests.factories.UserFactory gives everyone


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """The counters live in the cache, which outlives a test's transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def visitor() -> Client:
    """A visitor that sends the CSRF token, as a real one does after loading the form."""
    client = Client(enforce_csrf_checks=True)
    client.get("/signin/")
    return client


def _sign_in(client: Client, email: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    token = client.cookies["csrftoken"].value
    data = {"email": email, "password": password, "csrfmiddlewaretoken": token, **extra}
    return client.post("/signin/", data)


def _signed_in_as(client: Client) -> str | None:
    response = client.get("/api/v1/me")
    return response.json()["email"] if response.status_code == 200 else None


def test_the_sign_in_page_has_a_labelled_form(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/signin/")
    assert response.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in response.content
    assert b'<label class="form-label" for="id_email">' in response.content


def test_the_right_password_signs_in_and_goes_home(team, visitor: Client) -> None:  # type: ignore[no-untyped-def]
    response = _sign_in(visitor, "PO@example.test", PASSWORD)
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert _signed_in_as(visitor) == "po@example.test"


def test_signing_in_returns_to_the_page_asked_for(team, visitor: Client) -> None:  # type: ignore[no-untyped-def]
    response = _sign_in(visitor, "po@example.test", PASSWORD, next="/p/DRN/")
    assert response.headers["Location"] == "/p/DRN/"


def test_signing_in_never_redirects_to_another_site(team, visitor: Client) -> None:  # type: ignore[no-untyped-def]
    response = _sign_in(visitor, "po@example.test", PASSWORD, next="https://evil.test/")
    assert response.headers["Location"] == "/"


def test_a_wrong_password_is_a_400_and_signs_nobody_in(team, visitor: Client) -> None:  # type: ignore[no-untyped-def]
    response = _sign_in(visitor, "po@example.test", "wrong")
    assert response.status_code == 400
    assert b"do not match" in response.content
    assert _signed_in_as(visitor) is None


def test_a_sign_in_without_the_csrf_token_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    response = client.post("/signin/", {"email": "po@example.test", "password": PASSWORD})
    assert response.status_code == 403
    assert _signed_in_as(client) is None


def test_too_many_attempts_lock_out_even_the_right_password(
    team, visitor: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_WINDOW = 3
    statuses = [_sign_in(visitor, "po@example.test", "guess").status_code for _ in range(3)]
    locked = _sign_in(visitor, "po@example.test", PASSWORD)
    assert statuses == [400, 400, 400]
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content
    assert _signed_in_as(visitor) is None


def test_the_lock_is_per_address_and_per_client(team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_WINDOW = 2
    for _ in range(3):
        sign_in_attempt_allowed(email="po@example.test", client_ip="10.0.0.1")
    assert not sign_in_attempt_allowed(email="dev@example.test", client_ip="10.0.0.1")
    assert not sign_in_attempt_allowed(email="po@example.test", client_ip="10.0.0.2")
    assert sign_in_attempt_allowed(email="dev@example.test", client_ip="10.0.0.2")


def test_a_successful_sign_in_resets_the_count_for_the_address(
    team, visitor: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_WINDOW = 100
    _sign_in(visitor, "po@example.test", "guess")
    _sign_in(visitor, "po@example.test", PASSWORD)
    assert cache.get("signin:email:po@example.test") is None


def test_signing_out_needs_a_post(team) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(team.po)
    assert client.get("/signout/").status_code == 405
    assert client.post("/signout/").status_code == 302
    assert _signed_in_as(client) is None
