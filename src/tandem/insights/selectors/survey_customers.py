"""Who answered a survey for which customer: each customer's scores beside their revenue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from ..models import QuestionKind, Survey, SurveyAnswer


@dataclass(frozen=True)
class CustomerAnswers:
    customer_id: int
    name: str
    segment: str
    mrr: Decimal | None  # None when the reader's role may not see figures
    responses: int
    nps_scores: tuple[int, ...]
    csat_scores: tuple[int, ...]

    @property
    def mean_nps_answer(self) -> float | None:
        return sum(self.nps_scores) / len(self.nps_scores) if self.nps_scores else None


def survey_customers(*, access: ProductAccess, survey: Survey) -> list[CustomerAnswers]:
    """The customers whose invited links were answered, largest revenue first."""
    figures = access.can(Action.FIGURES, Level.READ)
    rows = (
        SurveyAnswer.objects.filter(response__survey=survey, response__customer__isnull=False)
        .values_list(
            "response__customer_id",
            "response__customer__name",
            "response__customer__segment",
            "response__customer__mrr",
            "response_id",
            "question__kind",
            "number",
        )
        .order_by("response__customer_id", "response_id")
    )
    found: dict[int, tuple[str, str, Decimal]] = {}
    responses: defaultdict[int, set[int]] = defaultdict(set)
    scores: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
    for customer_id, name, segment, mrr, response_id, kind, number in rows:
        found[customer_id] = (name, segment, mrr)
        responses[customer_id].add(response_id)
        if number is not None:
            scores[(customer_id, kind)].append(number)
    answered = [
        CustomerAnswers(
            customer_id=customer_id,
            name=name,
            segment=segment,
            mrr=mrr if figures else None,
            responses=len(responses[customer_id]),
            nps_scores=tuple(scores[(customer_id, QuestionKind.NPS)]),
            csat_scores=tuple(scores[(customer_id, QuestionKind.CSAT)]),
        )
        for customer_id, (name, segment, mrr) in found.items()
    ]
    # Revenue orders the list only for those who may see it; otherwise by name.
    if figures:
        return sorted(answered, key=lambda c: (-(c.mrr or 0), c.name))
    return sorted(answered, key=lambda c: c.name)
