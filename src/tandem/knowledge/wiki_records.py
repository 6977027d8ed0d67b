"""The wiki page, declared once on the record spine, and what is special about it.

The plain verbs (create, change with If-Match, archive, restore, history), the
generic API routes, the admin and the audit trail come from the registry. What
is the wiki's own: a page never sits under itself (no cycles), a new page may
start from a template, and every save keeps a revision and rewrites the page's
links (same transaction).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.urls import reverse
from django.utils import timezone
from pydantic import Field

from tandem.workspace import fields as f
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.registry import (
    Hooks,
    RecordApi,
    RecordType,
    SearchText,
    Values,
    register,
)
from tandem.workspace.rights import Action

from . import wiki_links
from .models import PageRevision, PageTemplate, WikiPage

KIND = "wiki_page"
PAGE_TEXT = 100_000  # a long PRD fits; the API's body limit is the outer bound
MAX_DEPTH = 50

TEMPLATES: dict[str, str] = {
    PageTemplate.BLANK: "",
    PageTemplate.PRD: """## Problem

Who has it, how often, and what it costs them today.

## Goals and success metrics

- Goal:
- Metric and target:

## Users and scenarios

## Requirements

| # | Requirement | Priority | Item |
| --- | --- | --- | --- |
| 1 |  | Must |  |

## Out of scope

## Open questions

## Release

Planned for release:
""",
    PageTemplate.MEETING: """**Date:**
**Attendees:** @

## Agenda

1.

## Notes

## Decisions

## Action items

- [ ] @who — what, by when
""",
    PageTemplate.DECISION: """**Status:** proposed
**Deciders:** @

## Context

What forces us to decide now.

## Options considered

1.
2.

## Decision

## Consequences

What becomes easier, what becomes harder, what we will watch.
""",
}


class PageIn(f.Input):
    title: f.RequiredText
    body: Annotated[str, f.chars(PAGE_TEXT)] = Field(
        "",
        title="Text",
        description=(
            "Markdown. DRN-42, initiative:12, decision:7, release:2.0 and @name become links."
        ),
    )
    parent: f.Ref | None = Field(None, title="Parent page")
    template: Annotated[str, f.one_of(PageTemplate)] = Field(
        PageTemplate.BLANK, title="Start from", description="Fills the text of a new page."
    )


def _prepare(access: ProductAccess, page: Any, values: Values, creating: bool) -> None:
    """A new page takes its template's text; a page is never its own ancestor."""
    if creating and not page.body:
        page.body = TEMPLATES.get(page.template, "").strip()
    if not creating and "template" in values:
        raise ValidationFailed({"template": "a page's template is chosen when it is created"})
    if page.parent_id is not None:
        _refuse_cycle(page)


def _refuse_cycle(page: WikiPage) -> None:
    parent = page.parent
    if parent is not None and parent.archived_at is not None:
        raise ValidationFailed({"parent": "this page is archived; restore it first"})
    ancestor_id: int | None = page.parent_id
    for _ in range(MAX_DEPTH):
        if ancestor_id is None:
            return
        if page.pk is not None and ancestor_id == page.pk:
            raise ValidationFailed(
                {"parent": "a page cannot sit under itself or under one of its own sub-pages"}
            )
        ancestor_id = (
            WikiPage.objects.filter(pk=ancestor_id).values_list("parent_id", flat=True).first()
        )
    raise ValidationFailed({"parent": f"pages nest at most {MAX_DEPTH} deep"})


def keep_revision(access: ProductAccess, page: Any, values: Values, creating: bool) -> None:
    """Every save keeps the words as they now are, and what they link to."""
    PageRevision.objects.create(
        page=page,
        version=page.version,
        title=page.title,
        body=page.body,
        author=access.user,
        created_at=timezone.now(),
    )
    wiki_links.store(access, page)


def _before_archive(access: ProductAccess, page: Any, archived: bool) -> None:
    if archived and page.children.filter(archived_at__isnull=True).exists():
        raise ValidationFailed({"page": "archive or move its sub-pages first"})
    if not archived and page.parent is not None and page.parent.archived_at is not None:
        raise ValidationFailed({"parent": "restore the parent page first"})


def _search_text(page: WikiPage) -> SearchText:
    return SearchText(title=page.title, body=page.body)


def _url(page: WikiPage) -> str:
    return reverse("knowledge:page", args=[page.product.key, page.pk])


def register_all() -> RecordType:
    return register(
        RecordType(
            name=KIND,
            model=WikiPage,
            label="Wiki page",
            plural="pages",
            action=Action.WIKI,
            schema=PageIn,
            fields=tuple(PageIn.model_fields),
            hooks=Hooks(prepare=_prepare, after_save=keep_revision, before_archive=_before_archive),
            api=RecordApi("/products/{product_key}/pages", ordering=("title", "id")),
            search=_search_text,
            url=_url,
            verbs=("created", "updated", "archived", "restored", "version_restored"),
            app="knowledge",
        )
    )
