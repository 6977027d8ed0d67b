"""Comments (the team's questions, the PO's answers) and links to mockups and documents."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from tandem.backlog.models import Comment, Item, Link, LinkKind
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.records import clean_text
from tandem.workspace.rights import Action, Level

from .item_history import item_event
from .items import mark_active, require_live

URL_MAX_LENGTH = 500  # the column's size: PostgreSQL refuses a longer one


def _live_item(access: ProductAccess, item: Item) -> Item:
    if item.product_id != access.product.pk:
        raise NotFound("No such item.")
    require_live(item)
    return item


@transaction.atomic
def comment_add(
    *,
    access: ProductAccess,
    item: Item,
    body: str,
    is_question: bool = False,
    reply_to_id: int | None = None,
) -> Comment:
    access.require(Action.WORK, Level.COMMENT)
    item = _live_item(access, item)
    errors: dict[str, str] = {}
    body = clean_text(errors, "body", body, limit=20_000, required=True)
    if errors:
        raise ValidationFailed(errors)
    reply_to = None
    if reply_to_id is not None:
        reply_to = Comment.objects.filter(
            pk=reply_to_id, item=item, archived_at__isnull=True
        ).first()
        if reply_to is None:
            raise ValidationFailed({"reply_to": "is not a comment on this item"})
    comment = Comment.objects.create(
        item=item, author=access.user, body=body, is_question=is_question, reply_to=reply_to
    )
    mark_active(item.pk)
    item_event(
        access,
        item.pk,
        "comment.added",
        f"{item.key}: {body[:80]}",
        after={"comment": comment.pk, "question": is_question, "reply_to": reply_to_id},
    )
    return comment


@transaction.atomic
def comment_archive(*, access: ProductAccess, comment_id: int) -> None:
    """Authors withdraw their own comments; the PO keeps the thread tidy."""
    comment = (
        Comment.objects.filter(
            pk=comment_id, item__product=access.product, archived_at__isnull=True
        )
        .select_related("item")
        .first()
    )
    if comment is None:
        raise NotFound("No such comment.")
    if comment.author_id != access.user.pk and not access.can(Action.BACKLOG, Level.DECIDE):
        raise PermissionDenied("Only the author or the Product Owner removes a comment.")
    comment.archived_at = timezone.now()
    comment.save(update_fields=["archived_at"])
    item_event(
        access,
        comment.item_id,
        "comment.archived",
        f"{comment.item.key}: {comment.body[:80]}",
        before={"comment": comment.pk},
    )


@transaction.atomic
def link_add(
    *, access: ProductAccess, item: Item, url: str, title: str = "", kind: str = LinkKind.DOCUMENT
) -> Link:
    access.require(Action.WORK, Level.EDIT)
    item = _live_item(access, item)
    errors: dict[str, str] = {}
    try:
        URLValidator(schemes=["http", "https"])(url)
    except DjangoValidationError:
        errors["url"] = "must be an http(s) address"
    if len(url) > URL_MAX_LENGTH:
        errors["url"] = f"must be at most {URL_MAX_LENGTH} characters"
    if kind not in LinkKind.values:
        errors["kind"] = f"must be one of {', '.join(LinkKind.values)}"
    if errors:
        raise ValidationFailed(errors)
    link = Link.objects.create(
        item=item, url=url, title=title.strip()[:200], kind=kind, created_by=access.user
    )
    item_event(
        access,
        item.pk,
        "link.added",
        f"{item.key}: {link}",
        after={"url": url, "title": link.title, "kind": kind},
    )
    return link


@transaction.atomic
def link_remove(*, access: ProductAccess, link_id: int) -> None:
    access.require(Action.WORK, Level.EDIT)
    link = (
        Link.objects.filter(pk=link_id, item__product=access.product).select_related("item").first()
    )
    if link is None:
        raise NotFound("No such link.")
    item_event(
        access,
        link.item_id,
        "link.removed",
        f"{link.item.key}: {link}",
        before={"url": link.url, "title": link.title, "kind": link.kind},
    )
    link.delete()
