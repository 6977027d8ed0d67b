from django.urls import include, path

from . import views
from .story_map import views as story_map

app_name = "backlog"

# A product's pages, then one item's; the names are the namespace's ("backlog:item-update").
_product_pages = [
    path("backlog/", views.backlog_list, name="list"),
    path("backlog/quick-add/", views.quick_add, name="quick-add"),
    path("backlog/views/", views.view_create, name="view-create"),
    path("backlog/views/<int:view_id>/", views.view_update, name="view-update"),
    path("backlog/views/<int:view_id>/delete/", views.view_delete, name="view-delete"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:proposal_id>/accept/", views.proposal_accept, name="proposal-accept"),
    path("proposals/<int:proposal_id>/decline/", views.proposal_decline, name="proposal-decline"),
    path("epics/", views.epic_search, name="epic-search"),
    path("matrix/", views.matrix, name="matrix"),
    path("story-map/", story_map.story_map, name="story-map"),
    path("story-map/place/", story_map.story_place, name="story-map-place"),
    path("story-map/slice-line/", story_map.slice_line, name="story-map-slice-line"),
    path(
        "story-map/slices/<int:slice_id>/move/", story_map.slice_move, name="story-map-slice-move"
    ),
    path("refinement/", views.refinement, name="refinement"),
    path("refinement/bulk/", views.refinement_bulk, name="refinement-bulk"),
]

_item_pages = [
    path("", views.item_detail, name="item"),
    path("edit/", views.item_update, name="item-update"),
    path("move/", views.item_move, name="move"),
    path("archive/", views.item_archive, name="item-archive"),
    path("restore/", views.item_restore, name="item-restore"),
    path("criteria/", views.criterion_add, name="criterion-add"),
    path("criteria/<int:criterion_id>/", views.criterion_update, name="criterion-update"),
    path("criteria/<int:criterion_id>/check/", views.criterion_check, name="criterion-check"),
    path("criteria/<int:criterion_id>/remove/", views.criterion_remove, name="criterion-remove"),
    path("subtasks/", views.subtask_add, name="subtask-add"),
    path("subtasks/<str:subtask_key>/check/", views.subtask_check, name="subtask-check"),
    path("comments/", views.comment_add, name="comment-add"),
    path("comments/<int:comment_id>/remove/", views.comment_remove, name="comment-remove"),
    path("links/", views.link_add, name="link-add"),
    path("links/<int:link_id>/remove/", views.link_remove, name="link-remove"),
]

urlpatterns = [
    path("p/<str:product_key>/", include(_product_pages)),
    path("items/<str:item_key>/", include(_item_pages)),
]
