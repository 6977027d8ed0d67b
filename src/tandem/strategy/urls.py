from django.urls import include, path

from tandem.workspace.urls import record_paths

from . import views

app_name = "strategy"

_product_pages = [
    path("", views.index, name="index"),
    path("vision/", views.vision_edit, name="vision"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("initiatives/<int:record_id>/move/", views.initiative_move, name="initiative-move"),
    path("roadmap/setting/", views.roadmap_setting, name="roadmap-setting"),
    path("roadmap/share/", views.share_create, name="share-create"),
    path("roadmap/share/<int:share_id>/revoke/", views.share_revoke, name="share-revoke"),
    path("market/", views.market, name="market"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/escalate/", views.decision_escalate, name="decision-escalate"),
    path("decisions/<int:record_id>/decide/", views.decision_decide, name="decision-decide"),
    path("costs/", views.costs, name="costs"),
    path("go-to-market/", views.gtm, name="gtm"),
    path("queue/", views.proposals, name="proposals"),
    path("queue/<int:proposal_id>/", views.proposal_decide, name="proposal-decide"),
    path("archive/", views.archived, name="archived"),
    path("key-result/<int:record_id>/check-in/", views.check_in, name="check-in"),
    # A strategy record's own address; its page and verbs are the generic ones.
    *record_paths(new="record-new", page="record", edit="record-update", archive="record-archive"),
]

urlpatterns = [
    path("p/<str:product_key>/strategy/", include(_product_pages)),
    path("roadmap/<str:token>/", views.shared_roadmap, name="shared"),
]
