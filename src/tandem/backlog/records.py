"""What search finds in the backlog: items, their acceptance criteria and comments."""

from __future__ import annotations

from django.urls import reverse

from tandem.workspace.registry import SearchSource, SearchText, register_search
from tandem.workspace.rights import Action

from .models import AcceptanceCriterion, Comment, Item


def _item_text(item: Item) -> SearchText:
    story = " ".join(
        part
        for part in (
            f"As {item.as_a}," if item.as_a else "",
            f"I want {item.i_want}" if item.i_want else "",
            f"so that {item.so_that}." if item.so_that else "",
        )
        if part
    )
    return SearchText(
        title=item.title,
        body="\n".join(filter(None, [story, item.description])),
        status=item.status,
        key=item.key,
    )


def _criterion_text(criterion: AcceptanceCriterion) -> SearchText:
    parts = [criterion.text]
    parts += [
        f"{word} {text}"
        for word, text in (
            ("Given", criterion.given),
            ("when", criterion.when),
            ("then", criterion.then),
        )
        if text
    ]
    return SearchText(
        title=f"Criterion of {criterion.item.key}: {criterion.item.title}",
        body="\n".join(filter(None, parts)),
        key=criterion.item.key,
    )


def _comment_text(comment: Comment) -> SearchText:
    return SearchText(
        title=f"Comment on {comment.item.key}: {comment.item.title}",
        body=comment.body,
        key=comment.item.key,
    )


def _item_url(item: Item) -> str:
    return reverse("backlog:item", args=[item.key])


def register_search_sources() -> None:
    register_search(
        SearchSource(
            name="item",
            model=Item,
            label="Item",
            search=_item_text,
            action=Action.BACKLOG,
            refresh_on={"item": "pk"},
            url=_item_url,
            key=lambda item: item.key,
        )
    )
    register_search(
        SearchSource(
            name="criterion",
            model=AcceptanceCriterion,
            label="Acceptance criterion",
            search=_criterion_text,
            action=Action.BACKLOG,
            refresh_on={"item": "item_id"},
            url=lambda c: _item_url(c.item),
            key=lambda c: c.item.key,
            product_path="item__product",
        )
    )
    register_search(
        SearchSource(
            name="comment",
            model=Comment,
            label="Comment",
            search=_comment_text,
            action=Action.WORK,
            refresh_on={"item": "item_id"},
            url=lambda c: _item_url(c.item),
            key=lambda c: c.item.key,
            product_path="item__product",
        )
    )
