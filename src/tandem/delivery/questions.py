"""What delivery answers in Ask: what holds a sprint or release up, when a release is done."""

from __future__ import annotations

import re

from django.db.models import Q

from tandem.backlog.models import Item
from tandem.backlog.questions import not_done
from tandem.workspace.answers import Answer, Cited, Question, register_answerer

from .models import Dependency, Impediment, Release, Sprint
from .selectors.forecasts import release_forecast
from .selectors.scope import release_scope
from .selectors.sprint_base import items_in_sprint


def sprint_named(question: Question) -> Sprint | None:
    """The sprint the question names, else the active one."""
    sprints = list(
        Sprint.objects.filter(
            product=question.access.product, archived_at__isnull=True
        ).select_related("product")
    )
    named = question.names(sprints)
    if named is not None:
        return named  # type: ignore[no-any-return]
    active = [s for s in sprints if s.state == "active"]
    return active[0] if active else None


def release_named(question: Question) -> Release | None:
    """The release the question names (by name or "version 2.1"), else the next one."""
    releases = list(
        Release.objects.filter(product=question.access.product, archived_at__isnull=True)
        .select_related("product")
        .order_by("target_date", "id")
    )
    named = question.names(releases)
    if named is None:
        version = re.search(r"\b(?:release|version|v)\s*([\w.]+)", question.text, re.I)
        if version:
            named = next((r for r in releases if r.name.lower() == version.group(1).lower()), None)
    if named is not None:
        return named
    upcoming = [r for r in releases if r.released_on is None]
    return upcoming[0] if upcoming else None


def _subject(question: Question, cited: Cited) -> tuple[str, Q, object] | None:
    """What the question asks about: a release or a sprint, its citation and its items."""
    access = question.access
    if question.asks(r"\brelease\b|\bversion\b"):
        release = release_named(question)
        if release is None:
            return None
        scope = release_scope(access=access, release=release)
        items = Item.objects.filter(pk__in=[i.pk for i in scope])
        return f"Release {release.name} {cited.of('release', release)}", Q(items__in=items), items
    sprint = sprint_named(question)
    if sprint is None:
        return None
    items = items_in_sprint(access, sprint)
    subject = f"{sprint.name} {cited.of('sprint', sprint)}"
    return subject, Q(sprint=sprint) | Q(items__in=items), items


def blockers(question: Question) -> Answer | None:
    if not question.asks(r"\bblock|\bimpediment|\bholding\b.*\bup\b"):
        return None
    cited = Cited()
    about = _subject(question, cited)
    if about is None:
        return None
    subject, own, items = about
    product = question.access.product
    open_impediments = (
        Impediment.objects.filter(
            own, product=product, resolved_at__isnull=True, archived_at__isnull=True
        )
        .distinct()
        .order_by("-kind", "raised_at")
    )
    lines = [
        f"{'a blocker' if i.kind == 'blocker' else 'an impediment'}: "
        f"{i.description.splitlines()[0][:160]} {cited.of('impediment', i)}"
        for i in open_impediments[:10]
    ]
    waits = Dependency.objects.filter(
        item__in=not_done(items),
        blocked_by__in=not_done(Item.objects.filter(product=product, archived_at__isnull=True)),
    ).select_related("item__product", "blocked_by__product")
    lines += [
        f"{d.item.key} waits for {d.blocked_by.key} ({d.blocked_by.get_status_display()}) "
        f"{cited.of('item', d.blocked_by)}"
        for d in waits[:10]
    ]
    if not lines:
        return cited.answer(
            f"Nothing blocks {subject}: no open impediment or unfinished dependency."
        )
    return cited.answer(f"{subject} is held up by " + "; ".join(lines) + ".")


def release_when(question: Question) -> Answer | None:
    if not (
        question.asks(r"\bwhen\b|\bdate\b|\bforecast\b") and question.asks(r"releas|version|ship")
    ):
        return None
    release = release_named(question)
    if release is None:
        return None
    cited = Cited()
    mark = cited.of("release", release)
    if release.released_on:
        return cited.answer(
            f"Release {release.name} shipped on {release.released_on:%d %b %Y} {mark}."
        )
    forecast = release_forecast(access=question.access, release=release)
    done = f"{forecast.done_points} of {forecast.scope_points} points are done"
    if forecast.message or not forecast.when_dates:
        return cited.answer(
            f"Release {release.name} {mark}: {forecast.message or 'no forecast'} ({done})."
        )
    dates = forecast.when_dates
    target = f"; its target date is {release.target_date:%d %b %Y}" if release.target_date else ""
    return cited.answer(
        f"Release {release.name} {mark} is done by {dates[85]:%d %b %Y} with 85% confidence "
        f"(50%: {dates[50]:%d %b %Y}, 95%: {dates[95]:%d %b %Y}); {done}{target}."
    )


def register() -> None:
    register_answerer(release_when, order=40)
    register_answerer(blockers, order=50)
