"""Template helpers for the rows the backlog repeats fifty times a page.

A row's status and estimate menus differ only by the selected value, so their
options are built once per value and reused, instead of looping in the
template for every row.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tandem.backlog.models import Status
from tandem.core.stories import STORY_POINT_SCALE

register = template.Library()


def _selected(value: object, current: object) -> str:
    return " selected" if value == current else ""


@lru_cache(maxsize=32)
def _status_options(current: str, may_accept: bool) -> SafeString:
    shown = [
        (value, _selected(value, current), label)
        for value, label in Status.choices
        if value != Status.ACCEPTED or may_accept or current == Status.ACCEPTED
    ]
    return format_html_join("", '<option value="{}"{}>{}</option>', shown)


@lru_cache(maxsize=32)
def _estimate_options(current: int | None) -> SafeString:
    blank = format_html('<option value=""{}>–</option>', _selected(None, current))
    points = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((p, _selected(p, current), p) for p in STORY_POINT_SCALE),
    )
    return SafeString(blank + points)


@register.simple_tag
def status_options(current: str, may_accept: bool) -> SafeString:
    """``<option>``s of the workflow statuses; accepted only for who may accept."""
    return _status_options(str(current), bool(may_accept))


@register.simple_tag
def estimate_options(current: int | None) -> SafeString:
    """``<option>``s of the story-point scale, with a blank for "not estimated"."""
    return _estimate_options(current)


@register.filter
def cell(step: Any, slice_id: int) -> list[Any]:
    """The stories of one story-map step in one slice row, in backlog rank."""
    return list(step.in_slice(slice_id))
