"""Reads and verbs of the wiki beyond the plain ones: the tree, versions, diff, restore.

Reads are scoped to the caller's product like every selector; the one verb,
restoring an old version, runs the spine's write path (lock → rights → version
→ save with an audit event) and keeps a new revision, so history only grows.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.db import transaction

from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.registry import record_type
from tandem.workspace.rights import Action, Level

from .models import PageRevision, WikiPage
from .wiki_records import KIND, keep_revision

CONTEXT_LINES = 3


@dataclass
class Node:
    page: WikiPage
    children: list[Node] = field(default_factory=list)


def may_edit(access: ProductAccess) -> bool:
    return access.can(Action.WIKI, Level.EDIT)


def pages_of(*, access: ProductAccess, archived: bool = False) -> list[WikiPage]:
    return list(
        WikiPage.objects.filter(product=access.product, archived_at__isnull=not archived)
        .select_related("product")
        .order_by("title", "id")
    )


def tree(*, access: ProductAccess) -> list[Node]:
    """The live pages as a tree, each level by title; one query."""
    pages = pages_of(access=access)
    nodes = {page.pk: Node(page) for page in pages}
    roots: list[Node] = []
    for page in pages:
        parent = nodes.get(page.parent_id) if page.parent_id else None
        (parent.children if parent is not None else roots).append(nodes[page.pk])
    return roots


def page_of(*, access: ProductAccess, page_id: int) -> WikiPage:
    """A page of the caller's product, archived or not; 404 for anything else."""
    page = (
        WikiPage.objects.filter(product=access.product, pk=page_id)
        .select_related("product", "parent", "created_by")
        .first()
    )
    if page is None:
        raise NotFound("No such wiki page.")
    return page


def ancestors(page: WikiPage) -> list[WikiPage]:
    """From the top page down to the page's parent."""
    chain: list[WikiPage] = []
    parent = page.parent
    while parent is not None and len(chain) < 50:
        chain.append(parent)
        parent = parent.parent
    return chain[::-1]


def children_of(page: WikiPage) -> list[WikiPage]:
    return list(page.children.filter(archived_at__isnull=True).order_by("title", "id"))


def revisions_of(*, access: ProductAccess, page_id: int) -> list[PageRevision]:
    page_of(access=access, page_id=page_id)
    return list(
        PageRevision.objects.filter(page_id=page_id).select_related("author").order_by("-version")
    )


def revision_of(page: WikiPage, version: int, name: str) -> PageRevision:
    revision = PageRevision.objects.filter(page=page, version=version).first()
    if revision is None:
        raise ValidationFailed({name: f"this page has no saved version {version}"})
    return revision


# --- diff ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    """One line of a side-by-side diff; ``tag`` is equal, delete, insert, replace or skip."""

    tag: str
    old_no: int | None = None
    old: str = ""
    new_no: int | None = None
    new: str = ""


@dataclass(frozen=True)
class PageDiff:
    page: WikiPage
    old: PageRevision
    new: PageRevision
    rows: list[DiffRow]
    unified: str
    added: int
    removed: int

    @property
    def title_changed(self) -> bool:
        return self.old.title != self.new.title


def page_diff(*, access: ProductAccess, page_id: int, old: int, new: int) -> PageDiff:
    """What changed between two saved versions of a page, line by line."""
    page = page_of(access=access, page_id=page_id)
    before, after = revision_of(page, old, "from"), revision_of(page, new, "to")
    old_lines, new_lines = before.body.splitlines(), after.body.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    rows: list[DiffRow] = []
    added = removed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(_context(old_lines, i1, i2, j1, first=not rows, last=i2 == len(old_lines)))
            continue
        removed += i2 - i1
        added += j2 - j1
        for offset in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + offset, j1 + offset
            rows.append(
                DiffRow(
                    tag=tag,
                    old_no=i + 1 if i < i2 else None,
                    old=old_lines[i] if i < i2 else "",
                    new_no=j + 1 if j < j2 else None,
                    new=new_lines[j] if j < j2 else "",
                )
            )
    unified = "\n".join(
        difflib.unified_diff(
            old_lines,
            new_lines,
            fromfile=f"version {before.version}",
            tofile=f"version {after.version}",
            lineterm="",
        )
    )
    return PageDiff(page, before, after, rows, unified, added, removed)


def _context(
    lines: list[str], i1: int, i2: int, j1: int, *, first: bool, last: bool
) -> list[DiffRow]:
    """Unchanged lines: only a few around each change, the rest as one "skip" row."""

    def row(i: int) -> DiffRow:
        return DiffRow("equal", i + 1, lines[i], j1 + (i - i1) + 1, lines[i])

    keep_head = 0 if first else CONTEXT_LINES
    keep_tail = 0 if last else CONTEXT_LINES
    if i2 - i1 <= keep_head + keep_tail + 1:
        return [row(i) for i in range(i1, i2)]
    head = [row(i) for i in range(i1, i1 + keep_head)]
    tail = [row(i) for i in range(i2 - keep_tail, i2)]
    hidden = i2 - i1 - keep_head - keep_tail
    skip = DiffRow("skip", old=f"{hidden} unchanged line{'s' if hidden != 1 else ''}")
    return [*head, skip, *tail]


# --- restore an old version --------------------------------------------------------------------


@transaction.atomic
def page_restore_version(
    *, access: ProductAccess, page_id: int, revision: int, expected_version: int | None
) -> WikiPage:
    """The page's words become an old version's again, as a new version (audited)."""
    spec = record_type(KIND)
    page: WikiPage = writes.lock(spec, access, page_id)
    if not may_edit(access):
        raise PermissionDenied(f"Your role on {access.product.key} cannot change wiki pages.")
    writes.check_version(spec, page, expected_version)
    writes.require_live(spec, page)
    old = revision_of(page, revision, "revision")
    if (old.title, old.body) == (page.title, page.body):
        raise ValidationFailed({"revision": f"version {revision} says what the page says now"})
    writes.save(access, spec, page, {"title": old.title, "body": old.body}, verb="version_restored")
    keep_revision(access, page, {}, False)
    return page
