from django.urls import path

from . import views
from .story_map import views as story_map

app_name = "backlog"

_product = "p/<str:product_key>/"
_item = "items/<str:item_key>/"

urlpatterns = [
    path(f"{_product}backlog/", views.backlog_list, name="list"),
    path(f"{_product}backlog/quick-add/", views.quick_add, name="quick-add"),
    path(f"{_product}backlog/views/", views.view_create, name="view-create"),
    path(f"{_product}backlog/views/<int:view_id>/", views.view_update, name="view-update"),
    path(f"{_product}backlog/views/<int:view_id>/delete/", views.view_delete, name="view-delete"),
    path(f"{_product}proposals/", views.proposals, name="proposals"),
    path(
        f"{_product}proposals/<int:proposal_id>/accept/",
        views.proposal_accept,
        name="proposal-accept",
    ),
    path(
        f"{_product}proposals/<int:proposal_id>/decline/",
        views.proposal_decline,
        name="proposal-decline",
    ),
    path(f"{_product}epics/", views.epic_search, name="epic-search"),
    path(f"{_product}matrix/", views.matrix, name="matrix"),
    path(f"{_product}story-map/", story_map.story_map, name="story-map"),
    path(f"{_product}story-map/place/", story_map.story_place, name="story-map-place"),
    path(f"{_product}story-map/slice-line/", story_map.slice_line, name="story-map-slice-line"),
    path(
        f"{_product}story-map/slices/<int:slice_id>/move/",
        story_map.slice_move,
        name="story-map-slice-move",
    ),
    path(f"{_product}refinement/", views.refinement, name="refinement"),
    path(f"{_product}refinement/bulk/", views.refinement_bulk, name="refinement-bulk"),
    path(_item, views.item_detail, name="item"),
    path(f"{_item}edit/", views.item_update, name="item-update"),
    path(f"{_item}move/", views.item_move, name="move"),
    path(f"{_item}archive/", views.item_archive, name="item-archive"),
    path(f"{_item}restore/", views.item_restore, name="item-restore"),
    path(f"{_item}criteria/", views.criterion_add, name="criterion-add"),
    path(f"{_item}criteria/<int:criterion_id>/", views.criterion_update, name="criterion-update"),
    path(
        f"{_item}criteria/<int:criterion_id>/check/",
        views.criterion_check,
        name="criterion-check",
    ),
    path(
        f"{_item}criteria/<int:criterion_id>/remove/",
        views.criterion_remove,
        name="criterion-remove",
    ),
    path(f"{_item}subtasks/", views.subtask_add, name="subtask-add"),
    path(f"{_item}subtasks/<str:subtask_key>/check/", views.subtask_check, name="subtask-check"),
    path(f"{_item}comments/", views.comment_add, name="comment-add"),
    path(f"{_item}comments/<int:comment_id>/remove/", views.comment_remove, name="comment-remove"),
    path(f"{_item}links/", views.link_add, name="link-add"),
    path(f"{_item}links/<int:link_id>/remove/", views.link_remove, name="link-remove"),
]
