"""`tandem createuser`: a person who signs in with an e-mail, optionally with a role."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tandem.workspace.models import Membership, User

pytestmark = pytest.mark.django_db


def _createuser(*args: str) -> str:
    out = StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


def test_createuser_makes_a_person_who_can_sign_in(db) -> None:  # type: ignore[no-untyped-def]
    out = _createuser("Ada@Example.test", "--password", "a-long-pass-phrase", "--name", "Ada")
    user = User.objects.get()
    assert "Created ada@example.test" in out
    assert (user.email, user.name) == ("ada@example.test", "Ada")
    assert user.check_password("a-long-pass-phrase")
    assert not user.is_staff


def test_createuser_refuses_a_duplicate(db) -> None:  # type: ignore[no-untyped-def]
    _createuser("ada@example.test", "--password", "a-long-pass-phrase")
    with pytest.raises(CommandError, match="already exists"):
        _createuser("ADA@example.test", "--password", "another-pass-phrase")
    assert User.objects.count() == 1


def test_createuser_refuses_an_address_that_is_not_one(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="e-mail"):
        _createuser("not-an-address", "--password", "a-long-pass-phrase")


def test_createuser_without_a_password_or_terminal_fails_clearly(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="password"):
        _createuser("ada@example.test")
    assert not User.objects.exists()


def test_createuser_can_give_a_role_on_a_product(team) -> None:  # type: ignore[no-untyped-def]
    _createuser(
        "ada@example.test", "--password", "p4ss-phrase", "--product", "drn", "--role", "viewer"
    )
    assert Membership.objects.get(user__email="ada@example.test").role == "viewer"


def test_createuser_for_an_unknown_product_creates_nobody(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="product"):
        _createuser(
            "ada@example.test", "--password", "p4ss-phrase", "--product", "NOPE", "--role", "viewer"
        )
    assert not User.objects.exists()


def test_createuser_superuser_is_an_instance_admin(db) -> None:  # type: ignore[no-untyped-def]
    _createuser("root@example.test", "--password", "p4ss-phrase", "--superuser")
    user = User.objects.get()
    assert (user.is_staff, user.is_superuser) == (True, True)
