"""Composite reads: survey results, the stakeholder digest, the backlog ranked by evidence."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from tandem.backlog.models import Item, Kind, Status
from tandem.core import evidence, stats
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Event
from tandem.workspace.notifications import wording
from tandem.workspace.notifications.rules import DIRECTION_TYPES, DIRECTION_VERBS
from tandem.workspace.registry import record_type

from ..models import EvidenceWeights, Idea, QuestionKind, Stakeholder, Survey, SurveyAnswer
from .demand import Demand, demand_of_items, live_links

# --- survey results ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    prompt: str
    kind: str
    answered: int
    nps: stats.NpsResult | None = None
    nps_trend: tuple[stats.NpsPeriod, ...] = ()
    csat: stats.CsatResult | None = None
    choices: list[tuple[str, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]

    @property
    def headline_nps(self) -> stats.NpsResult | None:
        return next((q.nps for q in self.questions if q.nps is not None), None)


def period_label(moment: datetime.datetime, period: str) -> str:
    if period == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "quarter":
        return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"
    return f"{moment.year}-{moment.month:02d}"


def survey_results(*, survey: Survey, period: str = "month", texts: int = 20) -> SurveyResults:
    """Every question's summary from one read of the answers (NPS with interval and trend)."""
    answers = (
        SurveyAnswer.objects.filter(response__survey=survey)
        .order_by("response__submitted_at", "id")
        .values_list("question_id", "number", "choice", "text", "response__submitted_at")
    )
    numbers: defaultdict[int, list[int]] = defaultdict(list)
    by_period: defaultdict[int, defaultdict[str, list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    chosen: defaultdict[int, Counter[str]] = defaultdict(Counter)
    written: defaultdict[int, list[str]] = defaultdict(list)
    for question_id, number, choice, text, submitted_at in answers:
        if number is not None:
            numbers[question_id].append(number)
            by_period[question_id][period_label(submitted_at, period)].append(number)
        if choice:
            chosen[question_id][choice] += 1
        if text:
            written[question_id].append(text)
    results = []
    for question in survey.questions.all():
        qid = question.pk
        scores, counts = numbers[qid], chosen[qid]
        summary: dict[str, Any] = {"answered": len(written[qid]), "texts": []}
        if question.kind == QuestionKind.NPS:
            trend = stats.nps_trend(sorted(by_period[qid].items())) if scores else ()
            summary = {"answered": len(scores), "nps_trend": trend}
            summary["nps"] = stats.nps(scores) if scores else None
        elif question.kind == QuestionKind.CSAT:
            summary = {"answered": len(scores), "csat": stats.csat(scores) if scores else None}
        elif question.kind == QuestionKind.CHOICE:
            choices = [(c, counts[c]) for c in question.choices]
            summary = {"answered": sum(counts.values()), "choices": choices}
        else:
            summary["texts"] = list(reversed(written[qid]))[:texts]
        results.append(QuestionResult(qid, question.prompt, question.kind, **summary))
    return SurveyResults(survey=survey, responses=survey.responses.count(), questions=results)


# --- stakeholder digest --------------------------------------------------------------------


@dataclass(frozen=True)
class DigestEntry:
    kind: str  # "item", "initiative", or another kind of record (vision, release, idea…)
    label: str
    key: str  # an item key, or the record's id
    events: list[Event]
    url: str = ""
    lines: tuple[wording.Line, ...] = ()  # the events in words, alike ones counted once


@dataclass(frozen=True)
class Digest:
    stakeholder: Stakeholder
    since: datetime.datetime
    until: datetime.datetime
    entries: list[DigestEntry]

    @property
    def change_count(self) -> int:
        return sum(len(e.events) for e in self.entries)


def _direction() -> Q:
    """The product's direction: vision, roadmap, releases, decisions, whoever follows what."""
    verbs = [f"{kind}.{verb}" for kind in DIRECTION_TYPES for verb in DIRECTION_VERBS]
    return Q(object_type__in=DIRECTION_TYPES, verb__in=verbs)


def _is_news(event: Event, own_ideas: set[int]) -> bool:
    """An idea of theirs counts once decided; a vote or an edit of it is not news."""
    if event.object_type != "idea" or event.object_id not in own_ideas:
        return True
    return (event.after or {}).get("status") in ("accepted", "declined")


def stakeholder_digest(
    *,
    access: ProductAccess,
    stakeholder: Stakeholder,
    since: datetime.datetime,
    until: datetime.datetime,
    per_entry: int = 20,
) -> Digest:
    """What changed, in words: the items and initiatives they follow, the product's
    direction (vision, roadmap, releases, decisions) and the outcome of their own ideas."""
    items = {i.pk: i for i in stakeholder.followed_items.select_related("product")}
    initiatives = {i.pk: i for i in stakeholder.followed_initiatives.all()}
    own_ideas = (
        set(
            Idea.objects.filter(
                product=access.product, created_by__email__iexact=stakeholder.email
            ).values_list("pk", flat=True)
        )
        if stakeholder.email
        else set()
    )
    events = (
        Event.objects.filter(
            product=access.product,
            created_at__gte=since,
            created_at__lt=until,
        )
        .filter(
            Q(object_type="item", object_id__in=list(items))
            | Q(object_type="initiative", object_id__in=list(initiatives))
            | Q(object_type="idea", object_id__in=list(own_ideas))
            | _direction()
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    grouped: defaultdict[tuple[str, int], list[Event]] = defaultdict(list)
    for event in events:
        bucket = grouped[(event.object_type, event.object_id)]
        if len(bucket) < per_entry and _is_news(event, own_ideas):
            bucket.append(event)
    worded = {
        (g.object_type, g.object_id): g
        for g in wording.group([e for found in grouped.values() for e in found])
    }
    entries = []
    for place, found in grouped.items():
        said = worded.get(place)
        if not found or said is None:
            continue
        object_type, object_id = place
        if object_type == "item" and object_id in items:
            item = items[object_id]
            label, key = f"{item.key} {item.title}", item.key
        else:
            label, key = said.label, str(object_id)
        entries.append(
            DigestEntry(object_type, label, key, found, url=said.url, lines=tuple(said.lines))
        )
    entries.sort(key=lambda e: -e.events[0].created_at.timestamp())
    return Digest(stakeholder=stakeholder, since=since, until=until, entries=entries)


def describe(event: Event) -> str:
    """One line for a person: what happened, in words rather than field dumps."""
    said = wording.say(event)
    return f"{said.phrase} it{said.detail}" if said is not None else ""


# --- evidence ranking ----------------------------------------------------------------------

RANKED_KINDS = (Kind.STORY, Kind.BUG, Kind.TASK, Kind.SPIKE)
OPEN_STATUSES = (Status.NEW, Status.READY, Status.IN_PROGRESS)


def weights_of(*, access: ProductAccess) -> tuple[evidence.Weights, int]:
    row = EvidenceWeights.objects.filter(product=access.product).first()
    if row is None:
        return evidence.Weights(), 1
    return evidence.Weights.from_mapping(row.weights), row.version


@dataclass(frozen=True)
class EvidenceRow:
    item: Item
    demand: Demand
    ranked: evidence.Ranked


def evidence_ranking(
    *, access: ProductAccess, weights: evidence.Weights | None = None, limit: int = 200
) -> list[EvidenceRow]:
    """Open stories, bugs, tasks and spikes, first ``limit`` of the manual order, ranked by
    the weighted evidence; each row keeps its manual position for comparison."""
    if weights is None:
        weights, _ = weights_of(access=access)
    items = list(
        Item.objects.filter(
            product=access.product,
            archived_at__isnull=True,
            kind__in=RANKED_KINDS,
            status__in=OPEN_STATUSES,
        )
        .select_related("product")
        .order_by("rank", "id")[:limit]
    )
    demand = demand_of_items(access=access, item_ids=[i.pk for i in items])
    inputs = []
    for position, item in enumerate(items, start=1):
        d = demand.get(item.pk, Demand())
        inputs.append(
            evidence.Evidence(
                key=item.key,
                manual_position=position,
                value=item.value,
                effort=item.effort,
                demand=float(d.weighted) if d.feedback else None,
                revenue=float(d.mrr) if d.mrr else None,
                business_value=item.business_value,
                time_criticality=item.time_criticality,
                risk_reduction=item.risk_reduction,
                job_size=item.job_size,
            )
        )
    by_key = {item.key: item for item in items}
    return [
        EvidenceRow(item=by_key[r.key], demand=demand.get(by_key[r.key].pk, Demand()), ranked=r)
        for r in evidence.rank_by_evidence(inputs, weights)
    ]


@dataclass(frozen=True)
class DemandRow:
    item: Item
    demand: Demand


def top_unplanned_demand(
    *, access: ProductAccess, planned: set[int], limit: int = 5
) -> list[DemandRow]:
    """Open items with the most customer demand that no open sprint or release holds."""
    demand = demand_of_items(access=access)
    candidates = sorted(
        (pk for pk in demand if pk not in planned),
        key=lambda pk: (-demand[pk].customers, -demand[pk].mrr, -demand[pk].feedback, pk),
    )
    items = {
        i.pk: i
        for i in Item.objects.filter(
            pk__in=candidates[: limit * 4],
            archived_at__isnull=True,
            status__in=OPEN_STATUSES,
        ).select_related("product")
    }
    rows = [DemandRow(items[pk], demand[pk]) for pk in candidates[: limit * 4] if pk in items]
    return rows[:limit]


def initiative_demand(*, access: ProductAccess) -> dict[int, int]:
    """Feedback count per initiative (direct links only), for roadmap views above."""
    counts: Counter[int] = Counter(
        live_links(access).filter(initiative__isnull=False).values_list("initiative_id", flat=True)
    )
    return dict(counts)


def initiatives_of(*, access: ProductAccess) -> list[Any]:
    """The product's live initiatives by title, read through the registry (strategy is below)."""
    live = record_type("initiative").scoped(access).filter(archived_at__isnull=True)
    return list(live.order_by("title"))
