"""Readers for other tools' exports: neutral records out, no database in.

Each reader turns a file into a :class:`ReadResult` of :class:`ImportedIssue`,
:class:`ImportedSprint` and :class:`ImportedPerson` records plus every
:class:`Problem` it found (file, record, field, message); it never raises on a
bad record. The import service maps statuses to the workflow, matches people,
checks the whole result and writes it in one transaction, or nothing.

================  ======================================================
source            reader
================  ======================================================
Jira JSON         :class:`JiraJsonReader` / :func:`read_jira_json`
Jira CSV export   :func:`read_jira_csv`
GitHub Issues     :class:`GitHubIssuesReader` / :func:`read_github_issues`
Trello board      :func:`read_trello_board`
any CSV           :func:`suggest_mapping`, then :func:`read_mapped_csv`
================  ======================================================
"""

from .adf import adf_to_markdown
from .base import (
    ImportedComment,
    ImportedIssue,
    ImportedLink,
    ImportedPerson,
    ImportedSprint,
    ImportedStatus,
    IssueRef,
    Problem,
    ReadResult,
    bulk_reading,
)
from .csv_mapped import TARGETS, read_mapped_csv, suggest_mapping
from .csvfile import CsvLimits
from .github import GitHubIssuesReader, read_github_issues
from .jira_csv import JiraCsvOptions, read_jira_csv
from .jira_fields import JiraOptions
from .jira_json import JiraJsonReader, read_jira_json
from .trello import read_trello_board
from .wiki import wiki_to_markdown

__all__ = [
    "TARGETS",
    "CsvLimits",
    "GitHubIssuesReader",
    "ImportedComment",
    "ImportedIssue",
    "ImportedLink",
    "ImportedPerson",
    "ImportedSprint",
    "ImportedStatus",
    "IssueRef",
    "JiraCsvOptions",
    "JiraJsonReader",
    "JiraOptions",
    "Problem",
    "ReadResult",
    "adf_to_markdown",
    "bulk_reading",
    "read_github_issues",
    "read_jira_csv",
    "read_jira_json",
    "read_mapped_csv",
    "read_trello_board",
    "suggest_mapping",
    "wiki_to_markdown",
]
