"""NPS and CSAT answers feeding the product's metrics: one value per month.

A PM or PO binds an NPS question to an NPS metric (a CSAT question to a CSAT
metric); from then on each month's score is the metric's value on the first
day of that month, written through the metrics services (audited, one value a
day) whenever an answer arrives, and at once for the months already answered.
The values are written under the right of the person who bound the question:
if they may no longer record values, the binding stops feeding the metric.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from tandem.core import stats
from tandem.metrics import selectors as metric_selectors
from tandem.metrics.models import Metric, MetricKind
from tandem.metrics.services.measurements import live_metric, write_rows
from tandem.metrics.services.values import MeasurementRow
from tandem.workspace import jobs
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tandem.workspace.models import Membership
from tandem.workspace.rights import Action, Level

from ..models import QuestionKind, Survey, SurveyAnswer, SurveyQuestion

# Which metric kind each scored question may feed.
FEEDS = {QuestionKind.NPS: MetricKind.NPS, QuestionKind.CSAT: MetricKind.CSAT}


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def monthly_values(question: SurveyQuestion) -> list[MeasurementRow]:
    """The question's score per month answered: NPS −100..100, CSAT the % satisfied."""
    by_month: defaultdict[dt.date, list[int]] = defaultdict(list)
    answers = SurveyAnswer.objects.filter(question=question, number__isnull=False).values_list(
        "number", "response__submitted_at"
    )
    for number, submitted_at in answers:
        assert number is not None
        by_month[month_of(submitted_at.date())].append(number)
    rows = []
    for month, scores in sorted(by_month.items()):
        if question.kind == QuestionKind.NPS:
            value = float(stats.nps(scores).score)
        else:
            value = round(stats.csat(scores).satisfied_share * 100, 1)
        note = f"Survey: {len(scores)} answer{'s' if len(scores) != 1 else ''}"
        rows.append(MeasurementRow(measured_on=month, value=value, note=note))
    return rows


def _check_pair(question: SurveyQuestion, metric: Metric) -> None:
    wanted = FEEDS.get(QuestionKind(question.kind))
    if wanted is None:
        raise ValidationFailed({"question": "only NPS and CSAT questions can feed a metric"})
    if metric.kind != wanted:
        raise ValidationFailed(
            {
                "metric": f"an {question.get_kind_display()} question feeds a metric of kind "
                f"{MetricKind(wanted).label}; {metric.name} is {metric.get_kind_display()}"
            }
        )


@transaction.atomic
def survey_question_bind(
    *, access: ProductAccess, survey: Survey, question_id: int, metric_id: int | None
) -> SurveyQuestion:
    """Bind (or, with no metric, unbind) a scored question to a metric of its kind."""
    access.require(Action.FEEDBACK, Level.EDIT)
    question = (
        SurveyQuestion.objects.select_for_update().filter(survey=survey, pk=question_id).first()
    )
    if question is None:
        raise ValidationFailed({"question": "is not a question of this survey"})
    if metric_id is None:
        question.metric, question.metric_bound_by = None, None
        question.save(update_fields=["metric", "metric_bound_by"])
        return question
    metric = live_metric(access, metric_id)
    _check_pair(question, metric)
    question.metric, question.metric_bound_by = metric, access.user
    question.save(update_fields=["metric", "metric_bound_by"])
    feed(question=question, access=access)
    return question


def feed(*, question: SurveyQuestion, access: ProductAccess) -> int:
    """Write every answered month's score to the bound metric; how many months."""
    assert question.metric_id is not None
    metric = live_metric(access, question.metric_id)
    rows = monthly_values(question)
    write_rows(access, metric, rows, source=f"survey {question.survey_id}")
    return len(rows)


def _binder_access(question: SurveyQuestion) -> ProductAccess | None:
    binder = question.metric_bound_by
    if binder is None:
        return None
    product = question.survey.product
    roles = frozenset(
        Membership.objects.filter(user=binder, product=product).values_list("role", flat=True)
    )
    if not roles:
        return None
    return ProductAccess(user=binder, product=product, roles=roles)


def refresh_survey_metrics(*, survey_id: int) -> None:
    """The job an answer queues: re-feed every bound question of the survey."""
    questions = SurveyQuestion.objects.filter(
        survey_id=survey_id, metric__isnull=False
    ).select_related("survey__product__organization", "metric_bound_by")
    for question in questions:
        access = _binder_access(question)
        if access is None:
            continue
        try:
            with transaction.atomic():
                feed(question=question, access=access)
        except (PermissionDenied, ValidationFailed):
            continue  # the binder lost the right, or the metric was archived


def queue_refresh(survey: Survey) -> None:
    if survey.questions.filter(metric__isnull=False).exists():
        jobs.enqueue(refresh_survey_metrics, survey_id=survey.pk)


def bindable_metrics(access: ProductAccess) -> dict[str, list[Metric]]:
    """The product's live NPS and CSAT metrics, by question kind, for the binding picker."""
    metrics = list(metric_selectors.metric_choices(access=access))
    return {
        str(kind): [m for m in metrics if m.kind == metric_kind]
        for kind, metric_kind in FEEDS.items()
    }
