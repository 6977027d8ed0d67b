"""Where a webhook may be sent: never to loopback, private, link-local or reserved addresses.

The host is resolved once per attempt, every address it has is checked, and the
connection is made to a checked address (a name that resolves anew between the
check and the connection cannot slip through).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class AddressRefused(Exception):
    pass


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_global and not ip.is_multicast


def url_problem(url: str) -> str | None:
    """What is wrong with an address before anything resolves it, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http:// or https:// address"
    if settings.TANDEM_WEBHOOKS_ALLOW_PRIVATE:
        return None
    host = parts.hostname
    if host == "localhost" or host.endswith(".localhost"):
        return "may not point at this machine"
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return None
    return None if _is_public(str(literal)) else "may not be a private or local address"


def resolve(host: str, port: int) -> str:
    """A checked address of ``host``; every address it resolves to must be public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise AddressRefused(f"cannot resolve {host}: {exc.strerror}") from exc
    addresses = [str(info[4][0]) for info in infos]
    if not settings.TANDEM_WEBHOOKS_ALLOW_PRIVATE:
        private = [a for a in addresses if not _is_public(a)]
        if private:
            raise AddressRefused(f"{host} resolves to a private address ({private[0]})")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST to a checked address; the status code (redirects are not followed)."""
    problem = url_problem(url)
    if problem:
        raise AddressRefused(f"the address {problem}")
    parts = urlsplit(url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    host = parts.hostname or ""
    address = resolve(host, port)
    connection_class = _PinnedHTTPS if https else _PinnedHTTP
    connection = connection_class(host, port, address, timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        connection.close()
