from django.urls import path

from . import views
from .views import evidence, feedback, ideas, people, surveys

app_name = "insights"

_product = "p/<str:product_key>/insights/"

urlpatterns = [
    path(_product, views.index, name="index"),
    path(f"{_product}stakeholders/", people.stakeholders, name="stakeholders"),
    path(f"{_product}stakeholders/new", people.stakeholder_create, name="stakeholder-create"),
    path(f"{_product}stakeholders/<int:pk>/", people.stakeholder, name="stakeholder"),
    path(
        f"{_product}stakeholders/<int:pk>/edit",
        people.stakeholder_update,
        name="stakeholder-update",
    ),
    path(
        f"{_product}stakeholders/<int:pk>/follow",
        people.stakeholder_follow,
        name="stakeholder-follow",
    ),
    path(
        f"{_product}stakeholders/<int:pk>/archive",
        people.stakeholder_archive,
        name="stakeholder-archive",
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
    path(f"{_product}customers/new", people.customer_create, name="customer-create"),
    path(f"{_product}customers/<int:pk>/", people.customer, name="customer"),
    path(f"{_product}customers/<int:pk>/edit", people.customer_update, name="customer-update"),
    path(f"{_product}customers/<int:pk>/archive", people.customer_archive, name="customer-archive"),
    path(f"{_product}customers/<int:pk>/people", people.person_add, name="person-add"),
    path(f"{_product}people/<int:pk>/edit", people.person_update, name="person-update"),
    path(f"{_product}people/<int:pk>/archive", people.person_archive, name="person-archive"),
    path(f"{_product}feedback/", feedback.feedback_list, name="feedback"),
    path(f"{_product}feedback/new", feedback.feedback_create, name="feedback-create"),
    path(f"{_product}feedback/import", feedback.feedback_import, name="feedback-import"),
    path(f"{_product}feedback/<int:pk>/triage", feedback.feedback_triage, name="feedback-triage"),
    path(f"{_product}ideas/", ideas.ideas, name="ideas"),
    path(f"{_product}ideas/new", ideas.idea_propose, name="idea-propose"),
    path(f"{_product}ideas/<int:pk>/vote", ideas.idea_vote, name="idea-vote"),
    path(f"{_product}ideas/<int:pk>/decide", ideas.idea_decide, name="idea-decide"),
    path(f"{_product}surveys/", surveys.surveys, name="surveys"),
    path(f"{_product}surveys/new", surveys.survey_create, name="survey-create"),
    path(f"{_product}surveys/<int:pk>/", surveys.survey, name="survey"),
    path(f"{_product}surveys/<int:pk>/edit", surveys.survey_update, name="survey-update"),
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
