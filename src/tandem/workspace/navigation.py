"""The navigation as one list: the menu, the keyboard jumps and the shortcut help read it.

Each app adds its pages in ``AppConfig.ready``; the layout (a bottom-layer
template) draws whatever is registered, so no template of a lower app names a
higher one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:  # apps register links while Django is still loading their models
    from .rights import Action, Level

_KEY = "KEY0"


@dataclass(frozen=True)
class NavLink:
    """One page of a product: ``url_name`` takes the product key as its only argument."""

    label: str
    url_name: str
    group: str  # the menu it sits in; a group of one link is drawn as a plain link
    order: int
    shortcut: str = ""  # "g" then this letter jumps here
    # Other pages that count as this one for the menu's highlight (path fragments).
    also_active: tuple[str, ...] = ()
    # The rights-table row and level a person needs to see the page listed at all.
    needs: tuple[Action, Level] | None = None


@dataclass(frozen=True)
class NavEntry:
    label: str
    url: str
    shortcut: str
    active: bool


@dataclass(frozen=True)
class NavGroup:
    label: str
    entries: tuple[NavEntry, ...]

    @property
    def active(self) -> bool:
        return any(entry.active for entry in self.entries)


_links: dict[str, NavLink] = {}


def register(*links: NavLink) -> None:
    """Add pages to the navigation; registering the same page again replaces it."""
    for link in links:
        _links[link.url_name] = link
    _url_pattern.cache_clear()


@lru_cache(maxsize=128)
def _url_pattern(url_name: str) -> str:
    try:
        return reverse(url_name, args=[_KEY])
    except NoReverseMatch:
        return ""


def needs_rights() -> bool:
    """Whether any page is listed only to some roles (the menu then needs their access)."""
    return any(link.needs for link in _links.values())


def menu(
    product_key: str, path: str, may: Callable[[Action, Level], bool] | None = None
) -> list[NavGroup]:
    """The product's pages the person may open, grouped in menu order, the current one marked."""
    links = [
        (link, pattern.replace(_KEY, product_key))
        for link in sorted(_links.values(), key=lambda link: link.order)
        if (pattern := _url_pattern(link.url_name))
        and (link.needs is None or may is None or may(*link.needs))
    ]
    # The page itself, else the first page that counts it as its own: one entry is current.
    current = next((url for _, url in links if url == path), None) or next(
        (url for link, url in links if any(part in path for part in link.also_active)), None
    )
    groups: dict[str, list[NavEntry]] = {}
    for link, url in links:
        groups.setdefault(link.group, []).append(
            NavEntry(label=link.label, url=url, shortcut=link.shortcut, active=url == current)
        )
    return [NavGroup(label, tuple(entries)) for label, entries in groups.items()]


def shortcuts() -> list[NavLink]:
    """The "g then a letter" jumps, for the help the ``?`` key opens."""
    return sorted((link for link in _links.values() if link.shortcut), key=lambda link: link.order)


# --- the person's own menu (their account, their organization) -----------------------------

_account: dict[str, tuple[int, str]] = {}
_sign_out: list[str] = []
_homes: dict[str, str] = {}


def register_homes(*, start: str, product: str) -> None:
    """The start page, and a product's home (its URL takes the product key)."""
    _homes.update(start=start, product=product)


def start_url() -> str:
    return reverse(_homes["start"]) if "start" in _homes else "/"


def product_home_url(product_key: str) -> str:
    return reverse(_homes["product"], args=[product_key]) if "product" in _homes else "/"


def register_account(label: str, url_name: str, order: int) -> None:
    """A page of one's own (a password, an organization's settings) in the person's menu."""
    _account[url_name] = (order, label)


def register_sign_out(url_name: str) -> None:
    _sign_out[:] = [url_name]


def account_menu() -> list[tuple[str, str]]:
    """(label, address) of the person's own pages, in order."""
    entries = sorted((order, label, name) for name, (order, label) in _account.items())
    return [(label, reverse(name)) for _, label, name in entries]


def sign_out_url() -> str:
    return reverse(_sign_out[0]) if _sign_out else ""
