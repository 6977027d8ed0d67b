from django.urls import path

from .views import board, impediments, planning, retros, sprint_reopen, sprints

_product = "p/<str:product_key>/"
_sprint = f"{_product}sprints/<int:sprint_id>/"
_impediment = f"{_product}impediments/<int:impediment_id>/"

urlpatterns = [
    path(f"{_product}delivery/", sprints.index, name="index"),
    path(f"{_product}sprints/new", sprints.sprint_create, name="sprint-create"),
    path(_sprint, sprints.sprint_detail, name="sprint"),
    path(f"{_sprint}edit", sprints.sprint_update, name="sprint-update"),
    path(f"{_sprint}start", sprints.sprint_start, name="sprint-start"),
    path(f"{_sprint}close", sprints.sprint_close, name="sprint-close"),
    path(f"{_sprint}reopen", sprint_reopen.sprint_reopen, name="sprint-reopen"),
    path(f"{_sprint}archive", sprints.sprint_archive, name="sprint-archive"),
    path(f"{_sprint}plan/", planning.planning, name="planning"),
    path(f"{_sprint}plan/add", planning.planning_add, name="planning-add"),
    path(f"{_sprint}plan/remove", planning.planning_remove, name="planning-remove"),
    path(f"{_sprint}plan/capacity", planning.planning_capacity, name="planning-capacity"),
    path(
        f"{_sprint}plan/suggestions/<int:suggestion_id>",
        planning.planning_suggestion,
        name="planning-suggestion",
    ),
    path(f"{_sprint}retro/", retros.retro, name="retro"),
    path(
        f"{_sprint}retro/<str:action>",
        retros.retro_post,
        name="retro-post",
    ),
    path(
        f"{_sprint}retro/notes/<int:note_id>/<str:action>",
        retros.retro_note,
        name="retro-note",
    ),
    path(f"{_product}board/", board.board, name="board"),
    path(f"{_product}board/columns/<str:status>", board.board_column, name="board-column"),
    path(f"{_product}board/move", board.board_move, name="board-move"),
    path(f"{_product}board/wip", board.board_wip, name="board-wip"),
    path(f"{_product}impediments/", impediments.impediments, name="impediments"),
    path(f"{_product}impediments/new", impediments.impediment_raise, name="impediment-raise"),
    path(_impediment, impediments.impediment_detail, name="impediment"),
    path(f"{_impediment}<str:action>", impediments.impediment_action, name="impediment-action"),
    path(
        f"{_product}items/<str:item_key>/dependencies/<str:action>",
        impediments.dependency,
        name="dependency",
    ),
]
