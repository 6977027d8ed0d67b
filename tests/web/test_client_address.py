"""The client's address, believed from X-Forwarded-For only as far as trusted proxies go."""

from __future__ import annotations

import ipaddress

import pytest
from django.test import RequestFactory

from tandem.web.throttle import client_address

PROXIES = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8::1")]


def _address(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


@pytest.fixture(autouse=True)
def _proxies(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = PROXIES


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("198.51.100.7", None, "198.51.100.7"),
        ("198.51.100.7", "1.2.3.4", "198.51.100.7"),  # not a proxy of ours: its header is ignored
        ("10.0.0.2", "198.51.100.7", "198.51.100.7"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client wrote 6.6.6.6 itself
        ("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.5", "198.51.100.7"),  # two proxy hops
        ("2001:db8::1", "2001:db8::99", "2001:db8::99"),
        ("10.0.0.2", "10.0.0.3, 10.0.0.4", "10.0.0.3"),  # only proxies: the first one
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_is_the_last_hop_no_trusted_proxy_added(
    remote: str, forwarded: str | None, client: str
) -> None:
    assert _address(remote, forwarded) == client


def test_without_trusted_proxies_the_header_is_never_believed(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = []
    assert _address("10.0.0.2", "198.51.100.7") == "10.0.0.2"
