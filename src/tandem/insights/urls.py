from typing import Any

from django.urls import path

from tandem.workspace import views as record_views

from . import views
from .views import evidence, feedback, ideas, people, records, surveys

app_name = "insights"

_product = "p/<str:product_key>/insights/"


def _record(segment: str, kind: str, name: str, verb: str = "") -> Any:
    """A record's own address under insights; its page and verbs are the generic ones."""
    view = record_views.record_edit if verb == "edit" else record_views.record_page
    return path(f"{_product}{segment}/<int:record_id>/{verb}", view, {"kind": kind}, name=name)


urlpatterns = [
    path(_product, views.index, name="index"),
    path(f"{_product}stakeholders/", people.stakeholders, name="stakeholders"),
    _record("stakeholders", "stakeholder", "stakeholder"),
    path(
        f"{_product}stakeholders/<int:pk>/follow",
        records.stakeholder_follow,
        name="stakeholder-follow",
    ),
    path(
        f"{_product}stakeholders/<int:pk>/digest",
        people.stakeholder_digest,
        name="stakeholder-digest",
    ),
    path(
        f"{_product}stakeholders/<int:pk>/digest.html",
        people.stakeholder_digest_email,
        name="stakeholder-digest-email",
    ),
    path(f"{_product}customers/", people.customers, name="customers"),
    _record("customers", "customer", "customer"),
    _record("people", "customer_person", "person"),
    _record("people", "customer_person", "person-update", verb="edit"),
    path(f"{_product}feedback/", feedback.feedback_list, name="feedback"),
    path(f"{_product}feedback/import", feedback.feedback_import, name="feedback-import"),
    path(f"{_product}feedback/<int:pk>/triage", feedback.feedback_triage, name="feedback-triage"),
    path(f"{_product}ideas/", ideas.ideas, name="ideas"),
    path(f"{_product}ideas/<int:pk>/vote", ideas.idea_vote, name="idea-vote"),
    path(f"{_product}ideas/<int:pk>/decide", ideas.idea_decide, name="idea-decide"),
    path(f"{_product}surveys/", surveys.surveys, name="surveys"),
    path(f"{_product}surveys/new", surveys.survey_create, name="survey-create"),
    path(f"{_product}surveys/<int:pk>/", surveys.survey, name="survey"),
    path(f"{_product}surveys/<int:pk>/edit", surveys.survey_update, name="survey-update"),
    path(
        f"{_product}surveys/<int:pk>/questions/<int:question_id>/metric",
        surveys.survey_question_metric,
        name="survey-question-metric",
    ),
    path(f"{_product}evidence/", evidence.ranking, name="evidence"),
    path(f"{_product}evidence/weights", evidence.weights_update, name="evidence-weights"),
    path(
        "items/<str:item_key>/reach-from-demand",
        evidence.reach_from_demand,
        name="reach-from-demand",
    ),
    # The public answer page: no sign-in; the link's key is unguessable.
    path("s/<str:public_key>/", surveys.survey_public, name="survey-public"),
]
