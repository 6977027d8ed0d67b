"""The shapes the insights API's own verbs read and answer.

What the kinds themselves read and answer is declared in :mod:`tandem.insights.records`
and :mod:`tandem.insights.answers`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from tandem.workspace.fields import Version
from tandem.workspace.schemas import BodyIn

VERSION_HELP = "The version you read; or send it as `If-Match`."


class FollowsIn(BodyIn):
    items: list[str] = Field(default_factory=list, description="Item keys like DRN-42")
    initiatives: list[int] = Field(default_factory=list)


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


class FeedbackLinkIn(BodyIn):
    item: str | None = Field(None, description="An item key like DRN-42")
    initiative: int | None = None
    importance: int = Field(2, description="1 nice to have, 2 important, 3 critical")


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


class AcceptIn(BodyIn):
    destination: Literal["initiative", "epic", "story"]
    horizon: Literal["now", "next", "later"] = "later"
    version: Version | None = Field(None, description=VERSION_HELP)


class IdeaDeclineIn(BodyIn):
    reason: str
    version: Version | None = Field(None, description=VERSION_HELP)


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


class CustomerAnswersOut(Schema):
    customer: int
    name: str
    segment: str
    mrr: Decimal | None = Field(description="Absent for roles that may not read figures")
    responses: int
    nps_answers: list[int]
    csat_answers: list[int]


class ResultsOut(Schema):
    survey: int
    responses: int
    questions: list[QuestionResultOut]
    customers: list[CustomerAnswersOut] = Field(
        default_factory=list, description="Answers made through a customer's own link"
    )


class DemandOut(Schema):
    """Revenue is null for a role that may not read figures."""

    item: str
    feedback: int
    weighted: int
    customers: int
    people: int
    mrr: Decimal | None
    arr: Decimal | None


class WeightsIn(BodyIn):
    weights: dict[str, float]
    version: Version | None = Field(None, description=VERSION_HELP)


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
    mrr: Decimal | None


class RankingOut(Schema):
    weights: WeightsOut
    items: list[RankedOut]


class SurveyMetricIn(BodyIn):
    metric: int | None = Field(
        description="The NPS or CSAT metric the question feeds, or null to stop feeding one"
    )


class SurveyMetricOut(Schema):
    question: int
    metric: int | None
    months: int = Field(description="How many months of answers were written to the metric")


class SurveyLinkIn(BodyIn):
    customer: int = Field(description="The customer the one-answer link is for")


class SurveyLinkOut(Schema):
    url: str
    customer: int
