"""API tokens: shown once, stored only as a hash, revocable, and made by `tandem token`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from tandem.workspace import selectors, services
from tandem.workspace.errors import NotFound
from tandem.workspace.models import ApiToken

pytestmark = pytest.mark.django_db


def _every_text_in_the_database() -> str:
    """Every stored token row, as text, to search for a leaked secret."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM workspace_apitoken")
        return repr(cursor.fetchall())


def test_a_token_secret_is_never_stored(team) -> None:  # type: ignore[no-untyped-def]
    _, secret = services.token_create(user=team.po, name="ci")
    stored = _every_text_in_the_database()
    assert secret not in stored
    assert secret[12:] not in stored


def test_a_token_authenticates_its_owner(team) -> None:  # type: ignore[no-untyped-def]
    _, secret = services.token_create(user=team.po)
    assert services.token_authenticate(secret=secret) == team.po


def test_a_token_starts_with_a_recognisable_prefix(team) -> None:  # type: ignore[no-untyped-def]
    token, secret = services.token_create(user=team.po)
    assert secret.startswith("tdm_")
    assert token.prefix == secret[:12]


def test_a_revoked_token_no_longer_authenticates(team) -> None:  # type: ignore[no-untyped-def]
    token, secret = services.token_create(user=team.po)
    services.token_revoke(user=team.po, token_id=token.pk)
    assert services.token_authenticate(secret=secret) is None
    assert list(selectors.tokens_of(user=team.po)) == []


def test_nobody_revokes_someone_elses_token(team) -> None:  # type: ignore[no-untyped-def]
    token, secret = services.token_create(user=team.po)
    with pytest.raises(NotFound):
        services.token_revoke(user=team.dev, token_id=token.pk)
    assert services.token_authenticate(secret=secret) == team.po


def test_a_token_of_a_deactivated_person_does_not_authenticate(team) -> None:  # type: ignore[no-untyped-def]
    _, secret = services.token_create(user=team.po)
    team.po.is_active = False
    team.po.save()
    assert services.token_authenticate(secret=secret) is None


def _tandem(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_tandem_token_create_prints_a_token_that_works(team) -> None:  # type: ignore[no-untyped-def]
    out, err = _tandem("token", "create", "PO@example.test")
    secret = out.strip().splitlines()[-1]
    assert "shown only once" in err
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/me")
    assert response.json()["email"] == "po@example.test"


def test_tandem_token_list_and_revoke(team) -> None:  # type: ignore[no-untyped-def]
    secret = _tandem("token", "create", "po@example.test", "--name", "laptop")[0].strip()
    token = ApiToken.objects.get(user=team.po)
    listing = _tandem("token", "list", "po@example.test")[0]
    assert f"{token.pk}\t{secret[:12]}…\tlaptop" in listing
    _tandem("token", "revoke", "po@example.test", str(token.pk))
    assert services.token_authenticate(secret=secret) is None


def test_tandem_token_for_an_unknown_person_fails_clearly(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="No account"):
        _tandem("token", "create", "nobody@example.test")
