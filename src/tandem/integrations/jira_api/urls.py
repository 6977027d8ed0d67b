"""Every address of the Jira-compatible API, under ``/rest/``."""

from __future__ import annotations

from django.urls import include, path

from . import agile, core, filters, issues

_api = [
    path("serverInfo", core.server_info),
    path("myself", core.myself),
    path("user", core.user),
    path("user/search", core.user_search),
    path("project", core.projects),
    path("project/<str:key_or_id>", core.project),
    path("field", core.fields),
    path("search", core.search),
    path("issuetype", core.issue_types),
    path("status", core.statuses),
    path("priority", core.priorities),
    path("issue", issues.issue_create),
    path("issue/createmeta/<str:key_or_id>/issuetypes", core.create_meta_issue_types),
    path("issue/<str:id_or_key>", issues.issue),
    path("issue/<str:id_or_key>/transitions", issues.transitions),
    path("issue/<str:id_or_key>/assignee", issues.assignee),
    path("issue/<str:id_or_key>/comment", issues.comments),
    path("issue/<str:id_or_key>/comment/<int:comment_id>", issues.comment),
    path("filter", filters.filter_create),
    path("filter/favourite", filters.favourite_filters),
    path("filter/<int:filter_id>", filters.filter_detail),
]
_agile = [
    path("board", agile.boards),
    path("board/<int:board_id>", agile.board),
    path("board/<int:board_id>/sprint", agile.board_sprints),
    path("board/<int:board_id>/backlog", agile.board_backlog),
    path("board/<int:board_id>/issue", agile.board_issues),
    path("sprint/<int:sprint_id>", agile.sprint),
    path("sprint/<int:sprint_id>/issue", agile.sprint_issues),
]

urlpatterns = [
    path("api/2/", include(_api)),
    path("api/latest/", include(_api)),
    path("agile/1.0/", include(_agile)),
    path("<path:path>", core.unknown),
]
