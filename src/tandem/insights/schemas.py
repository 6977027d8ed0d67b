"""The shapes the insights API reads and answers."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from tandem.workspace.schemas import BodyIn

from .models import Customer, CustomerPerson, Feedback, Idea, Stakeholder, Survey

VERSION_HELP = "The version you read; or send it as `If-Match`."


class StakeholderIn(BodyIn):
    name: str
    email: str = ""
    kind: str = "internal"
    role: str = ""
    team: str = ""
    influence: int = 3
    interest: int = 3
    notes: str = ""


class StakeholderPatchIn(BodyIn):
    name: str | None = None
    email: str | None = None
    kind: str | None = None
    role: str | None = None
    team: str | None = None
    influence: int | None = None
    interest: int | None = None
    notes: str | None = None
    version: int | None = Field(None, description=VERSION_HELP)


class FollowsIn(BodyIn):
    items: list[str] = Field(default_factory=list, description="Item keys like DRN-42")
    initiatives: list[int] = Field(default_factory=list)


class StakeholderOut(Schema):
    id: int
    name: str
    email: str
    kind: str
    role: str
    team: str
    influence: int
    interest: int
    quadrant: str
    notes: str
    version: int
    archived: bool


def stakeholder_out(s: Stakeholder) -> StakeholderOut:
    return StakeholderOut(
        id=s.pk,
        name=s.name,
        email=s.email,
        kind=s.kind,
        role=s.role,
        team=s.team,
        influence=s.influence,
        interest=s.interest,
        quadrant=s.quadrant.value,
        notes=s.notes,
        version=s.version,
        archived=s.is_archived,
    )


class DigestChangeOut(Schema):
    at: datetime.datetime
    actor: str | None
    verb: str
    summary: str


class DigestEntryOut(Schema):
    kind: str
    key: str
    label: str
    changes: list[DigestChangeOut]


class DigestOut(Schema):
    stakeholder: str
    since: datetime.datetime
    until: datetime.datetime
    entries: list[DigestEntryOut]


class CustomerIn(BodyIn):
    name: str
    segment: str = ""
    plan: str = ""
    mrr: Decimal = Decimal("0")
    status: str = "active"


class CustomerPatchIn(BodyIn):
    name: str | None = None
    segment: str | None = None
    plan: str | None = None
    mrr: Decimal | None = None
    status: str | None = None
    version: int | None = Field(None, description=VERSION_HELP)


class PersonIn(BodyIn):
    name: str
    email: str = ""
    title: str = ""


class PersonPatchIn(BodyIn):
    name: str | None = None
    email: str | None = None
    title: str | None = None
    version: int | None = Field(None, description=VERSION_HELP)


class PersonOut(Schema):
    id: int
    customer: int
    name: str
    email: str
    title: str
    version: int
    archived: bool


def person_out(p: CustomerPerson) -> PersonOut:
    return PersonOut(
        id=p.pk,
        customer=p.customer_id,
        name=p.name,
        email=p.email,
        title=p.title,
        version=p.version,
        archived=p.is_archived,
    )


class CustomerOut(Schema):
    id: int
    name: str
    segment: str
    plan: str
    mrr: Decimal
    arr: Decimal
    status: str
    version: int
    archived: bool
    people: list[PersonOut] | None = None


def customer_out(c: Customer, *, people: bool = False) -> CustomerOut:
    return CustomerOut(
        id=c.pk,
        name=c.name,
        segment=c.segment,
        plan=c.plan,
        mrr=c.mrr,
        arr=c.arr,
        status=c.status,
        version=c.version,
        archived=c.is_archived,
        people=[person_out(p) for p in c.people.all()] if people else None,
    )


class FeedbackIn(BodyIn):
    text: str
    source: str = "other"
    customer: int | str | None = Field(None, description="Customer id or name")
    person: int | str | None = Field(None, description="Person id, name or e-mail")
    received_on: datetime.date | None = None
    kind: str = ""
    sentiment: str = ""


class FeedbackPatchIn(BodyIn):
    text: str | None = None
    source: str | None = None
    customer: int | str | None = None
    person: int | str | None = None
    received_on: datetime.date | None = None
    kind: str | None = None
    sentiment: str | None = None
    version: int | None = Field(None, description=VERSION_HELP)


class LinkIn(BodyIn):
    item: str | None = Field(None, description="An item key like DRN-42")
    initiative: int | None = None
    importance: int = Field(2, description="1 nice to have, 2 important, 3 critical")


class LinkOut(Schema):
    id: int
    item: str | None
    initiative: int | None
    importance: int


class SuggestionOut(Schema):
    kind: str
    confidence: float
    source: str


class FeedbackOut(Schema):
    id: int
    text: str
    source: str
    customer: int | None
    customer_name: str | None
    person: int | None
    received_on: datetime.date
    kind: str
    sentiment: str
    state: str
    duplicate_of: int | None
    links: list[LinkOut]
    version: int
    archived: bool
    suggestion: SuggestionOut | None = None


def link_out(link) -> LinkOut:  # type: ignore[no-untyped-def]
    return LinkOut(
        id=link.pk,
        item=link.item.key if link.item_id else None,
        initiative=link.initiative_id,
        importance=link.importance,
    )


def feedback_out(f: Feedback, suggestion: SuggestionOut | None = None) -> FeedbackOut:
    links = getattr(f, "live_links", None)
    if links is None:
        links = list(f.links.filter(archived_at__isnull=True).select_related("item__product"))
    return FeedbackOut(
        id=f.pk,
        text=f.text,
        source=f.source,
        customer=f.customer_id,
        customer_name=f.customer.name if f.customer_id else None,  # type: ignore[union-attr]
        person=f.person_id,
        received_on=f.received_on,
        kind=f.kind,
        sentiment=f.sentiment,
        state=f.state,
        duplicate_of=f.duplicate_of_id,
        links=[link_out(link) for link in links],
        version=f.version,
        archived=f.is_archived,
        suggestion=suggestion,
    )


class CreateItemIn(BodyIn):
    title: str = ""
    kind: str = ""


class DuplicateIn(BodyIn):
    of: int = Field(..., description="The id of the original feedback")


class ImportIn(BodyIn):
    csv: str = Field(..., description="The file's text; the first line names the columns")
    filename: str = "upload.csv"
    mapping: dict[str, str] = Field(
        default_factory=dict,
        description="field → column; fields named like a column map themselves",
    )
    preview: bool = False


class ImportOut(Schema):
    imported: int
    preview: bool
    header: list[str]
    rows: list[list[str]]
    columns: dict[str, str]


class IdeaIn(BodyIn):
    title: str
    description: str = ""


class IdeaPatchIn(BodyIn):
    title: str | None = None
    description: str | None = None
    version: int | None = Field(None, description=VERSION_HELP)


class AcceptIn(BodyIn):
    destination: Literal["initiative", "epic", "story"]
    horizon: Literal["now", "next", "later"] = "later"
    version: int | None = Field(None, description=VERSION_HELP)


class DeclineIn(BodyIn):
    reason: str
    version: int | None = Field(None, description=VERSION_HELP)


class IdeaOut(Schema):
    id: int
    title: str
    description: str
    status: str
    decline_reason: str
    proposed_by: str | None
    decided_by: str | None
    item: str | None
    initiative: int | None
    votes: int
    voted: bool
    version: int
    archived: bool


def idea_out(i: Idea) -> IdeaOut:
    return IdeaOut(
        id=i.pk,
        title=i.title,
        description=i.description,
        status=i.status,
        decline_reason=i.decline_reason,
        proposed_by=i.created_by.email if i.created_by else None,
        decided_by=i.decided_by.email if i.decided_by else None,
        item=i.item.key if i.item_id else None,  # type: ignore[union-attr]
        initiative=i.initiative_id,
        votes=getattr(i, "vote_count", 0),
        voted=bool(getattr(i, "voted", 0)),
        version=i.version,
        archived=i.is_archived,
    )


class QuestionIn(BodyIn):
    kind: Literal["nps", "csat", "choice", "text"]
    prompt: str
    choices: list[str] = Field(default_factory=list)
    required: bool = True


class SurveyIn(BodyIn):
    title: str
    intro: str = ""
    is_open: bool = True
    questions: list[QuestionIn]


class SurveyPatchIn(BodyIn):
    title: str | None = None
    intro: str | None = None
    is_open: bool | None = None
    version: int | None = Field(None, description=VERSION_HELP)


class QuestionOut(Schema):
    id: int
    kind: str
    prompt: str
    choices: list[str]
    required: bool


class SurveyOut(Schema):
    id: int
    title: str
    intro: str
    is_open: bool
    public_url: str
    questions: list[QuestionOut]
    version: int
    archived: bool


def survey_out(s: Survey, public_url: str) -> SurveyOut:
    return SurveyOut(
        id=s.pk,
        title=s.title,
        intro=s.intro,
        is_open=s.is_open,
        public_url=public_url,
        questions=[
            QuestionOut(
                id=q.pk, kind=q.kind, prompt=q.prompt, choices=q.choices, required=q.required
            )
            for q in s.questions.all()
        ],
        version=s.version,
        archived=s.is_archived,
    )


class NpsOut(Schema):
    score: float
    low: float
    high: float
    n: int
    promoters: int
    passives: int
    detractors: int


class NpsPeriodOut(Schema):
    period: str
    nps: NpsOut


class CsatOut(Schema):
    n: int
    mean: float
    satisfied_share: float
    distribution: list[int]


class QuestionResultOut(Schema):
    question: int
    kind: str
    prompt: str
    answered: int
    nps: NpsOut | None = None
    trend: list[NpsPeriodOut] = Field(default_factory=list)
    csat: CsatOut | None = None
    choices: dict[str, int] = Field(default_factory=dict)
    texts: list[str] = Field(default_factory=list)


class ResultsOut(Schema):
    survey: int
    responses: int
    questions: list[QuestionResultOut]


class DemandOut(Schema):
    item: str
    feedback: int
    weighted: int
    customers: int
    people: int
    mrr: Decimal
    arr: Decimal


class WeightsIn(BodyIn):
    weights: dict[str, float]
    version: int | None = Field(None, description=VERSION_HELP)


class WeightsOut(Schema):
    weights: dict[str, float]
    version: int


class RankedOut(Schema):
    item: str
    title: str
    score: float
    position: int
    manual_position: int
    feedback: int
    customers: int
    mrr: Decimal


class RankingOut(Schema):
    weights: WeightsOut
    items: list[RankedOut]
