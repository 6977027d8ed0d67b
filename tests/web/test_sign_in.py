"""Signing in: a session behind CSRF, and failed sign-ins counted against password guessing."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from tandem.web import throttle

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


def test_too_many_failures_lock_out_even_the_right_password(
    team, visitor: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_WINDOW = 3
    statuses = [_sign_in(visitor, "po@example.test", "guess").status_code for _ in range(3)]
    locked = _sign_in(visitor, "po@example.test", PASSWORD)
    assert statuses == [400, 400, 400]
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == "300"
    assert b"Too many failed sign-ins" in locked.content
    assert _signed_in_as(visitor) is None


def test_successful_sign_ins_never_count_against_an_office(team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_WINDOW = 3
    settings.SIGN_IN_ATTEMPTS_PER_ADDRESS = 3
    statuses = []
    for _ in range(12):  # one office, one address, many sign-ins in a morning
        client = Client(enforce_csrf_checks=True)
        client.get("/signin/")
        statuses.append(_sign_in(client, "dev@example.test", PASSWORD).status_code)
    assert statuses == [302] * 12


def test_a_success_clears_the_accounts_failures(team, visitor: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_WINDOW = 3
    before = [_sign_in(visitor, "po@example.test", "typo").status_code for _ in range(2)]
    _sign_in(visitor, "po@example.test", PASSWORD)
    visitor.post("/signout/")
    after = [_sign_in(visitor, "po@example.test", "typo").status_code for _ in range(3)]
    assert before + after == [400] * 5


def test_failures_from_elsewhere_do_not_lock_a_person_out(team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_WINDOW = 3
    guesser = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    guesser.get("/signin/")
    guesses = [_sign_in(guesser, "po@example.test", "guess").status_code for _ in range(5)]
    owner = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.7")
    owner.get("/signin/")
    assert guesses == [400, 400, 400, 429, 429]
    assert _sign_in(owner, "po@example.test", PASSWORD).status_code == 302


def test_guessing_one_account_from_many_addresses_is_capped(team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_WINDOW = 2
    settings.SIGN_IN_ATTEMPTS_PER_ACCOUNT = 4
    addresses = [f"203.0.113.{n}" for n in range(1, 5)]
    results = [
        throttle.attempt_begin(account="po@example.test", address=a) is not None
        for a in addresses
        for _ in range(2)
    ]
    assert results == [True] * 4 + [False] * 4


def test_one_address_guessing_many_accounts_is_capped(team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_ADDRESS = 3
    results = [
        throttle.attempt_begin(account=f"p{n}@example.test", address="203.0.113.1") is not None
        for n in range(5)
    ]
    assert results == [True, True, True, False, False]


def test_a_refused_attempt_takes_no_place_in_the_counters(team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_WINDOW = 1
    throttle.attempt_begin(account="po@example.test", address="203.0.113.1")
    refused = [
        throttle.attempt_begin(account="po@example.test", address="203.0.113.1") for _ in range(5)
    ]
    elsewhere = throttle.attempt_begin(account="dev@example.test", address="203.0.113.1")
    assert refused == [None] * 5
    assert elsewhere is not None
    assert cache.get(elsewhere.address) == 2


def test_the_admin_login_counts_failures_too(team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_WINDOW = 2
    team.po.is_staff = True
    team.po.save()
    client = Client()
    statuses = [
        client.post("/admin/login/", {"username": "po@example.test", "password": p}).status_code
        for p in ["guess", "guess", PASSWORD]
    ]
    last = client.post("/admin/login/", {"username": "po@example.test", "password": PASSWORD})
    assert statuses == [200, 200, 429]
    assert last.status_code == 429
    assert "Too many failed sign-ins" in last.content.decode()


def test_the_admin_login_still_signs_staff_in(team) -> None:  # type: ignore[no-untyped-def]
    team.po.is_staff = True
    team.po.save()
    response = Client().post("/admin/login/", {"username": "po@example.test", "password": PASSWORD})
    assert response.status_code == 302


def test_signing_out_needs_a_post(team) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(team.po)
    assert client.get("/signout/").status_code == 405
    assert client.post("/signout/").status_code == 302
    assert _signed_in_as(client) is None


def test_behind_a_trusted_proxy_each_client_is_counted_apart(team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGN_IN_ATTEMPTS_PER_WINDOW = 2
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    guesser = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    guesser.get("/signin/")
    guesses = [_sign_in(guesser, "po@example.test", "guess").status_code for _ in range(3)]
    owner = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    owner.get("/signin/")
    assert guesses == [400, 400, 429]
    assert _sign_in(owner, "po@example.test", PASSWORD).status_code == 302
