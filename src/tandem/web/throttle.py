"""Password guessing is slowed by counting failed sign-ins, never successful ones.

Three counters per window, each an atomic cache counter (``add`` then ``incr``, on
the database cache or Redis):

- one account from one client address (``SIGN_IN_ATTEMPTS_PER_WINDOW``): what a
  person who mistypes meets, and what stops a guesser at one address;
- one client address over all accounts (``SIGN_IN_ATTEMPTS_PER_ADDRESS``): one
  address trying a common password on many accounts;
- one account over all addresses (``SIGN_IN_ATTEMPTS_PER_ACCOUNT``, larger): many
  addresses guessing one account. Locking a person out takes that many failures
  from several addresses, not ten from anywhere.

An attempt takes its place in every counter *before* the password is checked, so
parallel attempts cannot all slip under a limit: of 40 at once, exactly the limit
are checked. A success gives its places back and clears the account's counts.

The client address is the connection's, or, behind proxies listed in
``TANDEM_TRUSTED_PROXIES``, the last address in X-Forwarded-For that is not one of
them (the hops a client writes itself stand to the left of those its proxies add).

Every ``authenticate()`` goes through :class:`ThrottledModelBackend`: the sign-in
page, the admin's login and anything added later.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from tandem.workspace.models import User

_REFUSED = "_tandem_sign_in_refused"


@dataclass(frozen=True)
class Attempt:
    account_at_address: str
    address: str
    account: str


def client_address(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "")
    if not _trusted(remote):
        return remote or "unknown"
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop[:64]
    return hops[0][:64] if hops else remote


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()
    return f"signin:{kind}:{digest[:40]}"


def _take(key: str, window: int) -> int:
    for _ in range(2):
        cache.add(key, 0, timeout=window)
        try:
            count = int(cache.incr(key))
        except ValueError:  # expired between add and incr: start a new window
            continue
        if count == 1:  # Redis's INCR on a key that just expired leaves it without a timeout
            cache.touch(key, timeout=window)
        return count
    return 1


def _give_back(key: str) -> None:
    with contextlib.suppress(ValueError):  # the window ended meanwhile
        cache.decr(key)


def attempt_begin(*, account: str, address: str) -> Attempt | None:
    """Take a place in each counter; ``None`` (and nothing taken) once any is full."""
    account = account.strip().lower()
    attempt = Attempt(
        account_at_address=_key("account-address", account, address),
        address=_key("address", address),
        account=_key("account", account),
    )
    window = settings.SIGN_IN_WINDOW_SECONDS
    limits = {
        attempt.account_at_address: settings.SIGN_IN_ATTEMPTS_PER_WINDOW,
        attempt.address: settings.SIGN_IN_ATTEMPTS_PER_ADDRESS,
        attempt.account: settings.SIGN_IN_ATTEMPTS_PER_ACCOUNT,
    }
    counts = {key: _take(key, window) for key in limits}
    if all(counts[key] <= limit for key, limit in limits.items()):
        return attempt
    for key in limits:
        _give_back(key)
    return None


def attempt_succeeded(attempt: Attempt) -> None:
    """The password was right: this was no guess, and the account's failures are forgiven."""
    cache.delete_many([attempt.account_at_address, attempt.account])
    _give_back(attempt.address)


def attempt_abandoned(attempt: Attempt) -> None:
    """The password could not be checked (an error, not a wrong password): count nothing."""
    for key in (attempt.account_at_address, attempt.address, attempt.account):
        _give_back(key)


def was_refused(request: HttpRequest | None) -> bool:
    return bool(getattr(request, _REFUSED, False))


def refused_message() -> str:
    minutes = max(1, round(settings.SIGN_IN_WINDOW_SECONDS / 60))
    return (
        f"Too many failed sign-ins. Wait {minutes} minutes and try again, or reset your password."
    )


class ThrottledModelBackend(ModelBackend):
    """Django's e-mail and password check, behind the failure counters."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        account = username if username is not None else kwargs.get("email")
        if account is None or password is None:
            return None
        address = client_address(request) if request is not None else "no-request"
        attempt = attempt_begin(account=str(account), address=address)
        if attempt is None:
            if request is not None:
                setattr(request, _REFUSED, True)
            raise PermissionDenied(refused_message())  # stops authenticate(): no other backend
        try:
            user = super().authenticate(request, username=username, password=password, **kwargs)
        except Exception:
            attempt_abandoned(attempt)
            raise
        if user is not None:
            attempt_succeeded(attempt)
        return user

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        # ModelBackend's async twin checks the password itself: route it through the counters.
        return await sync_to_async(self.authenticate)(
            request, username=username, password=password, **kwargs
        )
