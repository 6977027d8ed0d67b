"""Clean copies of the reader fixtures (those keep a few broken records on purpose)."""

from __future__ import annotations

import json
from pathlib import Path

from tandem.integrations.importers.reading import Upload

FIXTURES = Path(__file__).parent / "fixtures"


def raw(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def jira_page() -> Upload:
    """Jira's REST search page without the two broken issues."""
    page = json.loads(raw("jira_search_v2.json"))
    page["issues"] = [
        i for i in page["issues"] if i.get("key") in ("DRN-1", "DRN-2", "DRN-3", "DRN-4")
    ]
    return Upload("page-1.json", json.dumps(page).encode())


def jira_csv() -> Upload:
    lines = raw("jira_export.csv").decode().splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(("Receipt by email", ",DRN-5", "Broken"))]
    return Upload("jira.csv", "".join(kept).encode())


def github() -> list[Upload]:
    issues = [
        i
        for i in json.loads(raw("github_issues.json"))
        if i.get("title", "").strip() and "tuesday" not in str(i.get("created_at"))
    ]
    comments = [
        c
        for c in json.loads(raw("github_comments.json"))
        if "/issues/" in str(c.get("issue_url", ""))
    ]
    return [
        Upload("issues.json", json.dumps(issues).encode()),
        Upload("comments.json", json.dumps(comments).encode()),
    ]


def trello() -> Upload:
    board = json.loads(raw("trello_board.json"))
    board["cards"] = [
        c for c in board["cards"] if c.get("shortLink") not in ("dddd4444", "eeee5555")
    ]
    return Upload("board.json", json.dumps(board).encode())


MAPPING = {
    "key": "Ref",
    "title": "Headline",
    "description": "Details",
    "kind": "Type",
    "status": "State",
    "story_points": "Points",
    "labels": "Tags",
    "assignee": "Owner",
    "created": "Opened",
    "sprint": "Iteration",
    "rank": "Order",
    "comments": "Notes",
}


def mapped_csv() -> Upload:
    lines = raw("mapped.csv").decode().splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(("WEB-3", "WEB-4"))]
    return Upload("plan.csv", "".join(kept).encode())


def shapes_search() -> Upload:
    """A search page of Jira Server as go-jira's tests record it (MIT licence)."""
    return Upload("jira_search_onpremise.json", raw("jira_search_onpremise.json"))
