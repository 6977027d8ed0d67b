"""What a wiki page's words link to: item keys, typed references and @mentions.

``DRN-42`` is an item of the page's product; ``initiative:12``, ``decision:7``
and ``release:2.0`` name an initiative or decision by number and a release by
its version; ``@ana`` is a member by the part of their address before the @,
their name without spaces, or their first name when only one member has it.
Code, link targets and addresses are left as written. A reference that names
nothing live in the product stays plain text.

The links are resolved when a page is saved and kept in :class:`WikiLink`, so
the linked record's page lists the pages that mention it with one query.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog.extensions import ItemPanel
from tandem.delivery.selectors import releases as release_selectors
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.registry import Record, RecordPage, RecordType, record_type
from tandem.workspace.selectors import people_of
from tandem.workspace.text import render_markdown

from .models import LinkKind, WikiLink, WikiPage

if TYPE_CHECKING:  # the backlog is read through its selectors, never its models
    from tandem.backlog.models import Item

_WORD = r"\w(?:[\w.\-]*\w)?"
_TOKENS = re.compile(
    rf"""
    (?P<fence>^(?P<mark>```|~~~).*?^(?P=mark)[^\n]*$)
    | (?P<code>(?P<ticks>`+).+?(?P=ticks))
    | (?P<target>\]\([^)]*\)|<[^>\s]+>|https?://[^\s<>()]+|[\w.+\-]+@[\w\-]+\.[\w.\-]+)
    | \b(?P<typed>(?P<tkind>initiative|decision|release):(?P<tvalue>{_WORD}))
    | \b(?P<item>(?P<prefix>[A-Z][A-Z0-9]{{1,9}})-(?P<number>\d{{1,9}}))\b
    | (?<![\w.@])@(?P<handle>{_WORD})
    """,
    re.MULTILINE | re.DOTALL | re.VERBOSE,
)
_MAX_REFERENCES = 200  # per page: enough for a long PRD, bounded for the reads it causes


@dataclass(frozen=True)
class Target:
    kind: str
    id: int
    label: str  # what the text said
    title: str  # what the record is called
    url: str


Token = tuple[str, str]  # (kind, the text as written after its marker)
Resolver = Callable[[ProductAccess, list[str]], dict[Token, "Target"]]


def references(text: str) -> list[Token]:
    """The references a text makes, in order, once each, code and link targets skipped."""
    found: list[Token] = []
    for match in _TOKENS.finditer(text or ""):
        token = _token(match)
        if token is not None and token not in found:
            found.append(token)
        if len(found) >= _MAX_REFERENCES:
            break
    return found


def _token(match: re.Match[str]) -> Token | None:
    if match.group("typed"):
        return match.group("tkind"), match.group("tvalue")
    if match.group("item"):
        return LinkKind.ITEM, match.group("item")
    if match.group("handle"):
        return LinkKind.PERSON, match.group("handle").lower()
    return None


def resolve(access: ProductAccess, tokens: Iterable[Token]) -> dict[Token, Target]:
    """The live records of the caller's product the references name, one read per kind."""
    wanted: dict[str, list[str]] = {}
    for kind, value in tokens:
        wanted.setdefault(kind, []).append(value)
    found: dict[Token, Target] = {}
    for kind, values in wanted.items():
        found |= _RESOLVERS[kind](access, values)
    return found


def _items(access: ProductAccess, keys: list[str]) -> dict[Token, Target]:
    own = [key for key in keys if key.rsplit("-", 1)[0] == access.product.key]
    try:
        items = backlog_selectors.items_in_backlog(access=access, keys=own)
    except NotFound:  # some key names no live item: look each up on its own
        items = []
        for key in own:
            try:
                items.append(backlog_selectors.item_in_backlog(access=access, key=key))
            except NotFound:
                continue
    return {
        (LinkKind.ITEM, item.key): Target(
            LinkKind.ITEM, item.pk, item.key, item.title, reverse("backlog:item", args=[item.key])
        )
        for item in items
    }


def _strategy(kind: str) -> Resolver:
    def resolve_kind(access: ProductAccess, values: list[str]) -> dict[Token, Target]:
        ids = {int(v): v for v in values if v.isdigit() and len(v) < 18}
        spec = record_type(kind)
        rows = spec.scoped(access).filter(pk__in=list(ids), archived_at__isnull=True)
        key = access.product.key
        return {
            (kind, ids[row.pk]): Target(
                kind,
                row.pk,
                f"{spec.label} {row.pk}",
                spec.title_of(row),
                reverse("strategy:record", args=[key, kind, row.pk]),
            )
            for row in rows
        }

    return resolve_kind


