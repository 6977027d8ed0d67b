"""Story quality: what a user story could say better, and splitting one that asks for two things.

The checks are ``tandem.core.story_quality`` (the Quality User Story criteria,
measured in benchmarks/README.md "User-story quality"). A story is checked against
its backlog's usual template, and is "not unique" when its stored neighbours hold a
likely duplicate. Only stories are checked: a bug or a task is not written as one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tandem.backlog import services
from tandem.backlog.models import Item, Kind
from tandem.core import stories, story_quality
from tandem.core.story_quality import Criterion, Finding, Template
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.rights import Action, Level

from . import neighbours
from .kept import PerProduct

TEMPLATE_SAMPLE = 500  # the most recent stories a backlog's usual template is read from


@dataclass(frozen=True)
class SplitOutcome:
    """The story as it now reads (or the proposal to change it) and the new second story."""

    updated: services.WriteOutcome
    created: Item


def story_text(item: Item) -> str:
    """The story as its writer would say it, or the title when its parts are not filled."""
    if item.as_a and item.i_want:
        return story_quality.compose_story(item.as_a, item.i_want, item.so_that)
    return item.title


TEMPLATE_KEPT = 60  # seconds a product's usual template is reused before it is read again


@dataclass
class _KeptTemplate:
    stamp: str
    read_at: float
    template: Template | None


_templates: PerProduct[_KeptTemplate] = PerProduct()


def _usual_template(item: Item) -> Template | None:
    """The product's usual story template, read from its recent stories (kept a minute)."""
    stamp = item.product.created_at.isoformat()  # ids come back after a rollback; this not
    kept = _templates.get(item.product_id)
    if kept is not None and kept.stamp == stamp and time.monotonic() - kept.read_at < TEMPLATE_KEPT:
        return kept.template
    rows = (
        Item.objects.filter(product_id=item.product_id, kind=Kind.STORY, archived_at__isnull=True)
        .order_by("-updated_at", "-pk")
        .values_list("as_a", "i_want", "so_that", "title")[:TEMPLATE_SAMPLE]
    )
    template = story_quality.dominant_template(
        story_quality.compose_story(a, w, s) if a and w else title for a, w, s, title in rows
    )
    _templates.put(item.product_id, _KeptTemplate(stamp, time.monotonic(), template))
    return template


def quality_findings(
    *, access: ProductAccess, item: Item, duplicates: Sequence[str] | None = None
) -> tuple[Finding, ...]:
    """What the story breaks of the Quality User Story criteria; () for other kinds.

    ``duplicates`` are the keys of its likely duplicates when the caller already read
    its stored neighbours.
    """
    access.require(Action.BACKLOG, Level.READ)
    if item.kind != Kind.STORY:
        return ()
    if duplicates is None:
        duplicates = neighbours.likely_duplicate_keys(access=access, item=item)
    return story_quality.check_story(
        story_text(item), template=_usual_template(item), duplicates=duplicates
    )


def suggested_split(findings: tuple[Finding, ...]) -> tuple[str, str] | None:
    for finding in findings:
        if finding.criterion == Criterion.ATOMIC and len(finding.rewrite) == 2:
            return finding.rewrite[0], finding.rewrite[1]
    return None


def _story_fields(text: str) -> dict[str, Any]:
    parts = stories.parse_quick_add(text)
    return {
        "title": parts.title,
        "as_a": parts.as_a,
        "i_want": parts.i_want,
        "so_that": parts.so_that,
    }


def story_split(*, access: ProductAccess, item: Item, expected_version: int) -> SplitOutcome:
    """Apply the atomic rule's split: this story becomes the first, a new one the second.

    Through the ordinary services, in one transaction: the change to this story is a
    proposal for whoever may only propose content, and the version read must still
    be the current one (409 otherwise).
    """
    split = suggested_split(quality_findings(access=access, item=item))
    if split is None:
        raise ValidationFailed({"item": f"{item.key} has no suggested split"})
    first, second = (_story_fields(text) for text in split)
    with transaction.atomic():
        updated = services.item_update(
            access=access,
            item=item,
            changes={k: v for k, v in first.items() if getattr(item, k) != v},
            expected_version=expected_version,
        )
        fields: dict[str, Any] = {"kind": Kind.STORY, **second}
        if item.parent_id is not None and item.parent is not None:
            fields["parent"] = item.parent.key
        created = services.item_create(access=access, fields=fields)
    return SplitOutcome(updated=updated, created=created)
