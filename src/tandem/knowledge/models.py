"""The wiki: pages in Markdown per product, nested, with every saved version kept.

A page is a record of the spine (:mod:`tandem.knowledge.wiki_records`): its
plain verbs, versions, audit and rights come from there. Each save also keeps
a :class:`PageRevision` (the words as they were) and rewrites the page's
:class:`WikiLink` rows (what its text links to), so a linked record can show
"Linked from wiki" with one query.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from tandem.workspace.models import Product, Tracked, User


class PageTemplate(models.TextChoices):
    BLANK = "blank", "Blank page"
    PRD = "prd", "Product requirements (PRD)"
    MEETING = "meeting", "Meeting notes"
    DECISION = "decision", "Decision record"


class WikiPage(Tracked):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="wiki_pages")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    template = models.CharField(
        max_length=10, choices=PageTemplate.choices, default=PageTemplate.BLANK
    )

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")),
                name="wiki_page_not_its_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PageRevision(models.Model):
    """A page's title and body as one save left them; ``version`` is the page's then."""

    page = models.ForeignKey(WikiPage, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["page", "version"], name="page_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class LinkKind(models.TextChoices):
    ITEM = "item", "Item"
    INITIATIVE = "initiative", "Initiative"
    DECISION = "decision", "Decision"
    RELEASE = "release", "Release"
    PERSON = "person", "Person"


class WikiLink(models.Model):
    """One record a page's current text links to; rewritten on every save of the page."""

    page = models.ForeignKey(WikiPage, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=12, choices=LinkKind.choices)
    target_id = models.BigIntegerField()
    label = models.CharField(max_length=200)  # what the text said: DRN-42, @ana

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "kind", "target_id"], name="wiki_link_unique_target"
            ),
        ]
        indexes = [models.Index(fields=["kind", "target_id"], name="wiki_link_target")]

    def __str__(self) -> str:
        return f"{self.page} → {self.label}"


from .index_models import SearchDocument  # noqa: E402, F401  (the search index's own table)