def _releases(access: ProductAccess, names: list[str]) -> dict[Token, Target]:
    by_name = {
        row.release.name.lower(): row.release
        for row in release_selectors.releases_of(access=access)
    }
    found: dict[Token, Target] = {}
    for name in names:
        release = by_name.get(name.lower()) or by_name.get(name.lower().removeprefix("v"))
        if release is not None:
            url = reverse("delivery:release", args=[access.product.key, release.pk])
            found[(LinkKind.RELEASE, name)] = Target(
                LinkKind.RELEASE, release.pk, f"Release {release.name}", release.name, url
            )
    return found


def _people(access: ProductAccess, handles: list[str]) -> dict[Token, Target]:
    members = list(people_of(access=access))
    first_names: dict[str, list[object]] = {}
    for person in members:
        if person.name:
            first_names.setdefault(person.name.split()[0].lower(), []).append(person)
    found: dict[Token, Target] = {}
    members_url = reverse("web:members", args=[access.product.key])
    for handle in handles:
        matches = [
            p
            for p in members
            if handle in (p.email.split("@")[0].lower(), p.name.replace(" ", "").lower())
        ]
        if not matches and len(first_names.get(handle, [])) == 1:
            matches = first_names[handle]  # type: ignore[assignment]
        if len(matches) == 1:
            person = matches[0]
            found[(LinkKind.PERSON, handle)] = Target(
                LinkKind.PERSON, person.pk, f"@{handle}", person.display_name, members_url
            )
    return found


_RESOLVERS: dict[str, Resolver] = {
    LinkKind.ITEM: _items,
    LinkKind.INITIATIVE: _strategy("initiative"),
    LinkKind.DECISION: _strategy("decision"),
    LinkKind.RELEASE: _releases,
    LinkKind.PERSON: _people,
}


def linked(text: str, targets: dict[Token, Target]) -> str:
    """The Markdown with each resolved reference written as a Markdown link."""

    def replace(match: re.Match[str]) -> str:
        token = _token(match)
        target = targets.get(token) if token is not None else None
        if target is None:
            return match.group(0)
        shown = match.group(0)
        return f"[{shown}]({target.url})"

    return _TOKENS.sub(replace, text or "")


def render(access: ProductAccess, text: str) -> SafeString:
    """The page's words as sanitized HTML, its references as links (the one Markdown path)."""
    html = render_markdown(linked(text, resolve(access, references(text))))
    return mark_safe(html)


def store(access: ProductAccess, page: WikiPage) -> None:
    """Rewrite the page's link rows from its current words (inside the saving transaction)."""
    targets = resolve(access, references(page.body)).values()
    WikiLink.objects.filter(page=page).delete()
    unique = {(t.kind, t.id): t for t in targets}
    WikiLink.objects.bulk_create(
        WikiLink(page=page, kind=kind, target_id=target_id, label=t.label[:200])
        for (kind, target_id), t in unique.items()
    )


def backlinks(access: ProductAccess, kind: str, target_id: int) -> list[WikiPage]:
    """Live pages of the caller's product whose words link to the record."""
    return list(
        WikiPage.objects.filter(
            product=access.product,
            archived_at__isnull=True,
            links__kind=kind,
            links__target_id=target_id,
        )
        .distinct()
        .order_by("title", "id")[:50]
    )


# --- "Linked from wiki" on the linked record's page --------------------------------------------


def _panel(access: ProductAccess, kind: str, target_id: int) -> dict[str, Any]:
    return {
        "template": "knowledge/_wiki_backlinks.html",
        "context": {"pages": backlinks(access, kind, target_id), "product": access.product},
    }


def item_panel(access: ProductAccess, item: Item) -> ItemPanel:
    panel = _panel(access, LinkKind.ITEM, item.pk)
    return ItemPanel(template=panel["template"], context=panel["context"], order=70)


def with_backlinks(spec: RecordType) -> RecordType:
    """The kind's record page, with the pages that link to the record in its side column."""
    page = spec.page or RecordPage("records/record.html")
    own = page.context

    def context(access: ProductAccess, kind: RecordType, record: Record | None) -> dict[str, Any]:
        extra = own(access, kind, record) if own is not None else {}
        if record is not None:
            panels = [*extra.get("record_panels", []), _panel(access, kind.name, record.pk)]
            extra = extra | {"record_panels": panels}
        return extra

    return replace(spec, page=replace(page, context=context))
