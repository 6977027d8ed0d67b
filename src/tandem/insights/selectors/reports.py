"""Composite reads: survey results, the stakeholder digest, the backlog ranked by evidence."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from tandem.backlog.models import Item, Kind, Status
from tandem.core import evidence, stats
from tandem.strategy.models import Initiative
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Event

from ..models import EvidenceWeights, QuestionKind, Stakeholder, Survey, SurveyAnswer
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
        if question.kind == QuestionKind.NPS:
            scores = numbers[qid]
            results.append(
                QuestionResult(
                    qid,
                    question.prompt,
                    question.kind,
                    len(scores),
                    nps=stats.nps(scores) if scores else None,
                    nps_trend=stats.nps_trend(sorted(by_period[qid].items())) if scores else (),
                )
            )
        elif question.kind == QuestionKind.CSAT:
            scores = numbers[qid]
            results.append(
                QuestionResult(
                    qid,
                    question.prompt,
                    question.kind,
                    len(scores),
                    csat=stats.csat(scores) if scores else None,
                )
            )
        elif question.kind == QuestionKind.CHOICE:
            counts = chosen[qid]
            results.append(
                QuestionResult(
                    qid,
                    question.prompt,
                    question.kind,
                    sum(counts.values()),
                    choices=[(c, counts[c]) for c in question.choices],
                )
            )
        else:
            results.append(
                QuestionResult(
                    qid,
                    question.prompt,
                    question.kind,
                    len(written[qid]),
                    texts=list(reversed(written[qid]))[:texts],
                )
            )
    return SurveyResults(survey=survey, responses=survey.responses.count(), questions=results)


# --- stakeholder digest --------------------------------------------------------------------


@dataclass(frozen=True)
class DigestEntry:
    kind: str  # "item" or "initiative"
    label: str
    key: str  # an item key, or the initiative's id
    events: list[Event]


@dataclass(frozen=True)
class Digest:
    stakeholder: Stakeholder
    since: datetime.datetime
    until: datetime.datetime
    entries: list[DigestEntry]

    @property
    def change_count(self) -> int:
        return sum(len(e.events) for e in self.entries)


def stakeholder_digest(
    *,
    access: ProductAccess,
    stakeholder: Stakeholder,
    since: datetime.datetime,
    until: datetime.datetime,
    per_entry: int = 20,
) -> Digest:
    """What changed, from the audit trail, for the items and initiatives they follow."""
    items = {i.pk: i for i in stakeholder.followed_items.select_related("product")}
    initiatives = {i.pk: i for i in stakeholder.followed_initiatives.all()}
    events = (
        Event.objects.filter(
            product=access.product,
            created_at__gte=since,
            created_at__lt=until,
        )
        .filter(
            Q(object_type="item", object_id__in=list(items))
            | Q(object_type="initiative", object_id__in=list(initiatives))
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    grouped: defaultdict[tuple[str, int], list[Event]] = defaultdict(list)
    for event in events:
        bucket = grouped[(event.object_type, event.object_id)]
        if len(bucket) < per_entry:
            bucket.append(event)
    entries = []
    for (object_type, object_id), found in grouped.items():
        if object_type == "item":
            item = items[object_id]
            entries.append(DigestEntry("item", f"{item.key} {item.title}", item.key, found))
        else:
            initiative = initiatives[object_id]
            entries.append(DigestEntry("initiative", initiative.title, str(object_id), found))
    entries.sort(key=lambda e: -e.events[0].created_at.timestamp())
    return Digest(stakeholder=stakeholder, since=since, until=until, entries=entries)


def describe(event: Event) -> str:
    """One line for a person: what happened, in words rather than field dumps."""
    verb = event.verb.split(".", 1)[-1].replace("_", " ")
    if event.after and event.before is not None:
        changes = ", ".join(
            f"{name} {event.before.get(name)!s} → {value!s}"
            for name, value in event.after.items()
            if name not in ("description", "i_want", "so_that", "rank")
        )
        return f"{verb}: {changes}" if changes else verb
    return verb


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


def initiatives_of(*, access: ProductAccess) -> list[Initiative]:
    return list(
        Initiative.objects.filter(product=access.product, archived_at__isnull=True).order_by(
            "title"
        )
    )
