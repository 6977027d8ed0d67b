from django.urls import path

from . import views

app_name = "strategy"

_product = "p/<str:product_key>/strategy/"
_record = f"{_product}<str:kind>/<int:record_id>/"

urlpatterns = [
    path(_product, views.index, name="index"),
    path(f"{_product}vision/", views.vision_edit, name="vision"),
    path(f"{_product}roadmap/", views.roadmap, name="roadmap"),
    path(
        f"{_product}initiatives/<int:record_id>/move/",
        views.initiative_move,
        name="initiative-move",
    ),
    path(f"{_product}roadmap/share/", views.share_create, name="share-create"),
    path(
        f"{_product}roadmap/share/<int:share_id>/revoke/",
        views.share_revoke,
        name="share-revoke",
    ),
    path(f"{_product}market/", views.market, name="market"),
    path(f"{_product}decisions/", views.decisions, name="decisions"),
    path(f"{_product}decisions/escalate/", views.decision_escalate, name="decision-escalate"),
    path(
        f"{_product}decisions/<int:record_id>/decide/",
        views.decision_decide,
        name="decision-decide",
    ),
    path(f"{_product}costs/", views.costs, name="costs"),
    path(f"{_product}queue/", views.proposals, name="proposals"),
    path(
        f"{_product}queue/<int:proposal_id>/",
        views.proposal_decide,
        name="proposal-decide",
    ),
    path(f"{_product}archive/", views.archived, name="archived"),
    path(
        f"{_product}key-result/<int:record_id>/check-in/",
        views.check_in,
        name="check-in",
    ),
    path(f"{_product}<str:kind>/new/", views.record_new, name="record-new"),
    path(_record, views.record, name="record"),
    path(f"{_record}edit/", views.record_update, name="record-update"),
    path(f"{_record}archive/", views.record_archive, name="record-archive"),
    path("roadmap/<str:token>/", views.shared_roadmap, name="shared"),
]
