from typing import Any

from django.urls import include, path

from tandem.workspace import views as record_views

from . import views
from .views import evidence, feedback, ideas, people, records, surveys

app_name = "insights"


def _record(kind: str, name: str, verb: str = "") -> Any:
    """A record's own address in its section; its page and verbs are the generic ones."""
    view = record_views.record_edit if verb == "edit" else record_views.record_page
    return path(f"<int:record_id>/{verb}", view, {"kind": kind}, name=name)


_stakeholders = [
    path("", people.stakeholders, name="stakeholders"),
    _record("stakeholder", "stakeholder"),
    path("<int:pk>/follow", records.stakeholder_follow, name="stakeholder-follow"),
    path("<int:pk>/digest", people.stakeholder_digest, name="stakeholder-digest"),
    path("<int:pk>/digest.html", people.stakeholder_digest_email, name="stakeholder-digest-email"),
]
_customers = [
    path("", people.customers, name="customers"),
    _record("customer", "customer"),
]
_people = [
    _record("customer_person", "person"),
    _record("customer_person", "person-update", verb="edit"),
]
_feedback = [
    path("", feedback.feedback_list, name="feedback"),
    path("import", feedback.feedback_import, name="feedback-import"),
    path("<int:pk>/triage", feedback.feedback_triage, name="feedback-triage"),
]
_ideas = [
    path("", ideas.ideas, name="ideas"),
    path("<int:pk>/vote", ideas.idea_vote, name="idea-vote"),
    path("<int:pk>/decide", ideas.idea_decide, name="idea-decide"),
]
_surveys = [
    path("", surveys.surveys, name="surveys"),
    path("new", surveys.survey_create, name="survey-create"),
    path("<int:pk>/", surveys.survey, name="survey"),
    path("<int:pk>/edit", surveys.survey_update, name="survey-update"),
    path(
        "<int:pk>/questions/<int:question_id>/metric",
        surveys.survey_question_metric,
        name="survey-question-metric",
    ),
]
_evidence = [
    path("", evidence.ranking, name="evidence"),
    path("weights", evidence.weights_update, name="evidence-weights"),
]

urlpatterns = [
    path(
        "p/<str:product_key>/insights/",
        include(
            [
                path("", views.index, name="index"),
                path("stakeholders/", include(_stakeholders)),
                path("customers/", include(_customers)),
                path("people/", include(_people)),
                path("feedback/", include(_feedback)),
                path("ideas/", include(_ideas)),
                path("surveys/", include(_surveys)),
                path("evidence/", include(_evidence)),
            ]
        ),
    ),
    path(
        "items/<str:item_key>/reach-from-demand",
        evidence.reach_from_demand,
        name="reach-from-demand",
    ),
    # The public answer page: no sign-in; the link's key is unguessable.
    path("s/<str:public_key>/", surveys.survey_public, name="survey-public"),
]
