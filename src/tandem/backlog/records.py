"""What search finds in the backlog: items, their acceptance criteria and comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    register_search(_on_item(AcceptanceCriterion, "criterion", _criterion_text, Action.BACKLOG))
    register_search(_on_item(Comment, "comment", _comment_text, Action.WORK))


def _on_item(
    model: type[AcceptanceCriterion | Comment],
    name: str,
    search: Callable[[Any], SearchText],
    action: Action,
) -> SearchSource:
    """Text that lives on an item: found under the item's key and shown on its page."""
    return SearchSource(
        name=name,
        model=model,
        label=str(model._meta.verbose_name).capitalize(),
        search=search,
        action=action,
        refresh_on={"item": "item_id"},
        url=lambda row: _item_url(row.item),
        key=lambda row: row.item.key,
        product_path="item__product",
    )
