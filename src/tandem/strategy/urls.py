from django.urls import path

from tandem.workspace import views as record_views

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
    path(f"{_product}roadmap/setting/", views.roadmap_setting, name="roadmap-setting"),
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
    path(f"{_product}go-to-market/", views.gtm, name="gtm"),
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
    # A strategy record's own address; its page and verbs are the generic ones.
    path(f"{_product}<str:kind>/new/", record_views.record_new, name="record-new"),
    path(_record, record_views.record_page, name="record"),
    path(f"{_record}edit/", record_views.record_edit, name="record-update"),
    path(f"{_record}archive/", record_views.record_archive, name="record-archive"),
    path("roadmap/<str:token>/", views.shared_roadmap, name="shared"),
]
