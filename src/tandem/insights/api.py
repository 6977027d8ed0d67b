"""The insights API: thin over services and selectors."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Status

from tandem.backlog import selectors as backlog_selectors
from tandem.core import evidence
from tandem.workspace.access import ProductAccess
from tandem.workspace.api import current_user
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.schemas import QueryIn
from tandem.workspace.selectors import product_access

from . import selectors, services
from .models import Survey
from .schemas import (
    AcceptIn,
    CreateItemIn,
    CsatOut,
    CustomerIn,
    CustomerOut,
    CustomerPatchIn,
    DeclineIn,
    DemandOut,
    DigestChangeOut,
    DigestEntryOut,
    DigestOut,
    DuplicateIn,
    FeedbackIn,
    FeedbackOut,
    FeedbackPatchIn,
    FollowsIn,
    IdeaIn,
    IdeaOut,
    IdeaPatchIn,
    ImportIn,
    ImportOut,
    LinkIn,
    LinkOut,
    NpsOut,
    NpsPeriodOut,
    PersonIn,
    PersonOut,
    PersonPatchIn,
    QuestionResultOut,
    RankedOut,
    RankingOut,
    ResultsOut,
    StakeholderIn,
    StakeholderOut,
    StakeholderPatchIn,
    SuggestionOut,
    SurveyIn,
    SurveyOut,
    SurveyPatchIn,
    WeightsIn,
    WeightsOut,
    customer_out,
    feedback_out,
    idea_out,
    link_out,
    person_out,
    stakeholder_out,
    survey_out,
)

router = Router(tags=["insights"])
P = "/products/{product_key}"


def _access(request: HttpRequest, product_key: str) -> ProductAccess:
    return product_access(user=current_user(request), product_key=product_key)


def expected_version(request: HttpRequest, body_version: int | None) -> int | None:
    """The version the client read, from ``If-Match`` or the body (services require one)."""
    header = request.headers.get("If-Match", "").strip()
    if header:
        value = header.removeprefix("W/").strip('"')
        if not value.isdigit():
            raise ValidationFailed({"If-Match": "must be an ETag this API returned"})
        return int(value)
    return body_version


def _etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = f'"{version}"'


# --- stakeholders --------------------------------------------------------------------------


@router.get(P + "/stakeholders", response=list[StakeholderOut])
def list_stakeholders(request: HttpRequest, product_key: str, archived: bool = False) -> Any:
    access = _access(request, product_key)
    return [stakeholder_out(s) for s in selectors.stakeholders_of(access=access, archived=archived)]


@router.post(P + "/stakeholders", response={201: StakeholderOut})
def create_stakeholder(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: StakeholderIn
) -> Any:
    s = services.stakeholder_create(access=_access(request, product_key), fields=payload.dict())
    _etag(response, s.version)
    return Status(201, stakeholder_out(s))


@router.get(P + "/stakeholders/{pk}", response=StakeholderOut)
def get_stakeholder(request: HttpRequest, response: HttpResponse, product_key: str, pk: int) -> Any:
    s = selectors.stakeholder_of(access=_access(request, product_key), pk=pk)
    _etag(response, s.version)
    return stakeholder_out(s)


@router.patch(P + "/stakeholders/{pk}", response=StakeholderOut)
def patch_stakeholder(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    pk: int,
    payload: StakeholderPatchIn,
) -> Any:
    access = _access(request, product_key)
    s = services.stakeholder_update(
        access=access,
        stakeholder=selectors.stakeholder_of(access=access, pk=pk),
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
        expected_version=expected_version(request, payload.version),
    )
    _etag(response, s.version)
    return stakeholder_out(s)


@router.put(P + "/stakeholders/{pk}/follows", response=StakeholderOut)
def set_follows(request: HttpRequest, product_key: str, pk: int, payload: FollowsIn) -> Any:
    access = _access(request, product_key)
    s = services.stakeholder_follow(
        access=access,
        stakeholder=selectors.stakeholder_of(access=access, pk=pk),
        item_keys=payload.items,
        initiative_ids=payload.initiatives,
    )
    return stakeholder_out(s)


@router.delete(P + "/stakeholders/{pk}", response={204: None})
def archive_stakeholder(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    services.stakeholder_archive(
        access=access, stakeholder=selectors.stakeholder_of(access=access, pk=pk)
    )
    return Status(204, None)


@router.post(P + "/stakeholders/{pk}/restore", response=StakeholderOut)
def restore_stakeholder(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    s = services.stakeholder_restore(
        access=access, stakeholder=selectors.stakeholder_of(access=access, pk=pk)
    )
    return stakeholder_out(s)


@router.get(P + "/stakeholders/{pk}/digest", response=DigestOut, summary="What changed for them")
def stakeholder_digest(request: HttpRequest, product_key: str, pk: int, days: int = 7) -> Any:
    access = _access(request, product_key)
    stakeholder = selectors.stakeholder_of(access=access, pk=pk)
    until = timezone.now()
    digest = selectors.stakeholder_digest(
        access=access,
        stakeholder=stakeholder,
        since=until - datetime.timedelta(days=max(1, min(days, 366))),
        until=until,
    )
    return DigestOut(
        stakeholder=stakeholder.name,
        since=digest.since,
        until=digest.until,
        entries=[
            DigestEntryOut(
                kind=e.kind,
                key=e.key,
                label=e.label,
                changes=[
                    DigestChangeOut(
                        at=ev.created_at,
                        actor=ev.actor.email if ev.actor else None,
                        verb=ev.verb,
                        summary=selectors.describe(ev),
                    )
                    for ev in e.events
                ],
            )
            for e in digest.entries
        ],
    )


# --- customers -----------------------------------------------------------------------------


@router.get(P + "/customers", response=list[CustomerOut])
def list_customers(request: HttpRequest, product_key: str, archived: bool = False) -> Any:
    access = _access(request, product_key)
    return [customer_out(c) for c in selectors.customers_of(access=access, archived=archived)]


@router.post(P + "/customers", response={201: CustomerOut})
def create_customer(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: CustomerIn
) -> Any:
    c = services.customer_create(access=_access(request, product_key), fields=payload.dict())
    _etag(response, c.version)
    return Status(201, customer_out(c))


@router.get(P + "/customers/{pk}", response=CustomerOut)
def get_customer(request: HttpRequest, response: HttpResponse, product_key: str, pk: int) -> Any:
    c = selectors.customer_of(access=_access(request, product_key), pk=pk)
    _etag(response, c.version)
    return customer_out(c, people=True)


@router.patch(P + "/customers/{pk}", response=CustomerOut)
def patch_customer(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    pk: int,
    payload: CustomerPatchIn,
) -> Any:
    access = _access(request, product_key)
    c = services.customer_update(
        access=access,
        customer=selectors.customer_of(access=access, pk=pk),
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
        expected_version=expected_version(request, payload.version),
    )
    _etag(response, c.version)
    return customer_out(c)


@router.delete(P + "/customers/{pk}", response={204: None})
def archive_customer(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    services.customer_archive(access=access, customer=selectors.customer_of(access=access, pk=pk))
    return Status(204, None)


@router.post(P + "/customers/{pk}/restore", response=CustomerOut)
def restore_customer(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    c = services.customer_restore(
        access=access, customer=selectors.customer_of(access=access, pk=pk)
    )
    return customer_out(c)


@router.post(P + "/customers/{pk}/people", response={201: PersonOut})
def add_person(request: HttpRequest, product_key: str, pk: int, payload: PersonIn) -> Any:
    access = _access(request, product_key)
    person = services.person_add(
        access=access, customer=selectors.customer_of(access=access, pk=pk), fields=payload.dict()
    )
    return Status(201, person_out(person))


@router.patch(P + "/people/{pk}", response=PersonOut)
def patch_person(
    request: HttpRequest, response: HttpResponse, product_key: str, pk: int, payload: PersonPatchIn
) -> Any:
    access = _access(request, product_key)
    person = services.person_update(
        access=access,
        person=selectors.person_of(access=access, pk=pk),
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
        expected_version=expected_version(request, payload.version),
    )
    _etag(response, person.version)
    return person_out(person)


@router.delete(P + "/people/{pk}", response={204: None})
def archive_person(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    services.person_archive(access=access, person=selectors.person_of(access=access, pk=pk))
    return Status(204, None)


@router.post(P + "/people/{pk}/restore", response=PersonOut)
def restore_person(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    person = services.person_restore(
        access=access, person=selectors.person_of(access=access, pk=pk)
    )
    return person_out(person)


# --- feedback ------------------------------------------------------------------------------


class FeedbackFilters(QueryIn):
    state: str | None = None
    kind: str | None = None
    customer: int | None = None
    text: str | None = None
    archived: bool = False
    limit: int = 50
    offset: int = 0


@router.get(P + "/feedback", response=list[FeedbackOut])
def list_feedback(request: HttpRequest, product_key: str, filters: Query[FeedbackFilters]) -> Any:
    access = _access(request, product_key)
    rows = selectors.feedback_list(
        access=access,
        state=filters.state,
        kind=filters.kind,
        customer=filters.customer,
        text=filters.text,
        archived=filters.archived,
        limit=max(1, min(filters.limit, 200)),
        offset=max(0, filters.offset),
    )
    return [feedback_out(f) for f in rows]


@router.post(P + "/feedback", response={201: FeedbackOut})
def create_feedback(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: FeedbackIn
) -> Any:
    access = _access(request, product_key)
    f = services.feedback_create(access=access, fields=payload.dict(exclude_unset=True))
    _etag(response, f.version)
    return Status(201, feedback_out(selectors.feedback_of(access=access, pk=f.pk)))


@router.post(P + "/feedback/import", response=ImportOut, summary="Import feedback from CSV")
def import_feedback(request: HttpRequest, product_key: str, payload: ImportIn) -> Any:
    """All rows or none; errors are keyed ``line N: field``. ``preview`` checks without writing."""
    access = _access(request, product_key)
    preview = services.feedback_import_preview(
        access=access, data=payload.csv, mapping=payload.mapping, filename=payload.filename
    )
    imported = 0
    if not payload.preview:
        imported = len(
            services.feedback_import(
                access=access, data=payload.csv, mapping=payload.mapping, filename=payload.filename
            )
        )
    return ImportOut(
        imported=imported,
        preview=payload.preview,
        header=list(preview.header),
        rows=[list(r) for r in preview.rows],
        columns={name: preview.header[i] for name, i in preview.columns.items()},
    )


@router.get(P + "/feedback/{pk}", response=FeedbackOut)
def get_feedback(request: HttpRequest, response: HttpResponse, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    f = selectors.feedback_of(access=access, pk=pk)
    suggest, source = selectors.kind_suggester(access=access)
    found = suggest(f.text)
    _etag(response, f.version)
    return feedback_out(
        f,
        SuggestionOut(kind=found.kind, confidence=found.confidence, source=source)
        if found
        else None,
    )


@router.patch(P + "/feedback/{pk}", response=FeedbackOut)
def patch_feedback(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    pk: int,
    payload: FeedbackPatchIn,
) -> Any:
    access = _access(request, product_key)
    f = services.feedback_update(
        access=access,
        feedback=selectors.feedback_of(access=access, pk=pk),
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
        expected_version=expected_version(request, payload.version),
    )
    _etag(response, f.version)
    return feedback_out(selectors.feedback_of(access=access, pk=f.pk))


@router.delete(P + "/feedback/{pk}", response={204: None}, summary="Archive (soft delete)")
def archive_feedback(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    services.feedback_archive(access=access, feedback=selectors.feedback_of(access=access, pk=pk))
    return Status(204, None)


@router.post(P + "/feedback/{pk}/restore", response=FeedbackOut)
def restore_feedback(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    f = services.feedback_restore(
        access=access, feedback=selectors.feedback_of(access=access, pk=pk)
    )
    return feedback_out(selectors.feedback_of(access=access, pk=f.pk))


@router.post(P + "/feedback/{pk}/links", response={201: LinkOut})
def link_feedback(request: HttpRequest, product_key: str, pk: int, payload: LinkIn) -> Any:
    access = _access(request, product_key)
    link = services.feedback_link(
        access=access,
        feedback=selectors.feedback_of(access=access, pk=pk),
        item_key=payload.item,
        initiative_id=payload.initiative,
        importance=payload.importance,
    )
    return Status(201, link_out(link))


@router.delete(P + "/feedback-links/{pk}", response={204: None})
def unlink_feedback(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    services.feedback_unlink(access=access, link=selectors.link_of(access=access, pk=pk))
    return Status(204, None)


@router.post(P + "/feedback/{pk}/item", response={201: DemandOut}, summary="Create an item from it")
def item_from_feedback(
    request: HttpRequest, product_key: str, pk: int, payload: CreateItemIn
) -> Any:
    access = _access(request, product_key)
    item = services.feedback_create_item(
        access=access,
        feedback=selectors.feedback_of(access=access, pk=pk),
        title=payload.title,
        kind=payload.kind,
    )
    return Status(201, _demand_out(access, item))


@router.post(P + "/feedback/{pk}/duplicate", response=FeedbackOut)
def mark_duplicate(request: HttpRequest, product_key: str, pk: int, payload: DuplicateIn) -> Any:
    access = _access(request, product_key)
    f = services.feedback_mark_duplicate(
        access=access,
        feedback=selectors.feedback_of(access=access, pk=pk),
        original=selectors.feedback_of(access=access, pk=payload.of),
    )
    return feedback_out(selectors.feedback_of(access=access, pk=f.pk))


# --- ideas ---------------------------------------------------------------------------------


def _idea(access: ProductAccess, pk: int) -> Any:
    return idea_out(selectors.idea_of(access=access, pk=pk))


@router.get(P + "/ideas", response=list[IdeaOut])
def list_ideas(
    request: HttpRequest, product_key: str, status: str | None = None, archived: bool = False
) -> Any:
    access = _access(request, product_key)
    return [
        idea_out(i) for i in selectors.ideas_of(access=access, status=status, archived=archived)
    ]


@router.post(P + "/ideas", response={201: IdeaOut})
def propose_idea(request: HttpRequest, product_key: str, payload: IdeaIn) -> Any:
    access = _access(request, product_key)
    idea = services.idea_propose(access=access, fields=payload.dict())
    return Status(201, _idea(access, idea.pk))


@router.get(P + "/ideas/{pk}", response=IdeaOut)
def get_idea(request: HttpRequest, response: HttpResponse, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    out = _idea(access, pk)
    _etag(response, out.version)
    return out


@router.patch(P + "/ideas/{pk}", response=IdeaOut)
def patch_idea(
    request: HttpRequest, response: HttpResponse, product_key: str, pk: int, payload: IdeaPatchIn
) -> Any:
    access = _access(request, product_key)
    idea = services.idea_update(
        access=access,
        idea=selectors.idea_of(access=access, pk=pk),
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
        expected_version=expected_version(request, payload.version),
    )
    _etag(response, idea.version)
    return _idea(access, idea.pk)


@router.post(P + "/ideas/{pk}/vote", response=IdeaOut)
def vote_idea(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    services.idea_vote(access=access, idea=selectors.idea_of(access=access, pk=pk))
    return _idea(access, pk)


@router.delete(P + "/ideas/{pk}/vote", response=IdeaOut)
def unvote_idea(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    services.idea_vote(access=access, idea=selectors.idea_of(access=access, pk=pk), vote=False)
    return _idea(access, pk)


@router.post(P + "/ideas/{pk}/accept", response=IdeaOut)
def accept_idea(request: HttpRequest, product_key: str, pk: int, payload: AcceptIn) -> Any:
    access = _access(request, product_key)
    services.idea_accept(
        access=access,
        idea=selectors.idea_of(access=access, pk=pk),
        destination=payload.destination,
        horizon=payload.horizon,
        expected_version=expected_version(request, payload.version),
    )
    return _idea(access, pk)


@router.post(P + "/ideas/{pk}/decline", response=IdeaOut)
def decline_idea(request: HttpRequest, product_key: str, pk: int, payload: DeclineIn) -> Any:
    access = _access(request, product_key)
    services.idea_decline(
        access=access,
        idea=selectors.idea_of(access=access, pk=pk),
        reason=payload.reason,
        expected_version=expected_version(request, payload.version),
    )
    return _idea(access, pk)


@router.delete(P + "/ideas/{pk}", response={204: None})
def archive_idea(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    services.idea_archive(access=access, idea=selectors.idea_of(access=access, pk=pk))
    return Status(204, None)


@router.post(P + "/ideas/{pk}/restore", response=IdeaOut)
def restore_idea(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    services.idea_restore(access=access, idea=selectors.idea_of(access=access, pk=pk))
    return _idea(access, pk)


# --- surveys -------------------------------------------------------------------------------


def _survey_out(request: HttpRequest, survey: Survey) -> SurveyOut:
    url = request.build_absolute_uri(reverse("insights:survey-public", args=[survey.public_key]))
    return survey_out(survey, url)


@router.get(P + "/surveys", response=list[SurveyOut])
def list_surveys(request: HttpRequest, product_key: str, archived: bool = False) -> Any:
    access = _access(request, product_key)
    surveys = selectors.surveys_of(access=access, archived=archived).prefetch_related("questions")
    return [_survey_out(request, s) for s in surveys]


@router.post(P + "/surveys", response={201: SurveyOut})
def create_survey(request: HttpRequest, product_key: str, payload: SurveyIn) -> Any:
    access = _access(request, product_key)
    fields = payload.dict()
    survey = services.survey_create(access=access, fields=fields)
    return Status(201, _survey_out(request, selectors.survey_of(access=access, pk=survey.pk)))


@router.get(P + "/surveys/{pk}", response=SurveyOut)
def get_survey(request: HttpRequest, response: HttpResponse, product_key: str, pk: int) -> Any:
    survey = selectors.survey_of(access=_access(request, product_key), pk=pk)
    _etag(response, survey.version)
    return _survey_out(request, survey)


@router.patch(P + "/surveys/{pk}", response=SurveyOut)
def patch_survey(
    request: HttpRequest, response: HttpResponse, product_key: str, pk: int, payload: SurveyPatchIn
) -> Any:
    access = _access(request, product_key)
    survey = services.survey_update(
        access=access,
        survey=selectors.survey_of(access=access, pk=pk),
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
        expected_version=expected_version(request, payload.version),
    )
    _etag(response, survey.version)
    return _survey_out(request, selectors.survey_of(access=access, pk=survey.pk))


@router.delete(P + "/surveys/{pk}", response={204: None})
def archive_survey(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    services.survey_archive(access=access, survey=selectors.survey_of(access=access, pk=pk))
    return Status(204, None)


@router.post(P + "/surveys/{pk}/restore", response=SurveyOut)
def restore_survey(request: HttpRequest, product_key: str, pk: int) -> Any:
    access = _access(request, product_key)
    services.survey_restore(access=access, survey=selectors.survey_of(access=access, pk=pk))
    return _survey_out(request, selectors.survey_of(access=access, pk=pk))


@router.get(P + "/surveys/{pk}/results", response=ResultsOut, summary="NPS, CSAT and the rest")
def survey_results(request: HttpRequest, product_key: str, pk: int, period: str = "month") -> Any:
    access = _access(request, product_key)
    if period not in ("week", "month", "quarter"):
        raise ValidationFailed({"period": "must be one of: week, month, quarter"})
    results = selectors.survey_results(
        survey=selectors.survey_of(access=access, pk=pk), period=period
    )

    def nps(r: Any) -> NpsOut:
        return NpsOut(
            score=r.score,
            low=r.low,
            high=r.high,
            n=r.n,
            promoters=r.promoters,
            passives=r.passives,
            detractors=r.detractors,
        )

    return ResultsOut(
        survey=pk,
        responses=results.responses,
        questions=[
            QuestionResultOut(
                question=q.question_id,
                kind=q.kind,
                prompt=q.prompt,
                answered=q.answered,
                nps=nps(q.nps) if q.nps else None,
                trend=[NpsPeriodOut(period=p.label, nps=nps(p.result)) for p in q.nps_trend],
                csat=CsatOut(
                    n=q.csat.n,
                    mean=q.csat.mean,
                    satisfied_share=q.csat.satisfied_share,
                    distribution=list(q.csat.distribution),
                )
                if q.csat
                else None,
                choices=dict(q.choices),
                texts=q.texts,
            )
            for q in results.questions
        ],
    )


# --- demand and evidence -------------------------------------------------------------------


def _demand_out(access: ProductAccess, item: Any) -> DemandOut:
    demand = selectors.demand_of_items(access=access, item_ids=[item.pk]).get(item.pk)
    demand = demand or selectors.Demand()
    return DemandOut(
        item=item.key,
        feedback=demand.feedback,
        weighted=demand.weighted,
        customers=demand.customers,
        people=demand.people,
        mrr=demand.mrr,
        arr=demand.arr,
    )


@router.get("/items/{item_key}/demand", response=DemandOut, summary="Customer demand on an item")
def item_demand(request: HttpRequest, item_key: str) -> Any:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    return _demand_out(access, item)


@router.post(
    "/items/{item_key}/reach-from-demand",
    response={200: DemandOut, 202: DemandOut},
    summary="Use demand as RICE reach",
)
def reach_from_demand(request: HttpRequest, item_key: str, version: int | None = None) -> Any:
    """Sets the item's reach to the people behind its feedback; a PM's change is proposed (202)."""
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    outcome = services.item_reach_from_demand(
        access=access, item=item, expected_version=expected_version(request, version)
    )
    return Status(200 if outcome.applied else 202, _demand_out(access, item))


@router.get(
    P + "/initiatives/demand",
    response=dict[int, int],
    summary="Feedback linked to each initiative, by initiative id",
)
def initiatives_demand(request: HttpRequest, product_key: str) -> Any:
    return selectors.initiative_demand(access=_access(request, product_key))


@router.get(P + "/evidence", response=RankingOut, summary="The backlog ranked by evidence")
def evidence_ranking(request: HttpRequest, product_key: str, limit: int = 200) -> Any:
    access = _access(request, product_key)
    weights, version = selectors.weights_of(access=access)
    rows = selectors.evidence_ranking(access=access, weights=weights, limit=max(1, min(limit, 500)))
    return RankingOut(
        weights=WeightsOut(weights=weights.as_dict(), version=version),
        items=[
            RankedOut(
                item=r.item.key,
                title=r.item.title,
                score=round(r.ranked.score, 2),
                position=r.ranked.position,
                manual_position=r.ranked.manual_position,
                feedback=r.demand.feedback,
                customers=r.demand.customers,
                mrr=r.demand.mrr,
            )
            for r in rows
        ],
    )


@router.put(P + "/evidence/weights", response=WeightsOut)
def set_weights(request: HttpRequest, product_key: str, payload: WeightsIn) -> Any:
    access = _access(request, product_key)
    row = services.weights_update(
        access=access,
        weights=payload.weights,
        expected_version=expected_version(request, payload.version),
    )
    return WeightsOut(
        weights=evidence.Weights.from_mapping(row.weights).as_dict(), version=row.version
    )
